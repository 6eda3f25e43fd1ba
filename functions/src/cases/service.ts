/** The rules of cases, without I/O: deadlines, the state machine, who may do what, the views. */
import { conflict } from "../http/errors.js";
import { maskPhone } from "../http/redact.js";
import { dayBounds, shanghaiDate } from "../time/shanghai.js";
import { addWorkingDays } from "../time/working-days.js";
import type {
  Case,
  CaseEvent,
  CaseSettings,
  CaseSummary,
  Department,
  Dispute,
  DisputeView,
  Report,
  ReportView,
} from "./schemas.js";

const DAY_MS = 86_400_000;

/**
 * A deadline of `days` working days from an instant: the day it is set does not count, and the
 * case is due by the end of the last working day (Shanghai). Holidays and make-up working days
 * follow the official calendar (time/holidays-cn.ts).
 */
export function deadline(now: string, days: number): { dueDate: string; dueAt: string } {
  const dueDate = addWorkingDays(shanghaiDate(now), days);
  return { dueDate, dueAt: dayBounds(dueDate).end };
}

/** When a lit-up case goes to the district: `afterWorkingDays` more working days past its due date. */
export function secondLevelAt(dueDate: string, afterWorkingDays: number): string {
  return dayBounds(addWorkingDays(dueDate, afterWorkingDays)).end;
}

const OPEN_REPORT = new Set(["submitted", "dispatched", "in_progress"]);
const OPEN_DISPUTE = new Set(["filed", "assigned", "in_mediation"]);

export const isOpen = (c: Case) =>
  c.kind === "report" ? OPEN_REPORT.has(c.status) : OPEN_DISPUTE.has(c.status);

/** Open and past its deadline, and by how many whole days (a case an hour late is 1 day late). */
export function lateness(c: Case, now: string): { overdue: boolean; overdueDays: number } {
  if (!isOpen(c) || !c.dueAt || now <= c.dueAt) return { overdue: false, overdueDays: 0 };
  return { overdue: true, overdueDays: Math.ceil((Date.parse(now) - Date.parse(c.dueAt)) / DAY_MS) };
}

/** Finished no later than its deadline (a case without one counts as on time). */
export const finishedOnTime = (c: Case) =>
  !c.missedDeadline && (!c.dueAt || (c.finishedAt !== null && c.finishedAt <= c.dueAt));

/** Whether the deadline now set was missed, for a case about to get a new one (reopen, reassign). */
export const missedSoFar = (c: Case, now: string) =>
  Boolean(c.missedDeadline) || (c.dueAt !== null && (c.finishedAt ?? now) > c.dueAt);

export const categoryOf = (c: Case) => (c.kind === "report" ? c.category : c.type);

export function event(
  at: string,
  action: string,
  by: string,
  note: string | null = null,
  photos: string[] = [],
) {
  return { at, action, by, note, photos } satisfies CaseEvent;
}

// ——— Who is who for a case ———

export interface Viewer {
  id: string;
  /** Staff of the case's community (or admin). */
  staff: boolean;
  admin: boolean;
  /** Listed as a supervisor in the community's case settings (and staff of it). */
  supervisor: boolean;
  /** Handles cases of the assigned department, or is the assigned staff mediator. */
  assignee: boolean;
}

export const isParty = (c: Case, userId: string) =>
  c.kind === "report" ? c.filedBy === userId : c.partyUserIds.includes(userId);

/** Handlers of the department a case is assigned to, or its staff mediator. */
export function assigneeIds(c: Case, department: Department | null): string[] {
  if (!c.assignee) return [];
  if (c.assignee.kind === "staff") return [c.assignee.userId];
  return department?.active === false ? [] : (department?.handlerIds ?? []);
}

/**
 * A report: its reporter, staff of the community and the handlers it is assigned to. A dispute:
 * its parties who are users, the assigned mediator and the community's supervisors; other staff
 * see counts only (the command center), not the case.
 */
export function canRead(c: Case, v: Viewer): boolean {
  if (isParty(c, v.id) || v.assignee) return true;
  return c.kind === "report" ? v.staff : v.supervisor;
}

export function isSupervisor(settings: CaseSettings | null, userId: string, staff: boolean) {
  return staff && Boolean(settings?.supervisorIds.includes(userId));
}

// ——— The state machine ———

const notNow = (code: string, message: string) => conflict(code, message);

export function assertTriage(r: Report) {
  if (r.status !== "submitted")
    throw notNow(
      "CASE_NOT_SUBMITTED",
      "Only a report waiting for triage can be dispatched, merged or declined.",
    );
}

export function assertInHand(r: Report) {
  if (r.status !== "dispatched" && r.status !== "in_progress")
    throw notNow("CASE_NOT_DISPATCHED", "The report has not been dispatched, or is finished.");
}

/** Every rating moves a report on from resolved: rated once per resolution. */
export function assertRatable(r: Report) {
  if (r.status !== "resolved") throw notNow("CASE_NOT_RESOLVED", "Only a resolved report can be rated.");
}

export function assertDisputeOpen(d: Dispute) {
  if (d.status === "closed") throw notNow("CASE_CLOSED", "This dispute is closed.");
}

export function assertHasMediator(d: Dispute) {
  assertDisputeOpen(d);
  if (!d.assignee) throw notNow("NO_MEDIATOR", "Assign a mediator first.");
}

// ——— Views ———

type Sign = (key: string) => Promise<string>;

const signAll = (sign: Sign, keys: string[]) => Promise.all(keys.map(sign));

async function historyView(c: Case, sign: Sign, partyOnly: boolean) {
  return Promise.all(
    c.history
      // A reporter follows what was done; escalations and the note staff leave the department on
      // dispatch or assignment are for those handling the case.
      .filter((e) => !partyOnly || e.action !== "escalate")
      .map(async (e) => ({
        ...e,
        note: partyOnly && (e.action === "dispatch" || e.action === "assign") ? null : e.note,
        photos: await signAll(sign, e.photos),
      })),
  );
}

function deadlineView(c: Case, now: string) {
  return {
    assignee: c.assignee
      ? {
          kind: c.assignee.kind,
          id: c.assignee.kind === "department" ? c.assignee.departmentId : c.assignee.userId,
          name: c.assigneeName ?? "",
        }
      : null,
    dueWorkingDays: c.dueWorkingDays,
    dueDate: c.dueDate,
    dueAt: c.dueAt,
    ...lateness(c, now),
    escalationLevel: c.escalationLevel,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    closedAt: c.closedAt,
  };
}

export async function reportView(
  r: Report,
  v: Viewer,
  now: string,
  sign: Sign,
  mergedInto: { id: string; number: string } | null,
): Promise<ReportView> {
  const mine = r.filedBy === v.id;
  const inHand = r.status === "dispatched" || r.status === "in_progress";
  return {
    id: r.id,
    number: r.number,
    kind: "report",
    communityId: r.communityId,
    category: r.category,
    description: r.description,
    photos: await signAll(sign, r.photos),
    location: r.location,
    anonymous: r.anonymous,
    // Anonymous to staff and handlers; the reporter sees their own name.
    reporter: r.anonymous && !mine ? null : r.reporterName,
    mine,
    status: r.status,
    ...deadlineView(r, now),
    resolution: r.resolution
      ? { text: r.resolution.text, at: r.resolution.at, photos: await signAll(sign, r.resolution.photos) }
      : null,
    rating: r.rating,
    reopened: r.reopened,
    mergedInto,
    declineReason: r.declineReason,
    history: await historyView(r, sign, mine && !v.staff && !v.assignee),
    can: {
      dispatch: v.staff && r.status === "submitted",
      merge: v.staff && r.status === "submitted",
      decline: v.staff && r.status === "submitted",
      progress: (v.staff || v.assignee) && inHand,
      resolve: (v.staff || v.assignee) && inHand,
      rate: mine && r.status === "resolved",
    },
  };
}

export async function disputeView(d: Dispute, v: Viewer, now: string, sign: Sign): Promise<DisputeView> {
  const handling = v.assignee || v.supervisor;
  const open = d.status !== "closed";
  return {
    id: d.id,
    number: d.number,
    kind: "dispute",
    communityId: d.communityId,
    type: d.type,
    description: d.description,
    parties: d.parties.map((p) => ({
      side: p.side,
      name: p.name,
      isUser: p.userId !== null,
      phone: p.phone === null ? null : handling || p.userId === v.id ? p.phone : maskPhone(p.phone),
    })),
    filedVia: d.filedVia,
    status: d.status,
    ...deadlineView(d, now),
    sessions: d.sessions,
    outcome: d.outcome,
    agreement: d.agreement,
    referredTo: d.referredTo,
    closeNote: d.closeNote,
    history: await historyView(d, sign, !handling),
    can: {
      assign: v.supervisor && open,
      schedule: handling && open && d.assignee !== null,
      record: handling && open && d.sessions.some((s) => s.status === "scheduled"),
      close: handling && open && d.assignee !== null,
    },
  };
}

export function summaryOf(c: Case, now: string): CaseSummary {
  return {
    id: c.id,
    number: c.number,
    kind: c.kind,
    category: categoryOf(c),
    status: c.status,
    assigneeName: c.assigneeName,
    createdAt: c.createdAt,
    dueAt: c.dueAt,
    ...lateness(c, now),
    escalationLevel: c.escalationLevel,
  };
}

/** What every new case starts with: no assignee, no deadline, nothing escalated, nothing finished. */
export function freshCase(filedBy: string, filedVia: Case["filedVia"], createdAt: string) {
  return {
    filedBy,
    filedVia,
    assignee: null,
    assigneeName: null,
    dueWorkingDays: null,
    dueDate: null,
    dueAt: null,
    escalationLevel: 0,
    overdueAt: null,
    escalatedAt: null,
    cycle: 0,
    createdAt,
    updatedAt: createdAt,
    closedAt: null,
    finishedAt: null,
  } satisfies Partial<Case>;
}

/** `HX-20261122-0042`: a prefix, the Shanghai day, and the day's sequence (at least 4 digits). */
export function caseNumber(prefix: string, now: string, sequence: number): string {
  return `${prefix}-${shanghaiDate(now).replace(/-/g, "")}-${String(sequence).padStart(4, "0")}`;
}

/** Where the escalation job looks next: the deadline (level 1), then the district (level 2). */
export function nextWatch(c: Case, secondLevelAfterWorkingDays: number) {
  if (!isOpen(c) || !c.dueAt || !c.dueDate) return null;
  if (c.escalationLevel === 0) return { dueAt: c.dueAt, level: 1, cycle: c.cycle };
  if (c.escalationLevel === 1)
    return { dueAt: secondLevelAt(c.dueDate, secondLevelAfterWorkingDays), level: 2, cycle: c.cycle };
  return null;
}

export const CASE_NUMBER_PATTERN = /^(HX|TJ)-\d{8}-\d{4,}$/;
