/** Cases in DynamoDB: reports and disputes, their numbers, parties, assignment and escalation watch. */
import { DeleteCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "../db/client.js";
import { cancelledConditionIndexes, isConditionalFailure, isTransactionConflict } from "../db/errors.js";
import { getAll, getItem, queryAll, strip, type TransactItem, transact } from "../db/items.js";
import { keys } from "../db/keys.js";
import { conflict } from "../http/errors.js";
import type { Case, CaseSettings, Department } from "./schemas.js";
import { isOpen } from "./service.js";

/** A guarded write lost to another (its condition failed, or a transaction touched the same items). */
const changedMeanwhile = (error: unknown) =>
  isConditionalFailure(error) ||
  Boolean(cancelledConditionIndexes(error)?.length) ||
  isTransactionConflict(error);

/** The assignee as a key part: `DEPT#<id>` or `STAFF#<userId>`. */
export const assigneeKey = (c: Pick<Case, "assignee">) =>
  c.assignee === null
    ? null
    : c.assignee.kind === "department"
      ? `DEPT#${c.assignee.departmentId}`
      : `STAFF#${c.assignee.userId}`;

export function caseItem(c: Case) {
  const open = isOpen(c);
  return {
    ...keys.caseItem(c.id),
    ...keys.caseByCommunityGsi(
      c.communityId,
      open ? "OPEN" : "DONE",
      open ? c.createdAt : (c.finishedAt ?? c.updatedAt),
      c.id,
    ),
    ...keys.caseByCreationGsi(c.communityId, c.createdAt, c.id),
    entity: "Case",
    ...c,
  };
}

/** When the escalation job should next look at a case, and for which level; null when it need not. */
export interface WatchState {
  dueAt: string;
  level: number;
  cycle: number;
}

export function watchItem(c: Case, watch: WatchState) {
  return {
    ...keys.caseWatch(c.id),
    ...keys.caseWatchGsi(watch.dueAt, c.id),
    entity: "CaseWatch",
    caseId: c.id,
    communityId: c.communityId,
    ...watch,
  };
}

export function partyItem(c: Case, userId: string) {
  return {
    ...keys.caseParty(c.id, userId),
    ...keys.casePartyByUserGsi(userId, c.kind.toUpperCase(), c.createdAt, c.id),
    entity: "CaseParty",
    caseId: c.id,
    userId,
    kind: c.kind,
  };
}

function assignmentItem(c: Case, assignee: string) {
  return {
    ...keys.caseAssignment(c.id),
    ...keys.caseAssignmentGsi(c.communityId, assignee, c.createdAt, c.id),
    entity: "CaseAssignment",
    caseId: c.id,
    assignee,
  };
}

/** The next number of a day for a prefix (HX reports, TJ disputes); a failed filing leaves a gap. */
export async function nextSequence(db: Db, prefix: string, day: string): Promise<number> {
  const result = await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: keys.caseCounter(prefix, day),
      UpdateExpression: "ADD #seq :one SET entity = :entity",
      ExpressionAttributeNames: { "#seq": "seq" },
      ExpressionAttributeValues: { ":one": 1, ":entity": "CaseCounter" },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  return Number(result.Attributes?.seq);
}

/** The items of a case as stored: the case, its number's guard, a pointer per user party, its assignment. */
export function newCaseWritesItems(c: Case, partyUserIds: string[]): Record<string, unknown>[] {
  const assignee = assigneeKey(c);
  return [
    caseItem(c),
    { ...keys.caseNumber(c.number), entity: "CaseNumber", caseId: c.id, number: c.number },
    ...[...new Set(partyUserIds)].map((userId) => partyItem(c, userId)),
    ...(assignee ? [assignmentItem(c, assignee)] : []),
  ];
}

/** The writes of a new case; the case and its number must both be new. */
export function newCaseWrites(db: Db, c: Case, partyUserIds: string[]): TransactItem[] {
  return newCaseWritesItems(c, partyUserIds).map((Item, i) => ({
    Put: {
      TableName: db.tableName,
      Item,
      ...(i < 2 ? { ConditionExpression: "attribute_not_exists(PK)" } : {}),
    },
  }));
}

export async function createCase(db: Db, c: Case, partyUserIds: string[], extra: TransactItem[]) {
  await transact(db, [...newCaseWrites(db, c, partyUserIds), ...extra]);
}

/**
 * Saves a changed case: only if nobody changed it since it was read (its `updatedAt`), with its
 * assignment pointer and escalation watch made to match it, and whatever else must commit with it
 * (messages, audit, the idempotent response). Someone else's change in between: 409 CASE_CHANGED.
 */
export async function saveCase(
  db: Db,
  before: Case,
  after: Case,
  watch: WatchState | null,
  extra: TransactItem[],
): Promise<void> {
  const writes: TransactItem[] = [
    {
      Put: {
        TableName: db.tableName,
        Item: caseItem(after),
        ConditionExpression: "updatedAt = :seen",
        ExpressionAttributeValues: { ":seen": before.updatedAt },
      },
    },
  ];
  const assignee = assigneeKey(after);
  if (assignee !== assigneeKey(before)) {
    writes.push(
      assignee
        ? { Put: { TableName: db.tableName, Item: assignmentItem(after, assignee) } }
        : { Delete: { TableName: db.tableName, Key: keys.caseAssignment(after.id) } },
    );
  }
  writes.push(
    watch
      ? { Put: { TableName: db.tableName, Item: watchItem(after, watch) } }
      : { Delete: { TableName: db.tableName, Key: keys.caseWatch(after.id) } },
  );
  try {
    await transact(db, [...writes, ...extra]);
  } catch (error) {
    if (changedMeanwhile(error))
      throw conflict("CASE_CHANGED", "The case was changed meanwhile; reload it and try again.");
    throw error;
  }
}

export const getCase = (db: Db, caseId: string, consistent = true) =>
  getItem<Case>(db, keys.caseItem(caseId), consistent);

export async function getCaseIdByNumber(db: Db, number: string): Promise<string | null> {
  const guard = await getItem<{ caseId: string }>(db, keys.caseNumber(number));
  return guard?.caseId ?? null;
}

export async function casesByIds(db: Db, ids: string[]): Promise<Case[]> {
  const found = await getAll<Case>(
    db,
    ids.map((id) => keys.caseItem(id)),
  );
  const byId = new Map(found.map((c) => [c.id, c]));
  return ids.map((id) => byId.get(id)).filter((c): c is Case => Boolean(c));
}

/** A user's cases of one kind (reporter or party), newest first. */
export async function listUserCases(db: Db, userId: string, kind: Case["kind"]): Promise<Case[]> {
  const pointers = await queryAll<{ caseId: string }>(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk AND begins_with(GSI1SK, :kind)",
    ExpressionAttributeValues: { ":pk": `USER#${userId}#CASES`, ":kind": `${kind.toUpperCase()}#` },
    ScanIndexForward: false,
  });
  return casesByIds(
    db,
    pointers.map((p) => p.caseId),
  );
}

/** Every party pointer of a user (export and deletion). */
export async function listUserCasePointers(db: Db, userId: string) {
  return queryAll<{ caseId: string; userId: string; kind: string }>(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": `USER#${userId}#CASES` },
  });
}

/** The open cases of a community, oldest first (bounded by what is open). */
export function listOpenCases(db: Db, communityId: string): Promise<Case[]> {
  const { GSI1PK } = keys.caseByCommunityGsi(communityId, "OPEN", "", "");
  return queryAll<Case>(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": GSI1PK },
  });
}

/** Cases of a community finished in [from, to) (instants). */
export function listFinishedCases(db: Db, communityId: string, from: string, to: string): Promise<Case[]> {
  const { GSI1PK } = keys.caseByCommunityGsi(communityId, "DONE", "", "");
  return queryAll<Case>(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to",
    ExpressionAttributeValues: { ":pk": GSI1PK, ":from": from, ":to": `${to}` },
  }).then((cases) => cases.filter((c) => (c.finishedAt ?? c.updatedAt) < to));
}

/** Cases of a community created in [from, to) (instants). */
export function listCreatedCases(db: Db, communityId: string, from: string, to: string): Promise<Case[]> {
  const { GSI2PK } = keys.caseByCreationGsi(communityId, "", "");
  return queryAll<Case>(db, {
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to",
    ExpressionAttributeValues: { ":pk": GSI2PK, ":from": from, ":to": to },
  }).then((cases) => cases.filter((c) => c.createdAt < to));
}

/** The cases assigned to a department or a staff mediator, newest first. */
export async function listAssignedCases(db: Db, communityId: string, assignee: string): Promise<Case[]> {
  const { GSI1PK } = keys.caseAssignmentGsi(communityId, assignee, "", "");
  const pointers = await queryAll<{ caseId: string }>(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": GSI1PK },
    ScanIndexForward: false,
  });
  return casesByIds(
    db,
    pointers.map((p) => p.caseId),
  );
}

/** Watches due by `now`, oldest first, one page. */
/** Watches due by `now`, oldest first, one page from `start` (the previous page's `next`). */
export async function listDueWatches(db: Db, now: string, limit = 100, start?: Record<string, unknown>) {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk AND GSI1SK <= :now",
      ExpressionAttributeValues: { ":pk": "CASES#DUE", ":now": `${now}#~` },
      Limit: limit,
      ExclusiveStartKey: start,
    }),
  );
  return {
    watches: (result.Items ?? []).map(
      (item) => strip<WatchState & { caseId: string }>(item) as WatchState & { caseId: string },
    ),
    next: result.LastEvaluatedKey,
  };
}

/** Removes a watch that no longer applies, unless it was replaced meanwhile. */
export async function deleteWatchIfUnchanged(db: Db, watch: WatchState & { caseId: string }) {
  try {
    await db.doc.send(
      new DeleteCommand({
        TableName: db.tableName,
        Key: keys.caseWatch(watch.caseId),
        ConditionExpression: "#level = :level AND #cycle = :cycle AND dueAt = :dueAt",
        ExpressionAttributeNames: { "#level": "level", "#cycle": "cycle" },
        ExpressionAttributeValues: { ":level": watch.level, ":cycle": watch.cycle, ":dueAt": watch.dueAt },
      }),
    );
  } catch (error) {
    if (!isConditionalFailure(error)) throw error;
  }
}

// ——— Departments and settings ———

export function departmentItem(d: Department) {
  return { ...keys.department(d.communityId, d.id), entity: "Department", ...d };
}

export const getDepartment = (db: Db, communityId: string, departmentId: string, consistent = false) =>
  getItem<Department>(db, keys.department(communityId, departmentId), consistent);

export function listDepartments(db: Db, communityId: string): Promise<Department[]> {
  return queryAll<Department>(db, {
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
    ExpressionAttributeValues: { ":pk": `COMMUNITY#${communityId}`, ":prefix": keys.departmentPrefix },
  });
}

/**
 * Saves a department with its handlers' pointers: added handlers get one, removed handlers lose
 * theirs, in one transaction guarded by the version read (`updatedAt`).
 */
export async function saveDepartment(
  db: Db,
  before: Department | null,
  after: Department,
  extra: TransactItem[],
) {
  const was = new Set(before?.handlerIds ?? []);
  const now = new Set(after.active ? after.handlerIds : []);
  const wasActive = before?.active !== false;
  const writes: TransactItem[] = [
    {
      Put: {
        TableName: db.tableName,
        Item: departmentItem(after),
        ...(before
          ? {
              ConditionExpression: "updatedAt = :seen",
              ExpressionAttributeValues: { ":seen": before.updatedAt },
            }
          : { ConditionExpression: "attribute_not_exists(PK)" }),
      },
    },
    // A pointer holds the department's name (for /me): renamed, every current handler's is rewritten.
    ...[...now]
      .filter((id) => !was.has(id) || !wasActive || before?.name !== after.name)
      .map((userId) => ({
        Put: {
          TableName: db.tableName,
          Item: {
            ...keys.handlerOf(userId, after.communityId, after.id),
            entity: "Handler",
            userId,
            communityId: after.communityId,
            departmentId: after.id,
            name: after.name,
          },
        },
      })),
    ...[...was]
      .filter((id) => !now.has(id))
      .map((userId) => ({
        Delete: { TableName: db.tableName, Key: keys.handlerOf(userId, after.communityId, after.id) },
      })),
  ];
  try {
    await transact(db, [...writes, ...extra]);
  } catch (error) {
    if (changedMeanwhile(error))
      throw conflict(
        "DEPARTMENT_CHANGED",
        "The department was changed meanwhile (or exists); reload and try again.",
      );
    throw error;
  }
}

export interface HandlerPointer {
  userId: string;
  communityId: string;
  departmentId: string;
  name: string;
}

/** The departments whose cases a user handles. */
export function listHandled(db: Db, userId: string): Promise<HandlerPointer[]> {
  return queryAll<HandlerPointer>(db, {
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
    ExpressionAttributeValues: { ":pk": `USER#${userId}`, ":prefix": keys.handlerPrefix },
  });
}

export const getCaseSettings = (db: Db, communityId: string, consistent = false) =>
  getItem<CaseSettings>(db, keys.caseSettings(communityId), consistent);

export function settingsPut(db: Db, settings: CaseSettings): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.caseSettings(settings.communityId), entity: "CaseSettings", ...settings },
    },
  };
}
