import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, Textarea, View } from "@tarojs/components";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { type ReactNode, useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import {
  bookSlot,
  getSlot,
  joinWaitlist,
  type LegalLawyer,
  type LegalRequest,
  type LegalSlot,
} from "../../../api/legal";
import { Confirm } from "../../../components/Confirm";
import { Page } from "../../../components/Page";
import { initial } from "../../../components/tone";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { formatWhen } from "../../../utils/legal-format";
import { askForReminders } from "../../../utils/subscribe";
import {
  CATEGORIES,
  DESCRIPTION_MAX,
  type DraftErrors,
  errorText,
  type RequestDraft,
  slotState,
  validateRequest,
} from "../common/rules";
import "../common/legal.scss";
import "./index.scss";
import { LoadState } from "../../../components/LoadState";

type Load = "loading" | "ready" | "error";
type Field = keyof RequestDraft;

function newKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export default function LegalBookPage() {
  const t = useT();
  const slotId = useRouter().params.slotId ?? "";
  const [load, setLoad] = useState<Load>("loading");
  const [loadError, setLoadError] = useState("");
  const [slot, setSlot] = useState<LegalSlot | null>(null);
  const [lawyer, setLawyer] = useState<LegalLawyer | null>(null);
  const [draft, setDraft] = useState<RequestDraft>({ category: null, description: "", contactPhone: "" });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [submitError, setSubmitError] = useState("");
  const [busy, setBusy] = useState(false);
  const [offerWaitlist, setOfferWaitlist] = useState(false);
  // One key per intended booking or queue place: a retry after a timeout cannot take two.
  const bookKey = useRef(newKey());
  const waitlistKey = useRef(newKey());

  const fetchSlot = async () => {
    try {
      const found = await getSlot(slotId);
      setSlot(found.slot);
      setLawyer(found.lawyer);
      setLoad("ready");
    } catch (err) {
      setLoadError(errorText(t, err));
      setLoad("error");
    }
  };

  useDidShow(() => {
    void fetchSlot();
  });

  const set = (patch: Partial<RequestDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSubmitError("");
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch) as Field[]) delete next[key];
      return next;
    });
  };

  const request = (): LegalRequest => {
    const body: LegalRequest = {
      category: draft.category ?? "other",
      description: draft.description.trim(),
    };
    if (slot?.mode === "phone") body.contactPhone = draft.contactPhone.trim();
    return body;
  };

  const showFailure = (err: unknown) => {
    if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
      const fields = err.fieldErrors();
      const shown: Partial<Record<Field, string>> = {};
      for (const field of ["category", "description", "contactPhone"] as Field[])
        if (fields[field]) shown[field] = fields[field];
      setErrors(shown);
      if (Object.keys(shown).length > 0) return;
    }
    setSubmitError(errorText(t, err));
  };

  /** Checks the form; false (with the messages shown) when something is missing. */
  const checkForm = (): boolean => {
    if (!slot) return false;
    const local: DraftErrors = validateRequest(draft, slot.mode);
    if (Object.keys(local).length === 0) return true;
    const shown: Partial<Record<Field, string>> = {};
    for (const [field, key] of Object.entries(local)) if (key) shown[field as Field] = t(key);
    setErrors(shown);
    return false;
  };

  const book = async () => {
    if (busy || !slot || !checkForm()) return;
    setBusy(true);
    setSubmitError("");
    // Straight from the tap, before any other await: WeChat refuses the request otherwise.
    await askForReminders();
    try {
      const booking = await bookSlot(slot.id, request(), bookKey.current);
      bookKey.current = newKey();
      void Taro.redirectTo({ url: `${ROUTES.legalBooking}?id=${booking.id}&new=1` });
    } catch (err) {
      if (err instanceof ApiError && err.code === "SLOT_FULL") setOfferWaitlist(true);
      else if (err instanceof ApiError && err.code === "ALREADY_BOOKED") void fetchSlot();
      else showFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const join = async (fromDialog: boolean) => {
    if (busy || !slot || !checkForm()) return;
    setBusy(true);
    setSubmitError("");
    if (!fromDialog) await askForReminders();
    try {
      const entry = await joinWaitlist(slot.id, request(), waitlistKey.current);
      waitlistKey.current = newKey();
      setOfferWaitlist(false);
      void Taro.showToast({ title: t("legal.book.waitlisted", { position: entry.position }), icon: "none" });
      await fetchSlot();
    } catch (err) {
      setOfferWaitlist(false);
      if (err instanceof ApiError && err.code === "SLOT_AVAILABLE") await fetchSlot();
      showFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const declineWaitlist = () => {
    setOfferWaitlist(false);
    void fetchSlot();
  };

  const row = (field: Field, label: string, control: ReactNode, extra?: ReactNode) => (
    <View className={`book-field${errors[field] ? " book-field-invalid" : ""}`} id={`field-${field}`}>
      <View className="book-label-row">
        <Text className="book-label">{label}</Text>
        {extra}
      </View>
      {control}
      {errors[field] ? <Text className="book-error">{errors[field]}</Text> : null}
    </View>
  );

  const state = slot ? slotState(slot, new Date().toISOString()) : null;
  const length = Array.from(draft.description).length;

  return (
    <Page id="legal-book-page" title={t("legal.book.title")}>
      <LoadState id="legal-book-load" load={load} error={loadError} onRetry={() => fetchSlot()} />

      {load === "ready" && slot ? (
        <View>
          <View className="card" id="legal-book-slot">
            <View className="legal-lawyer">
              <View className="avatar">{initial(slot.lawyer.name)}</View>
              <View className="legal-lawyer-text">
                <Text className="legal-lawyer-name">{slot.lawyer.name}</Text>
                {slot.lawyer.firm ? <Text className="muted">{slot.lawyer.firm}</Text> : null}
              </View>
            </View>
            {lawyer && lawyer.specialties.length > 0 ? (
              <View className="book-specialties">
                {lawyer.specialties.map((s) => (
                  <Text key={s} className="badge badge-green">
                    {s}
                  </Text>
                ))}
              </View>
            ) : null}
            {lawyer?.intro ? <Text className="hint">{lawyer.intro}</Text> : null}
            <View className="book-facts">
              <View className="legal-row">
                <Text className="legal-row-label">{t("legal.book.time")}</Text>
                <Text className="legal-row-value book-when">{formatWhen(t, slot.startsAt, slot.endsAt)}</Text>
              </View>
              <View className="legal-row">
                <Text className="legal-row-label">{t("legal.book.place")}</Text>
                <View className="legal-row-value">
                  <Text
                    className={`badge ${slot.mode === "phone" ? "badge-orange" : "badge-green"} book-mode`}
                  >
                    {t(`legal.mode.${slot.mode}`)}
                  </Text>
                  <Text>{slot.mode === "phone" ? t("legal.book.phoneCall") : slot.location}</Text>
                </View>
              </View>
            </View>
          </View>

          {state === "booked" ? (
            <View className="card book-status" id="legal-book-already">
              <Text className="card-title">{t("legal.book.alreadyBooked")}</Text>
              <Button
                id="legal-view-booking"
                type="primary"
                size="large"
                block
                className="form-submit"
                onClick={() =>
                  Taro.redirectTo({ url: `${ROUTES.legalBooking}?id=${slot.mine?.bookingId ?? ""}` })
                }
              >
                {t("legal.book.viewBooking")}
              </Button>
            </View>
          ) : null}

          {state === "waitlisted" ? (
            <View className="card book-status" id="legal-book-waitlisted">
              <Text className="card-title">
                {t("legal.book.alreadyWaitlisted", { position: slot.mine?.waitlistPosition ?? "-" })}
              </Text>
              <Text className="hint">{t("legal.book.fullHint")}</Text>
              <Button
                id="legal-open-mine"
                size="large"
                block
                className="form-submit"
                onClick={() => Taro.redirectTo({ url: ROUTES.legalMine })}
              >
                {t("legal.booking.myBookings")}
              </Button>
            </View>
          ) : null}

          {state === "cancelled" || state === "started" ? (
            <View className="card book-status" id="legal-book-unavailable">
              <Text className="card-title">{t("legal.book.unavailable")}</Text>
              {slot.cancelReason ? (
                <Text className="hint">{t("legal.booking.cancelReason", { reason: slot.cancelReason })}</Text>
              ) : null}
              <Button
                id="legal-other-slots"
                size="large"
                block
                className="form-submit"
                onClick={() => Taro.navigateBack().catch(() => Taro.redirectTo({ url: ROUTES.legalSlots }))}
              >
                {t("legal.book.otherSlots")}
              </Button>
            </View>
          ) : null}

          {state === "open" || state === "full" ? (
            <View className="card" id="legal-book-form">
              {state === "full" ? (
                <Text className="book-full-hint" id="legal-book-full">
                  {t("legal.book.fullHint")}
                </Text>
              ) : null}

              {row(
                "category",
                t("legal.book.category"),
                <View className="chips">
                  {CATEGORIES.map((category) => (
                    <View
                      key={category}
                      id={`legal-category-${category}`}
                      className={`chip${draft.category === category ? " chip-on" : ""}`}
                      onClick={() => set({ category })}
                    >
                      {t(`legal.category.${category}`)}
                    </View>
                  ))}
                </View>,
              )}

              {row(
                "description",
                t("legal.book.description"),
                <Textarea
                  id="legal-description"
                  className="textarea book-textarea"
                  value={draft.description}
                  maxlength={DESCRIPTION_MAX}
                  placeholder={t("legal.book.descriptionPlaceholder")}
                  placeholderClass="field-placeholder"
                  onInput={(e) => set({ description: e.detail.value })}
                />,
                <Text
                  className={`book-count${length > DESCRIPTION_MAX ? " book-count-over" : ""}`}
                  id="legal-description-count"
                >
                  {t("legal.book.descriptionCount", { count: length })}
                </Text>,
              )}

              {slot.mode === "phone"
                ? row(
                    "contactPhone",
                    t("legal.book.contactPhone"),
                    <Input
                      id="legal-contact-phone"
                      className="book-input"
                      type="number"
                      maxlength={11}
                      value={draft.contactPhone}
                      placeholder={t("legal.book.contactPlaceholder")}
                      placeholderClass="field-placeholder"
                      onInput={(e) => set({ contactPhone: e.detail.value })}
                    />,
                  )
                : null}

              <Text className="hint">{t("legal.book.privacy")}</Text>

              {submitError ? (
                <Text className="book-submit-error" id="legal-book-error">
                  {submitError}
                </Text>
              ) : null}

              {state === "open" ? (
                <Button
                  id="legal-book-submit"
                  type="primary"
                  size="large"
                  block
                  loading={busy}
                  onClick={book}
                  className="form-submit"
                >
                  {t("legal.book.submit")}
                </Button>
              ) : (
                <Button
                  id="legal-waitlist-join"
                  type="primary"
                  size="large"
                  block
                  loading={busy}
                  onClick={() => join(false)}
                  className="form-submit"
                >
                  {t("legal.book.joinWaitlist")}
                </Button>
              )}
            </View>
          ) : null}
        </View>
      ) : null}

      {offerWaitlist ? (
        <Confirm
          id="legal-full-dialog"
          title={t("legal.book.fullTitle")}
          body={t("legal.book.fullAsk")}
          confirmId="legal-waitlist-join"
          confirmText={t("legal.book.joinWaitlist")}
          cancelId="legal-waitlist-decline"
          cancelText={t("common.cancel")}
          busy={busy}
          onConfirm={() => join(true)}
          onCancel={declineWaitlist}
        />
      ) : null}
    </Page>
  );
}
