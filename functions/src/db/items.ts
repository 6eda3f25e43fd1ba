/** The small read/write helpers every repository module shares. */
import {
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
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
