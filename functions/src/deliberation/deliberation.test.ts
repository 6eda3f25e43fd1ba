import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { keys } from "../db/keys.js";
import { runJobs } from "../jobs/run.js";

/** Monday 2026-11-23, 09:00 in Shanghai. */
const NOW = "2026-11-23T01:00:00.000Z";
const inHours = (hours: number) => new Date(Date.parse(NOW) + hours * 3_600_000).toISOString();

let stack: TestStack;
const tokens: Record<string, string> = {};
const who = (n: number) => `demo-resident-${n}`;

beforeAll(async () => {
  stack = await createTestStack();
  stack.clock.set(NOW);
  const people = [
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 29, 32, 40].map(who),
    "demo-staff-1",
    "demo-staff-other",
    "demo-admin",
  ];
  for (const openid of people) tokens[openid] = await loginAs(stack.app, openid);
});
afterAll(() => stack.cleanup());
beforeEach(() => stack.clock.set(NOW));

const api = (
  method: string,
  as: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => call(stack.app, method, `/api/v1${path}`, { token: tokens[as], body, headers });
const staff = "demo-staff-1";

async function topic(scope: unknown = { kind: "buildings", buildingIds: ["b1"] }, title = "1栋加装电梯") {
  const created = await api("POST", staff, "/deliberations", {
    title,
    body: "1栋居民提出加装电梯，费用按楼层分摊，请大家讨论并表决。",
    scope,
  });
  expect(created.status, created.text).toBe(201);
  return created.json.topic.id as string;
}

async function vote(topicId: string, body: Record<string, unknown>) {
  const opened = await api("POST", staff, `/deliberations/${topicId}/vote`, {
    closesAt: inHours(48),
    ...body,
  });
  expect(opened.status, opened.text).toBe(201);
  return opened.json.topic;
}

async function partition(pk: string) {
  const result = await stack.deps.db.doc.send(
    new QueryCommand({
      TableName: stack.deps.db.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

describe("topics and who may see and act on them", () => {
  it("shows a building's topic to the community but lets only its residents comment", async () => {
    const id = await topic();
    const mine = await api("GET", who(1), `/deliberations/${id}`);
    expect(mine.status).toBe(200);
    expect(mine.json.topic).toMatchObject({ status: "discussion", inScope: true, scopeLabel: "1栋" });
    const other = await api("GET", who(21), `/deliberations/${id}`);
    expect(other.json.topic.inScope).toBe(false);
    const outside = await api("POST", who(21), `/deliberations/${id}/comments`, { body: "我们楼也想装" });
    expect(outside.status).toBe(403);
    expect(outside.json.error.code).toBe("NOT_IN_SCOPE");
    expect((await api("GET", who(40), `/deliberations/${id}`)).status).toBe(404);
    expect((await api("GET", "demo-staff-other", `/deliberations/${id}`)).status).toBe(404);
    const listed = await api("GET", who(21), "/deliberations?status=discussion");
    expect(listed.json.items.map((t: { id: string }) => t.id)).toContain(id);
  });

  it("refuses unknown buildings and bad input with field details, writing nothing", async () => {
    const before = await api("GET", staff, "/deliberations?status=discussion&limit=50");
    const bad = await api("POST", staff, "/deliberations", {
      title: "加",
      body: "短",
      scope: { kind: "buildings", buildingIds: [] },
    });
    expect(bad.status).toBe(400);
    const paths = bad.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["title", "body"]));
    const unknown = await api("POST", staff, "/deliberations", {
      title: "9栋外墙维修",
      body: "外墙瓷砖脱落，需要维修，请讨论。",
      scope: { kind: "buildings", buildingIds: ["b9"] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.details[0].message).toContain("b9");
    const after = await api("GET", staff, "/deliberations?status=discussion&limit=50");
    expect(after.json.items.length).toBe(before.json.items.length);
    const resident = await api("POST", who(1), "/deliberations", {
      title: "居民直接建题",
      body: "居民不能直接创建议题，只能提议。",
    });
    expect(resident.status).toBe(403);
  });
});

describe("proposals and seconds", () => {
  it("becomes a topic when the share of households in scope second it, one second per household", async () => {
    const set = await api("PUT", staff, "/deliberations/settings", { secondingPercent: 10 });
    expect(set.status).toBe(200);
    // 20 households in building 1: 10 % is 2 (以上: reaching it is enough).
    const proposed = await api("POST", who(1), "/deliberations/proposals", {
      title: "1栋楼道加装声控灯",
      body: "楼道晚上太暗，老人上下楼不安全，建议加装声控灯。",
      scope: { kind: "buildings", buildingIds: ["b1"] },
    });
    expect(proposed.status, proposed.text).toBe(201);
    const id = proposed.json.topic.id;
    expect(proposed.json.topic).toMatchObject({
      status: "proposed",
      seconds: 1,
      secondsNeeded: 2,
      secondedByMe: true,
    });
    // Resident 32 lives in resident 1's home: the household has seconded already.
    const sameHome = await api("POST", who(32), `/deliberations/${id}/second`);
    expect(sameHome.status).toBe(409);
    expect(sameHome.json.error.code).toBe("ALREADY_SECONDED");
    const outside = await api("POST", who(21), `/deliberations/${id}/second`);
    expect(outside.json.error.code).toBe("NOT_IN_SCOPE");
    const second = await api("POST", who(3), `/deliberations/${id}/second`);
    expect(second.status).toBe(200);
    expect(second.json.topic).toMatchObject({ status: "discussion", seconds: 2 });
    const late = await api("POST", who(4), `/deliberations/${id}/second`);
    expect(late.json.error.code).toBe("TOPIC_STATUS");
    const detail = await api("GET", who(1), `/deliberations/${id}`);
    expect(detail.json.topic.history.map((e: { action: string }) => e.action)).toEqual([
      "proposed",
      "seconded_enough",
    ]);
    await api("PUT", staff, "/deliberations/settings", { secondingPercent: 20 });
  });

  it("counts simultaneous seconds exactly and promotes once", async () => {
    await api("PUT", staff, "/deliberations/settings", { secondingPercent: 50 });
    const proposed = await api("POST", who(1), "/deliberations/proposals", {
      title: "1栋增设电动车充电桩",
      body: "建议在1栋北侧增设电动车充电桩，杜绝飞线充电。",
      scope: { kind: "buildings", buildingIds: ["b1"] },
    });
    const id = proposed.json.topic.id;
    expect(proposed.json.topic.secondsNeeded).toBe(10);
    const results = await Promise.all(
      [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((n) =>
        api("POST", who(n), `/deliberations/${id}/second`),
      ),
    );
    const ok = results.filter((r) => r.status === 200).length;
    const seconds = await partition(keys.second(id, "").PK);
    const detail = await api("GET", staff, `/deliberations/${id}`);
    expect(detail.json.topic.status).toBe("discussion");
    expect(detail.json.topic.seconds).toBe(seconds.length);
    expect(ok + 1).toBe(seconds.length);
    expect(seconds.length).toBeGreaterThanOrEqual(10);
    expect(
      detail.json.topic.history.filter((e: { action: string }) => e.action === "seconded_enough"),
    ).toHaveLength(1);
    await api("PUT", staff, "/deliberations/settings", { secondingPercent: 20 });
  });

  it("lets staff accept or decline a proposal and the proposer withdraw it", async () => {
    const propose = (title: string) =>
      api("POST", who(5), "/deliberations/proposals", {
        title,
        body: "这是一条用于测试受理与撤回的提议内容。",
      });
    const a = (await propose("社区广场舞时间调整")).json.topic.id;
    expect((await api("POST", who(5), `/deliberations/${a}/accept`)).status).toBe(403);
    const accepted = await api("POST", staff, `/deliberations/${a}/accept`);
    expect(accepted.json.topic.status).toBe("discussion");
    const b = (await propose("小区东门夜间开放")).json.topic.id;
    const declined = await api("POST", staff, `/deliberations/${b}/decline`, {
      reason: "涉及消防通道，不宜表决",
    });
    expect(declined.json.topic.status).toBe("rejected");
    const c = (await propose("增设快递柜")).json.topic.id;
    expect((await api("POST", who(6), `/deliberations/${c}/withdraw`, { reason: "不是我提的" })).status).toBe(
      403,
    );
    const withdrawn = await api("POST", who(5), `/deliberations/${c}/withdraw`, { reason: "物业已答应安装" });
    expect(withdrawn.json.topic.status).toBe("withdrawn");
    const inbox = await partition(keys.inboxMessage("u-demo-resident-5", "", "").PK);
    expect(inbox.map((m) => m.kind)).toEqual(
      expect.arrayContaining(["deliberation.accepted", "deliberation.declined"]),
    );
  });
});

describe("discussion", () => {
  it("hides a comment with a reason: its author still sees it, others see the reason", async () => {
    const id = await topic({ kind: "community" }, "小区停车位重新划线");
    const posted = await api("POST", who(1), `/deliberations/${id}/comments`, {
      body: "同意，现在车位太乱了",
    });
    expect(posted.status).toBe(201);
    const rude = await api("POST", who(3), `/deliberations/${id}/comments`, { body: "说这些没用的干什么" });
    const cid = rude.json.comment.id;
    expect(
      (await api("POST", who(1), `/deliberations/${id}/comments/${cid}/hide`, { reason: "不文明" })).status,
    ).toBe(403);
    const hidden = await api("POST", staff, `/deliberations/${id}/comments/${cid}/hide`, {
      reason: "言语不文明",
    });
    expect(hidden.status).toBe(200);
    const again = await api("POST", staff, `/deliberations/${id}/comments/${cid}/hide`, {
      reason: "言语不文明",
    });
    expect(again.json.error.code).toBe("ALREADY_HIDDEN");
    const byOther = (await api("GET", who(1), `/deliberations/${id}/comments`)).json.items;
    expect(byOther.find((c: { id: string }) => c.id === cid)).toMatchObject({
      body: null,
      hidden: true,
      hiddenReason: "言语不文明",
    });
    const byAuthor = (await api("GET", who(3), `/deliberations/${id}/comments`)).json.items;
    expect(byAuthor.find((c: { id: string }) => c.id === cid)).toMatchObject({
      body: "说这些没用的干什么",
      hidden: true,
      mine: true,
    });
  });

  it("pages comments by cursor in the order they were written", async () => {
    const id = await topic({ kind: "community" }, "垃圾分类投放时间");
    for (let i = 0; i < 5; i++) {
      stack.clock.set(new Date(Date.parse(NOW) + i * 1000).toISOString());
      await api("POST", who(1 + i), `/deliberations/${id}/comments`, { body: `第${i + 1}条意见` });
    }
    const first = await api("GET", who(1), `/deliberations/${id}/comments?limit=2`);
    expect(first.json.items.map((c: { body: string }) => c.body)).toEqual(["第1条意见", "第2条意见"]);
    const rest = await api(
      "GET",
      who(1),
      `/deliberations/${id}/comments?limit=10&cursor=${first.json.nextCursor}`,
    );
    expect(rest.json.items.map((c: { body: string }) => c.body)).toEqual([
      "第3条意见",
      "第4条意见",
      "第5条意见",
    ]);
    const forged = await api("GET", who(1), `/deliberations/${id}/comments?cursor=eyJQSyI6IlgifQ`);
    expect(forged.status).toBe(400);
    expect((await api("GET", staff, `/deliberations/${id}`)).json.topic.commentCount).toBe(5);
  });
});

describe("an owners' major-matter vote", () => {
  let id: string;
  beforeAll(async () => {
    // Opened a minute before the tests' clock, so "now" is inside the voting window.
    stack.clock.set(new Date(Date.parse(NOW) - 60_000).toISOString());
    id = await topic();
    await vote(id, { rule: "owners_major", electorate: "owners", secret: true });
  });

  it("freezes the owners of building 1 with their areas when it opens", async () => {
    const detail = await api("GET", who(1), `/deliberations/${id}`);
    // 20 exclusive parts: 10 of 68.52 m² and 10 of 75.18 m².
    expect(detail.json.topic.vote).toMatchObject({ status: "open", eligible: { count: 20, area: 1437 } });
    expect(detail.json.topic.status).toBe("voting");
    expect(detail.json.topic.myBallot).toMatchObject({ eligible: true, voted: false });
  });

  it("refuses whoever is not an owner in scope, and a second ballot of the same unit", async () => {
    const member = await api("POST", who(32), `/deliberations/${id}/ballots`, { choice: "approve" });
    expect(member.status).toBe(403);
    expect(member.json.error.code).toBe("NOT_ELIGIBLE");
    expect((await api("GET", who(32), `/deliberations/${id}`)).json.topic.myBallot.reason).toBe("not_owner");
    const elsewhere = await api("POST", who(21), `/deliberations/${id}/ballots`, { choice: "approve" });
    expect(elsewhere.json.error.code).toBe("NOT_ELIGIBLE");
    const first = await api("POST", who(1), `/deliberations/${id}/ballots`, { choice: "approve" });
    expect(first.status, first.text).toBe(200);
    expect(first.json.ballot).toMatchObject({ voted: true, choice: "approve", castByMe: true });
    const again = await api("POST", who(1), `/deliberations/${id}/ballots`, { choice: "reject" });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("ALREADY_VOTED");
    const paper = await api("POST", staff, `/deliberations/${id}/paper-ballots`, {
      householdId: "hh-b1-1-101",
      choice: "reject",
      collector: "刘敏",
    });
    expect(paper.json.error.code).toBe("ALREADY_VOTED");
    const bad = await api("POST", who(3), `/deliberations/${id}/ballots`, { choice: "maybe" });
    expect(bad.status).toBe(400);
  });

  it("keeps secret choices out of every staff view and out of the roll", async () => {
    await api("POST", who(2), `/deliberations/${id}/ballots`, { choice: "reject" });
    const turnout = await api("GET", staff, `/deliberations/${id}/turnout`);
    expect(turnout.status).toBe(200);
    expect(turnout.json.participated.count).toBe(2);
    expect(turnout.json.units.every((u: { choice: unknown }) => u.choice === null)).toBe(true);
    const notVoted = turnout.json.units.filter((u: { voted: boolean }) => !u.voted);
    expect(notVoted).toHaveLength(18);
    const topicView = await api("GET", staff, `/deliberations/${id}`);
    expect(topicView.json.topic.myBallot.choice).toBeNull();
    // The roll says who took part, never what they chose; choices sit under sealed keys.
    const rollId = (await partition(keys.topicPartition(id))).find((item) => item.entity === "Vote")?.rollId;
    const roll = await partition(keys.rollPartition(id, rollId));
    expect(
      roll.filter((item) => item.entity === "RollUnit").every((unit) => unit.publicChoice === null),
    ).toBe(true);
    const choices = await partition(keys.ballotChoice(id, "").PK);
    expect(choices).toHaveLength(2);
    expect(choices.some((c) => String(c.SK).includes("hh-"))).toBe(false);
    // A housemate sees the household voted, but not the choice.
    expect((await api("GET", who(2), `/deliberations/${id}`)).json.topic.myBallot).toMatchObject({
      voted: true,
      castByMe: true,
      choice: "reject",
    });
  });

  it("keeps a secret vote's tally from everyone, staff included, until closing", async () => {
    const resident = await api("GET", who(3), `/deliberations/${id}/results`);
    expect(resident.status).toBe(403);
    expect(resident.json.error.code).toBe("RESULTS_NOT_PUBLIC");
    // Staff watching counters move next to the turnout list could tell who chose what.
    const byStaff = await api("GET", staff, `/deliberations/${id}/results`);
    expect(byStaff.json.error.code).toBe("RESULTS_NOT_PUBLIC");
  });

  it("records paper ballots with the collector in the audit log", async () => {
    const paper = await api("POST", staff, `/deliberations/${id}/paper-ballots`, {
      householdId: "hh-b1-2-501",
      choice: "approve",
      collector: "网格员 张伟",
      note: "老人行动不便，上门收取",
    });
    expect(paper.status, paper.text).toBe(200);
    expect(paper.json.recorded.unitLabel).toBe("1栋2单元501");
    const byResident = await api("POST", who(3), `/deliberations/${id}/paper-ballots`, {
      householdId: "hh-b1-1-102",
      choice: "approve",
      collector: "张三",
    });
    expect(byResident.status).toBe(403);
    const outOfScope = await api("POST", staff, `/deliberations/${id}/paper-ballots`, {
      householdId: "hh-b2-1-101",
      choice: "approve",
      collector: "刘敏",
    });
    expect(outOfScope.json.error.code).toBe("NOT_ELIGIBLE");
    const audit = await api("GET", staff, "/audit?communityId=huanghe-west&limit=20");
    const entry = audit.json.items.find((e: { action: string }) => e.action === "deliberation.paper_ballot");
    expect(entry.details).toMatchObject({ householdId: "hh-b1-2-501", collector: "网格员 张伟" });
    expect(JSON.stringify(entry)).not.toContain("approve");
  });

  it("cannot be closed early unless it allows it; closes on time by the job and publishes the result", async () => {
    const early = await api("POST", staff, `/deliberations/${id}/close`);
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe("EARLY_CLOSE_NOT_ALLOWED");
    // 12 more owners vote: 15 of 20 owners took part; 11 approve.
    for (const n of [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]) {
      const choice = n <= 11 ? "approve" : "reject";
      expect((await api("POST", who(n), `/deliberations/${id}/ballots`, { choice })).status).toBe(200);
    }
    stack.clock.set(inHours(48));
    const report = await runJobs(stack.deps);
    expect(report.jobs.find((j) => j.name === "deliberation-votes")?.result).toMatchObject({ closed: 1 });
    const late = await api("POST", who(15), `/deliberations/${id}/ballots`, { choice: "approve" });
    expect(late.json.error.code).toBe("VOTE_CLOSED");
    const results = await api("GET", who(3), `/deliberations/${id}/results`);
    expect(results.status).toBe(200);
    // Participants: residents 1–14 (owners of the first 14 parts) and the paper ballot of 2-501.
    expect(results.json.participated.count).toBe(15);
    expect(results.json.approve.count).toBe(11);
    expect(results.json.quorumMet).toBe(true);
    // 11/15 approving owners is under 3/4: not passed.
    expect(results.json.passed).toBe(false);
    expect(results.json.explanation).toContain("三分之二以上");
    expect(results.json.explanation).toContain("四分之三以上");
    expect(results.json.explanation).toContain("表决未通过");
    const detail = await api("GET", who(1), `/deliberations/${id}`);
    expect(detail.json.topic.status).toBe("rejected");
    expect(detail.json.topic.history.at(-1)).toMatchObject({ action: "vote_failed" });
    expect(detail.json.topic.history.at(-1).note).toContain("表决未通过");
    const rerun = await runJobs(stack.deps);
    expect(rerun.jobs.find((j) => j.name === "deliberation-votes")?.result).toMatchObject({ closed: 0 });
  });
});

describe("timing, changes and units", () => {
  it("refuses ballots before the vote opens and opens it on time with the electorate of that moment", async () => {
    const id = await topic({ kind: "community" }, "社区活动室开放时间");
    await vote(id, {
      rule: "simple_majority",
      electorate: "residents",
      opensAt: inHours(2),
      closesAt: inHours(26),
    });
    const early = await api("POST", who(1), `/deliberations/${id}/ballots`, { choice: "approve" });
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe("VOTE_NOT_OPEN");
    expect((await api("GET", staff, `/deliberations/${id}`)).json.topic.vote).toMatchObject({
      status: "scheduled",
      eligible: null,
    });
    stack.clock.set(inHours(2));
    const report = await runJobs(stack.deps);
    expect(report.jobs.find((j) => j.name === "deliberation-votes")?.result).toMatchObject({ opened: 1 });
    const opened = (await api("GET", staff, `/deliberations/${id}`)).json.topic.vote;
    // Every verified resident of the community, once (resident 2 with two homes is one).
    expect(opened.status).toBe("open");
    expect(opened.eligible.count).toBe(35);
    expect((await api("POST", who(1), `/deliberations/${id}/ballots`, { choice: "approve" })).status).toBe(
      200,
    );
    expect((await api("POST", who(32), `/deliberations/${id}/ballots`, { choice: "approve" })).status).toBe(
      200,
    );
  });

  it("replaces the earlier choice when the vote allows changes, one ballot per household", async () => {
    const id = await topic({ kind: "community" }, "是否召开居民会议讨论物业费");
    await vote(id, {
      rule: "residents_meeting",
      electorate: "households",
      changeable: true,
      liveResults: true,
      secret: false,
    });
    expect((await api("POST", who(1), `/deliberations/${id}/ballots`, { choice: "approve" })).status).toBe(
      200,
    );
    // Resident 32 shares resident 1's household: the household's ballot changes.
    const change = await api("POST", who(32), `/deliberations/${id}/ballots`, { choice: "reject" });
    expect(change.status).toBe(200);
    expect(change.json.changed).toBe(true);
    // The same choice again is answered like a change: a co-owner cannot probe the household's choice.
    const same = await api("POST", who(1), `/deliberations/${id}/ballots`, { choice: "reject" });
    expect(same.json.changed).toBe(true);
    expect(same.json.ballot.choice).toBe("reject");
    const results = await api("GET", who(3), `/deliberations/${id}/results`);
    expect(results.status).toBe(200);
    expect(results.json).toMatchObject({
      participated: { count: 1 },
      approve: { count: 0 },
      reject: { count: 1 },
      eligible: { count: 60 },
    });
    expect(results.json.approve.area).toBeUndefined();
    const turnout = await api("GET", staff, `/deliberations/${id}/turnout?buildingId=b1`);
    expect(turnout.json.units.find((u: { unitId: string }) => u.unitId === "hh-b1-1-101")).toMatchObject({
      voted: true,
      choice: "reject",
    });
    // The first voter no longer sees a choice they did not make last.
    expect((await api("GET", who(1), `/deliberations/${id}`)).json.topic.myBallot).toMatchObject({
      voted: true,
      castByMe: false,
      choice: null,
    });
    const paper = await api("POST", staff, `/deliberations/${id}/paper-ballots`, {
      householdId: "hh-b1-1-201",
      choice: "approve",
      collector: "刘敏",
    });
    expect(paper.status).toBe(200);
    // A paper ballot never replaces a household's online one.
    const over = await api("POST", staff, `/deliberations/${id}/paper-ballots`, {
      householdId: "hh-b1-1-101",
      choice: "approve",
      collector: "刘敏",
    });
    expect(over.json.error.code).toBe("ALREADY_VOTED");
    // 李建国 is verified in two households: he votes for each, naming it.
    const first = await api("POST", who(2), `/deliberations/${id}/ballots`, { choice: "approve" });
    expect(first.json.ballot.unitLabel).toBe("1栋1单元102");
    const second = await api("POST", who(2), `/deliberations/${id}/ballots`, {
      choice: "reject",
      householdId: "hh-b2-1-501",
    });
    expect(second.status, second.text).toBe(200);
    expect(second.json.ballot.unitLabel).toBe("2栋1单元501");
    const notHis = await api("POST", who(2), `/deliberations/${id}/ballots`, {
      choice: "reject",
      householdId: "hh-b1-1-202",
    });
    expect(notHis.json.error.code).toBe("NOT_ELIGIBLE");
    const live = await api("GET", staff, `/deliberations/${id}/results`);
    expect(live.json.participated.count).toBe(4);
  });

  it("takes a paper ballot for one resident in a residents' vote", async () => {
    const id = await topic({ kind: "community" }, "社区老年食堂开放时间");
    await vote(id, { rule: "simple_majority", electorate: "residents", opensAt: inHours(-1) });
    const unnamed = await api("POST", staff, `/deliberations/${id}/paper-ballots`, {
      householdId: "hh-b1-1-101",
      choice: "approve",
      collector: "刘敏",
    });
    expect(unnamed.status).toBe(400);
    expect(unnamed.json.error.details[0].path).toContain("userId");
    const wrongHome = await api("POST", staff, `/deliberations/${id}/paper-ballots`, {
      householdId: "hh-b1-1-102",
      userId: "u-demo-resident-1",
      choice: "approve",
      collector: "刘敏",
    });
    expect(wrongHome.status).toBe(400);
    const paper = await api("POST", staff, `/deliberations/${id}/paper-ballots`, {
      householdId: "hh-b1-1-101",
      userId: "u-demo-resident-1",
      choice: "approve",
      collector: "刘敏",
    });
    expect(paper.status, paper.text).toBe(200);
    const own = await api("POST", who(1), `/deliberations/${id}/ballots`, { choice: "reject" });
    expect(own.json.error.code).toBe("ALREADY_VOTED");
    // Her housemate is a person of their own in a residents' vote.
    expect((await api("POST", who(32), `/deliberations/${id}/ballots`, { choice: "reject" })).status).toBe(
      200,
    );
  });

  it("counts one buyer of two parts once, with both areas", async () => {
    const id = await topic({ kind: "community" }, "选聘新的物业服务企业");
    const opened = await vote(id, { rule: "owners_ordinary", electorate: "owners", earlyClose: true });
    // 60 parts; resident 2 owns two of them: 59 owners.
    expect(opened.vote.eligible.count).toBe(59);
    const ballot = await api("POST", who(2), `/deliberations/${id}/ballots`, { choice: "approve" });
    expect(ballot.json.ballot.unitLabel).toBe("1栋1单元102、2栋1单元501");
    const both = await api("POST", staff, `/deliberations/${id}/paper-ballots`, {
      householdId: "hh-b2-1-501",
      choice: "reject",
      collector: "刘敏",
    });
    expect(both.json.error.code).toBe("ALREADY_VOTED");
    const closed = await api("POST", staff, `/deliberations/${id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({
      status: "closed",
      participated: { count: 1, area: 164.82 },
      approve: { count: 1, area: 164.82 },
      quorumMet: false,
      passed: false,
    });
    const after = await api("POST", who(3), `/deliberations/${id}/ballots`, { choice: "approve" });
    expect(after.json.error.code).toBe("VOTE_CLOSED");
  });

  it("checks the vote's settings", async () => {
    const id = await topic({ kind: "community" }, "设置校验用的议题");
    const wrong = await api("POST", staff, `/deliberations/${id}/vote`, {
      rule: "owners_major",
      electorate: "households",
      closesAt: inHours(1),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.details[0].path).toContain("electorate");
    const backwards = await api("POST", staff, `/deliberations/${id}/vote`, {
      rule: "simple_majority",
      electorate: "residents",
      closesAt: inHours(-1),
    });
    expect(backwards.json.error.details[0].path).toContain("closesAt");
    const byResident = await api("POST", who(1), `/deliberations/${id}/vote`, {
      rule: "simple_majority",
      electorate: "residents",
      closesAt: inHours(5),
    });
    expect(byResident.status).toBe(403);
    expect((await api("GET", staff, `/deliberations/${id}`)).json.topic.status).toBe("discussion");
  });
});

describe("the demo hall", () => {
  it("has a live lift vote 王秀兰 can still cast, a proposal, a discussion and a published result", async () => {
    const lift = await api("GET", who(1), "/deliberations/demo-lift-b1");
    expect(lift.json.topic).toMatchObject({
      status: "voting",
      vote: { status: "open", eligible: { count: 20 } },
    });
    expect(lift.json.topic.myBallot).toMatchObject({ eligible: true, voted: false });
    const voted = await api("GET", who(3), "/deliberations/demo-lift-b1");
    expect(voted.json.topic.myBallot).toMatchObject({ voted: true, castByMe: true, choice: "approve" });
    const turnout = await api("GET", staff, "/deliberations/demo-lift-b1/turnout");
    expect(turnout.json.participated.count).toBe(11);
    expect(turnout.json.units.filter((u: { via: string }) => u.via === "paper")).toHaveLength(1);
    const renewal = await api("GET", who(5), "/deliberations/demo-property-renewal/results");
    expect(renewal.json).toMatchObject({ status: "closed", quorumMet: true });
    expect(typeof renewal.json.passed).toBe("boolean");
    const hall = await api("GET", who(5), "/deliberations?status=active");
    expect(hall.json.items.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining(["demo-lift-b1", "demo-ebike-parking", "demo-waste-sorting"]),
    );
    const comments = await api("GET", who(5), "/deliberations/demo-waste-sorting/comments");
    expect(comments.json.items.filter((c: { hidden: boolean }) => c.hidden)).toHaveLength(1);
  });
});
