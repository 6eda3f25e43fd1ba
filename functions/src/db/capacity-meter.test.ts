import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "../../../test/setup/harness.js";
import {
  CAPACITY_HEADER,
  formatCapacityHeader,
  meterPerTask,
  parseCapacityHeader,
  withCapacityHeader,
} from "./capacity-meter.js";
import type { Db } from "./client.js";

let db: Db;
let meter: ReturnType<typeof meterPerTask>;

// A small item reads for 0.5 RCU (eventually consistent, up to 4 KB) and writes for 1 WCU (up to 1 KB).
const small = (i: number) => ({ PK: `METER#${i}`, SK: "ITEM", n: i });
const get = (i: number) =>
  db.doc.send(new GetCommand({ TableName: db.tableName, Key: { PK: `METER#${i}`, SK: "ITEM" } }));
const pause = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

beforeAll(async () => {
  db = await createTestDb();
  meter = meterPerTask(db);
  for (let i = 0; i < 10; i++) await db.doc.send(new PutCommand({ TableName: db.tableName, Item: small(i) }));
});

describe("capacity per task", () => {
  it("attributes each call to the task that made it, with 40 tasks interleaved", async () => {
    // Task t reads t % 5 + 1 items and writes t % 3 items, with pauses that interleave the tasks.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, t) =>
        meter.run(async () => {
          for (let r = 0; r < (t % 5) + 1; r++) {
            await pause((t * 7 + r * 3) % 11);
            await get((t + r) % 10);
          }
          await Promise.all(
            Array.from({ length: t % 3 }, (_, w) =>
              db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...small(100 + t * 3 + w) } })),
            ),
          );
          return t;
        }),
      ),
    );
    for (const { value: t, usage } of results) {
      const reads = (t % 5) + 1;
      const writes = t % 3;
      expect(usage.calls).toEqual({ GetItem: reads, ...(writes ? { PutItem: writes } : {}) });
      expect(usage.rcu).toBe(reads * 0.5);
      expect(usage.wcu).toBe(writes);
      expect(usage.failed).toEqual({});
    }
  });

  it("leaves calls outside a task untouched and counts a failed condition as failed", async () => {
    const outside = await get(1);
    expect(outside.ConsumedCapacity).toBeUndefined();
    const { usage } = await meter.run(async () => {
      await db.doc
        .send(
          new PutCommand({
            TableName: db.tableName,
            Item: small(1),
            ConditionExpression: "attribute_not_exists(PK)",
          }),
        )
        .catch(() => undefined);
    });
    expect(usage.calls).toEqual({ PutItem: 1 });
    expect(usage.failed).toEqual({ PutItem: 1 });
    expect(usage.wcu).toBe(0);
  });

  it("answers with the header, per request, when requests overlap", async () => {
    const metered = withCapacityHeader(meter);
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        metered(async () => {
          for (let r = 0; r < n; r++) await get(r % 10);
          return new Response(JSON.stringify({ n }), { status: 201, headers: { "X-Other": "kept" } });
        }),
      ),
    );
    for (const [n, response] of responses.entries()) {
      expect(response.status).toBe(201);
      expect(response.headers.get("X-Other")).toBe("kept");
      expect(await response.json()).toEqual({ n });
      expect(parseCapacityHeader(response.headers.get(CAPACITY_HEADER))).toEqual({
        rcu: n * 0.5,
        wcu: 0,
        calls: n,
        failed: 0,
      });
    }
  });

  it("reads back what it writes", () => {
    const header = formatCapacityHeader({
      rcu: 1.5,
      wcu: 25,
      zeroReads: 0,
      calls: { GetItem: 2, TransactWriteItems: 1 },
      failed: { PutItem: 1 },
    });
    expect(header).toBe("rcu=1.5;wcu=25;calls=3;failed=1");
    expect(parseCapacityHeader(header)).toEqual({ rcu: 1.5, wcu: 25, calls: 3, failed: 1 });
    expect(parseCapacityHeader("rcu=1")).toBeNull();
    expect(parseCapacityHeader(null)).toBeNull();
  });
});
