import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, Textarea, View } from "@tarojs/components";
import { useState } from "react";
import { useT } from "../../../i18n";
import { validateReason } from "./validate";

interface Props {
  title: string;
  /** For a whole day: the lawyers on duty, to cancel one of them only. */
  lawyers?: Array<{ id: string; name: string }>;
  busy: boolean;
  error: string;
  onConfirm(reason: string, lawyerId?: string): void;
  onDismiss(): void;
}

/** Asks for the reason residents will be told before anything is cancelled. */
export function ReasonDialog({ title, lawyers, busy, error, onConfirm, onDismiss }: Props) {
  const t = useT();
  const [reason, setReason] = useState("");
  const [lawyerId, setLawyerId] = useState<string | undefined>(undefined);
  const [invalid, setInvalid] = useState<string>("");

  const confirm = () => {
    const problem = validateReason(reason);
    if (problem) {
      setInvalid(t(problem));
      return;
    }
    onConfirm(reason.trim(), lawyerId);
  };

  return (
    <View className="rosters-mask" id="reason-dialog" catchMove>
      <View className="rosters-dialog">
        <Text className="rosters-dialog-title">{title}</Text>
        <Text className="hint">{t("schedule.cancelHint")}</Text>
        {lawyers && lawyers.length > 1 ? (
          <View className="lw-chips rosters-dialog-lawyers">
            <View
              id="reason-lawyer-all"
              className={`lw-chip${lawyerId ? "" : " lw-chip-on"}`}
              onClick={() => setLawyerId(undefined)}
            >
              {t("schedule.allLawyers")}
            </View>
            {lawyers.map((lawyer) => (
              <View
                key={lawyer.id}
                id={`reason-lawyer-${lawyer.id}`}
                className={`lw-chip${lawyerId === lawyer.id ? " lw-chip-on" : ""}`}
                onClick={() => setLawyerId(lawyer.id)}
              >
                {lawyer.name}
              </View>
            ))}
          </View>
        ) : null}
        <Textarea
          id="reason-input"
          className={`textarea rosters-dialog-input${invalid ? " textarea-invalid" : ""}`}
          value={reason}
          maxlength={200}
          placeholder={t("schedule.reasonPlaceholder")}
          onInput={(e) => {
            setReason(e.detail.value);
            setInvalid("");
          }}
        />
        {invalid || error ? (
          <Text className="lw-error" id="reason-error">
            {invalid || error}
          </Text>
        ) : null}
        <View className="lw-actions">
          <Button id="reason-dismiss" size="normal" className="lw-action" disabled={busy} onClick={onDismiss}>
            {t("schedule.dismiss")}
          </Button>
          <Button
            id="reason-confirm"
            size="normal"
            type="danger"
            className="lw-action"
            loading={busy}
            onClick={confirm}
          >
            {t("schedule.confirm")}
          </Button>
        </View>
      </View>
    </View>
  );
}
