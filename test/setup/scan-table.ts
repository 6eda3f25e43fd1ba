import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "../../functions/src/db/client.js";

export type TableItem = Record<string, unknown>;

/**
 * Every item of a test table, read consistently and keyed `PK|SK`: to assert that a refused
 * request wrote nothing (equal before and after) or what a request added. Tests only: no request
 * path ever scans.
 */
export async function scanTable(db: Db): Promise<Map<string, TableItem>> {
  const items = new Map<string, TableItem>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new ScanCommand({ TableName: db.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) items.set(`${item.PK}|${item.SK}`, item);
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
