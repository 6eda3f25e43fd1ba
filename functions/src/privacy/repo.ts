/**
 * The reads of "export my data" and "delete my account": every item that belongs to one person,
 * found through the keys and indexes the features already keep (no Scan). Items come back with
 * their keys, because deleting and rewriting them needs the keys.
 */
import { BatchGetCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Db } from "../db/client.js";
import { keys } from "../db/keys.js";

export type RawItem = Record<string, unknown> & { PK: string; SK: string };

/** Every page of a query, keys kept. */
export async function queryRaw(db: Db, input: Omit<QueryCommandInput, "TableName">): Promise<RawItem[]> {
  const items: RawItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new QueryCommand({ ...input, TableName: db.tableName, ExclusiveStartKey: start }),
    );
    items.push(...((result.Items ?? []) as RawItem[]));
    start = result.LastEvaluatedKey;
  } while (start);
  return items;
}

/** P1: the user's own partition: profile, memberships, verification requests, ledgers, visits, inbox state. */
export const listUserPartition = (db: Db, userId: string) =>
  queryRaw(db, {
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.user(userId).PK },
    ConsistentRead: true,
  });

/** P2: every item indexed under one of the user's GSI1 partitions (`USER#<uid>#LEGAL`, `#LEGALWAIT`, `#WINDOW`, `#WPROXY`, `#AUDIT`, `#CASES`). */
export const listUserIndexed = (db: Db, userId: string, suffix: string) =>
  queryRaw(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": `USER#${userId}#${suffix}` },
  });

/** P3: the user's messages (M3 without a page limit). */
export const listInboxAll = (db: Db, userId: string) =>
  queryRaw(db, {
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.inboxMessage(userId, "", "").PK },
    ConsistentRead: true,
  });

/** P4: every topic of a community (D2's GSI2, all pages). */
export const listCommunityTopics = (db: Db, communityId: string) =>
  queryRaw(db, {
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.topicByCommunityGsi(communityId, "", "").GSI2PK },
  });

/** P5: a topic's comments written by one person (D7's partition, all pages, filtered on the author). */
export const listCommentsBy = (db: Db, topicId: string, userId: string) =>
  queryRaw(db, {
    KeyConditionExpression: "PK = :pk",
    FilterExpression: "authorId = :uid",
    ExpressionAttributeValues: { ":pk": keys.comment(topicId, "").PK, ":uid": userId },
  });

/** P6: notices of a community that readers may have opened (published or withdrawn since), ids only. */
export async function listCommunityNoticeIds(db: Db, communityId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const state of ["published", "withdrawn"]) {
    const items = await queryRaw(db, {
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.noticeByStateGsi(communityId, state, "", "").GSI1PK },
    });
    for (const item of items) if (typeof item.id === "string") ids.push(item.id);
  }
  return ids;
}

/** P8: a community's departments (the cases' "departments of a community", all pages, keys kept). */
export const listCommunityDepartments = (db: Db, communityId: string) =>
  queryRaw(db, {
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
    ExpressionAttributeValues: {
      ":pk": keys.department(communityId, "").PK,
      ":prefix": keys.departmentPrefix,
    },
    ConsistentRead: true,
  });

/** P7: items by key with BatchGetItem (100 at a time, unprocessed keys asked again), keys kept. */
export async function getItemsWithKeys(db: Db, keyList: Record<string, string>[]): Promise<RawItem[]> {
  if (keyList.length === 0) return [];
  const found: RawItem[] = [];
  for (let i = 0; i < keyList.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [db.tableName]: { Keys: keyList.slice(i, i + 100) },
    };
    while (request && Object.keys(request).length > 0) {
      const result = await db.doc.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...((result.Responses?.[db.tableName] ?? []) as RawItem[]));
      request = result.UnprocessedKeys as typeof request;
    }
  }
  return found;
}
