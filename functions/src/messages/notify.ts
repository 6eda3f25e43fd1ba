import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Db } from "../db/client.js";
import { keys } from "../db/keys.js";
import { DELETED_USER_ID } from "../users/schemas.js";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * What a message says is a kind plus parameters, not text: the mini-program renders it in the
 * reader's language, and the WeChat sender maps it onto a subscription-message template.
 */
export type MessageParams = Record<string, string>;

export interface Notification {
  /** Unique; a reminder's id is derived from what it reminds of, so it can be withdrawn. */
  id: string;
  userId: string;
  kind: string;
  params: MessageParams;
  /** A mini-program page to open, e.g. `/pages/legal/booking/index?id=…`. */
  link: string | null;
  /** When it is due; absent or not in the future means now. */
  dueAt?: string;
}

export interface InboxMessage {
  id: string;
  userId: string;
  kind: string;
  params: MessageParams;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface OutboxEntry {
  id: string;
  userId: string;
  kind: string;
  params: MessageParams;
  link: string | null;
  dueAt: string;
  /** Reminders appear in the message list only when due: the job writes them there then. */
  deliverToInbox: boolean;
  status: "pending" | "sent" | "skipped" | "failed";
  attempts: number;
  createdAt: string;
  /** Set by the outbox job (messages/outbox-repo.ts) as it works on the entry. */
  inboxAt?: string;
  nextAttemptAt?: string;
  lastError?: string;
  /** Why an entry ended as it did: `pushed`, `no_template`, `no_openid`, `refused`, an errcode… */
  outcome?: string;
  finishedAt?: string;
}

export function inboxPut(db: Db, message: InboxMessage): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: {
        ...keys.inboxMessage(message.userId, message.createdAt, message.id),
        ...keys.inboxMessageByIdGsi(message.userId, message.id),
        entity: "Message",
        ...message,
      },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  };
}

export function outboxPut(db: Db, entry: OutboxEntry): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: {
        ...keys.outbox(entry.id),
        ...keys.outboxDueGsi(entry.dueAt, entry.id),
        entity: "Outbox",
        ...entry,
      },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  };
}

/**
 * The writes that tell a user something, to go into the same transaction as the event itself:
 * nothing is told about an event that did not happen, and nothing that happened goes untold.
 * Due now: the message lands in the list at once and the outbox pushes it to WeChat. Due later
 * (a reminder): only the outbox entry, which the job delivers to both when the time comes.
 */
export function notify(db: Db, notification: Notification, now: string): TransactItem[] {
  // A deleted account's records stay under DELETED_USER_ID: nobody is there to be told.
  if (notification.userId === DELETED_USER_ID) return [];
  const due = notification.dueAt && notification.dueAt > now ? notification.dueAt : now;
  const later = due > now;
  const entry: OutboxEntry = {
    id: notification.id,
    userId: notification.userId,
    kind: notification.kind,
    params: notification.params,
    link: notification.link,
    dueAt: due,
    deliverToInbox: later,
    status: "pending",
    attempts: 0,
    createdAt: now,
  };
  if (later) return [outboxPut(db, entry)];
  return [
    inboxPut(db, {
      id: notification.id,
      userId: notification.userId,
      kind: notification.kind,
      params: notification.params,
      link: notification.link,
      createdAt: now,
      readAt: null,
    }),
    outboxPut(db, entry),
  ];
}

/** Withdraws a notification not sent yet (a reminder of a booking that was cancelled). */
export function withdrawNotification(db: Db, id: string): TransactItem {
  return { Delete: { TableName: db.tableName, Key: keys.outbox(id) } };
}
