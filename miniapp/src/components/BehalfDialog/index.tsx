import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, Textarea, View } from "@tarojs/components";
import { useRef, useState } from "react";
import { ApiError } from "../../api/errors";
import { bookOnBehalf, type LegalCategory, type LegalSlot } from "../../api/legal-work";
import { type MessageKey, type Translate, useT } from "../../i18n";
import { CATEGORIES, DESCRIPTION_MAX, validateRequest } from "../../pages/legal/common/rules";
import { legalErrorMessage } from "../../utils/legal-work-errors";
import { type PickedResident, ResidentPicker } from "./ResidentPicker";
import { Sheet } from "./Sheet";
import "./index.scss";

export { type PickedResident, ResidentPicker } from "./ResidentPicker";
export { Sheet } from "./Sheet";

interface Props {
  slot: LegalSlot;
  /** "09:00–09:30", as the schedule shows it. */
  time: string;
  onBooked(name: string): void;
  onDismiss(): void;
}

type Field = "member" | "category" | "description" | "contactPhone";

const BEHALF_CODES = [
  "SLOT_FULL",
  "BOOKING_LIMIT",
  "SLOT_STARTED",
  "SLOT_CANCELLED",
  "ALREADY_BOOKED",
  "NOT_VERIFIED",
  "BOOKING_SUSPENDED",
  "USER_NOT_FOUND",
] as const;

/** What to tell staff when booking a legal consultation for a resident fails: about the resident, not "you". */
export function behalfErrorMessage(t: Translate, err: unknown): string {
  if (err instanceof ApiError && (BEHALF_CODES as readonly string[]).includes(err.code))
    return t(`behalf.err.${err.code}` as MessageKey);
  return legalErrorMessage(t, err);
}

export function newIdempotencyKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Staff book a legal consultation seat for a walk-in resident: the resident, then the request. */
export function BehalfDialog({ slot, time, onBooked, onDismiss }: Props) {
  const t = useT();
  const [member, setMember] = useState<PickedResident | null>(null);
  const [category, setCategory] = useState<LegalCategory | null>(null);
  const [description, setDescription] = useState("");
  const [contactPhone, setContactPhone] = useState("");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [submitError, setSubmitError] = useState("");
  const [busy, setBusy] = useState(false);
  // One key per intended booking: a retry after a timeout cannot book twice; any change is a new one.
  const key = useRef(newIdempotencyKey());

  const touch = (field?: Field) => {
    key.current = newIdempotencyKey();
    setSubmitError("");
    if (field) setErrors((prev) => ({ ...prev, [field]: undefined }));
  };

  const submit = async () => {
    const problems = validateRequest({ category, description, contactPhone }, slot.mode);
    const next: Partial<Record<Field, string>> = {};
    if (!member) next.member = t("behalf.pickResident");
    for (const [field, messageKey] of Object.entries(problems) as Array<[Field, MessageKey]>)
      next[field] = t(messageKey);
    setErrors(next);
    if (!member || !category || Object.keys(next).length > 0) return;
    setBusy(true);
    setSubmitError("");
    try {
      await bookOnBehalf(
        {
          slotId: slot.id,
          category,
          description: description.trim(),
          ...(slot.mode === "phone" ? { contactPhone: contactPhone.trim() } : {}),
          onBehalfOf: member.userId,
        },
        key.current,
      );
      onBooked(member.nickname);
    } catch (err) {
      setSubmitError(behalfErrorMessage(t, err));
      // A definite answer from the server ends this attempt; a lost one keeps the key for the retry.
      if (err instanceof ApiError && err.status > 0) key.current = newIdempotencyKey();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet
      id="behalf-dialog"
      title={t("behalf.title", { time })}
      footer={
        <>
          {submitError ? (
            <Text className="od-sheet-error" id="behalf-error">
              {submitError}
            </Text>
          ) : null}
          <View className="od-sheet-actions">
            <Button
              id="behalf-dismiss"
              size="normal"
              className="od-sheet-action"
              disabled={busy}
              onClick={onDismiss}
            >
              {t("schedule.dismiss")}
            </Button>
            <Button
              id="behalf-submit"
              size="normal"
              type="primary"
              className="od-sheet-action"
              loading={busy}
              onClick={submit}
            >
              {t("behalf.submit")}
            </Button>
          </View>
        </>
      }
    >
      <Text className="hint">
        {slot.lawyer.name} · {t(`lw.modeShort.${slot.mode}`)} · {slot.location}
      </Text>
      <Text className="hint">{t("behalf.hint")}</Text>

      <ResidentPicker
        communityId={slot.communityId}
        value={member}
        error={errors.member}
        onChange={(next) => {
          setMember(next);
          touch("member");
        }}
      />

      <Text className="od-sheet-label">{t("behalf.category")}</Text>
      <View className={`chips${errors.category ? " od-sheet-chips-invalid" : ""}`}>
        {CATEGORIES.map((c) => (
          <View
            key={c}
            id={`behalf-category-${c}`}
            className={`chip${c === category ? " chip-on" : ""}`}
            onClick={() => {
              setCategory(c);
              touch("category");
            }}
          >
            {t(`lw.category.${c}`)}
          </View>
        ))}
      </View>
      {errors.category ? <Text className="od-sheet-error">{errors.category}</Text> : null}

      <Text className="od-sheet-label">{t("behalf.description")}</Text>
      <Textarea
        id="behalf-description"
        className={`textarea${errors.description ? " textarea-invalid" : ""}`}
        value={description}
        maxlength={DESCRIPTION_MAX}
        placeholder={t("behalf.descriptionPlaceholder")}
        onInput={(e) => {
          setDescription(e.detail.value);
          touch("description");
        }}
      />
      {errors.description ? <Text className="od-sheet-error">{errors.description}</Text> : null}

      {slot.mode === "phone" ? (
        <View>
          <Text className="od-sheet-label">{t("behalf.phone")}</Text>
          <Input
            id="behalf-phone"
            className="od-sheet-input"
            type="number"
            maxlength={11}
            value={contactPhone}
            placeholder={t("behalf.phonePlaceholder")}
            onInput={(e) => {
              setContactPhone(e.detail.value);
              touch("contactPhone");
            }}
          />
          {errors.contactPhone ? <Text className="od-sheet-error">{errors.contactPhone}</Text> : null}
        </View>
      ) : null}
    </Sheet>
  );
}
