import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, Textarea, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useState } from "react";
import { ApiError } from "../../../api/errors";
import { type Attendance, type LegalBooking, recordOutcome } from "../../../api/legal-work";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { fieldIssues, legalErrorMessage } from "../../../utils/legal-work-errors";
import { shanghaiClock } from "../../../utils/time";
import { spacedPhone } from "./days";
import {
  draftOf,
  hasStarted,
  NOTES_MAX,
  OUTCOMES,
  type OutcomeDraft,
  outcomeInput,
  resultLabel,
  validateOutcome,
} from "./outcome";

const STATUS_TONE = { confirmed: "green", cancelled: "grey", cancelled_by_center: "red" } as const;
const ATTENDANCE: Attendance[] = ["attended", "no_show"];

interface Props {
  booking: LegalBooking;
  onSaved(booking: LegalBooking): void;
}

export function BookingCard({ booking, onSaved }: Props) {
  const t = useT();
  const id = booking.id;
  const recorded = resultLabel(t, booking);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<OutcomeDraft>(() => draftOf(booking));
  const [errors, setErrors] = useState<Partial<Record<"attendance" | "outcome" | "notes", string>>>({});
  const [saving, setSaving] = useState(false);

  const live = booking.status === "confirmed";
  const started = hasStarted(booking.startsAt);
  const showForm = live && started && (!recorded || editing);

  const set = (patch: Partial<OutcomeDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors({});
  };

  const call = (phone: string) => {
    Taro.makePhoneCall({ phoneNumber: phone }).catch(() =>
      Taro.showToast({ title: t("lawyer.callFailed", { phone }), icon: "none" }),
    );
  };

  const save = async () => {
    if (saving) return;
    const local = validateOutcome(draft);
    if (Object.keys(local).length > 0 || !draft.attendance) {
      const shown: typeof errors = {};
      for (const [field, key] of Object.entries(local)) if (key) shown[field as "attendance"] = t(key);
      setErrors(shown);
      return;
    }
    setSaving(true);
    try {
      const saved = await recordOutcome(id, outcomeInput({ ...draft, attendance: draft.attendance }));
      onSaved(saved);
      setDraft(draftOf(saved));
      setEditing(false);
      void Taro.showToast({ title: t("lawyer.saved"), icon: "success" });
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        setErrors(fieldIssues(t, err.details, ["attendance", "outcome", "notes"] as const));
      }
      void Taro.showToast({ title: legalErrorMessage(t, err), icon: "none", duration: 3000 });
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="lw-booking" id={`booking-${id}`}>
      <View className="lw-booking-head">
        <Text className="lw-booking-name">{booking.residentName}</Text>
        <Text className="badge badge-green">{t(`lw.category.${booking.category}`)}</Text>
        <Text className={`badge badge-${STATUS_TONE[booking.status]}`} id={`booking-status-${id}`}>
          {t(`lw.bookingStatus.${booking.status}`)}
        </Text>
      </View>
      {booking.bookedVia !== "self" ? (
        <Text className="lw-muted-row">
          {t(booking.bookedVia === "staff" ? "lawyer.byStaff" : "lawyer.byWaitlist")}
        </Text>
      ) : null}
      {booking.cancelReason ? (
        <Text className="lw-warn">{t("lw.slotCancelledReason", { reason: booking.cancelReason })}</Text>
      ) : null}

      {booking.description ? (
        <View className="lawyer-description">
          <Text className="lawyer-description-label">{t("lawyer.description")}</Text>
          <Text className="lawyer-description-text">{booking.description}</Text>
        </View>
      ) : null}

      {booking.contactPhone ? (
        <View className="lawyer-phone">
          <View className="lawyer-phone-text">
            <Text className="muted">{t("lawyer.phone")}</Text>
            <Text className="lawyer-phone-number" id={`phone-${id}`}>
              {spacedPhone(booking.contactPhone)}
            </Text>
          </View>
          {live ? (
            <Button
              id={`call-${id}`}
              size="small"
              type="primary"
              fill="outline"
              onClick={() => call(booking.contactPhone ?? "")}
            >
              {t("lawyer.call")}
            </Button>
          ) : null}
        </View>
      ) : null}

      {live && !started ? (
        <Text className="lw-muted-row" id={`outcome-wait-${id}`}>
          {t("lawyer.notYet", { time: shanghaiClock(booking.startsAt) })}
        </Text>
      ) : null}

      {live && recorded && !editing ? (
        <View className="lawyer-result" id={`outcome-result-${id}`}>
          <View className="lawyer-result-text">
            <Text className="lawyer-result-label">{t("lawyer.recorded", { result: recorded })}</Text>
            {booking.notes ? <Text className="lawyer-result-notes">{booking.notes}</Text> : null}
            {booking.outcome === "referred_mediation" ? (
              <Text
                className="lawyer-refer-link"
                id={`refer-mediation-${id}`}
                onClick={() => Taro.navigateTo({ url: `${ROUTES.casesFile}?bookingId=${id}` })}
              >
                {t("cr.file.fromLawyer")} ›
              </Text>
            ) : null}
          </View>
          <Button id={`outcome-edit-${id}`} size="small" onClick={() => setEditing(true)}>
            {t("lawyer.edit")}
          </Button>
        </View>
      ) : null}

      {showForm ? (
        <View className="lawyer-form" id={`outcome-form-${id}`}>
          <Text className="lw-label">{t("lawyer.attendance")}</Text>
          <View className="lw-chips">
            {ATTENDANCE.map((value) => (
              <View
                key={value}
                id={value === "attended" ? `outcome-attended-${id}` : `outcome-noshow-${id}`}
                className={`lw-chip${value === "no_show" ? " lw-chip-danger" : ""}${draft.attendance === value ? " lw-chip-on" : ""}`}
                onClick={() => set({ attendance: value })}
              >
                {t(`lw.attendance.${value}`)}
              </View>
            ))}
          </View>
          {errors.attendance ? <Text className="lw-error">{errors.attendance}</Text> : null}

          {draft.attendance === "attended" ? (
            <View>
              <Text className="lw-label">{t("lawyer.outcome")}</Text>
              <View className="lw-chips" id={`outcome-select-${id}`}>
                {OUTCOMES.map((value) => (
                  <View
                    key={value}
                    id={`outcome-option-${id}-${value}`}
                    className={`lw-chip${draft.outcome === value ? " lw-chip-on" : ""}`}
                    onClick={() => set({ outcome: value })}
                  >
                    {t(`lw.outcome.${value}`)}
                  </View>
                ))}
              </View>
              {errors.outcome ? <Text className="lw-error">{errors.outcome}</Text> : null}
            </View>
          ) : null}

          <Text className="lw-label">{t("lawyer.notes")}</Text>
          <Textarea
            id={`outcome-notes-${id}`}
            className={`textarea${errors.notes ? " textarea-invalid" : ""}`}
            value={draft.notes}
            maxlength={NOTES_MAX}
            placeholder={t("lawyer.notesPlaceholder")}
            onInput={(e) => set({ notes: e.detail.value })}
          />
          {errors.notes ? <Text className="lw-error">{errors.notes}</Text> : null}

          <View className="lw-actions">
            {editing ? (
              <Button
                id={`outcome-cancel-${id}`}
                size="normal"
                className="lw-action"
                onClick={() => {
                  setEditing(false);
                  setDraft(draftOf(booking));
                  setErrors({});
                }}
              >
                {t("common.cancel")}
              </Button>
            ) : null}
            <Button
              id={`outcome-save-${id}`}
              size="normal"
              type="primary"
              loading={saving}
              className="lw-action"
              onClick={save}
            >
              {t("lawyer.save")}
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}
