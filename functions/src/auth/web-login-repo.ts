import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type AuditEntry, auditPut } from "../audit/repo.js";
import type { Db } from "../db/client.js";
import { cancelledConditionIndexes, isConditionalFailure } from "../db/errors.js";
import { getItem, transact } from "../db/items.js";
import { keys } from "../db/keys.js";
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
 * pending → approved with the audit entries in one transaction. False when the condition failed
 * (decided meanwhile, or expired): nothing was written.
 */
export async function approveWebLoginTicket(
  db: Db,
  input: { ticketId: string; userId: string; at: string; nowSeconds: number; audits: AuditEntry[] },
): Promise<boolean> {
  const condition = pendingAndLive(input.nowSeconds);
  try {
    await transact(db, [
      {
        Update: {
          TableName: db.tableName,
          Key: keys.webLoginTicket(input.ticketId),
          UpdateExpression: "SET #status = :approved, approvedBy = :user, approvedAt = :at",
          ConditionExpression: condition.ConditionExpression,
          ExpressionAttributeNames: condition.ExpressionAttributeNames,
          ExpressionAttributeValues: {
            ...condition.ExpressionAttributeValues,
            ":approved": "approved",
            ":user": input.userId,
            ":at": input.at,
          },
        },
      },
      ...input.audits.map((audit) => auditPut(db, audit)),
    ]);
    return true;
  } catch (error) {
    // Only the ticket's own condition means "no longer pending"; anything else is rethrown.
    if (cancelledConditionIndexes(error)?.includes(0)) return false;
    throw error;
  }
}

/** pending → denied. False when the condition failed. */
export async function denyWebLoginTicket(
  db: Db,
  input: { ticketId: string; userId: string; at: string; nowSeconds: number },
): Promise<boolean> {
  const condition = pendingAndLive(input.nowSeconds);
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.webLoginTicket(input.ticketId),
        UpdateExpression: "SET #status = :denied, deniedBy = :user, deniedAt = :at",
        ConditionExpression: condition.ConditionExpression,
        ExpressionAttributeNames: condition.ExpressionAttributeNames,
        ExpressionAttributeValues: {
          ...condition.ExpressionAttributeValues,
          ":denied": "denied",
          ":user": input.userId,
          ":at": input.at,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}

/**
 * approved → consumed, for the holder of the poll secret, before expiry: the one write that lets a
 * token out, so however many polls arrive together, exactly one gets it. Returns the ticket as
 * consumed, or null when the condition failed.
 */
export async function consumeWebLoginTicket(
  db: Db,
  input: { ticketId: string; pollSecretHash: string; at: string; nowSeconds: number },
): Promise<WebLoginTicket | null> {
  try {
    const result = await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.webLoginTicket(input.ticketId),
        UpdateExpression: "SET #status = :consumed, consumedAt = :at",
        ConditionExpression: "#status = :approved AND pollSecretHash = :hash AND expiresAt > :now",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":consumed": "consumed",
          ":approved": "approved",
          ":hash": input.pollSecretHash,
          ":at": input.at,
          ":now": input.nowSeconds,
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    const { PK: _pk, SK: _sk, entity: _entity, ...ticket } = result.Attributes ?? {};
    return ticket as unknown as WebLoginTicket;
  } catch (error) {
    if (isConditionalFailure(error)) return null;
    throw error;
  }
}
