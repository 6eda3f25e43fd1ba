import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useState } from "react";
import { useT } from "../../i18n";
import { ROUTES } from "../../routes";
import { handOverScannedTicket, webLoginTicketFromScan } from "../../utils/web-login";

/**
 * 扫码登录电脑版: scan the QR code the web build shows and go to the confirm page. WeChat only (the
 * web build has no camera scanner, and is the computer being logged in).
 */
export function ScanWebLogin() {
  const t = useT();
  const [problem, setProblem] = useState<string | null>(null);

  const scan = async () => {
    setProblem(null);
    try {
      const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ["qrCode"] });
      const ticketId = webLoginTicketFromScan(result.result ?? "");
      if (!ticketId) {
        setProblem(t("wl.scanNotOurs"));
        return;
      }
      // In memory, not in the URL: the confirm page trusts only what this camera read.
      handOverScannedTicket(ticketId);
      void Taro.navigateTo({ url: ROUTES.webLoginConfirm });
    } catch (err) {
      // Closing the scanner is not a failure worth a message.
      const text = String((err as { errMsg?: string })?.errMsg ?? "");
      if (!/cancel/i.test(text)) setProblem(t("wl.scanFailed"));
    }
  };

  return (
    <View className="card" id="web-login-scan-card">
      <Text className="card-title">{t("wl.scanTitle")}</Text>
      <Text className="hint">{t("wl.scanHint")}</Text>
      <Button id="scan-web-login" type="primary" size="large" block className="me-scan-button" onClick={scan}>
        {t("wl.scan")}
      </Button>
      {problem ? (
        <Text className="me-scan-problem" id="scan-web-login-problem">
          {problem}
        </Text>
      ) : null}
    </View>
  );
}
