import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { addBuildingWithResidents, type TestHousehold } from "../../../test/setup/residents.js";
import { queryAll } from "../db/items.js";
import { keys } from "../db/keys.js";

let stack: TestStack;
let staffToken: string;
let households: TestHousehold[];

beforeAll(async () => {
  stack = await createTestStack();
  staffToken = await loginAs(stack.app, "demo-staff-1");
  // 300 homes with two verified residents each: 600 people, and every home raced by both of its members.
  households = await addBuildingWithResidents(stack, { buildingId: "c1", count: 300, perHousehold: 2 });
});
afterAll(() => stack.cleanup());

async function stored(noticeId: string) {
  const receipts = await queryAll<{ householdId: string | null; ackAt: string | null }>(stack.deps.db, {
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.noticeReceiptPartition(noticeId) },
  });
  const shards = await stack.deps.db.doc.send(
    new QueryCommand({
      TableName: stack.deps.db.tableName,
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :shard)",
      ExpressionAttributeValues: { ":pk": keys.noticePartition(noticeId), ":shard": keys.noticeShardPrefix },
      ConsistentRead: true,
    }),
  );
  const sum = (name: string) => (shards.Items ?? []).reduce((total, s) => total + Number(s[name] ?? 0), 0);
  return {
    receipts: receipts.filter((r) => r.householdId).length,
    ackedReceipts: receipts.filter((r) => r.householdId && r.ackAt).length,
    reads: sum("reads"),
    acks: sum("acks"),
  };
}

describe("many residents at once", () => {
  it("counts every household once when 600 residents open and 150 acknowledge at the same moment", async () => {
    const created = await call(stack.app, "POST", "/api/v1/notices", {
      token: staffToken,
      body: {
        title: "c1栋停电检修通知",
        body: "本周六 8:00–12:00 停电检修，请提前做好准备。",
        category: "notice",
        audience: { kind: "buildings", buildingIds: ["c1"] },
        ackRequired: true,
      },
    });
    const id = created.json.notice.id as string;
    expect(
      (await call(stack.app, "POST", `/api/v1/notices/${id}/publish`, { token: staffToken, body: {} }))
        .status,
    ).toBe(200);

    const requests = households.flatMap((household, h) =>
      household.residents.flatMap((resident, r) => [
        call(stack.app, "GET", `/api/v1/notices/${id}`, { token: resident.token }),
        // The first member of every second home also taps 已知晓 at once (150 homes).
        ...(h % 2 === 0 && r === 0
          ? [call(stack.app, "POST", `/api/v1/notices/${id}/ack`, { token: resident.token })]
          : []),
      ]),
    );
    expect(requests).toHaveLength(750);
    const responses = await Promise.all(requests);
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.every((status) => status === 200)).toBe(true);

    const counts = await stored(id);
    expect(counts).toEqual({ receipts: 300, ackedReceipts: 150, reads: 300, acks: 150 });
    const reach = await call(stack.app, "GET", `/api/v1/notices/${id}/reach?list=unacked`, {
      token: staffToken,
    });
    expect(reach.json.reach).toMatchObject({
      audienceHouseholds: 300,
      reads: 300,
      acks: 150,
      readRate: 1,
      ackRate: 0.5,
    });
    const unacked = reach.json.reach.followUp.flatMap((b: { units: { households: unknown[] }[] }) =>
      b.units.flatMap((u) => u.households),
    );
    expect(unacked).toHaveLength(150);
  });
});
