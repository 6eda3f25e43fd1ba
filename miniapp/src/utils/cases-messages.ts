// Messages about 随手拍 reports (case.*) and mediation (dispute.*): title and lines in the reader's
// language from the kind and its parameters (all strings). The message list dispatches here.
import type { MessageKey, Translate } from "../i18n";
import { categoryLabel, dayText } from "./cases-labels";
import { formatShanghai } from "./time";

interface MessageLike {
  kind: string;
  params: Record<string, string>;
}

const CASE_KINDS = [
  "received",
  "dispatched",
  "progress",
  "resolved",
  "declined",
  "merged",
  "reopened",
  "assigned",
  "overdue",
  "escalated",
] as const;
const DISPUTE_KINDS = ["filed", "assigned", "session", "closed"] as const;
const OUTCOMES = ["settled", "not_settled", "withdrawn"] as const;

const suffix = (kind: string, prefix: string) => (kind.startsWith(prefix) ? kind.slice(prefix.length) : "");

/** A case or dispute message's title and lines; null for any other kind (or one of these we do not know). */
export function caseMessageText(
  t: Translate,
  message: MessageLike,
): { title: string; lines: string[] } | null {
  const { kind, params } = message;
  const ofCase = suffix(kind, "case.");
  const ofDispute = suffix(kind, "dispute.");
  let title: MessageKey;
  if ((CASE_KINDS as readonly string[]).includes(ofCase))
    title = `cr.msg.${ofCase as (typeof CASE_KINDS)[number]}`;
  else if ((DISPUTE_KINDS as readonly string[]).includes(ofDispute))
    title = `cr.msg.dispute.${ofDispute as (typeof DISPUTE_KINDS)[number]}`;
  else return null;

  const lines: string[] = [];
  if (params.number) lines.push(t("cr.msg.number", { number: params.number }));
  if (params.category) lines.push(t("cr.msg.category", { category: categoryLabel(t, params.category) }));
  if (params.department)
    lines.push(t(ofDispute ? "cr.msg.mediator" : "cr.msg.department", { department: params.department }));
  if (params.dueDate) lines.push(t("cr.msg.due", { date: dayText(t, params.dueDate) }));
  const overdueDays = Number(params.overdueDays);
  if (params.overdueDays && Number.isFinite(overdueDays) && overdueDays > 0)
    lines.push(t("cr.msg.overdueDays", { days: overdueDays }));
  if (params.scheduledAt) {
    const when = Number.isNaN(Date.parse(params.scheduledAt))
      ? params.scheduledAt
      : formatShanghai(params.scheduledAt);
    lines.push(t("cr.msg.when", { when }));
  }
  if (params.place) lines.push(t("cr.msg.place", { place: params.place }));
  if (params.outcome) {
    const outcome = (OUTCOMES as readonly string[]).includes(params.outcome)
      ? t(`cr.outcome.${params.outcome as (typeof OUTCOMES)[number]}`)
      : params.outcome;
    lines.push(t("cr.msg.outcome", { outcome }));
  }
  if (params.reason) lines.push(t("cr.msg.reason", { reason: params.reason }));
  return { title: t(title), lines };
}
