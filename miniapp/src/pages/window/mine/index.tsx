import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder until the page lands (issue 4).
export default function WindowMinePage() {
  return (
    <Page id="window-mine-page" title="我的办事">
      <Text>我的办事</Text>
    </Page>
  );
}
