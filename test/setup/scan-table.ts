import type { Db } from "../../functions/src/db/client.js";
import { scanAll } from "../../functions/src/db/items.js";

export type TableItem = Record<string, unknown>;

/**
 * Every item of a test table, read consistently and keyed `PK|SK`: to assert that a refused
 * request wrote nothing (equal before and after) or what a request added. Tests only: no request
 * path ever scans.
 */
export async function scanTable(db: Db): Promise<Map<string, TableItem>> {
  return new Map((await scanAll(db)).map((item) => [`${item.PK}|${item.SK}`, item]));
}
