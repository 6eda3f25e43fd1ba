import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";

// Placeholder until the page lands (issue 4).
export default function WindowAppointmentPage() {
  return (
    <Page id="window-appointment-page" title="预约凭证">
      <Text>预约凭证</Text>
    </Page>
  );
}
