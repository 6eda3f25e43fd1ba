import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder until the page lands (issue 4).
export default function WindowBookPage() {
  return (
    <Page id="window-book-page" title="选择时间">
      <Text>选择时间</Text>
    </Page>
  );
}
