import { createHash, randomUUID } from "node:crypto";
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Context, MiddlewareHandler } from "hono";
import { isConditionalFailure } from "../db/errors.js";
import { keys } from "../db/keys.js";
import type { AppEnv } from "./env.js";
import { conflict, unprocessable, validationFailed } from "./errors.js";

const RECORD_TTL_SECONDS = 24 * 3600;
const LOCK_SECONDS = 30;
/**
 * How long a retry waits for the same request still running before it answers 409
 * IDEMPOTENCY_IN_PROGRESS. A creating request is a handful of DynamoDB calls (well under a second,
 * a few seconds at worst under load); 5 s covers that with room, and leaves another 5 s of the
 * API Lambda's 10 s timeout for a waiter that finds the first attempt failed and runs the request
 * itself.
 */
export const IDEMPOTENCY_WAIT_MS = 5_000;
/** Poll backoff while waiting: starts short (most first attempts finish in tens of ms), then caps. */
const POLL_FIRST_MS = 20;
const POLL_MAX_MS = 250;

/**
 * Honours `Idempotency-Key` on creating POSTs: the first response (2xx) is stored for 24 h and a
 * retry with the same key and body gets it back with `Idempotent-Replayed: true`, writing nothing.
 * A retry while the first is still running waits for it (up to IDEMPOTENCY_WAIT_MS) and answers
 * the same; if the first failed, it stored nothing and released the key, and the waiter runs the
 * request itself. Still running at the bound: 409 IDEMPOTENCY_IN_PROGRESS. The same key with a
 * different method, path or body: 422 IDEMPOTENCY_KEY_REUSED. Keys are scoped to the caller. Runs
 * after requireUser.
 *
 * A handler that writes in one transaction adds `idempotentCompletion(c, status, body)` to it, so
 * the stored response commits with the write itself: a crash in between cannot leave the write
 * done and the key unanswered. Other handlers get the record written just after they return.
 */
export interface IdempotentRequest {
  completion(status: number, body: unknown): TransactItem;
  completedInTransaction: boolean;
}

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** The items to add to the handler's transaction: none without an Idempotency-Key. */
export function idempotentCompletion(c: Context<AppEnv>, status: number, body: unknown): TransactItem[] {
  const request = c.get("idempotency");
  return request ? [request.completion(status, body)] : [];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const inProgress = () => conflict("IDEMPOTENCY_IN_PROGRESS", "The same request is still being processed.");

export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header("idempotency-key");
  if (key === undefined) return next();
  if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) {
    throw validationFailed([{ path: "header.Idempotency-Key", message: "8–128 letters, digits or _.:-" }]);
  }
  const { db, clock } = c.get("deps");
  const scope = c.get("user")?.id ?? "anonymous";
  const recordKey = keys.idempotency(scope, key);
  const fingerprint = createHash("sha256")
    .update(`${c.req.method} ${c.req.path}\n${await c.req.text()}`)
    .digest("base64url");
  // Only the holder of the lock may finish or release it, even if it outlived the lock time.
  const lockToken = randomUUID();
  // Wall time for the wait, not the injectable clock: a test moving the clock must not cut it short.
  const waitUntil = Date.now() + IDEMPOTENCY_WAIT_MS;
  let pause = POLL_FIRST_MS;
  let nowSeconds = 0;

  for (;;) {
    nowSeconds = Math.floor(clock.now().getTime() / 1000);
    const stored = (
      await db.doc.send(new GetCommand({ TableName: db.tableName, Key: recordKey, ConsistentRead: true }))
    ).Item;
    // Past its 24 h the record is gone in meaning, whenever DynamoDB's TTL gets round to it.
    const existing = stored && (stored.expiresAt as number) > nowSeconds ? stored : undefined;
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw unprocessable(
          "IDEMPOTENCY_KEY_REUSED",
          "This Idempotency-Key was used for a different request.",
        );
      }
      if (existing.state === "done") {
        c.header("Idempotent-Replayed", "true");
        return c.json(existing.body as object, existing.status as 200);
      }
    }
    // Free (never used, or released by a failed attempt) or held by a dead holder: take it.
    if (!existing || (existing.state !== "done" && (existing.lockedUntil as number) <= nowSeconds)) {
      if (await takeLock()) break;
      // Another retry took it first: wait for that one like for any running request.
    }
    if (Date.now() + pause > waitUntil) throw inProgress();
    await sleep(pause);
    pause = Math.min(POLL_MAX_MS, pause * 2);
  }

  async function takeLock(): Promise<boolean> {
    try {
      await db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: {
            ...recordKey,
            entity: "Idempotency",
            state: "running",
            lockToken,
            fingerprint,
            lockedUntil: nowSeconds + LOCK_SECONDS,
            expiresAt: nowSeconds + RECORD_TTL_SECONDS,
          },
          // Take over only a lock whose holder died (its time is up), or a record past its 24 h.
          ConditionExpression:
            "attribute_not_exists(PK) OR expiresAt <= :now OR (#state = :running AND lockedUntil <= :now)",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":running": "running", ":now": nowSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  const request: IdempotentRequest = {
    completedInTransaction: false,
    completion(status, body) {
      request.completedInTransaction = true;
      return {
        Put: {
          TableName: db.tableName,
          Item: {
            ...recordKey,
            entity: "Idempotency",
            state: "done",
            lockToken,
            fingerprint,
            status,
            // Stored as the client will read it (JSON), so a replay is byte-for-byte the same shape.
            body: JSON.parse(JSON.stringify(body)),
            expiresAt: nowSeconds + RECORD_TTL_SECONDS,
          },
          ConditionExpression: "lockToken = :token",
          ExpressionAttributeValues: { ":token": lockToken },
        },
      };
    },
  };
  c.set("idempotency", request);

  let succeeded = false;
  try {
    await next();
    succeeded = c.res.status >= 200 && c.res.status < 300 && !c.error;
    if (succeeded && !request.completedInTransaction) {
      const body = await c.res.clone().json();
      await db.doc
        .send(
          new UpdateCommand({
            TableName: db.tableName,
            Key: recordKey,
            UpdateExpression: "SET #state = :done, #status = :status, body = :body REMOVE lockedUntil",
            ConditionExpression: "lockToken = :token",
            ExpressionAttributeNames: { "#state": "state", "#status": "status" },
            ExpressionAttributeValues: {
              ":done": "done",
              ":status": c.res.status,
              ":body": body,
              ":token": lockToken,
            },
          }),
        )
        .catch(ignoreLostLock);
    }
  } finally {
    if (!succeeded) {
      await db.doc
        .send(
          new DeleteCommand({
            TableName: db.tableName,
            Key: recordKey,
            // Only our own lock, still running: a response the handler committed inside its own
            // transaction stays, even when the request failed after the commit (a lost answer).
            ConditionExpression: "lockToken = :token AND #state = :running",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: { ":token": lockToken, ":running": "running" },
          }),
        )
        .catch(ignoreLostLock);
    }
  }
};

/** Another request took the lock over after ours timed out: the record is theirs now. */
function ignoreLostLock(error: unknown) {
  if (!isConditionalFailure(error)) throw error;
}
