import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder: being built for issue 5.
export default function DeliberationManagePage() {
  return (
    <Page id="deliberation-manage-page" title="议题管理">
      <Text>议题管理</Text>
    </Page>
  );
}
