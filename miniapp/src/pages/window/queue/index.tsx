import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Picker, Text, View } from "@tarojs/components";
import Taro, { useDidHide, useDidShow, usePullDownRefresh } from "@tarojs/taro";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import {
  checkIn,
  getQueue,
  listProxyCases,
  type ProxyCase,
  type Queue,
  type QueueEntry,
  recordResult,
  type WindowAppointment,
} from "../../../api/window-work";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { type Translate, useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import { useSettings } from "../../../store/settings";
import { formatDay, formatWhen, timeRange, weekdayOf } from "../../../utils/legal-format";
import { addDays, shanghaiDate } from "../../../utils/time";
import { holidayName, localized, spacedCode } from "../../../utils/window-format";
import { isForbidden, isNoCenter, windowErrorMessage } from "../../../utils/window-work-errors";
import {
  canCheckIn,
  canTakeInProxy,
  closedReason,
  dayInYear,
  findByTicket,
  patchEntry,
  queueCounts,
  visibleSlots,
} from "../../../utils/window-work-queue";
import { BookDialog } from "./BookDialog";
import { CheckIn, type CheckInMessage } from "./CheckIn";
import { EntryCard } from "./EntryCard";
import { MissingDialog } from "./MissingDialog";
import { ProxyCases } from "./ProxyCases";
import { ProxyDialog } from "./ProxyDialog";
import "../../../components/Page/staff.scss";
import "./index.scss";

type Tab = "queue" | "proxy";
type Load = "loading" | "ready" | "error" | "forbidden" | "no-center";

/** "11月22日 周日" over "今天 · 2026-11-22": two short lines that fit large text. */
function dayTitle(t: Translate, date: string): string {
  return `${formatDay(t, date)} ${weekdayOf(t, date)}`;
}

export default function WindowQueuePage() {
  const t = useT();
  const { locale } = useSettings();
  const { user } = useSession();
  const communityId = user?.staffCommunityIds[0];
  const today = shanghaiDate();
  const [tab, setTab] = useState<Tab>("queue");
  const [date, setDate] = useState(today);
  const [queue, setQueue] = useState<Queue | null>(null);
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [showEmpty, setShowEmpty] = useState(false);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [checkInBusy, setCheckInBusy] = useState(false);
  const [checkInMessage, setCheckInMessage] = useState<CheckInMessage | null>(null);
  const [busy, setBusy] = useState<{ id: string; what: "checkin" | "done" } | null>(null);
  const [missingFor, setMissingFor] = useState<QueueEntry | null>(null);
  const [proxyFor, setProxyFor] = useState<QueueEntry | null>(null);
  const [booking, setBooking] = useState(false);
  const [banner, setBanner] = useState("");
  const [cases, setCases] = useState<ProxyCase[]>([]);
  const [casesLoad, setCasesLoad] = useState<"loading" | "ready" | "error">("loading");
  const [casesError, setCasesError] = useState("");
  const [casesCursor, setCasesCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const latest = useRef(0);
  const shownRef = useRef(true);

  const fetchQueue = async (day: string, quiet = false) => {
    const ticket = ++latest.current;
    if (!quiet) setLoad("loading");
    try {
      const body = await getQueue(day);
      if (ticket !== latest.current) return;
      setQueue(body);
      setLoad("ready");
    } catch (err) {
      if (ticket !== latest.current) return;
      setError(windowErrorMessage(t, err));
      setLoad(isForbidden(err) ? "forbidden" : isNoCenter(err) ? "no-center" : "error");
    }
  };

  const fetchCases = async () => {
    setCasesLoad("loading");
    try {
      const page = await listProxyCases(communityId);
      setCases(page.items);
      setCasesCursor(page.nextCursor);
      setCasesLoad("ready");
    } catch (err) {
      setCasesError(windowErrorMessage(t, err));
      setCasesLoad("error");
    }
  };

  const moreCases = async () => {
    if (!casesCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await listProxyCases(communityId, casesCursor);
      setCases((prev) => [...prev, ...page.items.filter((c) => !prev.some((p) => p.id === c.id))]);
      setCasesCursor(page.nextCursor);
    } catch (err) {
      void Taro.showToast({ title: windowErrorMessage(t, err), icon: "none", duration: 3000 });
    } finally {
      setLoadingMore(false);
    }
  };

  useDidShow(() => {
    shownRef.current = true;
    void fetchQueue(date);
    void fetchCases();
  });

  useDidHide(() => {
    shownRef.current = false;
  });

  // Residents book and cancel, colleagues check people in: the queue refreshes itself quietly
  // every minute while it is on screen and no dialog is open.
  const refreshRef = useRef<() => void>(() => undefined);
  refreshRef.current = () => {
    if (tab === "queue" && !missingFor && !proxyFor && !booking && load === "ready")
      void fetchQueue(date, true);
  };
  useEffect(() => {
    const timer = setInterval(() => {
      if (shownRef.current) refreshRef.current();
    }, 60_000);
    return () => clearInterval(timer);
  }, []);

  usePullDownRefresh(() => {
    const done = () => Taro.stopPullDownRefresh();
    Promise.all([fetchQueue(date, true), fetchCases()]).then(done, done);
  });

  const go = (day: string) => {
    setDate(day);
    setFocusId(null);
    setBanner("");
    void fetchQueue(day);
  };

  /** Brings an entry into view once it is drawn. */
  const focus = (id: string) => {
    setFocusId(id);
    setTimeout(() => {
      void Taro.pageScrollTo({ selector: `#queue-entry-${id}`, duration: 300, offsetTop: -80 }).catch(
        () => undefined,
      );
    }, 150);
  };

  const applyAppointment = (appointment: WindowAppointment) => {
    setQueue((prev) =>
      prev
        ? {
            ...prev,
            slots: patchEntry(prev.slots, appointment.id, {
              status: appointment.status,
              checkedInAt: appointment.checkedInAt,
              completedAt: appointment.completedAt,
              missing: appointment.missing,
              note: appointment.note,
            }),
          }
        : prev,
    );
  };

  /** Checks a ticket in; true when it went through (the input is then cleared). */
  const submitCheckIn = async (code: string, entryId?: string): Promise<boolean> => {
    setCheckInMessage(null);
    setBanner("");
    if (entryId) setBusy({ id: entryId, what: "checkin" });
    else setCheckInBusy(true);
    try {
      const appointment = await checkIn(code, queue?.center.id);
      const name = appointment.residentName;
      const matter = localized(locale, appointment.matterName, appointment.matterNameEn);
      setCheckInMessage({ tone: "ok", text: t("ww.checkin.done", { name, matter }) });
      if (date !== appointment.date) {
        setDate(appointment.date);
        await fetchQueue(appointment.date, true);
      } else {
        applyAppointment(appointment);
        void fetchQueue(date, true);
      }
      focus(appointment.id);
      return true;
    } catch (err) {
      const found = queue && date === today ? findByTicket(queue.slots, code) : undefined;
      if (err instanceof ApiError && err.code === "ALREADY_CHECKED_IN" && found) {
        setCheckInMessage({ tone: "ok", text: t("ww.checkin.already", { name: found.residentName }) });
        focus(found.id);
        return true;
      }
      setCheckInMessage({ tone: "error", text: windowErrorMessage(t, err) });
      if (found) focus(found.id);
      return false;
    } finally {
      setCheckInBusy(false);
      setBusy(null);
    }
  };

  const markDone = async (entry: QueueEntry) => {
    if (busy) return;
    setBusy({ id: entry.id, what: "done" });
    try {
      applyAppointment(await recordResult(entry.id, { result: "done" }));
      setCheckInMessage(null);
      setFocusId(entry.id);
      void Taro.showToast({ title: t("ww.result.done", { name: entry.residentName }), icon: "none" });
      void fetchQueue(date, true);
    } catch (err) {
      void Taro.showToast({ title: windowErrorMessage(t, err), icon: "none", duration: 3000 });
      void fetchQueue(date, true);
    } finally {
      setBusy(null);
    }
  };

  if (load === "forbidden")
    return (
      <Page id="window-queue-page" title={t("ww.queue.title")}>
        <View className="state" id="queue-forbidden">
          {t("ww.forbidden")}
        </View>
      </Page>
    );

  if (load === "no-center")
    return (
      <Page id="window-queue-page" title={t("ww.queue.title")}>
        <View className="state state-retry" id="queue-no-center">
          <Text className="state-message">{t("ww.noCenter")}</Text>
          <Text className="hint ww-center-hint">{t("ww.noCenterHint")}</Text>
          <Button
            id="queue-go-manage"
            type="primary"
            onClick={() => void Taro.navigateTo({ url: ROUTES.windowManage })}
          >
            {t("ww.goManage")}
          </Button>
        </View>
      </Page>
    );

  // Taken in by proxy: the queue says so (proxyCaseId); cases just taken in here are in `cases`.
  const takenIn = new Set([
    ...cases.flatMap((c) => (c.appointmentId ? [c.appointmentId] : [])),
    ...(queue?.slots ?? []).flatMap((slot) => slot.entries.filter((e) => e.proxyCaseId).map((e) => e.id)),
  ]);
  const counts = queue ? queueCounts(queue.slots) : null;
  const slots = queue ? visibleSlots(queue.slots, showEmpty) : [];
  const day = queue?.day;

  return (
    <Page id="window-queue-page" title={t("ww.queue.title")}>
      <View className="lw-tabs">
        {(["queue", "proxy"] as const).map((value) => (
          <View
            key={value}
            id={`queue-tab-${value}`}
            className={`lw-tab${tab === value ? " lw-tab-on" : ""}`}
            onClick={() => setTab(value)}
          >
            {t(value === "queue" ? "ww.queue.tabQueue" : "ww.queue.tabProxy")}
            {value === "proxy" && cases.some((c) => c.status === "received" || c.status === "in_progress")
              ? ` · ${cases.filter((c) => c.status === "received" || c.status === "in_progress").length}`
              : ""}
          </View>
        ))}
      </View>

      {tab === "proxy" ? (
        <ProxyCases
          cases={cases}
          load={casesLoad}
          error={casesError}
          nextCursor={casesCursor}
          loadingMore={loadingMore}
          onRetry={fetchCases}
          onMore={moreCases}
          onChanged={(updated) => {
            setCases((prev) => prev.map((c) => (c.id === updated.id ? updated : c)));
            void Taro.showToast({
              title: t("ww.cases.moved", { status: t(`wr.proxy.${updated.status}`) }),
              icon: "none",
            });
          }}
        />
      ) : (
        <View id="queue">
          <CheckIn
            busy={checkInBusy}
            message={checkInMessage}
            otherDay={date !== today}
            onSubmit={(code) => submitCheckIn(code)}
            onMessage={setCheckInMessage}
          />

          <View className="ww-daynav">
            <View id="queue-prev" className="ww-daynav-step" onClick={() => go(addDays(date, -1))}>
              ‹
            </View>
            <Picker mode="date" value={date} onChange={(e) => go(String(e.detail.value))}>
              <View className="ww-daynav-date" id="queue-date">
                <Text className="ww-daynav-day">{dayTitle(t, date)}</Text>
                <Text className="muted">{date === today ? `${t("lw.today")} · ${date}` : date}</Text>
              </View>
            </Picker>
            <View id="queue-next" className="ww-daynav-step" onClick={() => go(addDays(date, 1))}>
              ›
            </View>
          </View>
          {date !== today ? (
            <View className="ww-today-link">
              <Text id="queue-today" className="ww-link" onClick={() => go(today)}>
                {t("lw.today")}
              </Text>
            </View>
          ) : null}

          <View className="ww-toolbar">
            <Button
              id="behalf-book-open"
              type="primary"
              fill="outline"
              size="normal"
              disabled={!queue}
              onClick={() => {
                setBanner("");
                setBooking(true);
              }}
            >
              {t("ww.behalf.open")}
            </Button>
            <Button id="queue-refresh" size="normal" onClick={() => void fetchQueue(date)}>
              {t("ww.refresh")}
            </Button>
          </View>

          {banner ? (
            <View className="ww-banner" id="queue-banner">
              {banner}
            </View>
          ) : null}

          <LoadState id="queue" load={load} error={error} onRetry={() => fetchQueue(date)} />

          {load === "ready" && queue && day ? (
            <View id="queue-body">
              <Text className="section-title" id="queue-center">
                {t("ww.queue.center", {
                  name: localized(locale, queue.center.name, queue.center.nameEn),
                  windows: queue.center.windows,
                })}
              </Text>
              {!day.open ? (
                <View className="ww-banner ww-banner-closed" id="queue-closed">
                  {closedReason(t, day)}
                </View>
              ) : day.makeUpFor ? (
                <View className="ww-banner" id="queue-make-up">
                  {t("ww.makeUpDay", { holiday: holidayName(t, day.makeUpFor) })}
                </View>
              ) : null}
              {counts && counts.total + counts.cancelled > 0 ? (
                <View className="ww-summary" id="queue-summary">
                  <Text className="ww-summary-line">{t("ww.queue.summary", { ...counts })}</Text>
                  {counts.missing + counts.noShow + counts.cancelled > 0 ? (
                    <Text className="muted">{t("ww.queue.summaryMore", { ...counts })}</Text>
                  ) : null}
                </View>
              ) : null}

              {queue.slots.length === 0 ? (
                <View className="state" id="queue-empty">
                  {day.open ? t("ww.queue.emptySlots") : t("ww.queue.empty")}
                </View>
              ) : null}
              {queue.slots.length > 0 && counts && counts.total + counts.cancelled === 0 ? (
                <View className="state ww-state-small" id="queue-empty">
                  {t("ww.queue.empty")}
                </View>
              ) : null}
              {queue.slots.some((s) => s.entries.length === 0) ? (
                <View className="ww-toggle-row">
                  <Text id="queue-show-empty" className="ww-link" onClick={() => setShowEmpty(!showEmpty)}>
                    {t(showEmpty ? "ww.queue.hideEmpty" : "ww.queue.showEmpty")}
                  </Text>
                </View>
              ) : null}

              {slots.map((slot) => (
                <View key={slot.startsAt} className="card ww-slot" id={`queue-slot-${slot.startsAt}`}>
                  <View className="lw-slot-head">
                    <Text className="lw-slot-time">{timeRange(slot.startsAt, slot.endsAt)}</Text>
                    <Text className={`badge ${slot.booked >= slot.windows ? "badge-orange" : "badge-green"}`}>
                      {t("ww.queue.seats", { booked: slot.booked, windows: slot.windows })}
                    </Text>
                  </View>
                  {slot.entries.length === 0 ? (
                    <Text className="lw-muted-row">{t("ww.queue.noEntries")}</Text>
                  ) : null}
                  {slot.entries.map((entry) => (
                    <EntryCard
                      key={entry.id}
                      entry={entry}
                      focused={focusId === entry.id}
                      checkInOffered={canCheckIn(entry, date, today)}
                      proxyOffered={canTakeInProxy(entry, takenIn)}
                      proxyTaken={takenIn.has(entry.id)}
                      busy={busy?.id === entry.id ? busy.what : null}
                      now={new Date().toISOString()}
                      onCheckIn={() => void submitCheckIn(entry.ticketCode, entry.id)}
                      onDone={() => void markDone(entry)}
                      onMissing={() => setMissingFor(entry)}
                      onProxy={() => setProxyFor(entry)}
                    />
                  ))}
                </View>
              ))}
            </View>
          ) : null}
        </View>
      )}

      {missingFor ? (
        <MissingDialog
          entry={missingFor}
          onDismiss={() => setMissingFor(null)}
          onSaved={(appointment) => {
            applyAppointment(appointment);
            setCheckInMessage(null);
            setFocusId(appointment.id);
            setMissingFor(null);
            void Taro.showToast({
              title: t("ww.result.saved", { name: appointment.residentName }),
              icon: "none",
            });
            void fetchQueue(date, true);
          }}
        />
      ) : null}

      {proxyFor ? (
        <ProxyDialog
          entry={proxyFor}
          onDismiss={() => setProxyFor(null)}
          onTaken={(proxyCase) => {
            setCases((prev) => [proxyCase, ...prev.filter((c) => c.id !== proxyCase.id)]);
            setProxyFor(null);
            setBanner(
              t("ww.proxy.received", {
                matter: localized(locale, proxyCase.matterName, proxyCase.matterNameEn),
                date: dayInYear(t, proxyCase.expectedBy, today),
              }),
            );
          }}
        />
      ) : null}

      {booking && queue ? (
        <BookDialog
          communityId={queue.center.communityId}
          onDismiss={() => setBooking(false)}
          onBooked={(appointment, name) => {
            setBooking(false);
            setBanner(
              t("ww.behalf.done", {
                name,
                when: formatWhen(t, appointment.startsAt, appointment.endsAt),
                code: spacedCode(appointment.ticketCode),
              }),
            );
            if (appointment.date === date) void fetchQueue(date, true);
          }}
        />
      ) : null}
    </Page>
  );
}
