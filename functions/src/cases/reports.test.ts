import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { addOtherCommunityResident, addVerifiedResidents } from "../../../test/setup/residents.js";
import {
  describeDiff,
  diffSnapshots,
  isEmptyDiff,
  snapshotTable,
} from "../../../test/setup/table-snapshot.js";
import { PNG, uploadImage } from "../../../test/setup/uploads.js";
import { getItem } from "../db/items.js";
import { keys } from "../db/keys.js";
import { runJobs } from "../jobs/run.js";

let stack: TestStack;
const tokens: Record<string, string> = {};
const MONDAY = "2026-11-23T02:00:00.000Z"; // 10:00 in Shanghai

beforeAll(async () => {
  stack = await createTestStack();
  stack.clock.set(MONDAY);
  for (const openid of [
    "demo-resident-1",
    "demo-resident-2",
    "demo-resident-29",
    "demo-resident-40",
    "demo-staff-1",
    "demo-staff-2",
    "demo-staff-other",
    "demo-handler-1",
    "demo-lawyer-1",
    "demo-admin",
  ])
    tokens[openid] = await loginAs(stack.app, openid);
  tokens.outsider = await addOtherCommunityResident(stack, 90 * 24 * 3600);
  // 29 handles a department of its own, not the one the reports go to.
  const other = await call(stack.app, "POST", "/api/v1/departments", {
    token: tokens["demo-staff-1"],
    body: { name: "区园林绿化所", kind: "other", handlerIds: ["u-demo-resident-29"] },
  });
  expect(other.status, other.text).toBe(201);
});
afterAll(() => stack.cleanup());
beforeEach(() => stack.clock.set(MONDAY));

const post = (who: string, path: string, body?: unknown) =>
  call(stack.app, "POST", `/api/v1${path}`, { token: tokens[who], body });
const get = (who: string, path: string) => call(stack.app, "GET", `/api/v1${path}`, { token: tokens[who] });

describe("a report from submission to rating", () => {
  it("goes through dispatch, escalation, resolution and one reopen", async () => {
    const created = await post("demo-resident-1", "/reports", {
      category: "public_facilities",
      description: "路灯坏了三天，晚上很黑",
      location: { buildingId: "b1", unit: "1", address: "" },
    });
    expect(created.status).toBe(201);
    const report = created.json.report;
    expect(report.number).toMatch(/^HX-20261123-\d{4}$/);
    expect(report.status).toBe("submitted");
    const id = report.id as string;

    expect((await post("demo-handler-1", `/reports/${id}/resolve`, { text: "已修好" })).status).toBe(404);
    expect((await post("demo-staff-1", `/reports/${id}/resolve`, { text: "已修好" })).json.error.code).toBe(
      "CASE_NOT_DISPATCHED",
    );
    const dispatched = await post("demo-staff-1", `/reports/${id}/dispatch`, {
      departmentId: "dept-urban",
      dueWorkingDays: 1,
    });
    expect(dispatched.status).toBe(200);
    expect(dispatched.json.report.dueDate).toBe("2026-11-24");
    expect((await get("demo-handler-1", `/reports/${id}`)).status).toBe(200);

    stack.clock.set("2026-11-25T02:00:00.000Z");
    const [first, second] = await Promise.all([runJobs(stack.deps), runJobs(stack.deps)]);
    const reports = [first, second].map((run) => run.jobs.find((j) => j.name === "case-escalation"));
    expect(reports.map((r) => r?.error ?? null)).toEqual([null, null]);
    const lit = reports.map((r) => r?.result);
    expect(lit.map((r) => (r as { lit: number }).lit).sort()).toEqual([0, 1]);
    const seen = await get("demo-staff-1", `/reports/${id}`);
    expect(seen.json.report.overdue).toBe(true);
    expect(seen.json.report.escalationLevel).toBe(1);

    const center = await get("demo-staff-1", "/command-center");
    expect(center.status).toBe(200);
    expect(center.json.overdue.map((c: { id: string }) => c.id)).toContain(id);

    expect((await post("demo-handler-1", `/reports/${id}/resolve`, { text: "已更换灯泡" })).status).toBe(200);
    const reopened = await post("demo-resident-1", `/reports/${id}/rating`, {
      satisfied: false,
      comment: "又坏了",
    });
    expect(reopened.json.report.status).toBe("dispatched");
    expect((await post("demo-handler-1", `/reports/${id}/resolve`, { text: "更换了线路" })).status).toBe(200);
    const closed = await post("demo-resident-1", `/reports/${id}/rating`, { satisfied: false });
    expect(closed.json.report.status).toBe("closed");
    expect((await post("demo-resident-1", `/reports/${id}/rating`, { satisfied: true })).status).toBe(409);
  });
});

const RESIDENT = "demo-resident-1";
const STAFF = "demo-staff-1";
const HANDLER = "demo-handler-1";
const OTHER_HANDLER = "demo-resident-29";

const newReport = async (who = RESIDENT, overrides: Record<string, unknown> = {}) => {
  const created = await post(who, "/reports", {
    category: "environment_sanitation",
    description: "小区东门垃圾桶满溢，无人清运。",
    location: { address: "小区东门" },
    ...overrides,
  });
  expect(created.status, created.text).toBe(201);
  return created.json.report as { id: string; number: string; reporter: string | null; photos: string[] };
};
const dispatch = (id: string, departmentId = "dept-urban", who = STAFF) =>
  post(who, `/reports/${id}/dispatch`, { departmentId, dueWorkingDays: 3 });
const ok = async (result: Promise<Awaited<ReturnType<typeof post>>>) => {
  const done = await result;
  expect(done.status, done.text).toBe(200);
  return done.json.report;
};
const codeOf = async (result: Promise<Awaited<ReturnType<typeof post>>>) => {
  const done = await result;
  return [done.status, done.json?.error?.code];
};
const pathsOf = async (result: Promise<Awaited<ReturnType<typeof post>>>) => {
  const done = await result;
  expect(done.status, done.text).toBe(400);
  return (done.json.error.details as { path: string }[]).map((d) => d.path);
};

/** The messages in a user's list about one case (their ids start with the case's). */
async function inbox(userId: string, caseId: string) {
  const result = await stack.deps.db.doc.send(
    new QueryCommand({
      TableName: stack.deps.db.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.inboxMessage(userId, "", "").PK },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? [])
    .filter((item) => String(item.id).startsWith(`case-${caseId}-`))
    .map((item) => ({ kind: item.kind as string, params: item.params as Record<string, string> }));
}

describe("the state machine through the API", () => {
  it("triages only what is submitted, works only what is dispatched, rates only what is resolved", async () => {
    const r = await newReport();
    expect(await codeOf(post(STAFF, `/reports/${r.id}/progress`, { note: "已到现场" }))).toEqual([
      409,
      "CASE_NOT_DISPATCHED",
    ]);
    expect(await codeOf(post(STAFF, `/reports/${r.id}/resolve`, { text: "已处理" }))).toEqual([
      409,
      "CASE_NOT_DISPATCHED",
    ]);
    expect(await codeOf(post(RESIDENT, `/reports/${r.id}/rating`, { satisfied: true }))).toEqual([
      409,
      "CASE_NOT_RESOLVED",
    ]);
    const sent = await ok(dispatch(r.id));
    expect(sent).toMatchObject({ status: "dispatched", assignee: { kind: "department", id: "dept-urban" } });
    expect(sent.dueDate).toBe("2026-11-26");
    expect(sent.dueAt).toBe("2026-11-26T16:00:00.000Z");
    for (const action of [
      dispatch(r.id, "dept-property"),
      post(STAFF, `/reports/${r.id}/merge`, { into: r.id }),
      post(STAFF, `/reports/${r.id}/decline`, { reason: "重复提交" }),
    ])
      expect(await codeOf(action)).toEqual([409, "CASE_NOT_SUBMITTED"]);
    expect(await codeOf(post(RESIDENT, `/reports/${r.id}/rating`, { satisfied: true }))).toEqual([
      409,
      "CASE_NOT_RESOLVED",
    ]);
    expect((await ok(post(HANDLER, `/reports/${r.id}/progress`, { note: "已安排清运车" }))).status).toBe(
      "in_progress",
    );
    const resolved = await ok(post(HANDLER, `/reports/${r.id}/resolve`, { text: "已清运完毕" }));
    expect(resolved).toMatchObject({ status: "resolved", resolution: { text: "已清运完毕" } });
    expect(await codeOf(post(HANDLER, `/reports/${r.id}/progress`, { note: "再看看" }))).toEqual([
      409,
      "CASE_NOT_DISPATCHED",
    ]);
    const closed = await ok(
      post(RESIDENT, `/reports/${r.id}/rating`, { satisfied: true, comment: "很及时" }),
    );
    expect(closed).toMatchObject({ status: "closed", rating: { satisfied: true, comment: "很及时" } });
    expect(closed.reopened).toBe(false);
    for (const action of [
      post(RESIDENT, `/reports/${r.id}/rating`, { satisfied: false }),
      post(HANDLER, `/reports/${r.id}/resolve`, { text: "再次处理" }),
      dispatch(r.id),
    ])
      expect((await action).status).toBe(409);
  });

  it("reopens on the first 'not satisfied' only, with a new deadline; the second closes", async () => {
    const r = await newReport();
    await ok(dispatch(r.id));
    await ok(post(HANDLER, `/reports/${r.id}/resolve`, { text: "已清运" }));
    stack.clock.set("2026-11-24T02:00:00.000Z");
    const reopened = await ok(
      post(RESIDENT, `/reports/${r.id}/rating`, { satisfied: false, comment: "没清干净" }),
    );
    expect(reopened).toMatchObject({ status: "dispatched", reopened: true, resolution: { text: "已清运" } });
    // Three working days again, from the day of the rating.
    expect(reopened.dueDate).toBe("2026-11-27");
    expect(await inbox("u-demo-handler-1", r.id)).toContainEqual(
      expect.objectContaining({ kind: "case.reopened" }),
    );
    await ok(post(HANDLER, `/reports/${r.id}/resolve`, { text: "重新清运并消毒" }));
    const closed = await ok(post(RESIDENT, `/reports/${r.id}/rating`, { satisfied: false }));
    expect(closed).toMatchObject({ status: "closed", reopened: true, rating: { satisfied: false } });
    expect((await post(RESIDENT, `/reports/${r.id}/rating`, { satisfied: false })).status).toBe(409);
    const messages = await inbox("u-demo-resident-1", r.id);
    expect(messages.filter((m) => m.kind === "case.resolved")).toHaveLength(2);
    expect(messages.filter((m) => m.kind === "case.reopened")).toHaveLength(1);
  });

  it("declines only with a reason, and tells the reporter why", async () => {
    const r = await newReport();
    expect(await pathsOf(post(STAFF, `/reports/${r.id}/decline`, {}))).toEqual(["reason"]);
    expect(await pathsOf(post(STAFF, `/reports/${r.id}/decline`, { reason: " " }))).toEqual(["reason"]);
    const declined = await ok(post(STAFF, `/reports/${r.id}/decline`, { reason: "不属于社区管辖范围" }));
    expect(declined).toMatchObject({ status: "declined", declineReason: "不属于社区管辖范围" });
    expect(await inbox("u-demo-resident-1", r.id)).toContainEqual({
      kind: "case.declined",
      params: expect.objectContaining({ reason: "不属于社区管辖范围", number: r.number }),
    });
    expect((await dispatch(r.id)).status).toBe(409);
  });

  it("merges by number or by id, not into itself, a merged or declined one, or another community's", async () => {
    const target = await newReport();
    const byNumber = await newReport();
    const byId = await newReport();
    const merged = await ok(post(STAFF, `/reports/${byNumber.id}/merge`, { into: target.number }));
    expect(merged).toMatchObject({ status: "merged", mergedInto: { id: target.id, number: target.number } });
    expect((await ok(post(STAFF, `/reports/${byId.id}/merge`, { into: target.id }))).mergedInto).toEqual({
      id: target.id,
      number: target.number,
    });
    expect(await inbox("u-demo-resident-1", byId.id)).toContainEqual({
      kind: "case.merged",
      params: expect.objectContaining({ into: target.number }),
    });

    const r = await newReport();
    expect(await pathsOf(post(STAFF, `/reports/${r.id}/merge`, { into: r.id }))).toEqual(["into"]);
    expect(await pathsOf(post(STAFF, `/reports/${r.id}/merge`, { into: r.number }))).toEqual(["into"]);
    expect(await codeOf(post(STAFF, `/reports/${r.id}/merge`, { into: byNumber.id }))).toEqual([
      409,
      "MERGE_TARGET_CLOSED",
    ]);
    const declined = await newReport();
    await ok(post(STAFF, `/reports/${declined.id}/decline`, { reason: "信息不全" }));
    expect(await codeOf(post(STAFF, `/reports/${r.id}/merge`, { into: declined.number }))).toEqual([
      409,
      "MERGE_TARGET_CLOSED",
    ]);
    const elsewhere = await newReport("outsider");
    expect(elsewhere.number).toMatch(/^HX-/);
    expect(await pathsOf(post(STAFF, `/reports/${r.id}/merge`, { into: elsewhere.id }))).toEqual(["into"]);
    expect(await pathsOf(post(STAFF, `/reports/${r.id}/merge`, { into: elsewhere.number }))).toEqual([
      "into",
    ]);
    expect(await pathsOf(post(STAFF, `/reports/${r.id}/merge`, { into: "HX-20261123-9999" }))).toEqual([
      "into",
    ]);
    expect((await get(STAFF, `/reports/${r.id}`)).json.report.status).toBe("submitted");
  });
});

describe("who may do what", () => {
  it("keeps staff actions from residents and handlers, work from other departments, reading from others", async () => {
    const r = await newReport();
    for (const action of ["dispatch", "merge", "decline"]) {
      const body =
        action === "dispatch"
          ? { departmentId: "dept-urban", dueWorkingDays: 1 }
          : action === "merge"
            ? { into: r.id }
            : { reason: "重复" };
      expect(await codeOf(post(RESIDENT, `/reports/${r.id}/${action}`, body))).toEqual([
        403,
        "NOT_STAFF_OF_COMMUNITY",
      ]);
      // Somebody the report is nothing to may not learn that it exists.
      expect((await post("demo-resident-2", `/reports/${r.id}/${action}`, body)).status).toBe(404);
    }
    // Staff of another community, a lawyer, another resident, a handler before dispatch: no such report.
    for (const who of [
      "demo-resident-2",
      "demo-staff-other",
      "demo-lawyer-1",
      HANDLER,
      OTHER_HANDLER,
      "outsider",
    ])
      expect(await codeOf(get(who, `/reports/${r.id}`))).toEqual([404, "CASE_NOT_FOUND"]);
    for (const who of [RESIDENT, STAFF, "demo-staff-2", "demo-admin"])
      expect((await get(who, `/reports/${r.id}`)).status).toBe(200);

    await ok(dispatch(r.id));
    expect((await get(HANDLER, `/reports/${r.id}`)).status).toBe(200);
    expect(await codeOf(dispatch(r.id, "dept-urban", HANDLER))).toEqual([403, "NOT_STAFF_OF_COMMUNITY"]);
    // The reporter may read it but not work it; another department's handler does not see it at all.
    expect(await codeOf(post(RESIDENT, `/reports/${r.id}/progress`, { note: "我自己修好了" }))).toEqual([
      403,
      "NOT_HANDLER",
    ]);
    expect(await codeOf(post(RESIDENT, `/reports/${r.id}/resolve`, { text: "我自己修好了" }))).toEqual([
      403,
      "NOT_HANDLER",
    ]);
    expect(await codeOf(post(OTHER_HANDLER, `/reports/${r.id}/progress`, { note: "已到现场" }))).toEqual([
      404,
      "CASE_NOT_FOUND",
    ]);
    expect(await codeOf(post(OTHER_HANDLER, `/reports/${r.id}/resolve`, { text: "已处理" }))).toEqual([
      404,
      "CASE_NOT_FOUND",
    ]);
    // Staff may work a dispatched report themselves.
    await ok(post("demo-staff-2", `/reports/${r.id}/progress`, { note: "社区已联系城管" }));
    await ok(post(HANDLER, `/reports/${r.id}/resolve`, { text: "已处理" }));
    expect(await codeOf(post(STAFF, `/reports/${r.id}/rating`, { satisfied: true }))).toEqual([
      403,
      "NOT_REPORTER",
    ]);
    expect(await codeOf(post(HANDLER, `/reports/${r.id}/rating`, { satisfied: true }))).toEqual([
      403,
      "NOT_REPORTER",
    ]);
  });

  it("hides an anonymous reporter from staff and handlers, not from the reporter", async () => {
    const r = await newReport(RESIDENT, { anonymous: true });
    expect(r.reporter).toBe("王秀兰");
    expect((await get(STAFF, `/reports/${r.id}`)).json.report).toMatchObject({
      anonymous: true,
      reporter: null,
      mine: false,
    });
    await ok(dispatch(r.id));
    expect((await get(HANDLER, `/reports/${r.id}`)).json.report.reporter).toBeNull();
    expect((await get(RESIDENT, `/reports/${r.id}`)).json.report).toMatchObject({
      reporter: "王秀兰",
      mine: true,
    });
    expect((await get(STAFF, "/reports?scope=open")).text).not.toContain("王秀兰");
  });
});

describe("lists", () => {
  it("gives the reporter theirs, staff the community's, and handlers their departments' (scope=assigned)", async () => {
    const waiting = await newReport();
    const sent = await newReport(RESIDENT, { category: "noise" });
    await ok(dispatch(sent.id, "dept-property"));
    const ids = async (who: string, path: string) => {
      const listed = await get(who, path);
      expect(listed.status, listed.text).toBe(200);
      return (listed.json.items as { id: string }[]).map((item) => item.id);
    };
    expect(await ids(RESIDENT, "/reports/mine")).toEqual(expect.arrayContaining([waiting.id, sent.id]));
    expect(await ids("demo-resident-2", "/reports/mine")).not.toContain(waiting.id);
    expect(await ids(STAFF, "/reports")).toEqual(expect.arrayContaining([waiting.id, sent.id]));
    expect(await ids(HANDLER, "/reports?scope=assigned")).toContain(sent.id);
    expect(await ids(HANDLER, "/reports?scope=assigned")).not.toContain(waiting.id);
    expect(await ids(OTHER_HANDLER, "/reports?scope=assigned")).not.toContain(sent.id);
    for (const who of [RESIDENT, HANDLER, "demo-lawyer-1"])
      expect((await get(who, "/reports")).status).toBe(403);
    expect(await ids("demo-staff-other", "/reports?scope=all")).not.toContain(waiting.id);
  });
});

describe("photos", () => {
  it("keeps an uploaded photo under cases/ and shows it through a signed URL", async () => {
    const upload = await uploadImage(stack, tokens[RESIDENT], PNG, { purpose: "case-photo" });
    expect(upload.status, upload.body).toBeLessThan(300);
    expect(upload.key).toMatch(/^uploads\/huanghe-west\/2026-11\/[A-Za-z0-9_-]+\.png$/);
    const r = await newReport(RESIDENT, { photos: [upload.key] });
    const kept = upload.key.replace(/^uploads\//, "cases/");
    expect(r.photos).toHaveLength(1);
    expect(r.photos[0]).toContain(`/files/object/${kept}?`);
    const stored = await stack.deps.db.doc.send(
      new QueryCommand({
        TableName: stack.deps.db.tableName,
        KeyConditionExpression: "PK = :pk AND SK = :sk",
        ExpressionAttributeValues: { ":pk": keys.caseItem(r.id).PK, ":sk": "META" },
      }),
    );
    expect(stored.Items?.[0]?.photos).toEqual([kept]);
    const read = await stack.files.request((r.photos[0] as string).replace("http://files.test", ""));
    expect(read.status).toBe(200);
    expect(Buffer.from(await read.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await get(STAFF, `/reports/${r.id}`)).json.report.photos[0]).toContain(`/files/object/${kept}?`);
  });

  it("shows the department the note staff left on dispatch, not the reporter", async () => {
    const r = await newReport(RESIDENT);
    await ok(
      post(STAFF, `/reports/${r.id}/dispatch`, {
        departmentId: "dept-urban",
        dueWorkingDays: 2,
        note: "老旧线路，注意安全",
      }),
    );
    const noteOf = async (who: string) =>
      (
        (await get(who, `/reports/${r.id}`)).json.report.history as { action: string; note: string | null }[]
      ).find((e) => e.action === "dispatch")?.note;
    expect(await noteOf(HANDLER)).toBe("老旧线路，注意安全");
    expect(await noteOf(STAFF)).toBe("老旧线路，注意安全");
    expect(await noteOf(RESIDENT)).toBeNull();
  });

  it("lets a department's handler (no resident, no staff) upload for the community of their cases", async () => {
    const refused = await call(stack.app, "POST", "/api/v1/uploads", {
      token: tokens[HANDLER],
      body: { purpose: "case-photo", contentType: "image/png", size: PNG.length },
    });
    expect([refused.status, refused.json.error.code]).toEqual([403, "NOT_VERIFIED"]);
    const elsewhere = await call(stack.app, "POST", "/api/v1/uploads", {
      token: tokens[HANDLER],
      body: {
        purpose: "case-photo",
        contentType: "image/png",
        size: PNG.length,
        communityId: "changjiang-east",
      },
    });
    expect(elsewhere.status).toBe(403);
    const upload = await uploadImage(stack, tokens[HANDLER], PNG, {
      purpose: "case-photo",
      communityId: "huanghe-west",
    });
    expect(upload.status, upload.body).toBeLessThan(300);
    const r = await newReport(RESIDENT);
    await ok(dispatch(r.id, "dept-urban"));
    const resolved = await ok(
      post(HANDLER, `/reports/${r.id}/resolve`, { text: "已修好", photos: [upload.key] }),
    );
    expect(resolved.resolution.photos).toHaveLength(1);
  });

  it("refuses another community's key, a fake file and a key never uploaded, naming the field", async () => {
    const fake = await uploadImage(stack, tokens[RESIDENT], Buffer.from("not really a png, just text"), {
      purpose: "case-photo",
    });
    const foreign = await uploadImage(stack, tokens.outsider, PNG, { purpose: "case-photo" });
    expect(foreign.key).toMatch(/^uploads\/changjiang-east\//);
    const good = await uploadImage(stack, tokens[RESIDENT], PNG, { purpose: "case-photo" });
    const before = await snapshotTable(stack.deps.db);
    for (const [photos, path] of [
      [[foreign.key], "photos.0"],
      [[good.key, fake.key], "photos.1"],
      [[good.key, "uploads/huanghe-west/2026-11/neveruploaded1.png"], "photos.1"],
      [["cases/changjiang-east/2026-11/abcdefgh1234.png"], "photos.0"],
    ] as const) {
      const refused = await post(RESIDENT, "/reports", {
        category: "other",
        description: "照片测试，请忽略",
        photos,
        location: { address: "东门" },
      });
      expect(refused.status, refused.text).toBe(400);
      expect(refused.json.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
    }
    const diff = diffSnapshots(before, await snapshotTable(stack.deps.db));
    expect(isEmptyDiff(diff), describeDiff(diff)).toBe(true);
  });
});

describe("where", () => {
  const at = (location: Record<string, unknown>) =>
    post(RESIDENT, "/reports", { category: "noise", description: "夜里施工噪音很大", location });

  it("needs a building of the community, a unit of that building, or else an address or a point", async () => {
    expect(await pathsOf(at({ buildingId: "b9" }))).toEqual(["location.buildingId"]);
    expect(await pathsOf(at({ buildingId: "b1", unit: "9" }))).toEqual(["location.unit"]);
    expect(await pathsOf(at({ unit: "1", address: "1栋" }))).toEqual(["location.unit"]);
    expect(await pathsOf(at({}))).toEqual(["location"]);
    expect(await pathsOf(at({ address: "" }))).toEqual(["location"]);
    expect((await at({ buildingId: "b1", unit: "2" })).status).toBe(201);
    expect((await at({ buildingId: "b3" })).status).toBe(201);
    expect((await at({ address: "小区北门外人行道" })).status).toBe(201);
    expect((await at({ point: { latitude: 34.77, longitude: 113.65, system: "gcj02" } })).status).toBe(201);
  });
});

describe("messages", () => {
  it("tells the reporter received, dispatched, progress and resolved, and the handlers assigned", async () => {
    const r = await newReport();
    await ok(dispatch(r.id));
    await ok(post(HANDLER, `/reports/${r.id}/progress`, { note: "已安排清运车" }));
    await ok(post(HANDLER, `/reports/${r.id}/resolve`, { text: "已清运完毕" }));
    const mine = await inbox("u-demo-resident-1", r.id);
    expect(mine.map((m) => m.kind).sort()).toEqual([
      "case.dispatched",
      "case.progress",
      "case.received",
      "case.resolved",
    ]);
    expect(mine.find((m) => m.kind === "case.dispatched")?.params).toMatchObject({
      number: r.number,
      department: "金水区城管执法中队",
      dueDate: "2026-11-26",
    });
    expect(await inbox("u-demo-handler-1", r.id)).toEqual([
      { kind: "case.assigned", params: expect.objectContaining({ number: r.number, dueDate: "2026-11-26" }) },
    ]);
    expect(await inbox("u-demo-staff-1", r.id)).toEqual([]);
  });
});

describe("refusals write nothing", () => {
  it("leaves the table as it was after 4xx answers of every kind", async () => {
    const r = await newReport();
    const sent = await newReport();
    await ok(dispatch(sent.id));
    const before = await snapshotTable(stack.deps.db);
    const refusals = [
      post(RESIDENT, "/reports", { category: "noise", description: "短", location: { address: "东门" } }),
      post(RESIDENT, "/reports", {
        category: "noise",
        description: "夜里施工噪音很大",
        location: { buildingId: "b9" },
      }),
      post("demo-resident-40", "/reports", {
        category: "noise",
        description: "夜里施工噪音很大",
        location: { address: "东门" },
      }),
      post(RESIDENT, `/reports/${r.id}/dispatch`, { departmentId: "dept-urban", dueWorkingDays: 1 }),
      post(STAFF, `/reports/${r.id}/dispatch`, { departmentId: "dept-nope", dueWorkingDays: 1 }),
      post(STAFF, `/reports/${r.id}/dispatch`, { departmentId: "dept-urban", dueWorkingDays: 0 }),
      post(STAFF, `/reports/${r.id}/merge`, { into: r.id }),
      post(STAFF, `/reports/${r.id}/decline`, {}),
      post(STAFF, `/reports/${r.id}/resolve`, { text: "已处理" }),
      post(RESIDENT, `/reports/${r.id}/rating`, { satisfied: true }),
      post("demo-resident-2", `/reports/${r.id}/decline`, { reason: "不需要" }),
      dispatch(sent.id),
      post(OTHER_HANDLER, `/reports/${sent.id}/resolve`, { text: "已处理" }),
      post(RESIDENT, `/reports/${sent.id}/resolve`, { text: "已处理" }),
      post(HANDLER, `/reports/${sent.id}/rating`, { satisfied: true }),
      get("demo-resident-2", `/reports/${sent.id}`),
    ];
    for (const refusal of refusals) {
      const done = await refusal;
      expect(done.status, done.text).toBeGreaterThanOrEqual(400);
      expect(done.status, done.text).toBeLessThan(500);
    }
    const diff = diffSnapshots(before, await snapshotTable(stack.deps.db));
    expect(isEmptyDiff(diff), describeDiff(diff)).toBe(true);
  });
});

describe("races", () => {
  /** A Wednesday far from the demo's cases (seeded around the day the tests run). */
  const QUIET_DAY = "2027-03-10T02:00:00.000Z";

  it("numbers 30 simultaneous reports 0001…0030, each once", async () => {
    stack.clock.set(QUIET_DAY);
    const residents = await addVerifiedResidents(stack, 30, "hx-race");
    const results = await Promise.all(
      residents.map((resident) =>
        call(stack.app, "POST", "/api/v1/reports", {
          token: resident.token,
          body: { category: "noise", description: "广场舞音响太响", location: { address: "中心广场" } },
        }),
      ),
    );
    for (const result of results) expect(result.status, result.text).toBe(201);
    const numbers = results.map((result) => result.json.report.number as string).sort();
    expect(numbers).toEqual(
      Array.from({ length: 30 }, (_, i) => `HX-20270310-${String(i + 1).padStart(4, "0")}`),
    );
  });

  it("reopens once under 10 simultaneous 'not satisfied' ratings", async () => {
    const r = await newReport();
    await ok(dispatch(r.id));
    await ok(post(HANDLER, `/reports/${r.id}/resolve`, { text: "已清运" }));
    const results = await Promise.all(
      Array.from({ length: 10 }, () => post(RESIDENT, `/reports/${r.id}/rating`, { satisfied: false })),
    );
    expect(results.filter((one) => one.status === 200)).toHaveLength(1);
    expect(results.filter((one) => one.status === 409)).toHaveLength(9);
    const seen = (await get(STAFF, `/reports/${r.id}`)).json.report;
    expect(seen).toMatchObject({ status: "dispatched", reopened: true });
    expect(seen.history.filter((e: { action: string }) => e.action === "reopen")).toHaveLength(1);
    expect((await inbox("u-demo-handler-1", r.id)).filter((m) => m.kind === "case.reopened")).toHaveLength(1);
  });

  it("lets one of 20 simultaneous dispatches through and tells the handler once", async () => {
    const r = await newReport();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(STAFF, `/reports/${r.id}/dispatch`, { departmentId: "dept-urban", dueWorkingDays: 1 + (i % 5) }),
      ),
    );
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const result of results.filter((one) => one.status === 409))
      expect(["CASE_CHANGED", "CASE_NOT_SUBMITTED"]).toContain(result.json.error.code);
    const winner = results.find((one) => one.status === 200)?.json.report;
    const seen = (await get(STAFF, `/reports/${r.id}`)).json.report;
    expect(seen.dueWorkingDays).toBe(winner.dueWorkingDays);
    expect(seen.history.filter((e: { action: string }) => e.action === "dispatch")).toHaveLength(1);
    expect((await inbox("u-demo-handler-1", r.id)).filter((m) => m.kind === "case.assigned")).toHaveLength(1);
    expect((await inbox("u-demo-resident-1", r.id)).filter((m) => m.kind === "case.dispatched")).toHaveLength(
      1,
    );
  });
});

describe("progress notes", () => {
  it("takes 50 notes on a report; the 51st is 409 TOO_MANY_NOTES and writes nothing", async () => {
    const r = await newReport();
    await ok(dispatch(r.id));
    for (let i = 1; i <= 50; i++)
      await ok(post(HANDLER, `/reports/${r.id}/progress`, { note: `第${i}次进展` }));
    const before = await snapshotTable(stack.deps.db);
    expect(await codeOf(post(HANDLER, `/reports/${r.id}/progress`, { note: "第51次进展" }))).toEqual([
      409,
      "TOO_MANY_NOTES",
    ]);
    const diff = diffSnapshots(before, await snapshotTable(stack.deps.db));
    expect(isEmptyDiff(diff), describeDiff(diff)).toBe(true);
    const seen = (await get(STAFF, `/reports/${r.id}`)).json.report;
    expect(seen.history.filter((e: { action: string }) => e.action === "progress")).toHaveLength(50);
    // The case is still worked: it can be resolved.
    await ok(post(HANDLER, `/reports/${r.id}/resolve`, { text: "已清运完毕" }));
  });
});

describe("kept photos", () => {
  /** The keys a report keeps, as stored (`cases/<community>/…`). */
  const storedPhotos = async (id: string) =>
    ((await getItem<{ photos: string[] }>(stack.deps.db, keys.caseItem(id), true))?.photos ?? []) as string[];

  it("accepts a case's own kept photo on progress and resolution, not one kept on another case", async () => {
    const elsewhere = await newReport(RESIDENT, {
      photos: [(await uploadImage(stack, tokens[RESIDENT], PNG, { purpose: "case-photo" })).key],
    });
    const [foreign] = await storedPhotos(elsewhere.id);
    expect(foreign).toMatch(/^cases\/huanghe-west\//);
    const r = await newReport(RESIDENT, {
      photos: [(await uploadImage(stack, tokens[RESIDENT], PNG, { purpose: "case-photo" })).key],
    });
    const [own] = await storedPhotos(r.id);
    expect(own).toMatch(/^cases\/huanghe-west\//);
    expect(own).not.toBe(foreign);
    await ok(dispatch(r.id));

    const before = await snapshotTable(stack.deps.db);
    expect(
      await pathsOf(post(HANDLER, `/reports/${r.id}/progress`, { note: "现场照片", photos: [foreign] })),
    ).toEqual(["photos.0"]);
    expect(
      await pathsOf(post(HANDLER, `/reports/${r.id}/resolve`, { text: "已处理", photos: [foreign] })),
    ).toEqual(["photos.0"]);
    const diff = diffSnapshots(before, await snapshotTable(stack.deps.db));
    expect(isEmptyDiff(diff), describeDiff(diff)).toBe(true);

    const noted = await ok(post(HANDLER, `/reports/${r.id}/progress`, { note: "现场照片", photos: [own] }));
    expect(noted.history.at(-1).photos[0]).toContain(`/files/object/${own}?`);
    const resolved = await ok(post(HANDLER, `/reports/${r.id}/resolve`, { text: "已处理", photos: [own] }));
    expect(resolved.resolution.photos[0]).toContain(`/files/object/${own}?`);
  });

  it("refuses any kept key (cases/…) on a new report, even one of the community", async () => {
    const first = await newReport(RESIDENT, {
      photos: [(await uploadImage(stack, tokens[RESIDENT], PNG, { purpose: "case-photo" })).key],
    });
    const [kept] = await storedPhotos(first.id);
    expect(kept).toMatch(/^cases\/huanghe-west\//);
    const before = await snapshotTable(stack.deps.db);
    expect(
      await pathsOf(
        post(RESIDENT, "/reports", {
          category: "other",
          description: "照片测试，请忽略",
          photos: [kept],
          location: { address: "东门" },
        }),
      ),
    ).toEqual(["photos.0"]);
    const diff = diffSnapshots(before, await snapshotTable(stack.deps.db));
    expect(isEmptyDiff(diff), describeDiff(diff)).toBe(true);
  });
});
