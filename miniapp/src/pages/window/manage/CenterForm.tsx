import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import Switch from "@nutui/nutui-react-taro/dist/es/packages/switch/index";
import "@nutui/nutui-react-taro/dist/es/packages/switch/style/css";
import { Picker, Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import { type Center, createCenter, updateCenter } from "../../../api/window-work";
import { newIdempotencyKey } from "../../../components/BehalfDialog";
import { type Translate, useT } from "../../../i18n";
import {
  addPeriod,
  type CenterDraft,
  type CenterErrors,
  centerDraft,
  centerInput,
  copyMondayToWeekdays,
  type Hours,
  MAX_PERIODS,
  newCenterDraft,
  removePeriod,
  SLOT_LENGTHS,
  setPeriodTime,
  slotsPerDay,
  toggleDay,
  validateCenter,
  WEEKDAYS,
  type Weekday,
} from "../../../utils/window-work-center";
import { issuesByPath, issueUnder, windowErrorMessage } from "../../../utils/window-work-errors";
import { Field, scrollToFirstError, TextInput } from "./Field";

interface Props {
  /** Null: no center yet, the form creates one. */
  center: Center | null;
  communityId: string | undefined;
  onSaved(center: Center): void;
}

function shown(t: Translate, errors: CenterErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, problem] of Object.entries(errors)) out[path] = t(problem.key, problem.params);
  return out;
}

const sortedHours = (hours: Hours): Hours => {
  const next = { ...hours };
  for (const day of WEEKDAYS) next[day] = [...hours[day]].sort((a, b) => a.open.localeCompare(b.open));
  return next;
};

/** The center: name and address, windows, slot length, opening hours per weekday, booking rules. */
export function CenterForm({ center, communityId, onSaved }: Props) {
  const t = useT();
  const [draft, setDraft] = useState<CenterDraft>(() => (center ? centerDraft(center) : newCenterDraft()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState("");
  const [saving, setSaving] = useState(false);
  const key = useRef(newIdempotencyKey());

  const set = (patch: Partial<CenterDraft>, ...paths: string[]) => {
    setDraft((d) => ({ ...d, ...patch }));
    setFormError("");
    key.current = newIdempotencyKey();
    const cleared = [...Object.keys(patch), ...paths];
    setErrors((prev) => {
      const next = { ...prev };
      for (const path of Object.keys(next))
        if (cleared.some((field) => path === field || path.startsWith(`${field}.`))) delete next[path];
      return next;
    });
  };

  const setHours = (hours: Hours) => set({ hours });

  const save = async () => {
    if (saving) return;
    // The server checks a day's periods in time order: keep the rows in that order so its errors land right.
    const ordered = { ...draft, hours: sortedHours(draft.hours) };
    setDraft(ordered);
    const local = validateCenter(ordered);
    if (Object.keys(local).length > 0) {
      setErrors(shown(t, local));
      setFormError(t("ww.err.VALIDATION_FAILED"));
      scrollToFirstError();
      return;
    }
    setSaving(true);
    setFormError("");
    try {
      const input = centerInput(ordered);
      const saved = center
        ? await updateCenter(center.id, input, center.updatedAt)
        : await createCenter({ ...input, ...(communityId ? { communityId } : {}) }, key.current);
      key.current = newIdempotencyKey();
      setDraft(centerDraft(saved));
      setErrors({});
      void Taro.showToast({ title: t(center ? "ww.center.saved" : "ww.center.created"), icon: "success" });
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        const local = shown(t, validateCenter(ordered));
        setErrors(issuesByPath(t, err.details, (path) => local[path] ?? null));
        scrollToFirstError();
      }
      setFormError(windowErrorMessage(t, err));
      if (err instanceof ApiError && err.status > 0) key.current = newIdempotencyKey();
    } finally {
      setSaving(false);
    }
  };

  const timePicker = (day: Weekday, index: number, which: "open" | "close", value: string) => (
    <Picker
      mode="time"
      value={value}
      onChange={(e) => {
        set({ hours: setPeriodTime(draft.hours, day, index, which, String(e.detail.value)) }, `hours.${day}`);
      }}
    >
      <View className="wm-time" id={`hours-${day}-${index}-${which}`}>
        {value}
      </View>
    </Picker>
  );

  const slotIndex = SLOT_LENGTHS.indexOf(draft.slotMinutes);
  const slotChoices =
    slotIndex >= 0 ? SLOT_LENGTHS : [...SLOT_LENGTHS, draft.slotMinutes].sort((a, b) => a - b);

  return (
    <View className="card" id="center-form">
      <Text className="card-title">{t("ww.center.title")}</Text>
      {!center ? (
        <Text className="hint" id="center-none">
          {t("ww.center.none")}
        </Text>
      ) : null}

      <Field id="center-name" label={t("ww.center.name")} error={errors.name} stacked>
        <TextInput
          id="center-name"
          value={draft.name}
          maxlength={60}
          invalid={!!errors.name}
          onChange={(name) => set({ name })}
        />
      </Field>
      <Field id="center-name-en" label={t("ww.center.nameEn")} error={errors.nameEn} stacked>
        <TextInput
          id="center-name-en"
          value={draft.nameEn}
          maxlength={120}
          placeholder={t("ww.optional")}
          invalid={!!errors.nameEn}
          onChange={(nameEn) => set({ nameEn })}
        />
      </Field>
      <Field id="center-address" label={t("ww.center.address")} error={errors.address} stacked>
        <TextInput
          id="center-address"
          value={draft.address}
          maxlength={120}
          invalid={!!errors.address}
          onChange={(address) => set({ address })}
        />
      </Field>
      <Field id="center-phone" label={t("ww.center.phone")} error={errors.phone}>
        <TextInput
          id="center-phone"
          value={draft.phone}
          maxlength={20}
          placeholder={t("ww.optional")}
          invalid={!!errors.phone}
          onChange={(phone) => set({ phone })}
        />
      </Field>

      <Field
        id="center-windows"
        label={t("ww.center.windows")}
        error={errors.windows}
        hint={t("ww.center.windowsHint")}
      >
        <TextInput
          id="center-windows"
          type="number"
          value={draft.windows}
          maxlength={2}
          unit={t("ww.center.windowsUnit")}
          invalid={!!errors.windows}
          onChange={(windows) => set({ windows })}
        />
      </Field>
      <Field id="center-slot" label={t("ww.center.slotMinutes")} error={errors.slotMinutes}>
        <Picker
          mode="selector"
          range={slotChoices.map((minutes) => t("ww.center.minutes", { minutes }))}
          value={Math.max(slotChoices.indexOf(draft.slotMinutes), 0)}
          onChange={(e) => set({ slotMinutes: slotChoices[Number(e.detail.value)] ?? 15 }, "hours")}
        >
          <View className="lw-picker" id="center-slot-minutes">
            <Text>{t("ww.center.minutes", { minutes: draft.slotMinutes })}</Text>
            <Text className="lw-arrow">›</Text>
          </View>
        </Picker>
      </Field>

      <View
        className={`lw-field lw-field-stacked${issueUnder(errors, "hours") ? " lw-field-invalid" : ""}`}
        id="center-hours"
      >
        <Text className="lw-field-label">{t("ww.center.hours")}</Text>
        <Text className="lw-muted-row">{t("ww.center.hoursHint")}</Text>
        {WEEKDAYS.map((day) => {
          const periods = draft.hours[day];
          const open = periods.length > 0;
          return (
            <View key={day} className="wm-day" id={`hours-day-${day}`}>
              <View className="wm-day-head">
                <Text className="wm-day-name">
                  {t("lw.weekdayLabel", { day: t(`lw.weekday.${day}` as "lw.weekday.1") })}
                </Text>
                <View
                  id={`hours-toggle-${day}`}
                  className={`lw-chip wm-day-toggle${open ? " lw-chip-on" : ""}`}
                  onClick={() => setHours(toggleDay(draft.hours, day))}
                >
                  {open ? t("ww.center.openDay") : t("ww.center.closedDay")}
                </View>
                {open ? (
                  <Text className="muted wm-day-count">
                    {t("ww.center.slotsPerDay", { count: slotsPerDay(periods, draft.slotMinutes) })}
                  </Text>
                ) : null}
              </View>
              {periods.map((period, index) => {
                const error = errors[`hours.${day}.${index}`];
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a day's periods are edited in place by position
                  <View key={index}>
                    <View className={`wm-period${error ? " wm-period-invalid" : ""}`}>
                      {timePicker(day, index, "open", period.open)}
                      <Text className="muted">{t("ww.center.to")}</Text>
                      {timePicker(day, index, "close", period.close)}
                      {periods.length > 1 ? (
                        <Text
                          id={`hours-remove-${day}-${index}`}
                          className="wm-link wm-link-danger"
                          onClick={() =>
                            set({ hours: removePeriod(draft.hours, day, index) }, `hours.${day}`)
                          }
                        >
                          {t("ww.center.removePeriod")}
                        </Text>
                      ) : null}
                    </View>
                    {error ? (
                      <Text className="lw-field-error" id={`hours-error-${day}-${index}`}>
                        {error}
                      </Text>
                    ) : null}
                  </View>
                );
              })}
              {open && periods.length < MAX_PERIODS ? (
                <Text
                  id={`hours-add-${day}`}
                  className="wm-link"
                  onClick={() => setHours(addPeriod(draft.hours, day))}
                >
                  {t("ww.center.addPeriod")}
                </Text>
              ) : null}
            </View>
          );
        })}
        {draft.hours["1"].length > 0 ? (
          <Text
            id="hours-copy-monday"
            className="wm-link wm-copy"
            onClick={() => setHours(copyMondayToWeekdays(draft.hours))}
          >
            {t("ww.center.copyMonday")}
          </Text>
        ) : null}
        {errors.hours ? <Text className="lw-field-error">{errors.hours}</Text> : null}
      </View>

      <Field id="center-holiday" label={t("ww.center.holiday")} hint={t("ww.center.holidayHint")}>
        <View className="wm-switch">
          <Switch
            id="center-holiday-switch"
            checked={draft.followsHolidayCalendar}
            onChange={(value: boolean) => set({ followsHolidayCalendar: value })}
          />
        </View>
      </Field>
      <Field
        id="center-cutoff"
        label={t("ww.center.cutoff")}
        error={errors.cancelCutoffMinutes}
        hint={t("ww.center.cutoffHint")}
      >
        <TextInput
          id="center-cutoff"
          type="number"
          value={draft.cancelCutoffMinutes}
          maxlength={5}
          unit={t("ww.center.cutoffUnit")}
          invalid={!!errors.cancelCutoffMinutes}
          onChange={(cancelCutoffMinutes) => set({ cancelCutoffMinutes })}
        />
      </Field>
      <Field id="center-max" label={t("ww.center.maxUpcoming")} error={errors.maxUpcoming}>
        <TextInput
          id="center-max"
          type="number"
          value={draft.maxUpcoming}
          maxlength={2}
          unit={t("ww.center.maxUpcomingUnit")}
          invalid={!!errors.maxUpcoming}
          onChange={(maxUpcoming) => set({ maxUpcoming })}
        />
      </Field>
      <Field id="center-days" label={t("ww.center.bookingDays")} error={errors.bookingDays}>
        <TextInput
          id="center-days"
          type="number"
          value={draft.bookingDays}
          maxlength={2}
          unit={t("ww.center.bookingDaysUnit")}
          invalid={!!errors.bookingDays}
          onChange={(bookingDays) => set({ bookingDays })}
        />
      </Field>

      {center ? <Text className="lw-muted-row">{t("ww.center.savedNote")}</Text> : null}
      {formError ? (
        <Text className="lw-error" id="center-error">
          {formError}
        </Text>
      ) : null}
      <Button
        id="center-save"
        type="primary"
        size="large"
        block
        loading={saving}
        onClick={save}
        className="wm-submit"
      >
        {t(center ? "ww.center.save" : "ww.center.create")}
      </Button>
    </View>
  );
}
