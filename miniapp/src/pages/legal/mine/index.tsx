import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useState } from "react";
import {
  type LegalBooking,
  type LegalWaitlistEntry,
  leaveWaitlist,
  listMyBookings,
  type MyBookings,
} from "../../../api/legal";
import { Confirm } from "../../../components/Confirm";
import { Page } from "../../../components/Page";
import { usePagedList } from "../../../components/usePagedList";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { formatWhen } from "../../../utils/legal-format";
import { shanghaiDate } from "../../../utils/time";
import { bookingState, bookingTone, errorText } from "../common/rules";
import "../common/legal.scss";
import "./index.scss";
import { LoadState } from "../../../components/LoadState";

type Tab = "upcoming" | "past";

export default function LegalMinePage() {
  const t = useT();
  const [waitlist, setWaitlist] = useState<LegalWaitlistEntry[]>([]);
  const [suspendedUntil, setSuspendedUntil] = useState<string | null>(null);
  const [leaving, setLeaving] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [nowIso, setNowIso] = useState(() => new Date().toISOString());
  const { tab, switchTo, load, error, items, cursor, moreBusy, more, fetchFirst } = usePagedList<
    Tab,
    LegalBooking,
    MyBookings
  >({
    firstTab: "upcoming",
    fetchPage: listMyBookings,
    onFirstPage: (page, which) => {
      setNowIso(new Date().toISOString());
      if (which === "upcoming") setWaitlist(page.waitlist);
      setSuspendedUntil(page.suspendedUntil);
    },
    errorText: (err) => errorText(t, err),
  });

  const leave = async () => {
    if (!leaving || busy) return;
    setBusy(true);
    try {
      await leaveWaitlist(leaving);
      void Taro.showToast({ title: t("legal.mine.left"), icon: "success" });
    } catch (err) {
      void Taro.showToast({ title: errorText(t, err), icon: "none" });
    } finally {
      setBusy(false);
      setLeaving(null);
      void fetchFirst("upcoming");
    }
  };

  const renderBooking = (b: LegalBooking) => {
    const state = bookingState(b, nowIso);
    return (
      <View
        key={b.id}
        id={`legal-booking-${b.id}`}
        className="card mine-item"
        hoverClass="cell-pressed"
        onClick={() => Taro.navigateTo({ url: `${ROUTES.legalBooking}?id=${b.id}` })}
      >
        <View className="mine-item-body">
          <View className="mine-item-head">
            <Text className="cell-title mine-when">{formatWhen(t, b.startsAt, b.endsAt)}</Text>
          </View>
          <Text className="cell-desc">
            {b.lawyer.name} · {t(`legal.mode.${b.mode}`)} · {t(`legal.category.${b.category}`)}
          </Text>
          <View className="mine-badges">
            <Text className={`badge badge-${bookingTone[state]}`}>{t(`legal.booking.status.${state}`)}</Text>
            {b.outcome ? <Text className="badge badge-grey">{t(`legal.outcome.${b.outcome}`)}</Text> : null}
          </View>
        </View>
        <Text className="cell-arrow">›</Text>
      </View>
    );
  };

  const renderWaiting = (entry: LegalWaitlistEntry) => (
    <View key={entry.slotId} id={`legal-waitlist-${entry.slotId}`} className="card mine-item">
      <View className="mine-item-body">
        <Text className="cell-title mine-when">
          {entry.slot ? formatWhen(t, entry.slot.startsAt, entry.slot.endsAt) : entry.slotId}
        </Text>
        <Text className="cell-desc">
          {entry.slot ? `${entry.slot.lawyer.name} · ${t(`legal.mode.${entry.slot.mode}`)} · ` : ""}
          {t(`legal.category.${entry.category}`)}
        </Text>
        <View className="mine-badges">
          {entry.slot?.status === "cancelled" ? (
            <Text className="badge badge-grey">{t("legal.mine.slotGone")}</Text>
          ) : (
            <Text className="badge badge-orange">
              {t("legal.mine.position", { position: entry.position })}
            </Text>
          )}
        </View>
      </View>
      <Button
        id={`legal-waitlist-leave-${entry.slotId}`}
        size="small"
        fill="outline"
        type="danger"
        onClick={() => setLeaving(entry.slotId)}
      >
        {t("legal.mine.leave")}
      </Button>
    </View>
  );

  const empty = items.length === 0 && (tab === "past" || waitlist.length === 0);

  return (
    <Page id="legal-mine-page" title={t("legal.mine.title")}>
      <View className="mine-tabs">
        {(["upcoming", "past"] as const).map((which) => (
          <View
            key={which}
            id={`legal-tab-${which}`}
            className={`mine-tab${tab === which ? " mine-tab-on" : ""}`}
            onClick={() => switchTo(which)}
          >
            {t(`legal.mine.${which}`)}
          </View>
        ))}
      </View>

      {suspendedUntil ? (
        <Text className="legal-banner" id="legal-suspended">
          {t("legal.mine.suspended", { date: shanghaiDate(suspendedUntil) })}
        </Text>
      ) : null}

      <LoadState id="legal-mine" load={load} error={error} onRetry={() => fetchFirst(tab)} />

      {load === "ready" ? (
        <View>
          {tab === "upcoming" && waitlist.length > 0 ? (
            <View id="legal-waitlist-section">
              <Text className="section-title">{t("legal.mine.waitlist")}</Text>
              {waitlist.map(renderWaiting)}
            </View>
          ) : null}

          {tab === "upcoming" && items.length > 0 && waitlist.length > 0 ? (
            <Text className="section-title">{t("legal.mine.upcoming")}</Text>
          ) : null}
          {items.map(renderBooking)}

          {empty ? (
            <View className="state" id="legal-mine-empty">
              <Text className="state-message">
                {t(tab === "upcoming" ? "legal.mine.emptyUpcoming" : "legal.mine.emptyPast")}
              </Text>
              <Button
                id="legal-mine-book"
                type="primary"
                onClick={() => Taro.navigateTo({ url: ROUTES.legalSlots })}
              >
                {t("legal.mine.book")}
              </Button>
            </View>
          ) : null}

          {cursor ? (
            <View className="legal-actions">
              <Button id="legal-mine-more" size="normal" block loading={moreBusy} onClick={more}>
                {t("legal.mine.loadMore")}
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}

      {leaving ? (
        <Confirm
          id="legal-leave-dialog"
          title={t("legal.mine.leaveTitle")}
          body={t("legal.mine.leaveBody")}
          confirmId="legal-leave-confirm"
          confirmText={t("legal.mine.leave")}
          cancelId="legal-leave-keep"
          cancelText={t("common.cancel")}
          danger
          busy={busy}
          onConfirm={leave}
          onCancel={() => setLeaving(null)}
        />
      ) : null}
    </Page>
  );
}
