/** Every DynamoDB access of notices (ACCESS_PATTERNS.md, N1–N14). */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "../db/client.js";
import { getItem, queryAll, strip, type TransactItem } from "../db/items.js";
import { decodeCursor, encodeCursor, keys } from "../db/keys.js";
import { excerptOf, parseBody } from "./format.js";
import type { Grid, Notice, NoticeRevision, Receipt } from "./schemas.js";
import { dueAt, type FeedLocation, SHARDS } from "./service.js";

/** The notice item with its index keys: staff's list by state, and the job's due index while it has work. */
export function noticeItem(notice: Notice) {
  const sortAt = notice.publishedAt ?? notice.publishAt ?? notice.createdAt;
  const due = dueAt(notice, notice.syncedLocation);
  return {
    ...keys.notice(notice.id),
    ...keys.noticeByStateGsi(notice.communityId, notice.state, sortAt, notice.id),
    ...(due ? keys.noticeDueGsi(due, notice.id) : {}),
    entity: "Notice",
    ...notice,
  };
}

/** Put of a notice that must still be at `version` (0: must not exist yet). */
export function noticePut(db: Db, notice: Notice, expectedVersion: number): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: noticeItem(notice),
      ...(expectedVersion === 0
        ? { ConditionExpression: "attribute_not_exists(PK)" }
        : {
            ConditionExpression: "#version = :version",
            ExpressionAttributeNames: { "#version": "version" },
            ExpressionAttributeValues: { ":version": expectedVersion },
          }),
    },
  };
}

export function revisionPut(db: Db, noticeId: string, revision: NoticeRevision): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.noticeRevision(noticeId, revision.n), entity: "NoticeRevision", ...revision },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  };
}

export async function getNotice(db: Db, noticeId: string, consistent = false): Promise<Notice | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.notice(noticeId), ConsistentRead: consistent }),
  );
  return strip<Notice>(result.Item);
}

export interface NoticeBundle {
  notice: Notice;
  revisions: NoticeRevision[];
  reads: number;
  acks: number;
}

/** The notice, its revisions and its counters: one Query of its partition. */
export async function getNoticeBundle(
  db: Db,
  noticeId: string,
  consistent = false,
): Promise<NoticeBundle | null> {
  const items = await queryAll<Record<string, unknown>>(db, {
    ConsistentRead: consistent,
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.noticePartition(noticeId) },
  });
  const notice = items.find((item) => item.state !== undefined && item.communityId !== undefined) as
    | Notice
    | undefined;
  if (!notice) return null;
  const revisions = items.filter((item) => typeof item.n === "number") as unknown as NoticeRevision[];
  const shards = items.filter((item) => typeof item.shard === "number");
  const sum = (name: string) => shards.reduce((total, shard) => total + Number(shard[name] ?? 0), 0);
  return { notice, revisions: revisions.sort((a, b) => b.n - a.n), reads: sum("reads"), acks: sum("acks") };
}

/** Adds to one counter shard, picked at random, so simultaneous readers rarely meet on one item. */
export function counterAdd(db: Db, noticeId: string, reads: number, acks: number): TransactItem {
  const shard = Math.floor(Math.random() * SHARDS);
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.noticeShard(noticeId, shard),
      UpdateExpression: "SET #shard = :shard, #entity = :entity ADD #reads :reads, #acks :acks",
      ExpressionAttributeNames: {
        "#shard": "shard",
        "#entity": "entity",
        "#reads": "reads",
        "#acks": "acks",
      },
      ExpressionAttributeValues: {
        ":shard": shard,
        ":entity": "NoticeCounter",
        ":reads": reads,
        ":acks": acks,
      },
    },
  };
}

// ——— Staff's list ———

export async function listNoticesByState(
  db: Db,
  communityId: string,
  state: string,
  limit: number,
  cursor?: string,
): Promise<{ items: Notice[]; nextCursor: string | null }> {
  const partition = keys.noticeByStateGsi(communityId, state, "", "").GSI1PK;
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk",
      ExpressionAttributeValues: { ":pk": partition },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, {
        attributes: ["PK", "SK", "GSI1PK", "GSI1SK"],
        partition: ["GSI1PK", partition],
      }),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => strip<Notice>(item) as Notice),
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}

// ——— The job's due index ———

export async function listDueNotices(db: Db, now: string, limit = 100): Promise<string[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI2",
      KeyConditionExpression: "GSI2PK = :pk AND GSI2SK <= :bound",
      ExpressionAttributeValues: { ":pk": keys.noticeDueGsi("", "").GSI2PK, ":bound": `${now}#\uffff` },
      ProjectionExpression: "id",
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => item.id as string);
}

// ——— Feed channels ———

export interface FeedEntry {
  id: string;
  title: string;
  category: Notice["category"];
  pinned: boolean;
  ackRequired: boolean;
  publishedAt: string;
  editedAt: string | null;
  expiresAt: string | null;
  excerpt: string;
  imageCount: number;
  cover: string | null;
  /** The item's sort key: the feed's cursor. */
  sortKey: string;
  /** The channels (partitions) of the reader's that hold it: which of their homes it reaches. */
  partitions: string[];
}

/** A notice's item in one channel of its audience: in the feed (pinned or not) or the archive. */
export function channelItem(notice: Notice, channel: string, location: Exclude<FeedLocation, "none">) {
  const publishedAt = notice.publishedAt as string;
  return {
    ...(location === "live"
      ? keys.noticeFeed(notice.communityId, channel, notice.pinned, publishedAt, notice.id)
      : keys.noticeArchive(notice.communityId, channel, publishedAt, notice.id)),
    entity: "NoticeFeed",
    id: notice.id,
    title: notice.title,
    category: notice.category,
    pinned: notice.pinned,
    ackRequired: notice.ackRequired,
    publishedAt,
    editedAt: notice.editedAt,
    expiresAt: notice.expiresAt,
    excerpt: excerptOf(parseBody(notice.body)),
    imageCount: notice.images.length,
    cover: notice.images[0] ?? null,
  };
}

/**
 * One page of channels read together, newest first (pinned first in the feed). Every channel uses
 * the same sort key, so the cursor is a sort key and a notice in two channels (a resident of two
 * units) is shown once. One Query per channel, whatever the number of notices ever published.
 *
 * Expired notices the job has not moved to the archive yet are left out here, after the page is
 * cut, not by a FilterExpression: a filter applied inside each channel's Limit could skip a live
 * notice of one channel behind expired ones, or end the feed early. So the cursor is the last key
 * *looked at*, and a page may show fewer than `limit` items.
 */
export async function readChannels(
  db: Db,
  partitions: string[],
  options: { limit: number; after?: string; now: string; live: boolean },
): Promise<{ entries: FeedEntry[]; next: string | null }> {
  const pages = await Promise.all(
    partitions.map((pk) =>
      db.doc.send(
        new QueryCommand({
          TableName: db.tableName,
          KeyConditionExpression: options.after ? "PK = :pk AND SK < :after" : "PK = :pk",
          ExpressionAttributeValues: { ":pk": pk, ...(options.after ? { ":after": options.after } : {}) },
          ScanIndexForward: false,
          Limit: options.limit + 1,
        }),
      ),
    ),
  );
  // One entry per notice: while an edit moves it between pinned and not, both keys may exist for a
  // moment; the higher (pinned) one stands for it.
  const byId = new Map<string, FeedEntry>();
  for (const page of pages)
    for (const item of page.Items ?? []) {
      const entry = {
        ...(strip<FeedEntry>(item) as FeedEntry),
        sortKey: item.SK as string,
        partitions: [item.PK as string],
      };
      const seen = byId.get(entry.id);
      const partitions = [...new Set([...(seen?.partitions ?? []), item.PK as string])];
      byId.set(
        entry.id,
        !seen || seen.sortKey < entry.sortKey ? { ...entry, partitions } : { ...seen, partitions },
      );
    }
  const sorted = [...byId.values()].sort((a, b) => (a.sortKey < b.sortKey ? 1 : -1));
  const window = sorted.slice(0, options.limit);
  const more = sorted.length > options.limit || pages.some((page) => page.LastEvaluatedKey);
  const last = window[window.length - 1];
  const entries = options.live
    ? window.filter((e) => e.expiresAt === null || e.expiresAt > options.now)
    : window;
  return { entries, next: more && last ? last.sortKey : null };
}

// ——— Receipts ———

/** The caller's receipts for a notice (strongly consistent: a read decides whether to count). */
export async function getReceipts(db: Db, noticeId: string, readers: string[]): Promise<Receipt[]> {
  const found = await Promise.all(
    readers.map((reader) => getItem<Receipt>(db, keys.noticeReceipt(noticeId, reader), true)),
  );
  return found.filter((receipt): receipt is Receipt => receipt !== null);
}

/** Every household receipt of a notice (reach: who has not read yet). */
export async function listHouseholdReceipts(db: Db, noticeId: string): Promise<Receipt[]> {
  return queryAll<Receipt>(db, {
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :hh)",
    ExpressionAttributeValues: { ":pk": keys.noticeReceiptPartition(noticeId), ":hh": "HH#" },
  });
}

// ——— Grids ———

export async function listGrids(db: Db, communityId: string): Promise<Grid[]> {
  return queryAll<Grid>(db, {
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :grid)",
    ExpressionAttributeValues: { ":pk": keys.community(communityId).PK, ":grid": keys.gridPrefix },
  });
}

export function gridItem(grid: Grid) {
  return { ...keys.grid(grid.communityId, grid.id), entity: "Grid", ...grid };
}
