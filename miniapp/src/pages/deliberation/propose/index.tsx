import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder: being built for issue 5.
export default function DeliberationProposePage() {
  return (
    <Page id="deliberation-propose-page" title="提出议题">
      <Text>提出议题</Text>
    </Page>
  );
}
