/** The small read/write helpers every repository module shares. */
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client.js";
import { withoutKeys } from "./keys.js";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

export const strip = <T>(item: Record<string, unknown> | undefined): T | null =>
  item ? (withoutKeys(item) as unknown as T) : null;

export async function getItem<T>(db: Db, key: Record<string, string>, consistent = false): Promise<T | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: key, ConsistentRead: consistent }),
  );
  return strip<T>(result.Item);
}

/**
 * Every item of the table, read consistently, page by page. Off the request path only: the
 * consistency checker, operator commands and tests.
 */
export async function scanAll(db: Db): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new ScanCommand({ TableName: db.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every page of a query (for bounded reads: a day, a period of at most a year, one slot's queue). */
export async function queryAll<T>(db: Db, input: Omit<QueryCommandInput, "TableName">): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new QueryCommand({ ...input, TableName: db.tableName, ExclusiveStartKey: start }),
    );
    items.push(...(result.Items ?? []).map((item) => strip<T>(item) as T));
    start = result.LastEvaluatedKey;
  } while (start);
  return items;
}

export type BatchWrite = { put: Record<string, unknown> } | { delete: Record<string, string> };

/**
 * Puts and deletes with BatchWriteItem (25 at a time, `parallel` batches at once), sending again
 * what DynamoDB leaves unprocessed with a growing pause. For bulk writes without conditions: the
 * demo seed, a vote's frozen roll, a notice's feed channels.
 */
export async function writeAll(db: Db, writes: BatchWrite[], parallel = 1): Promise<void> {
  const batches: BatchWrite[][] = [];
  for (let i = 0; i < writes.length; i += 25) batches.push(writes.slice(i, i + 25));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let requests: Record<string, unknown>[] | undefined = batch.map((write) =>
        "put" in write ? { PutRequest: { Item: write.put } } : { DeleteRequest: { Key: write.delete } },
      );
      for (let attempt = 0; requests && requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error("DynamoDB kept items unprocessed");
        if (attempt > 0) await new Promise((wait) => setTimeout(wait, 50 * 2 ** (attempt - 1)));
        const result = await db.doc.send(
          new BatchWriteCommand({ RequestItems: { [db.tableName]: requests } }),
        );
        requests = result.UnprocessedItems?.[db.tableName] as Record<string, unknown>[] | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
}

/** Puts every item (see writeAll). */
export async function putAll(db: Db, items: Record<string, unknown>[], parallel = 1): Promise<void> {
  await writeAll(
    db,
    items.map((put) => ({ put })),
    parallel,
  );
}

/** Items by key with BatchGetItem (100 at a time, unprocessed keys asked again), without their keys. */
export async function getAll<T>(
  db: Db,
  keyList: Record<string, string>[],
  projection?: string,
): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < keyList.length; i += 100) {
    let request:
      | Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression?: string }>
      | undefined = {
      [db.tableName]: {
        Keys: keyList.slice(i, i + 100),
        ...(projection ? { ProjectionExpression: projection } : {}),
      },
    };
    while (request && Object.keys(request).length > 0) {
      const result = await db.doc.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(result.Responses?.[db.tableName] ?? []).map((item) => strip<T>(item) as T));
      request = result.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

export async function transact(db: Db, items: TransactItem[]): Promise<void> {
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/**
 * The condition of an optimistic write on a versioned item (a resident's ledger): it must still
 * be the version the decision was made on; version 0 means it did not exist yet.
 */
export function versionCondition(version: number) {
  return version === 0
    ? { ConditionExpression: "attribute_not_exists(PK)" }
    : {
        ConditionExpression: "#version = :version",
        ExpressionAttributeNames: { "#version": "version" },
        ExpressionAttributeValues: { ":version": version },
      };
}
