import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { useRef, useState } from "react";
import {
  type Appointment,
  listMyAppointments,
  type MyAppointments,
  type ProxyCase,
} from "../../../api/window";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { usePagedList } from "../../../components/usePagedList";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSettings } from "../../../store/settings";
import { formatDay, formatWhen } from "../../../utils/legal-format";
import { formatShanghai, shanghaiDate } from "../../../utils/time";
import { localized, spacedCode } from "../../../utils/window-format";
import { appointmentTone, proxyTone, windowErrorText } from "../../../utils/window-rules";
import "../common/window.scss";
import "./index.scss";

type Tab = "upcoming" | "past";

export default function WindowMinePage() {
  const t = useT();
  const { locale } = useSettings();
  const highlight = useRouter().params.proxy ?? null;
  const [proxies, setProxies] = useState<ProxyCase[]>([]);
  const scrolled = useRef(false);
  const { tab, switchTo, load, error, items, cursor, moreBusy, more, fetchFirst } = usePagedList<
    Tab,
    Appointment,
    MyAppointments
  >({
    firstTab: "upcoming",
    fetchPage: listMyAppointments,
    onFirstPage: (page) => {
      setProxies(page.proxyCases);
      // Opened from a proxy message: bring that case into view once.
      if (highlight && !scrolled.current && page.proxyCases.some((c) => c.id === highlight)) {
        scrolled.current = true;
        setTimeout(() => {
          void Taro.pageScrollTo({ selector: `#proxy-${highlight}`, duration: 300 }).catch(() => undefined);
        }, 100);
      }
    },
    errorText: (err) => windowErrorText(t, err),
  });

  const renderAppointment = (a: Appointment) => (
    <View
      key={a.id}
      id={`appointment-${a.id}`}
      className="card wr-mine-item"
      hoverClass="cell-pressed"
      onClick={() => Taro.navigateTo({ url: `${ROUTES.windowAppointment}?id=${a.id}` })}
    >
      <View className="wr-mine-body">
        <Text className="cell-title">{localized(locale, a.matterName, a.matterNameEn)}</Text>
        <Text className="wr-mine-when">{formatWhen(t, a.startsAt, a.endsAt)}</Text>
        <Text className="cell-desc">{a.centerName}</Text>
        <View className="wr-badges">
          <Text className={`badge badge-${appointmentTone[a.status]}`}>{t(`wr.status.${a.status}`)}</Text>
          {a.status === "booked" ? (
            <Text className="badge badge-grey">
              {t("wr.mine.ticket", { code: spacedCode(a.ticketCode) })}
            </Text>
          ) : null}
          {a.status === "materials_missing" && a.missing.length ? (
            <Text className="badge badge-orange">
              {t("wr.msg.missing", {
                list: a.missing.map((m) => localized(locale, m.name, m.nameEn)).join(t("wr.list.sep")),
              })}
            </Text>
          ) : null}
        </View>
      </View>
      <Text className="cell-arrow">›</Text>
    </View>
  );

  const renderProxy = (c: ProxyCase) => {
    const open = c.status === "received" || c.status === "in_progress";
    const history = [...c.history].sort((a, b) => b.at.localeCompare(a.at));
    return (
      <View
        key={c.id}
        id={`proxy-${c.id}`}
        className={`card wr-proxy${c.id === highlight ? " wr-proxy-on" : ""}`}
      >
        <View className="card-title">
          <Text className="wr-proxy-name">{localized(locale, c.matterName, c.matterNameEn)}</Text>
          <Text className={`badge badge-${proxyTone[c.status]}`} id={`proxy-${c.id}-status`}>
            {t(`wr.proxy.${c.status}`)}
          </Text>
        </View>
        <Text className="cell-desc">
          {t("wr.mine.proxyReceived", { date: formatDay(t, shanghaiDate(c.receivedAt)) })}
          {open ? ` · ${t("wr.mine.proxyExpected", { date: formatDay(t, c.expectedBy) })}` : ""}
        </Text>
        {c.note && !history.some((event) => event.note === c.note) ? (
          <Text className="wr-proxy-note">{t("wr.appt.note", { note: c.note })}</Text>
        ) : null}
        {history.length ? (
          <View className="wr-timeline">
            <Text className="wr-timeline-title">{t("wr.mine.proxyHistory")}</Text>
            {history.map((event, i) => (
              <View
                key={`${event.at}-${event.status}`}
                className={`wr-event${i === 0 ? " wr-event-last" : ""}`}
              >
                <View className="wr-event-dot" />
                <View className="wr-event-body">
                  <Text className="wr-event-status">{t(`wr.proxy.${event.status}`)}</Text>
                  <Text className="wr-event-at">{formatShanghai(event.at)}</Text>
                  {event.note ? <Text className="wr-event-note">{event.note}</Text> : null}
                </View>
              </View>
            ))}
          </View>
        ) : null}
        {c.appointmentId ? (
          <View
            className="wr-proxy-link"
            id={`proxy-${c.id}-appointment`}
            hoverClass="cell-pressed"
            onClick={() => Taro.navigateTo({ url: `${ROUTES.windowAppointment}?id=${c.appointmentId}` })}
          >
            <Text>{t("wr.appt.title")}</Text>
            <Text className="cell-arrow">›</Text>
          </View>
        ) : null}
      </View>
    );
  };

  return (
    <Page id="window-mine-page" title={t("wr.mine.title")}>
      <View className="wr-tabs">
        {(["upcoming", "past"] as const).map((which) => (
          <View
            key={which}
            id={`window-tab-${which}`}
            className={`wr-tab${tab === which ? " wr-tab-on" : ""}`}
            onClick={() => switchTo(which)}
          >
            {t(`wr.mine.${which}`)}
          </View>
        ))}
      </View>

      <LoadState id="window-mine" load={load} error={error} onRetry={() => fetchFirst(tab)} />

      {load === "ready" ? (
        <View>
          {items.map(renderAppointment)}

          {items.length === 0 ? (
            <View className="state state-retry" id="window-mine-empty">
              <Text className="state-message">
                {t(tab === "upcoming" ? "wr.mine.emptyUpcoming" : "wr.mine.emptyPast")}
              </Text>
              <Button
                id="window-mine-book"
                type="primary"
                onClick={() => Taro.navigateTo({ url: ROUTES.windowCatalog })}
              >
                {t("wr.mine.book")}
              </Button>
            </View>
          ) : null}

          {cursor ? (
            <View className="wr-actions">
              <Button id="window-mine-more" size="normal" block loading={moreBusy} onClick={more}>
                {t("wr.mine.loadMore")}
              </Button>
            </View>
          ) : null}

          {proxies.length ? (
            <View id="window-proxy-section">
              <Text className="section-title">{t("wr.mine.proxyTitle")}</Text>
              {proxies.map(renderProxy)}
            </View>
          ) : null}
        </View>
      ) : null}
    </Page>
  );
}
