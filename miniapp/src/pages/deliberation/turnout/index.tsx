import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder: being built for issue 5.
export default function DeliberationTurnoutPage() {
  return (
    <Page id="deliberation-turnout-page" title="表决进度">
      <Text>表决进度</Text>
    </Page>
  );
}
