import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder until the page lands (issue 4).
export default function WindowCatalogPage() {
  return (
    <Page id="window-catalog-page" title="办事预约">
      <Text>办事预约</Text>
    </Page>
  );
}
