import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder until the page lands (issue 4).
export default function WindowStatsPage() {
  return (
    <Page id="window-stats-page" title="窗口统计">
      <Text>窗口统计</Text>
    </Page>
  );
}
