import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { addBuildingWithResidents, type TestHousehold } from "../../../test/setup/residents.js";
import { keys } from "../db/keys.js";
import { getTopicBundle, listRollUnits, tallyOf } from "./repo.js";

const NOW = "2026-11-23T01:00:00.000Z";
let stack: TestStack;
let staff: string;
let households: TestHousehold[];

beforeAll(async () => {
  stack = await createTestStack();
  stack.clock.set(NOW);
  staff = await loginAs(stack.app, "demo-staff-1");
  // 160 households, each with two verified owners (co-owners: one unit, one ballot).
  households = await addBuildingWithResidents(stack, { buildingId: "race", count: 160, perHousehold: 2 });
});
afterAll(() => stack.cleanup());

async function openVote(changeable: boolean) {
  stack.clock.set(new Date(Date.parse(NOW) - 60_000).toISOString());
  const topic = await call(stack.app, "POST", "/api/v1/deliberations", {
    token: staff,
    body: {
      title: changeable ? "赛跑楼外墙保温改造" : "赛跑楼加装电梯",
      body: "并发表决测试：同一户的两位业主同时投票，并有重复提交。",
      scope: { kind: "buildings", buildingIds: ["race"] },
    },
  });
  const id = topic.json.topic.id as string;
  const vote = await call(stack.app, "POST", `/api/v1/deliberations/${id}/vote`, {
    token: staff,
    body: {
      rule: "owners_major",
      electorate: "owners",
      closesAt: new Date(Date.parse(NOW) + 86_400_000).toISOString(),
      changeable,
    },
  });
  expect(vote.status, vote.text).toBe(201);
  expect(vote.json.topic.vote.eligible.count).toBe(160);
  stack.clock.set(NOW);
  return id;
}

async function storedChoices(id: string) {
  const result = await stack.deps.db.doc.send(
    new QueryCommand({
      TableName: stack.deps.db.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.ballotChoice(id, "").PK },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []) as { choice: "approve" | "reject" | "abstain"; area: number }[];
}

/** Counters == stored ballots == units marked voted, by choice and by area. */
async function assertConsistent(id: string) {
  const bundle = await getTopicBundle(stack.deps.db, id, true);
  const tally = tallyOf(bundle as NonNullable<typeof bundle>);
  const choices = await storedChoices(id);
  const units = await listRollUnits(stack.deps.db, id, bundle?.vote?.rollId as string);
  const voted = units.filter((unit) => unit.voted);
  for (const choice of ["approve", "reject", "abstain"] as const) {
    const mine = choices.filter((c) => c.choice === choice);
    expect(tally[choice].count).toBe(mine.length);
    expect(tally[choice].area).toBe(mine.reduce((sum, c) => sum + c.area, 0));
  }
  expect(choices.length).toBe(voted.length);
  return { tally, voted: voted.length };
}

const ballot = (token: string, id: string, choice: string) =>
  call(stack.app, "POST", `/api/v1/deliberations/${id}/ballots`, { token, body: { choice } });

describe("ballot bursts", () => {
  it("380 simultaneous ballots from 160 households (two owners each, plus repeats): one counted per household", async () => {
    const id = await openVote(false);
    const requests = households.flatMap((household, h) => {
      const [a, b] = household.residents;
      const choice = h % 4 === 0 ? "reject" : "approve";
      const sends = [ballot(a?.token as string, id, choice), ballot(b?.token as string, id, "abstain")];
      // Every third household's first owner taps twice.
      if (h % 3 === 0) sends.push(ballot(a?.token as string, id, choice));
      return sends;
    });
    expect(requests.length).toBeGreaterThanOrEqual(370);
    const results = await Promise.all(requests);
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 409);
    expect(results.filter((r) => r.status >= 500)).toHaveLength(0);
    expect(ok).toHaveLength(160);
    expect(refused).toHaveLength(results.length - 160);
    expect(new Set(refused.map((r) => r.json.error.code))).toEqual(new Set(["ALREADY_VOTED"]));
    const { tally, voted } = await assertConsistent(id);
    expect(voted).toBe(160);
    expect(tally.approve.count + tally.reject.count + tally.abstain.count).toBe(160);
  });

  it("320 simultaneous changes in a changeable vote: the counters still equal the stored ballots", async () => {
    const id = await openVote(true);
    const choices = ["approve", "reject", "abstain"];
    const results = await Promise.all(
      households.flatMap((household, h) =>
        household.residents.map((resident, r) => ballot(resident.token, id, choices[(h + r) % 3] as string)),
      ),
    );
    expect(results.filter((r) => r.status >= 500)).toHaveLength(0);
    expect(results.filter((r) => r.status !== 200).map((r) => r.text)).toEqual([]);
    const { voted } = await assertConsistent(id);
    expect(voted).toBe(160);
  });
});
