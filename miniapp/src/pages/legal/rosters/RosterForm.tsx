import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Picker, Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { type ReactNode, useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import { createRoster, type Lawyer, type Roster } from "../../../api/legal-work";
import { useT } from "../../../i18n";
import { fieldIssues, legalErrorMessage } from "../../../utils/legal-work-errors";
import { shanghaiDate } from "../../../utils/time";
import {
  countSlots,
  MODES,
  newRosterDraft,
  ROSTER_FIELDS,
  type RosterDraft,
  type RosterField,
  rosterInput,
  SLOT_LENGTHS,
  validateRoster,
  WEEKDAYS,
} from "./validate";

function newKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

interface Props {
  lawyers: Lawyer[];
  onCreated(roster: Roster): void;
  onClose(): void;
}

export function RosterForm({ lawyers, onCreated, onClose }: Props) {
  const t = useT();
  const [draft, setDraft] = useState<RosterDraft>(() => newRosterDraft(shanghaiDate()));
  const [errors, setErrors] = useState<Partial<Record<RosterField, string>>>({});
  const [formError, setFormError] = useState("");
  const [submitting, setSubmitting] = useState(false);
  // One key per intended roster: a retry after a timeout cannot create the slots twice.
  const idempotencyKey = useRef(newKey());

  const set = (patch: Partial<RosterDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setFormError("");
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch) as RosterField[]) delete next[key];
      return next;
    });
    // A changed roster is a new intention: it gets its own key.
    idempotencyKey.current = newKey();
  };

  const toggleWeekday = (day: number) =>
    set({
      weekdays: draft.weekdays.includes(day)
        ? draft.weekdays.filter((d) => d !== day)
        : [...draft.weekdays, day],
    });

  const preview = countSlots(draft, new Date());
  const lawyerIndex = lawyers.findIndex((l) => l.id === draft.lawyerId);

  const submit = async () => {
    if (submitting) return;
    const local = validateRoster(draft, shanghaiDate(), new Date());
    if (Object.keys(local).length > 0) {
      const shown: Partial<Record<RosterField, string>> = {};
      for (const [field, problem] of Object.entries(local))
        if (problem) shown[field as RosterField] = t(problem.key, problem.params);
      setErrors(shown);
      return;
    }
    setSubmitting(true);
    try {
      const roster = await createRoster(rosterInput(draft), idempotencyKey.current);
      idempotencyKey.current = newKey();
      void Taro.showToast({ title: t("roster.created", { count: roster.slotCount }), icon: "success" });
      onCreated(roster);
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        const fields = fieldIssues(t, err.details, ROSTER_FIELDS);
        setErrors(fields);
        if (Object.keys(fields).length === 0) setFormError(legalErrorMessage(t, err));
      } else {
        setFormError(legalErrorMessage(t, err));
      }
    } finally {
      setSubmitting(false);
    }
  };

  // `stacked` puts the label above a control that needs the whole width (rows of chips).
  const row = (field: RosterField, label: string, control: ReactNode, stacked = false) => (
    <View
      className={`lw-field${stacked ? " lw-field-stacked" : ""}${errors[field] ? " lw-field-invalid" : ""}`}
      id={`roster-field-${field}`}
    >
      <View className="lw-field-row">
        <Text className="lw-field-label">{label}</Text>
        <View className="lw-field-control">{control}</View>
      </View>
      {errors[field] ? <Text className="lw-field-error">{errors[field]}</Text> : null}
    </View>
  );

  const pickerValue = (id: string, text: string | undefined) => (
    <View className={`lw-picker${text ? "" : " lw-placeholder"}`} id={id}>
      <Text>{text ?? t("lw.field.pick")}</Text>
      <Text className="lw-arrow">›</Text>
    </View>
  );

  return (
    <View className="card" id="roster-form">
      <View className="card-title">
        <Text>{t("roster.formTitle")}</Text>
        <Text className="rosters-close" id="roster-close" onClick={onClose}>
          ×
        </Text>
      </View>

      {row(
        "lawyerId",
        t("roster.lawyer"),
        lawyers.length === 0 ? (
          <Text className="lw-warn" id="roster-no-lawyers">
            {t("roster.noLawyers")}
          </Text>
        ) : (
          <Picker
            mode="selector"
            range={lawyers.map((l) => (l.firm ? `${l.name}（${l.firm}）` : l.name))}
            value={Math.max(lawyerIndex, 0)}
            onChange={(e) => set({ lawyerId: lawyers[Number(e.detail.value)]?.id ?? "" })}
          >
            {pickerValue("roster-lawyer", lawyers[lawyerIndex]?.name)}
          </Picker>
        ),
      )}

      {row(
        "from",
        t("roster.from"),
        <Picker mode="date" value={draft.from} onChange={(e) => set({ from: String(e.detail.value) })}>
          {pickerValue("roster-from", draft.from || undefined)}
        </Picker>,
      )}
      {row(
        "to",
        t("roster.to"),
        <Picker mode="date" value={draft.to} onChange={(e) => set({ to: String(e.detail.value) })}>
          {pickerValue("roster-to", draft.to || undefined)}
        </Picker>,
      )}

      {row(
        "weekdays",
        t("roster.weekdays"),
        <View className="lw-chips rosters-weekdays">
          {WEEKDAYS.map((day) => (
            <View
              key={day}
              id={`roster-weekday-${day}`}
              className={`lw-chip rosters-weekday${draft.weekdays.includes(day) ? " lw-chip-on" : ""}`}
              onClick={() => toggleWeekday(day)}
            >
              {t(`lw.weekday.${day}` as "lw.weekday.1")}
            </View>
          ))}
        </View>,
        true,
      )}

      {row(
        "startTime",
        t("roster.start"),
        <Picker
          mode="time"
          value={draft.startTime}
          onChange={(e) => set({ startTime: String(e.detail.value) })}
        >
          {pickerValue("roster-start", draft.startTime)}
        </Picker>,
      )}
      {row(
        "endTime",
        t("roster.end"),
        <Picker mode="time" value={draft.endTime} onChange={(e) => set({ endTime: String(e.detail.value) })}>
          {pickerValue("roster-end", draft.endTime)}
        </Picker>,
      )}
      {row(
        "slotMinutes",
        t("roster.slotMinutes"),
        <Picker
          mode="selector"
          range={SLOT_LENGTHS.map((minutes) => t("roster.minutes", { minutes }))}
          value={Math.max(SLOT_LENGTHS.indexOf(draft.slotMinutes), 0)}
          onChange={(e) => set({ slotMinutes: SLOT_LENGTHS[Number(e.detail.value)] ?? 30 })}
        >
          {pickerValue("roster-slot-minutes", t("roster.minutes", { minutes: draft.slotMinutes }))}
        </Picker>,
      )}

      {row(
        "mode",
        t("roster.mode"),
        <View className="lw-chips">
          {MODES.map((mode) => (
            <View
              key={mode}
              id={`roster-mode-${mode}`}
              className={`lw-chip${draft.mode === mode ? " lw-chip-on" : ""}`}
              onClick={() => set({ mode })}
            >
              {t(`lw.mode.${mode}`)}
            </View>
          ))}
        </View>,
        true,
      )}

      {row(
        "seats",
        t("roster.seats"),
        <View className="rosters-stepper">
          <View
            id="roster-seats-minus"
            className={`rosters-step${draft.seats <= 1 ? " rosters-step-off" : ""}`}
            onClick={() => draft.seats > 1 && set({ seats: draft.seats - 1 })}
          >
            −
          </View>
          <Text className="rosters-step-value" id="roster-seats">
            {t("roster.seatsValue", { seats: draft.seats })}
          </Text>
          <View
            id="roster-seats-plus"
            className={`rosters-step${draft.seats >= 10 ? " rosters-step-off" : ""}`}
            onClick={() => draft.seats < 10 && set({ seats: draft.seats + 1 })}
          >
            +
          </View>
        </View>,
      )}

      <Text className="hint" id="roster-preview">
        {preview > 0 ? t("roster.preview", { count: preview }) : t("roster.previewNone")}
      </Text>
      {formError ? (
        <Text className="lw-error rosters-form-error" id="roster-error">
          {formError}
        </Text>
      ) : null}

      <Button
        id="roster-submit"
        type="primary"
        size="large"
        block
        loading={submitting}
        disabled={lawyers.length === 0}
        onClick={submit}
        className="rosters-submit"
      >
        {t("roster.submit")}
      </Button>
    </View>
  );
}
