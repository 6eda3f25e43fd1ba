import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { type ReactNode, useState } from "react";
import {
  type Appointment,
  cancelAppointment,
  getAppointment,
  listMyAppointments,
  type ProxyCase,
} from "../../../api/window";
import { Confirm } from "../../../components/Confirm";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { QrCode } from "../../../components/QrCode";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSettings } from "../../../store/settings";
import { formatDay, formatWhen } from "../../../utils/legal-format";
import { formatShanghai } from "../../../utils/time";
import { localized, spacedCode } from "../../../utils/window-format";
import { appointmentTone, proxyTone, showsTicket, windowErrorText } from "../../../utils/window-rules";
import "../common/window.scss";
import "./index.scss";

type Load = "loading" | "ready" | "error";

export default function WindowAppointmentPage() {
  const t = useT();
  const { locale } = useSettings();
  const params = useRouter().params;
  const appointmentId = params.id ?? "";
  const justBooked = params.new === "1";
  const [load, setLoad] = useState<Load>("loading");
  const [loadError, setLoadError] = useState("");
  const [appointment, setAppointment] = useState<Appointment | null>(null);
  const [proxy, setProxy] = useState<ProxyCase | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState("");

  /** The proxy case this appointment's matter was taken in as: the resident's list carries it. */
  const fetchProxy = async (proxyCaseId: string) => {
    try {
      const mine = await listMyAppointments("upcoming");
      setProxy(mine.proxyCases.find((c) => c.id === proxyCaseId) ?? null);
    } catch {
      // The link to the list still works; the status line is a courtesy.
    }
  };

  const fetchAppointment = async () => {
    try {
      const found = await getAppointment(appointmentId);
      setAppointment(found);
      setLoad("ready");
      if (found.proxyCaseId) void fetchProxy(found.proxyCaseId);
    } catch (err) {
      setLoadError(windowErrorText(t, err));
      setLoad("error");
    }
  };

  useDidShow(() => {
    void fetchAppointment();
  });

  const cancel = async () => {
    if (busy) return;
    setBusy(true);
    setActionError("");
    try {
      setAppointment(await cancelAppointment(appointmentId));
      setConfirming(false);
      void Taro.showToast({ title: t("wr.appt.cancelled"), icon: "success" });
    } catch (err) {
      setConfirming(false);
      setActionError(windowErrorText(t, err));
      void fetchAppointment();
    } finally {
      setBusy(false);
    }
  };

  const row = (label: string, value: ReactNode, id?: string) => (
    <View className="wr-row" id={id}>
      <Text className="wr-row-label">{label}</Text>
      <View className="wr-row-value">{value}</View>
    </View>
  );

  const renderOutcome = (a: Appointment) => {
    switch (a.status) {
      case "materials_missing":
        return (
          <View className="wr-missing" id="appointment-missing">
            <Text className="wr-missing-title">{t("wr.appt.missingTitle")}</Text>
            <View className="wr-missing-list">
              {a.missing.map((m) => (
                <View key={m.id} className="wr-missing-item" id={`appointment-missing-${m.id}`}>
                  <Text className="wr-missing-dot">●</Text>
                  <Text>{localized(locale, m.name, m.nameEn)}</Text>
                </View>
              ))}
            </View>
            {a.note ? <Text className="wr-missing-note">{t("wr.appt.note", { note: a.note })}</Text> : null}
            <Button
              id="appointment-rebook"
              type="primary"
              size="large"
              block
              className="wr-rebook"
              onClick={() => Taro.navigateTo({ url: `${ROUTES.windowMatter}?id=${a.matterId}` })}
            >
              {t("wr.appt.rebook")}
            </Button>
          </View>
        );
      case "cancelled_by_center":
        return (
          <View className="wr-banner wr-banner-error" id="appointment-center-cancelled">
            <Text className="wr-outcome-title">{t("wr.appt.centerCancelled")}</Text>
            {a.cancelReason ? (
              <Text className="wr-outcome-line">{t("wr.appt.reason", { reason: a.cancelReason })}</Text>
            ) : null}
          </View>
        );
      case "no_show":
        return (
          <Text className="wr-banner wr-banner-error" id="appointment-no-show">
            {t("wr.appt.noShow")}
          </Text>
        );
      case "done":
        return (
          <View className="wr-banner wr-banner-done" id="appointment-done">
            <Text className="wr-outcome-title">{t(a.firstVisit ? "wr.appt.doneFirst" : "wr.appt.done")}</Text>
            {a.note ? <Text className="wr-outcome-line">{t("wr.appt.note", { note: a.note })}</Text> : null}
          </View>
        );
      case "checked_in":
        return (
          <Text className="wr-banner wr-banner-done" id="appointment-checked-in">
            {t("wr.appt.checkedIn")}
          </Text>
        );
      default:
        return null;
    }
  };

  const renderAppointment = (a: Appointment) => {
    const ticked = new Set(a.confirmedMaterials);
    const missing = new Set(a.missing.map((m) => m.id));
    const upcoming = a.status === "booked";
    return (
      <View>
        {justBooked && a.status === "booked" ? (
          <View className="wr-new" id="appointment-new">
            <Text className="wr-new-mark">✓</Text>
            <Text className="wr-new-title">{t("wr.appt.newTitle")}</Text>
            <Text className="wr-new-hint">{t("wr.appt.newHint")}</Text>
          </View>
        ) : null}

        {showsTicket(a.status) ? (
          <View className="card wr-ticket" id="appointment-ticket">
            <View className="wr-ticket-qr">
              <QrCode id="ticket-qr" text={a.ticketCode} moduleSize={8} label={t("wr.appt.qrLabel")} />
            </View>
            <Text className="wr-ticket-label">{t("wr.appt.ticket")}</Text>
            {/* The text is the code in two groups of four with one space ("ABCD EFGH"); staff may type it either way. */}
            <Text className="wr-ticket-code" id="ticket-code" userSelect>
              {spacedCode(a.ticketCode)}
            </Text>
            <Text className="wr-ticket-hint">{t("wr.appt.ticketHint")}</Text>
          </View>
        ) : null}

        {renderOutcome(a)}

        <View className="card" id="appointment-card">
          <View className="card-title">
            <Text className="wr-appt-matter">{localized(locale, a.matterName, a.matterNameEn)}</Text>
            <Text className={`badge badge-${appointmentTone[a.status]}`} id="appointment-status">
              {t(`wr.status.${a.status}`)}
            </Text>
          </View>
          <View className="wr-appt-rows">
            {row(
              t("wr.book.time"),
              <Text className="wr-appt-when">{formatWhen(t, a.startsAt, a.endsAt)}</Text>,
              "appointment-when",
            )}
            {row(
              t("wr.book.place"),
              <>
                <Text>{a.centerName}</Text>
                <Text className="wr-row-sub">{a.centerAddress}</Text>
              </>,
              "appointment-place",
            )}
            {/* Kept for reference once the visit is over; a cancelled ticket has nothing to refer to. */}
            {a.status === "done" || a.status === "materials_missing" || a.status === "no_show"
              ? row(t("wr.appt.ticket"), <Text>{spacedCode(a.ticketCode)}</Text>)
              : null}
          </View>
          {a.bookedVia === "staff" ? <Text className="hint">{t("wr.appt.viaStaff")}</Text> : null}
        </View>

        {a.materials.length ? (
          <View className="card" id="appointment-materials">
            <Text className="card-title">
              {t(showsTicket(a.status) ? "wr.appt.materials" : "wr.appt.materialsBooked")}
            </Text>
            {a.materials.map((m) => {
              const on = ticked.has(m.id);
              const lacking = missing.has(m.id);
              return (
                <View
                  key={m.id}
                  id={`appointment-material-${m.id}`}
                  className={`wr-appt-material${lacking ? " wr-appt-material-missing" : ""}`}
                >
                  <View className={`wr-tick${on ? " wr-tick-on" : ""}`}>{on ? "✓" : ""}</View>
                  <View className="wr-appt-material-body">
                    <View className="wr-appt-material-head">
                      <Text className="wr-material-name">{localized(locale, m.name, m.nameEn)}</Text>
                      {m.required ? <Text className="badge badge-red">{t("wr.matter.required")}</Text> : null}
                      {lacking ? (
                        <Text className="badge badge-orange">{t("wr.status.materials_missing")}</Text>
                      ) : null}
                    </View>
                    {m.note ? (
                      <Text className="wr-material-note">{localized(locale, m.note, m.noteEn)}</Text>
                    ) : null}
                  </View>
                </View>
              );
            })}
          </View>
        ) : null}

        {a.proxyCaseId ? (
          <View
            className="card wr-appt-proxy"
            id="appointment-proxy"
            hoverClass="cell-pressed"
            onClick={() => Taro.navigateTo({ url: `${ROUTES.windowMine}?proxy=${a.proxyCaseId}` })}
          >
            <View className="wr-appt-proxy-body">
              <Text className="cell-title">{t("wr.appt.proxy")}</Text>
              {proxy ? (
                <View className="wr-badges">
                  <Text className={`badge badge-${proxyTone[proxy.status]}`} id="appointment-proxy-status">
                    {t(`wr.proxy.${proxy.status}`)}
                  </Text>
                  {proxy.status === "received" || proxy.status === "in_progress" ? (
                    <Text className="badge badge-grey">
                      {t("wr.appt.proxyExpected", { date: formatDay(t, proxy.expectedBy) })}
                    </Text>
                  ) : null}
                </View>
              ) : (
                <Text className="cell-desc">{t("wr.appt.proxyView")}</Text>
              )}
            </View>
            <Text className="cell-arrow">›</Text>
          </View>
        ) : null}

        {actionError ? (
          <Text className="wr-banner wr-banner-error" id="appointment-error">
            {actionError}
          </Text>
        ) : null}

        <View className="wr-actions">
          {a.cancellableUntil ? (
            <View>
              <Button
                id="appointment-cancel"
                size="large"
                block
                fill="outline"
                type="danger"
                onClick={() => setConfirming(true)}
              >
                {t("wr.appt.cancel")}
              </Button>
              <Text className="hint wr-center-text">
                {t("wr.appt.cancelUntil", { time: formatShanghai(a.cancellableUntil) })}
              </Text>
            </View>
          ) : null}
          {upcoming && !a.cancellableUntil ? (
            <Text className="hint wr-center-text" id="appointment-cancel-closed">
              {t("wr.appt.cancelClosed")}
            </Text>
          ) : null}
          {a.status === "cancelled" || a.status === "cancelled_by_center" || a.status === "no_show" ? (
            <Button
              id="appointment-book-again"
              type="primary"
              size="large"
              block
              onClick={() => Taro.navigateTo({ url: `${ROUTES.windowMatter}?id=${a.matterId}` })}
            >
              {t("wr.appt.bookAgain")}
            </Button>
          ) : null}
          <Button
            id="appointment-mine"
            size="large"
            block
            className="wr-appt-mine"
            onClick={() => Taro.redirectTo({ url: ROUTES.windowMine })}
          >
            {t("wr.appt.mine")}
          </Button>
        </View>
      </View>
    );
  };

  return (
    <Page id="window-appointment-page" title={t("wr.appt.title")}>
      <LoadState id="window-appointment" load={load} error={loadError} onRetry={() => fetchAppointment()} />
      {load === "ready" && appointment ? renderAppointment(appointment) : null}

      {confirming ? (
        <Confirm
          id="appointment-cancel-dialog"
          title={t("wr.appt.cancelTitle")}
          body={t("wr.appt.cancelBody")}
          confirmId="appointment-cancel-confirm"
          confirmText={t("wr.appt.cancelConfirm")}
          cancelId="appointment-cancel-keep"
          cancelText={t("wr.appt.keep")}
          danger
          busy={busy}
          onConfirm={cancel}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </Page>
  );
}
