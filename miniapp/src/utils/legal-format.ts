// Shared by the legal and window pages and the message list (main package), so it lives here.
import type { Translate } from "../i18n";
import { caseMessageText } from "./cases-messages";
import { isoWeekday, shanghaiClock, shanghaiDate } from "./time";
import { spacedCode } from "./window-format";

/** "11月23日 周一 09:00–09:30" in Asia/Shanghai. */
export function formatWhen(t: Translate, startsAt: string, endsAt: string): string {
  const date = shanghaiDate(startsAt);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return startsAt;
  return t("legal.when", {
    date: formatDay(t, date),
    weekday: weekdayOf(t, date),
    time: timeRange(startsAt, endsAt),
  });
}

/** "09:00–09:30"; word joiners keep large text from breaking the line after the dash. */
export function timeRange(startsAt: string, endsAt: string): string {
  return `${shanghaiClock(startsAt)}\u2060–\u2060${shanghaiClock(endsAt)}`;
}

/** "11月23日" from "2026-11-23". */
export function formatDay(t: Translate, date: string): string {
  return t("legal.date", { month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) });
}

export function weekdayOf(t: Translate, date: string): string {
  return t(`legal.weekday.${isoWeekday(date) as 1 | 2 | 3 | 4 | 5 | 6 | 7}`);
}

export interface MessageLike {
  kind: string;
  params: Record<string, string>;
}

const KINDS = [
  "legal.booking_confirmed",
  "legal.reminder_day_before",
  "legal.reminder_hour_before",
  "legal.promoted",
  "legal.cancelled_by_center",
  "legal.waitlist_closed",
] as const;
type Kind = (typeof KINDS)[number];
const isKnown = (kind: string): kind is Kind => (KINDS as readonly string[]).includes(kind);

const WINDOW_KINDS = [
  "booked",
  "reminder",
  "cancelled_by_center",
  "materials_missing",
  "done",
  "no_show",
  "proxy_received",
  "proxy_in_progress",
  "proxy_done",
  "proxy_returned",
] as const;
type WindowKind = (typeof WINDOW_KINDS)[number];
const windowKind = (kind: string): WindowKind | null => {
  const name = kind.startsWith("window.") ? kind.slice("window.".length) : "";
  return (WINDOW_KINDS as readonly string[]).includes(name) ? (name as WindowKind) : null;
};

/** A window message: the matter (in the reader's language when it has an English name), then what changed. */
function windowText(t: Translate, kind: WindowKind, params: Record<string, string>) {
  const lines: string[] = [];
  const matter = (t("wr.lang") === "en" && params.matterNameEn) || params.matterName || "";
  if (kind.startsWith("proxy_")) {
    if (matter) lines.push(matter);
    if ((kind === "proxy_received" || kind === "proxy_in_progress") && params.expectedBy)
      lines.push(t("wr.msg.expected", { date: formatDay(t, params.expectedBy) }));
    if (params.note) lines.push(t("wr.msg.note", { note: params.note }));
    return { title: t(`wr.msg.${kind}`), lines };
  }
  if (params.startsAt && params.endsAt) {
    const when = formatWhen(t, params.startsAt, params.endsAt);
    lines.push(matter ? t("wr.msg.line", { matter, when }) : when);
  } else if (matter) {
    lines.push(matter);
  }
  if (kind === "booked" || kind === "reminder") {
    if (params.place) lines.push(t("msg.place", { place: params.place }));
    if (params.ticketCode) lines.push(t("wr.msg.ticket", { code: spacedCode(params.ticketCode) }));
    if (kind === "reminder") lines.push(t("wr.msg.bring"));
  } else if (kind === "cancelled_by_center") {
    if (params.reason) lines.push(t("msg.reason", { reason: params.reason }));
  } else if (kind === "materials_missing") {
    if (params.missing) lines.push(t("wr.msg.missing", { list: params.missing }));
    if (params.note) lines.push(t("wr.msg.note", { note: params.note }));
  } else if (kind === "no_show") {
    lines.push(t("wr.msg.rebook"));
  }
  return { title: t(`wr.msg.${kind}`), lines };
}

const DELIBERATION_KINDS = ["accepted", "declined", "withdrawn", "passed", "failed"] as const;
type DeliberationKind = (typeof DELIBERATION_KINDS)[number];
const deliberationKind = (kind: string): DeliberationKind | null => {
  const name = kind.startsWith("deliberation.") ? kind.slice("deliberation.".length) : "";
  return (DELIBERATION_KINDS as readonly string[]).includes(name) ? (name as DeliberationKind) : null;
};

/** A message's title and lines in the reader's language, from its kind and parameters. */
export function messageText(t: Translate, message: MessageLike): { title: string; lines: string[] } {
  const { kind, params } = message;
  const ofWindow = windowKind(kind);
  if (ofWindow) return windowText(t, ofWindow, params);
  const ofCase = caseMessageText(t, message);
  if (ofCase) return ofCase;
  const ofDeliberation = deliberationKind(kind);
  if (ofDeliberation) {
    const lines = params.topicTitle ? [t("dm.topic", { title: params.topicTitle })] : [];
    if (params.reason) lines.push(t("dm.reason", { reason: params.reason }));
    return { title: t(`dm.${ofDeliberation}`), lines };
  }
  if (kind === "notice.emergency")
    return {
      title: t("nr.msg.emergency"),
      lines: params.noticeTitle ? [t("nr.msg.title", { title: params.noticeTitle })] : [],
    };
  if (!isKnown(kind)) return { title: t("msg.unknown"), lines: [] };
  const lines: string[] = [];
  if (params.startsAt && params.endsAt) {
    const when = formatWhen(t, params.startsAt, params.endsAt);
    lines.push(params.lawyerName ? t("msg.line", { lawyer: params.lawyerName, when }) : when);
  }
  if (kind === "legal.waitlist_closed") {
    const reason = params.reason ?? "";
    if (reason === "not_eligible" || reason === "slot_cancelled") lines.push(t(`msg.reason.${reason}`));
    else if (reason) lines.push(t("msg.reason", { reason }));
  } else if (kind === "legal.cancelled_by_center") {
    if (params.reason) lines.push(t("msg.reason", { reason: params.reason }));
  } else if (params.mode === "phone") {
    lines.push(t("msg.phone"));
  } else if (params.place) {
    lines.push(t("msg.place", { place: params.place }));
  }
  return { title: t(`msg.${kind}`), lines };
}
