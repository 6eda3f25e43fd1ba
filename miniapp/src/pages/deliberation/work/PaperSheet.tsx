import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, View } from "@tarojs/components";
import { useRef, useState } from "react";
import { type Choice, recordPaperBallot } from "../../../api/deliberation";
import { ApiError } from "../../../api/errors";
import { newIdempotencyKey, Sheet } from "../../../components/BehalfDialog";
import { Confirm } from "../../../components/Confirm";
import { useT } from "../../../i18n";
import {
  deliberationErrorMessage,
  fieldMessages,
  type PaperDraft,
  type PaperField,
  type TurnoutUnit,
  validatePaper,
} from "../../../utils/deliberation-work";
import { Chip } from "./parts";

interface Props {
  topicId: string;
  unit: TurnoutUnit;
  householdId: string;
  options: Choice[];
  /** The staff member's name: who collected the ballot, unless someone else did. */
  collector: string;
  onRecorded(unitLabel: string, changed: boolean): void;
  onDismiss(): void;
}

/** Staff record a paper ballot handed in at the service center, for the unit's household. */
export function PaperSheet({ topicId, unit, householdId, options, collector, onRecorded, onDismiss }: Props) {
  const t = useT();
  const [draft, setDraft] = useState<PaperDraft>({ choice: null, collector, note: "" });
  const [errors, setErrors] = useState<Partial<Record<PaperField, string>>>({});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState("");
  // One key per intended ballot: a retry after a lost answer records it once; any change is a new one.
  const key = useRef(newIdempotencyKey());

  const set = (patch: Partial<PaperDraft>, field: PaperField) => {
    setDraft((prev) => ({ ...prev, ...patch }));
    setErrors((prev) => ({ ...prev, [field]: undefined }));
    setSubmitError("");
    key.current = newIdempotencyKey();
  };

  const ask = () => {
    const problems = validatePaper(draft);
    const shown: Partial<Record<PaperField, string>> = {};
    for (const [field, messageKey] of Object.entries(problems))
      if (messageKey) shown[field as PaperField] = t(messageKey);
    setErrors(shown);
    if (Object.keys(shown).length === 0) setConfirming(true);
  };

  const submit = async () => {
    if (busy || !draft.choice) return;
    setBusy(true);
    setSubmitError("");
    try {
      const note = draft.note.trim();
      const done = await recordPaperBallot(
        topicId,
        { householdId, choice: draft.choice, collector: draft.collector.trim(), ...(note ? { note } : {}) },
        key.current,
      );
      onRecorded(done.recorded.unitLabel, done.recorded.changed);
    } catch (err) {
      setConfirming(false);
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        const fields = fieldMessages(t, err.details);
        setErrors({ choice: fields.choice, collector: fields.collector, note: fields.note });
        setSubmitError(fields.householdId ?? deliberationErrorMessage(t, err));
      } else setSubmitError(deliberationErrorMessage(t, err));
      if (err instanceof ApiError && err.status > 0) key.current = newIdempotencyKey();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet
      id="dw-paper-sheet"
      title={t("dw.paper.title", { unit: unit.label })}
      footer={
        <>
          {submitError ? (
            <Text className="od-sheet-error" id="dw-paper-error">
              {submitError}
            </Text>
          ) : null}
          <View className="od-sheet-actions">
            <Button
              id="dw-paper-cancel"
              size="normal"
              className="od-sheet-action"
              disabled={busy}
              onClick={onDismiss}
            >
              {t("dw.dismiss")}
            </Button>
            <Button
              id="dw-paper-submit"
              size="normal"
              type="primary"
              className="od-sheet-action"
              onClick={ask}
            >
              {t("dw.paper.submit")}
            </Button>
          </View>
          {confirming && draft.choice ? (
            <Confirm
              id="dw-paper-confirm"
              title={t("dw.paper.confirmTitle")}
              confirmId="dw-paper-confirm-ok"
              confirmText={t("dw.paper.confirmOk")}
              cancelId="dw-paper-confirm-cancel"
              cancelText={t("dw.back")}
              busy={busy}
              onConfirm={() => void submit()}
              onCancel={() => setConfirming(false)}
            >
              <Text className="dw-pre" id="dw-paper-confirm-body">
                {t("dw.paper.confirmBody", {
                  unit: unit.label,
                  choice: t(`dw.choice.${draft.choice}`),
                  collector: draft.collector.trim(),
                })}
              </Text>
            </Confirm>
          ) : null}
        </>
      }
    >
      <Text className="hint">{t("dw.paper.hint")}</Text>

      <Text className="od-sheet-label">{t("dw.paper.choice")}</Text>
      <View className={`lw-chips${errors.choice ? " lw-chips-invalid" : ""}`}>
        {options.map((choice) => (
          <Chip
            key={choice}
            id={`dw-paper-choice-${choice}`}
            on={draft.choice === choice}
            onClick={() => set({ choice }, "choice")}
          >
            {t(`dw.choice.${choice}`)}
          </Chip>
        ))}
      </View>
      {errors.choice ? <Text className="od-sheet-error">{errors.choice}</Text> : null}

      <Text className="od-sheet-label">{t("dw.paper.collector")}</Text>
      <Input
        id="dw-paper-collector"
        className={`od-sheet-input${errors.collector ? " lw-box-input-invalid" : ""}`}
        maxlength={30}
        value={draft.collector}
        onInput={(e) => set({ collector: e.detail.value }, "collector")}
      />
      {errors.collector ? <Text className="od-sheet-error">{errors.collector}</Text> : null}

      <Text className="od-sheet-label">{t("dw.paper.note")}</Text>
      <Input
        id="dw-paper-note"
        className={`od-sheet-input${errors.note ? " lw-box-input-invalid" : ""}`}
        maxlength={200}
        value={draft.note}
        placeholder={t("dw.paper.notePlaceholder")}
        onInput={(e) => set({ note: e.detail.value }, "note")}
      />
      {errors.note ? <Text className="od-sheet-error">{errors.note}</Text> : null}
    </Sheet>
  );
}
