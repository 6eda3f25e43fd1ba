import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder until the page lands (issue 4).
export default function WindowManagePage() {
  return (
    <Page id="window-manage-page" title="事项与窗口">
      <Text>事项与窗口</Text>
    </Page>
  );
}
