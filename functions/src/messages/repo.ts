import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "../db/client.js";
import { isConditionalFailure } from "../db/errors.js";
import { decodeCursor, encodeCursor, keys, withoutKeys } from "../db/keys.js";
import { type InboxMessage, inboxPut } from "./notify.js";

/** The unread count looks at this many of the newest messages after the last "read all", no more. */
export const UNREAD_WINDOW = 100;
/** Shown as "99+" above this. */
export const UNREAD_CAP = 99;

const inboxPk = (userId: string) => keys.inboxMessage(userId, "", "").PK;

const toMessage = (item: Record<string, unknown>) => withoutKeys(item) as unknown as InboxMessage;

/** A user's messages, newest first, paged. */
export async function listInbox(db: Db, userId: string, page: { limit: number; cursor?: string }) {
  const pk = inboxPk(userId);
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, { attributes: ["PK", "SK"], partition: ["PK", pk] }),
    }),
  );
  return {
    items: (result.Items ?? []).map(toMessage),
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}

/** The job's inbox write: a retry after a failed push finds the message there, which is fine. */
export async function putInboxMessage(db: Db, message: InboxMessage): Promise<"created" | "exists"> {
  const put = inboxPut(db, message).Put;
  if (!put) throw new Error("inboxPut must build a Put");
  try {
    await db.doc.send(new PutCommand(put));
    return "created";
  } catch (error) {
    if (isConditionalFailure(error)) return "exists";
    throw error;
  }
}

/** When the user last marked everything read (null: never). */
export async function getLastReadAllAt(db: Db, userId: string): Promise<string | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.inboxState(userId), ConsistentRead: true }),
  );
  return (result.Item?.lastReadAllAt as string | undefined) ?? null;
}

/** Moves the "read all" mark forward, never back (two devices marking at once keep the later). */
export async function markAllRead(db: Db, userId: string, now: string): Promise<void> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...keys.inboxState(userId), entity: "InboxState", userId, lastReadAllAt: now },
        ConditionExpression: "attribute_not_exists(lastReadAllAt) OR lastReadAllAt < :now",
        ExpressionAttributeValues: { ":now": now },
      }),
    );
  } catch (error) {
    if (!isConditionalFailure(error)) throw error;
  }
}

/**
 * Unread messages among the newest UNREAD_WINDOW after the "read all" mark: one bounded COUNT
 * query, never the user's whole history. `capped` means more than UNREAD_CAP (show "99+"). An
 * unread message older than the newest UNREAD_WINDOW is not counted: a badge, not a ledger.
 */
export async function countUnread(
  db: Db,
  userId: string,
  lastReadAllAt: string | null,
): Promise<{ unread: number; capped: boolean }> {
  const pk = inboxPk(userId);
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      // SKs are `<createdAt>#<id>`; '\uffff' sorts after every id, so a message made at the very
      // instant of the mark counts as read, like everything before it.
      KeyConditionExpression: lastReadAllAt ? "PK = :pk AND SK > :after" : "PK = :pk",
      FilterExpression: "attribute_type(readAt, :null)",
      ExpressionAttributeValues: {
        ":pk": pk,
        ":null": "NULL",
        ...(lastReadAllAt ? { ":after": `${lastReadAllAt}#\uffff` } : {}),
      },
      ScanIndexForward: false,
      // Right after marking read the count must not show what was just marked.
      ConsistentRead: true,
      Limit: UNREAD_WINDOW,
      Select: "COUNT",
    }),
  );
  const count = result.Count ?? 0;
  return {
    unread: Math.min(count, UNREAD_CAP),
    capped: count > UNREAD_CAP,
  };
}

/** A user's messages by id (ids of other users' messages find nothing). */
export async function findInboxMessages(db: Db, userId: string, ids: string[]): Promise<InboxMessage[]> {
  const found = await Promise.all(
    [...new Set(ids)].map(async (id) => {
      const gsi = keys.inboxMessageByIdGsi(userId, id);
      const result = await db.doc.send(
        new QueryCommand({
          TableName: db.tableName,
          IndexName: "GSI2",
          KeyConditionExpression: "GSI2PK = :pk AND GSI2SK = :id",
          ExpressionAttributeValues: { ":pk": gsi.GSI2PK, ":id": gsi.GSI2SK },
        }),
      );
      return (result.Items ?? []).map(toMessage);
    }),
  );
  return found.flat();
}

/** Marks one message read; the first reading time is kept. */
export async function markMessageRead(db: Db, message: InboxMessage, now: string): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.inboxMessage(message.userId, message.createdAt, message.id),
        UpdateExpression: "SET readAt = :now",
        ConditionExpression: "attribute_exists(PK) AND attribute_type(readAt, :null)",
        ExpressionAttributeValues: { ":now": now, ":null": "NULL" },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}
