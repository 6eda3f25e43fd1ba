import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { type ReactNode, useState } from "react";
import { cancelBooking, getBooking, type LegalBooking } from "../../../api/legal";
import { Confirm } from "../../../components/Confirm";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { formatWhen } from "../../../utils/legal-format";
import { addToCalendar, askForReminders } from "../../../utils/subscribe";
import { formatShanghai } from "../../../utils/time";
import { bookingState, bookingTone, canCancel, errorText } from "../common/rules";
import "../common/legal.scss";
import "./index.scss";
import { LoadState } from "../../../components/LoadState";

type Load = "loading" | "ready" | "error";

const IS_WEAPP = process.env.TARO_ENV === "weapp";

export default function LegalBookingPage() {
  const t = useT();
  const params = useRouter().params;
  const bookingId = params.id ?? "";
  const justBooked = params.new === "1";
  const [load, setLoad] = useState<Load>("loading");
  const [loadError, setLoadError] = useState("");
  const [booking, setBooking] = useState<LegalBooking | null>(null);
  const [nowIso, setNowIso] = useState(() => new Date().toISOString());
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState("");

  const fetchBooking = async () => {
    try {
      const found = await getBooking(bookingId);
      setNowIso(new Date().toISOString());
      setBooking(found);
      setLoad("ready");
    } catch (err) {
      setLoadError(errorText(t, err));
      setLoad("error");
    }
  };

  useDidShow(() => {
    void fetchBooking();
  });

  const cancel = async () => {
    if (busy) return;
    setBusy(true);
    setActionError("");
    try {
      setBooking(await cancelBooking(bookingId));
      setConfirming(false);
      void Taro.showToast({ title: t("legal.booking.cancelled"), icon: "success" });
    } catch (err) {
      setConfirming(false);
      setActionError(errorText(t, err));
      void fetchBooking();
    } finally {
      setBusy(false);
    }
  };

  const remind = async (b: LegalBooking) => {
    // Straight from the tap: WeChat asks for consent only in answer to one.
    await askForReminders();
    const added = await addToCalendar({
      title: t("legal.booking.calendarTitle", { lawyer: b.lawyer.name }),
      startsAt: b.startsAt,
      endsAt: b.endsAt,
      location: b.mode === "phone" ? t("legal.book.phoneCall") : b.location,
      description: t(`legal.category.${b.category}`),
    });
    void Taro.showToast({
      title: t(added ? "legal.booking.calendarAdded" : "legal.booking.calendarFailed"),
      icon: added ? "success" : "none",
    });
  };

  const row = (label: string, value: ReactNode, id?: string) => (
    <View className="legal-row" id={id}>
      <Text className="legal-row-label">{label}</Text>
      <View className="legal-row-value">{value}</View>
    </View>
  );

  const renderBooking = (b: LegalBooking) => {
    const state = bookingState(b, nowIso);
    const upcoming = b.status === "confirmed" && b.startsAt > nowIso;
    const recorded = b.attendance !== null || state === "awaiting";
    return (
      <View>
        {justBooked && b.status === "confirmed" ? (
          <View className="booking-new" id="legal-booking-new">
            <Text className="booking-new-mark">✓</Text>
            <Text className="booking-new-title">{t("legal.booking.newTitle")}</Text>
            <Text className="booking-new-hint">{t("legal.booking.newHint")}</Text>
          </View>
        ) : null}

        <View className="card" id="legal-booking-card">
          <View className="card-title">
            <Text className="booking-when">{formatWhen(t, b.startsAt, b.endsAt)}</Text>
            <Text className={`badge badge-${bookingTone[state]}`} id="legal-booking-status">
              {t(`legal.booking.status.${state}`)}
            </Text>
          </View>
          {b.status === "cancelled_by_center" && b.cancelReason ? (
            <Text className="hint booking-reason">
              {t("legal.booking.cancelReason", { reason: b.cancelReason })}
            </Text>
          ) : null}
          <View className="booking-rows">
            {row(
              t("legal.booking.lawyer"),
              <View className="legal-lawyer-text">
                <Text>{b.lawyer.name}</Text>
                {b.lawyer.firm ? <Text className="muted">{b.lawyer.firm}</Text> : null}
              </View>,
            )}
            {row(
              t("legal.book.place"),
              <View>
                <Text className={`badge ${b.mode === "phone" ? "badge-orange" : "badge-green"} booking-mode`}>
                  {t(`legal.mode.${b.mode}`)}
                </Text>
                <Text>
                  {b.mode === "phone"
                    ? t("legal.booking.phonePlace", { phone: b.contactPhone ?? "" })
                    : b.location}
                </Text>
              </View>,
              "legal-booking-place",
            )}
            {row(t("legal.book.category"), <Text>{t(`legal.category.${b.category}`)}</Text>)}
            {b.description ? row(t("legal.book.description"), <Text>{b.description}</Text>) : null}
          </View>
          {b.bookedVia === "waitlist" ? <Text className="hint">{t("legal.booking.viaWaitlist")}</Text> : null}
          {b.bookedVia === "staff" ? <Text className="hint">{t("legal.booking.viaStaff")}</Text> : null}
        </View>

        {b.status === "confirmed" && recorded ? (
          <View className="card" id="legal-booking-result">
            <Text className="card-title">{t("legal.booking.result")}</Text>
            {b.attendance ? (
              <View className="booking-rows">
                {row(
                  t("legal.booking.attendance"),
                  <Text>{t(`legal.booking.attendance.${b.attendance}`)}</Text>,
                )}
                {b.outcome
                  ? row(t("legal.booking.outcome"), <Text>{t(`legal.outcome.${b.outcome}`)}</Text>)
                  : null}
                {b.notes ? row(t("legal.booking.notes"), <Text>{b.notes}</Text>) : null}
              </View>
            ) : (
              <Text className="hint">{t("legal.booking.awaitingRecord")}</Text>
            )}
          </View>
        ) : null}

        {actionError ? (
          <Text className="legal-banner booking-error" id="legal-booking-error">
            {actionError}
          </Text>
        ) : null}

        <View className="legal-actions">
          {upcoming && IS_WEAPP ? (
            <Button
              id="legal-remind"
              size="large"
              block
              fill="outline"
              type="primary"
              onClick={() => remind(b)}
            >
              {t("legal.booking.remind")}
            </Button>
          ) : null}
          {upcoming && !IS_WEAPP ? (
            <Text className="hint booking-remind-hint" id="legal-remind-hint">
              {t("legal.booking.remindWeb")}
            </Text>
          ) : null}
          {canCancel(b, nowIso) ? (
            <View className="booking-cancel">
              <Button
                id="legal-cancel"
                size="large"
                block
                fill="outline"
                type="danger"
                onClick={() => setConfirming(true)}
              >
                {t("legal.booking.cancel")}
              </Button>
              <Text className="hint booking-center">
                {t("legal.booking.cancelUntil", { time: formatShanghai(b.cancelDeadline) })}
              </Text>
            </View>
          ) : null}
          {upcoming && !canCancel(b, nowIso) ? (
            <Text className="hint" id="legal-cancel-closed">
              {t("legal.booking.cancelClosed", { time: formatShanghai(b.cancelDeadline) })}
            </Text>
          ) : null}
          <Button
            id="legal-booking-mine"
            size="large"
            block
            className="booking-mine"
            onClick={() => Taro.redirectTo({ url: ROUTES.legalMine })}
          >
            {t("legal.booking.myBookings")}
          </Button>
        </View>
      </View>
    );
  };

  return (
    <Page id="legal-booking-page" title={t("legal.booking.title")}>
      <LoadState id="legal-booking-load" load={load} error={loadError} onRetry={() => fetchBooking()} />
      {load === "ready" && booking ? renderBooking(booking) : null}

      {confirming ? (
        <Confirm
          id="legal-cancel-dialog"
          title={t("legal.booking.cancelTitle")}
          body={t("legal.booking.cancelBody")}
          confirmId="legal-cancel-confirm"
          confirmText={t("legal.booking.cancelConfirm")}
          cancelId="legal-cancel-keep"
          cancelText={t("legal.booking.keep")}
          danger
          busy={busy}
          onConfirm={cancel}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </Page>
  );
}
