// The staff's side of cases without I/O: labels, the case desk's order, who sees which desk, the
// department form and the rows of the command center's CSV exports.
import type {
  CaseSummary,
  CommandCenter,
  Department,
  DepartmentInput,
  DepartmentKind,
} from "../api/command-center";
import { ApiError } from "../api/errors";
import type { Me } from "../api/types";
import type { MessageKey, Translate } from "../i18n";
import { ROUTES } from "../routes";
import { type CaseDesk, caseDeskOf } from "./case-desk";
import type { CsvCell } from "./csv";
import { formatShanghai, shanghaiDate } from "./time";

export const REPORT_CATEGORIES = [
  "illegal_construction",
  "environment_sanitation",
  "public_facilities",
  "safety_hazard",
  "noise",
  "property_management",
  "other",
] as const;
export const DISPUTE_TYPES = ["neighbour", "family", "property", "labour", "consumer", "other"] as const;
export const REPORT_STATUSES = [
  "submitted",
  "dispatched",
  "in_progress",
  "resolved",
  "closed",
  "declined",
  "merged",
] as const;
export const DISPUTE_STATUSES = ["filed", "assigned", "in_mediation", "closed"] as const;
export const DEPARTMENT_KINDS: DepartmentKind[] = [
  "urban_management",
  "housing",
  "police_station",
  "property_company",
  "street_office",
  "mediation",
  "other",
];

type CaseKind = "report" | "dispute";
const isOneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

/** "report:noise" / "dispute:neighbour" (the command center's keys) or a bare key with its kind. */
export function splitCaseKey(key: string, kind?: CaseKind): { kind: CaseKind | undefined; key: string } {
  const match = /^(report|dispute)[:.](.+)$/.exec(key);
  if (match) return { kind: match[1] as CaseKind, key: match[2] as string };
  return { kind, key };
}

/** A report's category or a dispute's type, in the reader's language; an unknown key as it is. */
export function categoryLabel(t: Translate, rawKey: string, rawKind?: CaseKind): string {
  const { kind, key } = splitCaseKey(rawKey, rawKind);
  if (kind !== "dispute" && isOneOf(REPORT_CATEGORIES, key)) return t(`cw.category.${key}`);
  if (kind !== "report" && isOneOf(DISPUTE_TYPES, key)) return t(`cw.disputeType.${key}`);
  return key;
}

/** A report's or a dispute's status; "closed" of a dispute reads 已结案. */
export function statusLabel(t: Translate, rawKey: string, rawKind?: CaseKind): string {
  const { kind, key } = splitCaseKey(rawKey, rawKind);
  if (kind !== "dispute" && isOneOf(REPORT_STATUSES, key)) return t(`cw.status.${key}`);
  if (kind !== "report" && isOneOf(DISPUTE_STATUSES, key)) return t(`cw.disputeStatus.${key}`);
  return key;
}

/** "随手拍·待受理", "矛盾调解·待受理": both kinds have statuses that read alike. */
export function kindStatusLabel(t: Translate, rawKey: string): string {
  const { kind, key } = splitCaseKey(rawKey);
  const status = statusLabel(t, key, kind);
  return kind ? `${t(kind === "dispute" ? "cw.kind.dispute" : "cw.kind.report")}·${status}` : status;
}

export function departmentKindLabel(t: Translate, kind: string): string {
  return isOneOf(DEPARTMENT_KINDS, kind) ? t(`cw.deptKind.${kind}`) : kind;
}

/** 1 亮灯 · 2 升级至区; nothing below 1. */
export function escalationLabel(t: Translate, level: number): string | null {
  if (level >= 2) return t("cw.level.2");
  if (level === 1) return t("cw.level.1");
  return null;
}

/** "超期 3 天"; a case past its deadline by less than a whole day is "已超期". */
export function overdueLabel(t: Translate, row: Pick<CaseSummary, "overdue" | "overdueDays">): string | null {
  if (!row.overdue) return null;
  return row.overdueDays > 0 ? t("cw.overdueDays", { days: row.overdueDays }) : t("cw.overdueToday");
}

/**
 * The last day to finish on (Shanghai): the API's dueAt is the end of that day, which is the
 * first instant of the next ("11-19 00:00" would read as a day too late).
 */
export function dueDay(dueAt: string | null): string | null {
  if (!dueAt) return null;
  const ms = Date.parse(dueAt);
  return Number.isNaN(ms) ? null : shanghaiDate(new Date(ms - 1));
}

/** The detail page of a report or a dispute. */
export function caseUrl(row: Pick<CaseSummary, "id" | "kind">): string {
  const page = row.kind === "dispute" ? ROUTES.casesDispute : ROUTES.casesDetail;
  return `${page}?id=${encodeURIComponent(row.id)}`;
}

/** Waiting for someone to take it on: a report not yet dispatched, a dispute without a mediator. */
export function needsTriage(row: Pick<CaseSummary, "status">): boolean {
  return row.status === "submitted" || row.status === "filed";
}

const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

/**
 * The case desk's order: the triage queue first (oldest first, so nobody waits longest), then
 * overdue cases (most days late first, the district's level before the first), then the others
 * by deadline (none last), then by age.
 */
export function deskOrder<T extends CaseSummary>(rows: readonly T[]): T[] {
  const rank = (row: T) => (needsTriage(row) ? 0 : row.overdue ? 1 : 2);
  return [...rows].sort((a, b) => {
    const byRank = rank(a) - rank(b);
    if (byRank !== 0) return byRank;
    if (rank(a) === 1) {
      const byDays = b.overdueDays - a.overdueDays;
      if (byDays !== 0) return byDays;
      const byLevel = b.escalationLevel - a.escalationLevel;
      if (byLevel !== 0) return byLevel;
    }
    if (rank(a) === 2) {
      const byDue = time(a.dueAt) - time(b.dueAt);
      if (byDue !== 0 && !Number.isNaN(byDue)) return byDue;
    }
    return time(a.createdAt) - time(b.createdAt);
  });
}

/** 1,509 (grouped by thousands without Intl, which WeChat's runtime does not promise). */
export function groupThousands(n: number): string {
  const sign = n < 0 ? "-" : "";
  const digits = String(Math.trunc(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

// ——— Who sees which desk ———

export { type CaseDesk, caseDeskOf };

/** The community whose desk staff see: their first staff community (admins have none of their own). */
export function staffCommunity(me: Me | null): string | null {
  if (!me?.roles.includes("staff")) return null;
  return me.staffCommunityIds[0] ?? null;
}

/**
 * What the case desk lists: staff see their community's open cases; a department handler (who
 * may not be staff) sees the cases dispatched to their department. Null: no desk at all.
 */
export function deskView(
  me: Me | null,
): { scope: "open" | "assigned"; communityId: string | undefined } | null {
  const staff = staffCommunity(me);
  if (staff) return { scope: "open", communityId: staff };
  const department = caseDeskOf(me).departments[0];
  if (department) return { scope: "assigned", communityId: department.communityId };
  return null;
}

// ——— Errors ———

const KNOWN_ERRORS: Record<string, MessageKey> = {
  DISPUTES_PRIVATE: "cw.disputesPrivate",
  VALIDATION_FAILED: "cw.error.invalid",
  RATE_LIMITED: "cw.error.busy",
  EDIT_CONFLICT: "cw.error.conflict",
  DEPARTMENT_NOT_FOUND: "cw.error.departmentGone",
};

export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403 && err.code !== "DISPUTES_PRIVATE";
}

export function casesWorkErrorMessage(t: Translate, err: unknown): string {
  if (!(err instanceof ApiError) || err.status === 0) return t("common.networkError");
  const key = KNOWN_ERRORS[err.code];
  if (key) return t(key);
  if (err.status === 403) return t("cw.forbidden");
  if (err.status >= 500) return t("common.networkError");
  return t("cw.error.generic", { message: err.message });
}

// ——— The department form ———

export const DEPARTMENT_NAME_MAX = 40;
export const CONTACT_NAME_MAX = 20;
export const CONTACT_TITLE_MAX = 20;
export const MAX_CONTACTS = 10;
export const MAX_HANDLERS = 50;
const PHONE = /^[0-9+\- ]{5,20}$/;
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface ContactDraft {
  name: string;
  title: string;
  phone: string;
}

export interface DepartmentDraft {
  name: string;
  kind: DepartmentKind | null;
  contacts: ContactDraft[];
  /** User ids as typed: separated by commas, spaces, 、 or new lines. */
  handlerIds: string;
  active: boolean;
}

export function newDepartmentDraft(department?: Department): DepartmentDraft {
  if (!department) return { name: "", kind: null, contacts: [], handlerIds: "", active: true };
  return {
    name: department.name,
    kind: department.kind,
    contacts: department.contacts.map((c) => ({ name: c.name, title: c.title, phone: c.phone })),
    handlerIds: department.handlers.map((h) => h.id).join("\n"),
    active: department.active,
  };
}

/** The ids typed, in order, each once. */
export function parseIds(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).filter(Boolean))];
}

export type DepartmentField = "name" | "kind" | "contacts" | "handlerIds";
/** Per field; for contacts, the first wrong one's index (from 0) and what is wrong. */
export type DepartmentProblems = Partial<Record<DepartmentField, { key: MessageKey; index?: number }>>;

export function validateDepartment(draft: DepartmentDraft): DepartmentProblems {
  const problems: DepartmentProblems = {};
  const name = draft.name.trim();
  if (name.length < 2 || name.length > DEPARTMENT_NAME_MAX) problems.name = { key: "cw.dept.error.name" };
  if (!draft.kind) problems.kind = { key: "cw.dept.error.kind" };
  if (draft.contacts.length > MAX_CONTACTS) problems.contacts = { key: "cw.dept.error.tooManyContacts" };
  draft.contacts.forEach((contact, index) => {
    if (problems.contacts) return;
    if (contact.name.trim().length < 1 || contact.name.trim().length > CONTACT_NAME_MAX)
      problems.contacts = { key: "cw.dept.error.contactName", index };
    else if (contact.title.trim().length > CONTACT_TITLE_MAX)
      problems.contacts = { key: "cw.dept.error.contactTitle", index };
    else if (!PHONE.test(contact.phone.trim()))
      problems.contacts = { key: "cw.dept.error.contactPhone", index };
  });
  const ids = parseIds(draft.handlerIds);
  if (ids.length > MAX_HANDLERS) problems.handlerIds = { key: "cw.dept.error.tooManyHandlers" };
  else if (ids.some((id) => !USER_ID.test(id))) problems.handlerIds = { key: "cw.dept.error.handlerId" };
  return problems;
}

/** The body of POST/PUT /departments; call after validateDepartment found nothing. */
export function departmentInput(draft: DepartmentDraft): DepartmentInput {
  return {
    name: draft.name.trim(),
    kind: draft.kind ?? "other",
    contacts: draft.contacts.map((c) => ({
      name: c.name.trim(),
      title: c.title.trim(),
      phone: c.phone.trim(),
    })),
    handlerIds: parseIds(draft.handlerIds),
    active: draft.active,
  };
}

export const newFormKey = () => `dept-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

// ——— The command center's CSV exports: header row first ———

export function overdueCsvRows(t: Translate, rows: readonly CaseSummary[]): CsvCell[][] {
  return [
    [
      t("cw.csv.number"),
      t("cw.csv.kind"),
      t("cw.csv.category"),
      t("cw.csv.status"),
      t("cw.csv.assignee"),
      t("cw.csv.createdAt"),
      t("cw.csv.dueAt"),
      t("cw.csv.overdueDays"),
      t("cw.csv.level"),
    ],
    ...rows.map((row) => [
      row.number,
      t(row.kind === "dispute" ? "cw.kind.dispute" : "cw.kind.report"),
      categoryLabel(t, row.category, row.kind),
      statusLabel(t, row.status, row.kind),
      row.assigneeName,
      formatShanghai(row.createdAt),
      dueDay(row.dueAt),
      row.overdueDays,
      escalationLabel(t, row.escalationLevel) ?? "",
    ]),
  ];
}

export function countCsvRows(
  t: Translate,
  header: MessageKey,
  rows: readonly { key: string; count: number }[],
  label: (key: string) => string,
): CsvCell[][] {
  return [[t(header), t("cw.csv.count")], ...rows.map((row) => [label(row.key), row.count])];
}

/** A rate as a number with four decimals (0.9960), empty when there is nothing to divide by. */
const rateCell = (rate: number | null): CsvCell => (rate === null ? null : Math.round(rate * 10000) / 10000);

export function departmentsCsvRows(t: Translate, rows: readonly CommandCenter["departments"][number][]) {
  return [
    [
      t("cw.csv.department"),
      t("cw.csv.finished"),
      t("cw.csv.onTime"),
      t("cw.csv.onTimeRate"),
      t("cw.csv.open"),
      t("cw.csv.overdue"),
    ],
    ...rows.map((row) => [row.name, row.finished, row.onTime, rateCell(row.rate), row.open, row.overdue]),
  ] as CsvCell[][];
}

export function votesCsvRows(t: Translate, rows: readonly CommandCenter["votes"][number][]) {
  return [
    [t("cw.csv.vote"), t("cw.csv.closesAt"), t("cw.csv.eligible"), t("cw.csv.voted"), t("cw.csv.turnout")],
    ...rows.map((row) => [row.title, row.closesAt, row.eligible, row.voted, rateCell(row.turnout)]),
  ] as CsvCell[][];
}

/** The bars of the open cases by status: the order work moves in, then whatever else came. */
export function statusOrder(rows: readonly { key: string; count: number }[]) {
  const at = (raw: string) => {
    const { kind, key } = splitCaseKey(raw);
    const reportAt = (REPORT_STATUSES as readonly string[]).indexOf(key);
    const disputeAt = (DISPUTE_STATUSES as readonly string[]).indexOf(key);
    if (kind !== "dispute" && reportAt !== -1) return reportAt;
    if (kind !== "report" && disputeAt !== -1) return REPORT_STATUSES.length + disputeAt;
    return REPORT_STATUSES.length + DISPUTE_STATUSES.length;
  };
  return [...rows].sort((a, b) => at(a.key) - at(b.key) || a.key.localeCompare(b.key));
}

/** Largest first, ties by key: the bars of a count. */
export function byCount<R extends { key: string; count: number }>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
