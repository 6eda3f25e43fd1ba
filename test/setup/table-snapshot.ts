import { type AttributeValue, ScanCommand } from "@aws-sdk/client-dynamodb";
import type { Db } from "../../functions/src/db/client.js";

/**
 * The whole table at one moment: item key (`PK | SK`) → a stable JSON text of its raw attribute
 * values. Raw values keep numbers exact (`{"N":"1.50"}`); sets are sorted and object keys ordered,
 * so two snapshots of the same data compare equal as text.
 */
export type TableSnapshot = Map<string, string>;

export interface SnapshotDiff {
  added: string[];
  removed: string[];
  /** `attributes`: the names of the attributes added, removed or changed in the item. */
  changed: { key: string; attributes: string[]; before: string; after: string }[];
}

/** Scans every page with ConsistentRead (tests only: no Scan runs on a request path). */
export async function snapshotTable(db: Db): Promise<TableSnapshot> {
  const items: [string, string][] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await db.doc.send(
      new ScanCommand({ TableName: db.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) items.push([itemKey(item), stableJson(item)]);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  items.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(items);
}

export function itemKey(item: Record<string, AttributeValue>): string {
  return `${item.PK?.S ?? "?"} | ${item.SK?.S ?? "?"}`;
}

/** JSON with object keys sorted and DynamoDB sets (SS, NS, BS) in order; binary as base64. */
export function stableJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown, parentKey?: string): unknown {
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString("base64") };
  if (Array.isArray(value)) {
    const items = value.map((v) => normalize(v));
    if (parentKey === "SS" || parentKey === "NS" || parentKey === "BS")
      return items.map((v) => JSON.stringify(v)).sort();
    return items;
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, normalize((value as Record<string, unknown>)[key], key)]),
    );
  }
  return value;
}

export function diffSnapshots(before: TableSnapshot, after: TableSnapshot): SnapshotDiff {
  const diff: SnapshotDiff = { added: [], removed: [], changed: [] };
  for (const [key, item] of after) {
    const old = before.get(key);
    if (old === undefined) diff.added.push(key);
    else if (old !== item)
      diff.changed.push({ key, attributes: changedAttributes(old, item), before: old, after: item });
  }
  for (const key of before.keys()) if (!after.has(key)) diff.removed.push(key);
  return diff;
}

function changedAttributes(before: string, after: string): string[] {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name]))
    .sort();
}

export const isEmptyDiff = (diff: SnapshotDiff) =>
  diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;

/** A failure message naming every item by PK | SK, with the changed items' text cut to `width`. */
export function describeDiff(diff: SnapshotDiff, width = 400): string {
  if (isEmptyDiff(diff)) return "table unchanged";
  const cut = (text: string) => (text.length > width ? `${text.slice(0, width)}…` : text);
  return [
    ...diff.added.map((key) => `added   ${key}`),
    ...diff.removed.map((key) => `removed ${key}`),
    ...diff.changed.map(
      ({ key, attributes, before, after }) =>
        `changed ${key} (${attributes.join(", ")})\n  before ${cut(before)}\n  after  ${cut(after)}`,
    ),
  ].join("\n");
}
