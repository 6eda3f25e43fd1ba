import type { AppDeps } from "../deps.js";
import type { OutboxEntry } from "../messages/notify.js";
import {
  claimOutboxEntry,
  failOutboxEntry,
  finishOutboxEntry,
  listDueOutbox,
  oldestDueOutboxAt,
  rescheduleOutboxEntry,
} from "../messages/outbox-repo.js";
import { putInboxMessage } from "../messages/repo.js";
import { getUser } from "../users/repo.js";

export type OutboxDeps = Pick<AppDeps, "db" | "clock" | "logger" | "messenger" | "newId">;

export const MAX_ATTEMPTS = 5;
/** Covers one delivery: a token fetch and two sends at 5 s each, with room to spare. */
export const LEASE_MS = 60_000;
/** Sent and skipped entries stay this long (TTL), to answer "did they get it?". */
export const KEEP_DONE_SECONDS = 30 * 24 * 3600;
/** Per run, so a run ends well inside the one-minute schedule; the rest waits for the next. */
export const MAX_PER_RUN = 200;
const PARALLEL = 5;

/** Waits before attempt n+1 after n transient failures: 1, 4, 16, 64 minutes. */
export const backoffMs = (attempts: number) => 60_000 * 4 ** (attempts - 1);

export interface OutboxSummary {
  due: number;
  sent: number;
  skipped: number;
  retried: number;
  failed: number;
  /** Taken by another run first, or no longer due when claimed. */
  notClaimed: number;
  /** The lease ran out before this run finished with the entry (it will be delivered again). */
  leaseLost: number;
  /**
   * After this run: how long the longest-waiting entry still due has been waiting past the time it
   * became due (its `dueAt`, or its `nextAttemptAt` after a retry); 0 when none is left.
   */
  backlogAgeSeconds: number;
}

type Tally = Exclude<keyof OutboxSummary, "due" | "backlogAgeSeconds">;

type Result =
  | { status: "sent"; outcome: string }
  | { status: "skipped"; outcome: string }
  | { status: "retry"; error: string }
  | { status: "failed"; outcome: string; error: string };

/** Delivers every due outbox entry: list message (reminders), then WeChat push. */
export async function runOutboxJob(deps: OutboxDeps): Promise<OutboxSummary> {
  const summary: OutboxSummary = {
    due: 0,
    sent: 0,
    skipped: 0,
    retried: 0,
    failed: 0,
    notClaimed: 0,
    leaseLost: 0,
    backlogAgeSeconds: 0,
  };
  const ids = await listDueOutbox(deps.db, deps.clock.now().toISOString(), MAX_PER_RUN);
  summary.due = ids.length;
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      const tally = await processEntry(deps, id);
      summary[tally] += 1;
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  summary.backlogAgeSeconds = await backlogAgeSeconds(deps);
  return summary;
}

/** Measured after the deliveries, so a run that delivered everything due reports 0. */
async function backlogAgeSeconds(deps: OutboxDeps): Promise<number> {
  const now = deps.clock.now();
  const oldest = await oldestDueOutboxAt(deps.db, now.toISOString());
  if (!oldest) return 0;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(oldest)) / 1000));
}

async function processEntry(deps: OutboxDeps, id: string): Promise<Tally> {
  const now = deps.clock.now();
  const lease = {
    token: deps.newId(),
    now: now.toISOString(),
    until: new Date(now.getTime() + LEASE_MS).toISOString(),
  };
  const entry = await claimOutboxEntry(deps.db, id, lease);
  if (!entry) return "notClaimed";

  let delivered: Result;
  try {
    delivered = await deliver(deps, entry);
  } catch (error) {
    // DynamoDB or anything unexpected: the same as WeChat being busy.
    delivered = {
      status: "retry",
      error: error instanceof Error ? `${error.name}: ${error.message}` : "error",
    };
  }
  const at = deps.clock.now();
  const attempts = entry.attempts + 1;
  const result: Result =
    delivered.status === "retry" && attempts >= MAX_ATTEMPTS
      ? { status: "failed", outcome: "gave_up", error: delivered.error }
      : delivered;

  let kept: boolean;
  if (result.status === "sent" || result.status === "skipped") {
    kept = await finishOutboxEntry(deps.db, id, lease.token, {
      status: result.status,
      outcome: result.outcome,
      at: at.toISOString(),
      expiresAt: Math.floor(at.getTime() / 1000) + KEEP_DONE_SECONDS,
    });
  } else if (result.status === "retry") {
    kept = await rescheduleOutboxEntry(deps.db, id, lease.token, {
      attempts,
      nextAttemptAt: new Date(at.getTime() + backoffMs(attempts)).toISOString(),
      lastError: result.error,
    });
  } else {
    kept = await failOutboxEntry(deps.db, id, lease.token, {
      attempts,
      outcome: result.outcome,
      lastError: result.error,
      at: at.toISOString(),
    });
    deps.logger.error("outbox entry failed", {
      outboxId: id,
      kind: entry.kind,
      attempts,
      outcome: result.outcome,
      lastError: result.error,
    });
  }
  if (!kept) {
    deps.logger.warn("outbox lease lost", { outboxId: id, kind: entry.kind });
    return "leaseLost";
  }
  return result.status === "retry" ? "retried" : result.status;
}

async function deliver(deps: OutboxDeps, entry: OutboxEntry): Promise<Result> {
  if (entry.deliverToInbox) {
    await putInboxMessage(deps.db, {
      id: entry.id,
      userId: entry.userId,
      kind: entry.kind,
      params: entry.params,
      link: entry.link,
      createdAt: entry.inboxAt ?? entry.dueAt,
      readAt: null,
    });
  }
  if (!deps.messenger.handles(entry.kind)) return { status: "skipped", outcome: "no_template" };
  const user = await getUser(deps.db, entry.userId);
  if (!user?.openid) return { status: "skipped", outcome: "no_openid" };
  const pushed = await deps.messenger.send({
    openid: user.openid,
    kind: entry.kind,
    params: entry.params,
    link: entry.link,
  });
  switch (pushed.outcome) {
    case "sent":
      return { status: "sent", outcome: "pushed" };
    case "refused":
      return { status: "skipped", outcome: "refused" };
    case "rejected":
      return { status: "failed", outcome: `errcode_${pushed.errcode}`, error: pushed.errmsg };
    case "retry":
      return { status: "retry", error: pushed.reason };
  }
}
