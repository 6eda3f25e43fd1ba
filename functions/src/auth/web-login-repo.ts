import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { type AuditEntry, auditPut } from "../audit/repo.js";
import type { Db } from "../db/client.js";
import { cancelledConditionIndexes } from "../db/errors.js";
import { getItem, type TransactItem, transact } from "../db/items.js";
import { keys } from "../db/keys.js";
import { withRetries } from "../db/retry.js";
import type { WebLoginTicket } from "./web-login.js";

export async function putWebLoginTicket(db: Db, ticket: WebLoginTicket): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { ...keys.webLoginTicket(ticket.id), entity: "WebLoginTicket", ...ticket },
      ConditionExpression: "attribute_not_exists(PK)",
    }),
  );
}

/** Consistent: every read of a ticket is followed by a decision. */
export function getWebLoginTicket(db: Db, ticketId: string): Promise<WebLoginTicket | null> {
  return getItem<WebLoginTicket>(db, keys.webLoginTicket(ticketId), true);
}

/** The condition every move out of `pending` shares: still pending and not yet expired. */
const pendingAndLive = (nowSeconds: number) => ({
  ConditionExpression: "#status = :pending AND expiresAt > :now",
  ExpressionAttributeNames: { "#status": "status" },
  ExpressionAttributeValues: { ":pending": "pending", ":now": nowSeconds },
});

/**
 * One move of a ticket and its audit entries in one transaction. False when the ticket's own
 * condition failed (decided or collected meanwhile, or expired): nothing was written. A
 * transaction that collided with another on the same ticket is tried again (and then normally
 * finds the condition failed); anything else is rethrown.
 */
async function moveTicket(db: Db, update: TransactItem, audits: AuditEntry[]): Promise<boolean> {
  return withRetries(async () => {
    try {
      await transact(db, [update, ...audits.map((audit) => auditPut(db, audit))]);
      return true;
    } catch (error) {
      if (cancelledConditionIndexes(error)?.includes(0)) return false;
      throw error;
    }
  });
}

/**
 * pending → approved or denied by a phone, audited (`auth.web_login_approve` / `_deny`): records
 * who decided and when (`approvedBy`/`approvedAt`, or `deniedBy`/`deniedAt`).
 */
export function decideWebLoginTicket(
  db: Db,
  input: {
    ticketId: string;
    decision: "approved" | "denied";
    userId: string;
    at: string;
    nowSeconds: number;
    audits: AuditEntry[];
  },
): Promise<boolean> {
  const condition = pendingAndLive(input.nowSeconds);
  return moveTicket(
    db,
    {
      Update: {
        TableName: db.tableName,
        Key: keys.webLoginTicket(input.ticketId),
        UpdateExpression: `SET #status = :decision, ${input.decision}By = :user, ${input.decision}At = :at`,
        ConditionExpression: condition.ConditionExpression,
        ExpressionAttributeNames: condition.ExpressionAttributeNames,
        ExpressionAttributeValues: {
          ...condition.ExpressionAttributeValues,
          ":decision": input.decision,
          ":user": input.userId,
          ":at": input.at,
        },
      },
    },
    input.audits,
  );
}

/**
 * approved → consumed, for the holder of the poll secret, before expiry, audited
 * `auth.web_login_collect` (none when the approver may no longer have the session): the one write
 * that lets a token out, so however many polls arrive together, exactly one gets it.
 * `approvedBy` is the approver the caller read and built the session for.
 */
export function consumeWebLoginTicket(
  db: Db,
  input: {
    ticketId: string;
    pollSecretHash: string;
    approvedBy: string;
    at: string;
    nowSeconds: number;
    audits: AuditEntry[];
  },
): Promise<boolean> {
  return moveTicket(
    db,
    {
      Update: {
        TableName: db.tableName,
        Key: keys.webLoginTicket(input.ticketId),
        UpdateExpression: "SET #status = :consumed, consumedAt = :at",
        ConditionExpression:
          "#status = :approved AND pollSecretHash = :hash AND approvedBy = :user AND expiresAt > :now",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":consumed": "consumed",
          ":approved": "approved",
          ":hash": input.pollSecretHash,
          ":user": input.approvedBy,
          ":at": input.at,
          ":now": input.nowSeconds,
        },
      },
    },
    input.audits,
  );
}
