import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, Textarea, View } from "@tarojs/components";
import { useState } from "react";
import { Sheet } from "../../../components/BehalfDialog";
import { useT } from "../../../i18n";
import { REASON_MAX, reasonProblem } from "../../../utils/deliberation-work";

interface Props {
  title: string;
  busy: boolean;
  /** The last attempt's failure, from the page. */
  error: string;
  onConfirm(reason: string): void;
  onDismiss(): void;
}

/** Asks for the reason (shown in the topic's history) before a topic is declined or withdrawn. */
export function ReasonSheet({ title, busy, error, onConfirm, onDismiss }: Props) {
  const t = useT();
  const [reason, setReason] = useState("");
  const [invalid, setInvalid] = useState("");

  const confirm = () => {
    const problem = reasonProblem(reason);
    if (problem) {
      setInvalid(t(problem.key, problem.params));
      return;
    }
    onConfirm(reason.trim());
  };

  return (
    <Sheet
      id="dw-reason-sheet"
      title={title}
      footer={
        <>
          {invalid || error ? (
            <Text className="od-sheet-error" id="dw-reason-error">
              {invalid || error}
            </Text>
          ) : null}
          <View className="od-sheet-actions">
            <Button
              id="dw-reason-cancel"
              size="normal"
              className="od-sheet-action"
              disabled={busy}
              onClick={onDismiss}
            >
              {t("dw.dismiss")}
            </Button>
            <Button
              id="dw-reason-ok"
              size="normal"
              type="danger"
              className="od-sheet-action"
              loading={busy}
              onClick={confirm}
            >
              {t("dw.reason.ok")}
            </Button>
          </View>
        </>
      }
    >
      <Text className="hint">{t("dw.reason.hint")}</Text>
      <Textarea
        id="dw-reason-input"
        className={`textarea od-sheet-textarea${invalid ? " textarea-invalid" : ""}`}
        value={reason}
        maxlength={REASON_MAX}
        placeholder={t("dw.reason.placeholder")}
        onInput={(e) => {
          setReason(e.detail.value);
          setInvalid("");
        }}
      />
    </Sheet>
  );
}
