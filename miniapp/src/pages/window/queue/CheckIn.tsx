import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useState } from "react";
import { useT } from "../../../i18n";
import { normalizeTicketCode, ticketFromScan, ticketProblem } from "../../../utils/window-work-queue";

// The camera scanner exists in WeChat only; the web build types the code.
const CAN_SCAN = process.env.TARO_ENV === "weapp";

export interface CheckInMessage {
  tone: "ok" | "error";
  text: string;
}

interface Props {
  busy: boolean;
  message: CheckInMessage | null;
  /** The queue shows another day: check-in is for today's tickets. */
  otherDay: boolean;
  onSubmit(code: string): Promise<boolean>;
  onMessage(message: CheckInMessage | null): void;
}

/** Scan the resident's QR code (WeChat) or type the ticket code under it (both builds). */
export function CheckIn({ busy, message, otherDay, onSubmit, onMessage }: Props) {
  const t = useT();
  const [code, setCode] = useState("");

  const submit = async (raw: string) => {
    if (busy) return;
    const normalized = normalizeTicketCode(raw);
    const problem = ticketProblem(normalized);
    if (problem) {
      onMessage({ tone: "error", text: t(problem === "empty" ? "ww.checkin.empty" : "ww.checkin.length") });
      return;
    }
    if (await onSubmit(normalized)) setCode("");
  };

  const scan = async () => {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ["qrCode"] });
      const scanned = ticketFromScan(result.result ?? "");
      setCode(scanned);
      await submit(scanned);
    } catch (err) {
      // Closing the scanner is not a failure worth a message.
      const text = String((err as { errMsg?: string })?.errMsg ?? "");
      if (!/cancel/i.test(text)) onMessage({ tone: "error", text: t("ww.checkin.scanFailed") });
    }
  };

  return (
    <View className="card ww-checkin" id="checkin">
      <Text className="card-title">{t("ww.checkin.title")}</Text>
      <Text className="hint">{t(CAN_SCAN ? "ww.checkin.hint" : "ww.checkin.hintWeb")}</Text>
      {CAN_SCAN ? (
        <Button
          id="checkin-scan"
          type="primary"
          size="large"
          block
          className="ww-checkin-scan"
          disabled={busy}
          onClick={scan}
        >
          {t("ww.checkin.scan")}
        </Button>
      ) : null}
      <View className="ww-checkin-row">
        <Input
          id="checkin-code"
          className="ww-checkin-input"
          type="text"
          maxlength={20}
          value={code}
          placeholder={t("ww.checkin.placeholder")}
          confirmType="done"
          onInput={(e) => {
            setCode(e.detail.value.toUpperCase());
            if (message?.tone === "error") onMessage(null);
          }}
          onConfirm={() => void submit(code)}
        />
        <Button
          id="checkin-submit"
          type={CAN_SCAN ? "default" : "primary"}
          size="large"
          className="ww-checkin-submit"
          loading={busy}
          onClick={() => void submit(code)}
        >
          {t("ww.checkin.submit")}
        </Button>
      </View>
      {otherDay ? <Text className="lw-muted-row">{t("ww.checkin.otherDay")}</Text> : null}
      {message ? (
        <Text
          id="checkin-message"
          className={`ww-checkin-message ${message.tone === "ok" ? "ww-checkin-ok" : "ww-checkin-error"}`}
        >
          {message.text}
        </Text>
      ) : null}
    </View>
  );
}
