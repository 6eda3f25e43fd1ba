import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder: being built for issue 5.
export default function DeliberationListPage() {
  return (
    <Page id="deliberation-list-page" title="议事厅">
      <Text>议事厅</Text>
    </Page>
  );
}
