/** What routes and the escalation job do with a case: load it with who is looking, save it with its messages. */
import type { TransactItem } from "../db/items.js";
import type { AppDeps } from "../deps.js";
import { canStaff, isAdmin } from "../http/auth.js";
import { AppError, notFound } from "../http/errors.js";
import { type MessageParams, notify } from "../messages/notify.js";
import { READ_TTL_SECONDS } from "../storage/store.js";
import { shanghaiDate } from "../time/shanghai.js";
import type { UserProfile } from "../users/schemas.js";
import {
  deleteWatchIfUnchanged,
  getCase,
  getCaseSettings,
  getDepartment,
  listDueWatches,
  nextSequence,
  saveCase,
  type WatchState,
} from "./repo.js";
import type { Case, CaseSettings, Department } from "./schemas.js";
import {
  assigneeIds,
  canRead,
  caseNumber,
  categoryOf,
  event,
  isOpen,
  isSupervisor,
  lateness,
  nextWatch,
  type Viewer,
} from "./service.js";

export interface Loaded<C extends Case = Case> {
  case: C;
  viewer: Viewer;
  department: Department | null;
  settings: CaseSettings | null;
}

export function viewerOf(
  user: UserProfile,
  c: Case,
  department: Department | null,
  settings: CaseSettings | null,
) {
  const staff = canStaff(user, c.communityId);
  return {
    id: user.id,
    staff,
    admin: isAdmin(user),
    supervisor: isSupervisor(settings, user.id, staff),
    // A staff mediator mediates as staff: one who has left the community's staff no longer does.
    assignee: assigneeIds(c, department).includes(user.id) && (c.assignee?.kind !== "staff" || staff),
  } satisfies Viewer;
}

/** The case as `user` may see it; 404 when they may not know it exists (403 for staff of a private dispute). */
export async function loadCase<K extends Case["kind"]>(
  deps: AppDeps,
  user: UserProfile,
  caseId: string,
  kind: K,
): Promise<Loaded<Extract<Case, { kind: K }>>> {
  const found = await getCase(deps.db, caseId);
  const what = kind === "report" ? "report" : "dispute";
  if (!found || found.kind !== kind) throw notFound(`No such ${what}.`, "CASE_NOT_FOUND");
  const [department, settings] = await Promise.all([
    found.assignee?.kind === "department"
      ? getDepartment(deps.db, found.communityId, found.assignee.departmentId, true)
      : null,
    getCaseSettings(deps.db, found.communityId, true),
  ]);
  const viewer = viewerOf(user, found, department, settings);
  if (!canRead(found, viewer)) {
    if (kind === "dispute" && viewer.staff)
      throw new AppError(
        403,
        "DISPUTE_PRIVATE",
        "A dispute is seen by its parties, its mediator and the community's supervisors; other staff see counts only.",
      );
    throw notFound(`No such ${what}.`, "CASE_NOT_FOUND");
  }
  return { case: found as Extract<Case, { kind: K }>, viewer, department, settings };
}

export const signer = (deps: AppDeps) => (key: string) => deps.storage.signedUrl(key, READ_TTL_SECONDS);

/** A new case number: HX for reports, TJ for disputes (调解). */
export async function allocateNumber(deps: AppDeps, prefix: "HX" | "TJ", now: string) {
  const day = shanghaiDate(now).replace(/-/g, "");
  return caseNumber(prefix, now, await nextSequence(deps.db, prefix, day));
}

export function caseLink(c: Case) {
  return c.kind === "report"
    ? `/pages/cases/detail/index?id=${c.id}`
    : `/pages/cases/dispute/index?id=${c.id}`;
}

/**
 * Messages about a case to some users, each id derived from the case, the step and the user, so a
 * step repeated (a retried job) cannot tell anyone twice.
 */
export function tell(
  deps: AppDeps,
  c: Case,
  userIds: Iterable<string>,
  kind: string,
  step: string,
  now: string,
  params: MessageParams = {},
): TransactItem[] {
  return [...new Set(userIds)].flatMap((userId) =>
    notify(
      deps.db,
      {
        id: `case-${c.id}-${step}-${userId}`,
        userId,
        kind,
        params: { number: c.number, category: categoryOf(c), ...params },
        link: caseLink(c),
      },
      now,
    ),
  );
}

/** The users a case's own messages go to: its reporter or its parties who are users. */
export const partiesOf = (c: Case) => (c.kind === "report" ? [c.filedBy] : c.partyUserIds);

export async function save(deps: AppDeps, before: Case, after: Case, extra: TransactItem[]) {
  // `updatedAt` is the version every change is conditioned on: it only ever moves forward (a job
  // run that started before a staff member's change must not write an older value back).
  const version =
    after.updatedAt > before.updatedAt
      ? after
      : { ...after, updatedAt: new Date(Date.parse(before.updatedAt) + 1).toISOString() };
  await saveCase(
    deps.db,
    before,
    version,
    nextWatch(version, deps.config.CASE_SECOND_LEVEL_WORKING_DAYS),
    extra,
  );
}

export interface EscalationResult {
  lit: number;
  escalated: number;
  /** Watches that no longer applied (the case moved on) or that another run handled. */
  skipped: number;
  /** Cases whose escalation could not be written (logged; tried again on the next run). */
  failed: number;
}

/**
 * The escalation job: every case past its deadline lights up (level 1: its handlers and the
 * community's supervisors are told), and one still open a further CASE_SECOND_LEVEL_WORKING_DAYS
 * working days later goes to the district admins (level 2). Each level is written with the case's
 * version as condition and its messages in the same transaction, so repeated and concurrent runs
 * raise each level once.
 */
export async function runEscalationJob(deps: AppDeps): Promise<EscalationResult> {
  const result: EscalationResult = { lit: 0, escalated: 0, skipped: 0, failed: 0 };
  const now = deps.clock.now().toISOString();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await listDueWatches(deps.db, now, 100, start);
    for (const watch of page.watches) {
      // One case that cannot be written must not hold up every case due after it.
      const outcome = await escalate(deps, watch, now).catch((error: unknown) => {
        deps.logger.error("case escalation failed", {
          caseId: watch.caseId,
          level: watch.level,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        return -1;
      });
      if (outcome === 1) result.lit++;
      else if (outcome === 2) result.escalated++;
      else if (outcome === -1) result.failed++;
      else result.skipped++;
    }
    start = page.next;
  } while (start);
  return result;
}

async function escalate(deps: AppDeps, watch: WatchState & { caseId: string }, now: string): Promise<number> {
  const c = await getCase(deps.db, watch.caseId);
  const current = c ? nextWatch(c, deps.config.CASE_SECOND_LEVEL_WORKING_DAYS) : null;
  if (!c || !isOpen(c) || !current || current.level !== watch.level || current.cycle !== watch.cycle) {
    // Stale: the case was finished, reassigned or escalated since. Drop the watch if it is still this one.
    await deleteWatchIfUnchanged(deps.db, watch);
    return 0;
  }
  // Due by the end of the day: at that very instant the case is not late yet (lateness agrees).
  if (current.dueAt >= now) return 0;
  const [department, settings] = await Promise.all([
    c.assignee?.kind === "department"
      ? getDepartment(deps.db, c.communityId, c.assignee.departmentId, true)
      : null,
    getCaseSettings(deps.db, c.communityId, true),
  ]);
  const level = watch.level;
  const after: Case = {
    ...c,
    escalationLevel: level,
    overdueAt: level === 1 ? now : c.overdueAt,
    escalatedAt: level === 2 ? now : c.escalatedAt,
    updatedAt: now,
    history: [...c.history, event(now, "escalate", "system", level === 1 ? "overdue" : "district")],
  };
  const step = `c${c.cycle}-l${level}`;
  const params = {
    department: c.assigneeName ?? "",
    dueDate: c.dueDate ?? "",
    overdueDays: String(Math.max(1, lateness(c, now).overdueDays)),
  };
  const recipients =
    level === 1
      ? [...assigneeIds(c, department), ...(settings?.supervisorIds ?? [])]
      : (settings?.districtAdminIds ?? []);
  if (recipients.length === 0)
    deps.logger.warn("case escalated with nobody to tell", {
      caseId: c.id,
      level,
      communityId: c.communityId,
    });
  try {
    await save(
      deps,
      c,
      after,
      tell(deps, c, recipients, level === 1 ? "case.overdue" : "case.escalated", step, now, params),
    );
  } catch (error) {
    if (error instanceof AppError && error.code === "CASE_CHANGED") return 0;
    throw error;
  }
  return level;
}
