import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "../db/client.js";
import { isConditionalFailure } from "../db/errors.js";
import { keys, withoutKeys } from "../db/keys.js";
import type { OutboxEntry } from "./notify.js";

const PENDING = keys.outboxDueGsi("", "").GSI1PK;
/** GSI1SK is `<due>#<id>`; '\uffff' sorts after every id, so this bound takes all due at `now`. */
const dueBound = (now: string) => `${now}#\uffff`;

const toEntry = (item: Record<string, unknown>) => withoutKeys(item) as unknown as OutboxEntry;

/**
 * Ids of entries due at `now`, oldest first. The index is eventually consistent: it may still list
 * an entry just sent or rescheduled, which the claim's condition then refuses.
 */
export async function listDueOutbox(db: Db, now: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk AND GSI1SK <= :bound",
        ExpressionAttributeValues: { ":pk": PENDING, ":bound": dueBound(now) },
        ProjectionExpression: "id",
        Limit: limit - ids.length,
        ExclusiveStartKey: start,
      }),
    );
    ids.push(...(result.Items ?? []).map((item) => item.id as string));
    start = result.LastEvaluatedKey;
  } while (start && ids.length < limit);
  return ids;
}

/**
 * When the longest-waiting due entry became due, or null when none is due at `now`: the head of
 * the due index (M8's query, Limit 1). GSI1SK's time is the entry's `dueAt` until a transient
 * failure, then its `nextAttemptAt`; a lease leaves it as it is. So an entry waiting out its
 * backoff is not due and does not count, and one held by a run that stopped mid-delivery does.
 * The index can lag a just-finished entry by a moment, so right after a run this may name one
 * that was in fact delivered.
 */
export async function oldestDueOutboxAt(db: Db, now: string): Promise<string | null> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk AND GSI1SK <= :bound",
      ExpressionAttributeValues: { ":pk": PENDING, ":bound": dueBound(now) },
      ProjectionExpression: "GSI1SK",
      ScanIndexForward: true,
      Limit: 1,
    }),
  );
  const sortKey = result.Items?.[0]?.GSI1SK;
  return typeof sortKey === "string" ? (sortKey.split("#")[0] as string) : null;
}

export async function getOutboxEntry(db: Db, id: string): Promise<OutboxEntry | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.outbox(id), ConsistentRead: true }),
  );
  return result.Item ? toEntry(result.Item) : null;
}

/** Entries that gave up, most recent first (for an operator; not on a request path). */
export async function listFailedOutbox(db: Db, limit = 50): Promise<OutboxEntry[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.outboxFailedGsi("", "").GSI1PK },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map(toEntry);
}

export interface Lease {
  token: string;
  now: string;
  until: string;
}

/**
 * Takes an entry for one delivery: only a pending entry that is due and not leased to another run
 * (or whose lease ran out) can be taken, so two runs at once never both deliver it. The first
 * claim fixes `inboxAt`, the time its message shows in the list, the same on every retry.
 */
export async function claimOutboxEntry(db: Db, id: string, lease: Lease): Promise<OutboxEntry | null> {
  try {
    const result = await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.outbox(id),
        UpdateExpression:
          "SET leaseToken = :token, leaseUntil = :until, inboxAt = if_not_exists(inboxAt, :now)",
        ConditionExpression:
          "#status = :pending AND GSI1SK <= :bound AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":token": lease.token,
          ":until": lease.until,
          ":now": lease.now,
          ":pending": "pending",
          ":bound": dueBound(lease.now),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return result.Attributes ? toEntry(result.Attributes) : null;
  } catch (error) {
    if (isConditionalFailure(error)) return null;
    throw error;
  }
}

/** Applies an update only while this run still holds the lease; false when it was lost. */
async function updateLeased(
  db: Db,
  id: string,
  token: string,
  expression: string,
  values: Record<string, unknown>,
): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.outbox(id),
        UpdateExpression: expression,
        ConditionExpression: "leaseToken = :token",
        // DynamoDB refuses a name the expression does not use.
        ...(expression.includes("#status") ? { ExpressionAttributeNames: { "#status": "status" } } : {}),
        ExpressionAttributeValues: { ...values, ":token": token },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}

/** Sent or skipped: leaves the due index and expires (TTL) after a while. */
export function finishOutboxEntry(
  db: Db,
  id: string,
  token: string,
  done: { status: "sent" | "skipped"; outcome: string; at: string; expiresAt: number },
): Promise<boolean> {
  return updateLeased(
    db,
    id,
    token,
    "SET #status = :status, outcome = :outcome, finishedAt = :at, expiresAt = :expiresAt REMOVE GSI1PK, GSI1SK, leaseToken, leaseUntil, nextAttemptAt",
    { ":status": done.status, ":outcome": done.outcome, ":at": done.at, ":expiresAt": done.expiresAt },
  );
}

/** A transient failure: counted, and due again later (`dueAt` keeps the time first asked for). */
export function rescheduleOutboxEntry(
  db: Db,
  id: string,
  token: string,
  retry: { attempts: number; nextAttemptAt: string; lastError: string },
): Promise<boolean> {
  return updateLeased(
    db,
    id,
    token,
    "SET attempts = :attempts, lastError = :error, nextAttemptAt = :next, GSI1SK = :gsi1sk REMOVE leaseToken, leaseUntil",
    {
      ":attempts": retry.attempts,
      ":error": retry.lastError,
      ":next": retry.nextAttemptAt,
      ":gsi1sk": keys.outboxDueGsi(retry.nextAttemptAt, id).GSI1SK,
    },
  );
}

/** Given up: out of the due index into the failed one, kept (no TTL) for inspection. */
export function failOutboxEntry(
  db: Db,
  id: string,
  token: string,
  failure: { attempts: number; outcome: string; lastError: string; at: string },
): Promise<boolean> {
  const failed = keys.outboxFailedGsi(failure.at, id);
  return updateLeased(
    db,
    id,
    token,
    "SET #status = :status, attempts = :attempts, outcome = :outcome, lastError = :error, finishedAt = :at, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk REMOVE leaseToken, leaseUntil, nextAttemptAt",
    {
      ":status": "failed",
      ":attempts": failure.attempts,
      ":outcome": failure.outcome,
      ":error": failure.lastError,
      ":at": failure.at,
      ":gsi1pk": failed.GSI1PK,
      ":gsi1sk": failed.GSI1SK,
    },
  );
}
