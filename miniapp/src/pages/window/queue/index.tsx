import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder until the page lands (issue 4).
export default function WindowQueuePage() {
  return (
    <Page id="window-queue-page" title="窗口叫号">
      <Text>窗口叫号</Text>
    </Page>
  );
}
