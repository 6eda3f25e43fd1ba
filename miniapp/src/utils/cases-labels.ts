// 随手拍 and mediation in words, without I/O: categories, statuses and their tones, deadlines,
// history events and places. Small and free of the server's text rules: the message list (main
// package) reads it too.
import type {
  CaseLocation,
  CaseSummary,
  DisputeStatus,
  DisputeType,
  ReportCategory,
  ReportStatus,
} from "../api/cases";
import type { Tone } from "../components/tone";
import type { Translate } from "../i18n";

export const REPORT_CATEGORIES: ReportCategory[] = [
  "illegal_construction",
  "environment_sanitation",
  "public_facilities",
  "safety_hazard",
  "noise",
  "property_management",
  "other",
];

export const DISPUTE_TYPES: DisputeType[] = [
  "neighbour",
  "family",
  "property",
  "labour",
  "consumer",
  "other",
];

export const reportTone: Record<ReportStatus, Tone> = {
  submitted: "orange",
  dispatched: "green",
  in_progress: "green",
  resolved: "orange",
  closed: "grey",
  declined: "red",
  merged: "grey",
};

export const disputeTone: Record<DisputeStatus, Tone> = {
  filed: "orange",
  assigned: "green",
  in_mediation: "green",
  closed: "grey",
};

const isReportCategory = (value: string): value is ReportCategory =>
  (REPORT_CATEGORIES as string[]).includes(value);
const isDisputeType = (value: string): value is DisputeType => (DISPUTE_TYPES as string[]).includes(value);

/** A report's category or a dispute's type in words; an unknown value as it is. */
export function categoryLabel(t: Translate, value: string): string {
  if (isReportCategory(value)) return t(`cr.category.${value}`);
  if (isDisputeType(value)) return t(`cr.type.${value}`);
  return value;
}

/** A line of a list: its status in words with its tone. */
export function summaryStatus(t: Translate, summary: Pick<CaseSummary, "kind" | "status">) {
  if (summary.kind === "report" && summary.status in reportTone) {
    const status = summary.status as ReportStatus;
    return { text: t(`cr.status.${status}`), tone: reportTone[status] };
  }
  if (summary.kind === "dispute" && summary.status in disputeTone) {
    const status = summary.status as DisputeStatus;
    return { text: t(`cr.dstatus.${status}`), tone: disputeTone[status] };
  }
  return { text: summary.status, tone: "grey" as Tone };
}

/** "11月30日" from "2026-11-30" (as legal-format's formatDay, which the message list imports from here). */
export function dayText(t: Translate, date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  return t("legal.date", { month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) });
}

/** 办理期限：11月30日（5个工作日）; null before the case has a deadline. */
export function deadlineText(
  t: Translate,
  c: { dueDate: string | null; dueWorkingDays: number | null },
): string | null {
  if (!c.dueDate) return null;
  const date = dayText(t, c.dueDate);
  const days = c.dueWorkingDays ? t("cr.dueDays", { days: c.dueWorkingDays }) : "";
  return `${t("cr.due", { date })}${days}`;
}

/** 已超期3天 (at least one day: a case past its deadline today is overdue). */
export function overdueText(t: Translate, c: { overdue: boolean; overdueDays: number }): string | null {
  return c.overdue ? t("cr.overdue", { days: Math.max(1, c.overdueDays) }) : null;
}

const KNOWN_ACTIONS = [
  "submit",
  "file",
  "dispatch",
  "merge",
  "decline",
  "progress",
  "resolve",
  "rate",
  "reopen",
  "escalate",
  "assign",
  "session",
  "session_held",
  "session_cancelled",
  "close",
] as const;
type KnownAction = (typeof KNOWN_ACTIONS)[number];
const KNOWN_BY = ["resident", "staff", "handler", "mediator", "lawyer", "system"] as const;
const OUTCOMES = ["settled", "not_settled", "withdrawn"] as const;

/** 派遣 · 社区工作人员: what a history event was and who did it. */
export function eventLabel(t: Translate, event: { action: string; by: string }): string {
  const action = (KNOWN_ACTIONS as readonly string[]).includes(event.action)
    ? t(`cr.action.${event.action as KnownAction}`)
    : t("cr.action.other");
  const by = (KNOWN_BY as readonly string[]).includes(event.by)
    ? t(`cr.by.${event.by as (typeof KNOWN_BY)[number]}`)
    : "";
  return by ? `${action} · ${by}` : action;
}

/**
 * An event's note in words: the server keeps codes in some (a session's "#2", a closing's outcome,
 * an escalation's level); the people's own words (a reason, a progress note) are shown as written.
 */
export function eventNote(t: Translate, event: { action: string; note: string | null }): string | null {
  const note = event.note;
  if (!note) return null;
  const session = /^#(\d+)$/.exec(note);
  if (event.action.startsWith("session") && session)
    return t("cr.dispute.sessionN", { n: Number(session[1]) });
  if (event.action === "close" && (OUTCOMES as readonly string[]).includes(note))
    return t(`cr.outcome.${note as (typeof OUTCOMES)[number]}`);
  if (event.action === "escalate")
    return note === "district" ? t("cr.event.district") : t("cr.event.overdue");
  return note;
}

/** 3栋 2单元 · 东侧停车场: the building by its name (when known), the unit, the free text. */
export function locationText(
  t: Translate,
  location: Pick<CaseLocation, "buildingId" | "unit" | "address">,
  buildingName: string | null,
): string {
  const parts: string[] = [];
  if (location.buildingId) parts.push(buildingName ?? location.buildingId);
  if (location.unit) parts.push(t("cr.detail.unitOf", { unit: location.unit }));
  const place = parts.join(" ");
  const address = location.address.trim();
  return [place, address].filter(Boolean).join(" · ");
}

/** A coordinate as shown: five decimals (about a metre). */
export const coordinate = (value: number) => value.toFixed(5);
