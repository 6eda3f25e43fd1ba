import { Text } from "@tarojs/components";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import "./index.scss";

// Placeholder: built by a helper.
export default function NoticeReachPage() {
  const t = useT();
  return (
    <Page id="notices-reach-page" title={t("nr.title")}>
      <Text>{t("nr.title")}</Text>
    </Page>
  );
}
