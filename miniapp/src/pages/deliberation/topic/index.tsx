import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder: being built for issue 5.
export default function DeliberationTopicPage() {
  return (
    <Page id="deliberation-topic-page" title="议题详情">
      <Text>议题详情</Text>
    </Page>
  );
}
