/** Deliberation reads and item shapes. The writes that must hold under concurrency are in actions.ts. */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "../db/client.js";
import { getItem, queryAll, strip } from "../db/items.js";
import { decodeCursor, encodeCursor, keys } from "../db/keys.js";
import type { Tally } from "./rules.js";
import type { Comment, DeliberationSettings, RollUnit, Topic, TopicStatus, Vote } from "./schemas.js";
import { DEFAULT_SECONDING_PERCENT, emptyTally, sumShards, TALLY_SHARDS } from "./service.js";

export const ACTIVE: TopicStatus[] = ["proposed", "discussion", "voting"];
export const CLOSED: TopicStatus[] = ["decided", "rejected", "withdrawn"];

export function topicItem(topic: Topic) {
  return {
    ...keys.topic(topic.id),
    ...keys.topicByStatusGsi(topic.communityId, topic.status, topic.createdAt, topic.id),
    ...keys.topicByCommunityGsi(topic.communityId, topic.createdAt, topic.id),
    entity: "Topic",
    ...topic,
  };
}

/** A vote waiting for its next step carries the due index; a closed one does not. */
export function voteItem(vote: Vote) {
  const dueAt = vote.state === "scheduled" ? vote.opensAt : vote.state === "open" ? vote.closesAt : null;
  return {
    ...keys.vote(vote.topicId),
    ...(dueAt ? keys.voteDueGsi(dueAt, vote.topicId) : {}),
    entity: "Vote",
    ...vote,
  };
}

export const rollUnitItem = (topicId: string, rollId: string, unit: RollUnit) => ({
  ...keys.rollUnit(topicId, rollId, unit.buildingId, unit.unitId),
  entity: "RollUnit",
  ...unit,
});

/**
 * The items of a frozen roll: its units, a pointer from each voter listing every unit they may vote
 * for, and (except in a residents' vote, which counts people) one from each household to its unit.
 */
export function rollItems(
  topicId: string,
  rollId: string,
  units: RollUnit[],
  electorate: Vote["electorate"],
) {
  const items: Record<string, unknown>[] = [];
  const unitsOfVoter = new Map<string, string[]>();
  for (const unit of units) {
    const unitSK = keys.rollUnit(topicId, rollId, unit.buildingId, unit.unitId).SK;
    items.push(rollUnitItem(topicId, rollId, unit));
    for (const voterId of unit.voterIds)
      unitsOfVoter.set(voterId, [...(unitsOfVoter.get(voterId) ?? []), unitSK]);
    if (electorate !== "residents")
      for (const householdId of unit.householdIds)
        items.push({ ...keys.rollHousehold(topicId, rollId, householdId), entity: "RollPointer", unitSK });
  }
  for (const [voterId, unitSKs] of unitsOfVoter)
    items.push({ ...keys.rollVoter(topicId, rollId, voterId), entity: "RollPointer", unitSKs });
  return items;
}

/** A vote's tally shards, with `tally` (if any) counted in the first. */
export function tallyShardItems(topicId: string, state: "open" | "closed", createdAt: string, tally?: Tally) {
  return Array.from({ length: TALLY_SHARDS }, (_, shard) => {
    const counted = shard === 0 && tally ? tally : emptyTally();
    return {
      ...keys.tallyShard(topicId, shard),
      entity: "TallyShard",
      state,
      approveCount: counted.approve.count,
      approveArea: counted.approve.area,
      rejectCount: counted.reject.count,
      rejectArea: counted.reject.area,
      abstainCount: counted.abstain.count,
      abstainArea: counted.abstain.area,
      createdAt,
    };
  });
}

export const commentItem = (comment: Comment) => ({
  ...keys.comment(comment.topicId, comment.id),
  entity: "Comment",
  ...comment,
});

export interface TopicBundle {
  topic: Topic;
  vote: Vote | null;
  /** Raw shard items (counters per choice). */
  shards: Record<string, unknown>[];
}

/** The topic, its vote and its tally in one Query of the topic's partition. */
export async function getTopicBundle(
  db: Db,
  topicId: string,
  consistent = false,
): Promise<TopicBundle | null> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.topicPartition(topicId) },
      ConsistentRead: consistent,
    }),
  );
  // One partition of at most 2 + TALLY_SHARDS small items: one page.
  const items = result.Items ?? [];
  const topic = items.find((item) => item.SK === "META");
  if (!topic) return null;
  const vote = items.find((item) => item.SK === "VOTE");
  return {
    topic: strip<Topic>(topic) as Topic,
    vote: vote ? strip<Vote>(vote) : null,
    shards: items.filter((item) => String(item.SK).startsWith(keys.tallyPrefix)),
  };
}

export const tallyOf = (bundle: TopicBundle) => sumShards(bundle.shards);

/** A community's topics, newest first: one status (GSI1) or a group of them (GSI2, filtered). */
export async function listTopics(
  db: Db,
  communityId: string,
  options: { status?: TopicStatus | "active" | "closed"; limit: number; cursor?: string },
) {
  const single = options.status && options.status !== "active" && options.status !== "closed";
  if (single) {
    const pk = keys.topicByStatusGsi(communityId, options.status as string, "", "").GSI1PK;
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: decodeCursor(options.cursor, {
          attributes: ["PK", "SK", "GSI1PK", "GSI1SK"],
          partition: ["GSI1PK", pk],
        }),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => strip<Topic>(item) as Topic),
      nextCursor: encodeCursor(result.LastEvaluatedKey),
    };
  }
  const pk = keys.topicByCommunityGsi(communityId, "", "").GSI2PK;
  const group = options.status === "active" ? ACTIVE : options.status === "closed" ? CLOSED : null;
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI2",
      KeyConditionExpression: "GSI2PK = :pk",
      ...(group
        ? {
            FilterExpression: `#status IN (${group.map((_, i) => `:s${i}`).join(", ")})`,
            ExpressionAttributeNames: { "#status": "status" },
          }
        : {}),
      ExpressionAttributeValues: {
        ":pk": pk,
        ...(group ? Object.fromEntries(group.map((status, i) => [`:s${i}`, status])) : {}),
      },
      ScanIndexForward: false,
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, {
        attributes: ["PK", "SK", "GSI2PK", "GSI2SK"],
        partition: ["GSI2PK", pk],
      }),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => strip<Topic>(item) as Topic),
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}

export async function getSettings(db: Db, communityId: string): Promise<DeliberationSettings> {
  return (
    (await getItem<DeliberationSettings>(db, keys.deliberationSettings(communityId))) ?? {
      communityId,
      secondingPercent: DEFAULT_SECONDING_PERCENT,
      updatedAt: "",
    }
  );
}

export async function getSecond(db: Db, topicId: string, householdId: string) {
  return getItem<{ householdId: string; userId: string; at: string }>(db, keys.second(topicId, householdId));
}

export async function getComment(db: Db, topicId: string, commentId: string): Promise<Comment | null> {
  return getItem<Comment>(db, keys.comment(topicId, commentId), true);
}

/** A topic's comments in the order they were written, paged. */
export async function listComments(db: Db, topicId: string, limit: number, cursor?: string) {
  const pk = keys.comment(topicId, "").PK;
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, { attributes: ["PK", "SK"], partition: ["PK", pk] }),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => strip<Comment>(item) as Comment),
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}

/**
 * The unit a voter (`VOTER#`, optionally naming one of their households) or a household (`HH#`)
 * belongs to in a vote's frozen roll. A voter naming a household outside their units has none.
 */
export async function findRollUnit(
  db: Db,
  topicId: string,
  rollId: string,
  pointer: { userId: string; householdId?: string } | { householdId: string },
  consistent = false,
): Promise<RollUnit | null> {
  const householdUnit = async (householdId: string) =>
    (await getItem<{ unitSK: string }>(db, keys.rollHousehold(topicId, rollId, householdId)))?.unitSK;
  let unitSK: string | undefined;
  if ("userId" in pointer) {
    const voter = await getItem<{ unitSKs: string[] }>(db, keys.rollVoter(topicId, rollId, pointer.userId));
    const units = voter?.unitSKs ?? [];
    if (pointer.householdId) {
      const named = await householdUnit(pointer.householdId);
      unitSK = named && units.includes(named) ? named : undefined;
    } else unitSK = units[0];
  } else unitSK = await householdUnit(pointer.householdId);
  if (!unitSK) return null;
  return getItem<RollUnit>(db, { PK: keys.rollPartition(topicId, rollId), SK: unitSK }, consistent);
}

/** The frozen roll's units, all or one building's, in building order. */
export async function listRollUnits(db: Db, topicId: string, rollId: string, buildingId?: string) {
  return queryAll<RollUnit>(db, {
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
    ExpressionAttributeValues: {
      ":pk": keys.rollPartition(topicId, rollId),
      ":prefix": buildingId ? `UNIT#${buildingId}#` : "UNIT#",
    },
  });
}

export async function getChoice(db: Db, topicId: string, sealed: string) {
  return getItem<{ choice: "approve" | "reject" | "abstain"; area: number }>(
    db,
    keys.ballotChoice(topicId, sealed),
    true,
  );
}

/** Votes due to open or close (job). */
export async function listDueVotes(db: Db, now: string) {
  return queryAll<Vote>(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk AND GSI1SK <= :bound",
    ExpressionAttributeValues: { ":pk": "DELIB#VOTES#DUE", ":bound": `${now}#\uffff` },
    Limit: 100,
  });
}
