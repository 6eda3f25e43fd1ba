import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder until the page lands (issue 4).
export default function WindowMatterPage() {
  return (
    <Page id="window-matter-page" title="事项详情">
      <Text>事项详情</Text>
    </Page>
  );
}
