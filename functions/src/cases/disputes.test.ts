import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { addOtherCommunityResident } from "../../../test/setup/residents.js";
import { scanTable } from "../../../test/setup/scan-table.js";
import {
  describeDiff,
  diffSnapshots,
  isEmptyDiff,
  snapshotTable,
} from "../../../test/setup/table-snapshot.js";
import { getItem } from "../db/items.js";
import { keys } from "../db/keys.js";
import { bookingRequest, FRIDAY_10AM, makeRoster } from "../legal/test-helpers.js";

/**
 * Disputes through the API. The clock stands on the legal tests' Friday (2030), where a roster can
 * be made for the next Monday and a resident can book a consultation to be referred.
 */
let stack: TestStack;
const tokens: Record<string, string> = {};
const A = "demo-resident-1"; // the applicant
const B = "demo-resident-2"; // named as the other party
const STRANGER = "demo-resident-3";
const SUPERVISOR = "demo-staff-1";
const STAFF2 = "demo-staff-2"; // staff, not a supervisor
const HANDLER = "demo-handler-1"; // handles dept-property

beforeAll(async () => {
  stack = await createTestStack();
  stack.clock.set(FRIDAY_10AM);
  for (const openid of [
    A,
    B,
    STRANGER,
    "demo-resident-40",
    SUPERVISOR,
    STAFF2,
    HANDLER,
    "demo-staff-other",
    "demo-lawyer-1",
    "demo-lawyer-2",
    "demo-admin",
  ])
    tokens[openid] = await loginAs(stack.app, openid);
  tokens.outsider = await addOtherCommunityResident(stack, 90 * 24 * 3600);
});
afterAll(() => stack.cleanup());
beforeEach(() => stack.clock.set(FRIDAY_10AM));

const post = (who: string, path: string, body?: unknown) =>
  call(stack.app, "POST", `/api/v1${path}`, { token: tokens[who], body });
const get = (who: string, path: string) => call(stack.app, "GET", `/api/v1${path}`, { token: tokens[who] });
const codeOf = async (result: ReturnType<typeof post>) => {
  const done = await result;
  return [done.status, done.json?.error?.code];
};
const pathsOf = async (result: ReturnType<typeof post>) => {
  const done = await result;
  expect(done.status, done.text).toBe(400);
  return (done.json.error.details as { path: string }[]).map((d) => d.path);
};

const body = (overrides: Record<string, unknown> = {}) => ({
  type: "neighbour",
  description: "楼上住户夜间拖动家具，多次沟通无果。",
  parties: [
    { side: "respondent", name: "李建国", userId: "u-demo-resident-2", phone: "13812345678" },
    { side: "respondent", name: "401室租客", phone: "13987654321" },
  ],
  ...overrides,
});

async function file(who = A, overrides: Record<string, unknown> = {}) {
  const filed = await post(who, "/disputes", body(overrides));
  expect(filed.status, filed.text).toBe(201);
  return filed.json.dispute as { id: string; number: string };
}
async function ok(result: ReturnType<typeof post>, status = 200) {
  const done = await result;
  expect(done.status, done.text).toBe(status);
  return done.json.dispute;
}
const assignTo = (id: string, mediator: Record<string, string>, dueWorkingDays = 5) =>
  ok(post(SUPERVISOR, `/disputes/${id}/assign`, { mediator, dueWorkingDays }));
const inFuture = (hours: number) => new Date(Date.parse(FRIDAY_10AM) + hours * 3_600_000).toISOString();

async function inboxKinds(userId: string, caseId: string) {
  return [...(await scanTable(stack.deps.db)).values()]
    .filter((item) => item.entity === "Message" && item.userId === userId)
    .filter((item) => String(item.id).startsWith(`case-${caseId}-`))
    .map((item) => item.kind as string)
    .sort();
}
async function auditsOf(target: string) {
  return [...(await scanTable(stack.deps.db)).values()].filter(
    (item) => item.entity === "Audit" && item.target === target,
  );
}
const mine = async (who: string) =>
  ((await get(who, "/disputes/mine")).json.items as { id: string }[]).map((item) => item.id);

describe("filing", () => {
  it("by a resident: they are the applicant; the other parties need not be users; party pointers for the users", async () => {
    const filed = await ok(post(A, "/disputes", body()), 201);
    expect(filed).toMatchObject({ status: "filed", filedVia: "self", assignee: null, dueAt: null });
    expect(filed.number).toMatch(/^TJ-20300104-\d{4}$/);
    expect(
      filed.parties.map((p: { side: string; name: string; isUser: boolean }) => [p.side, p.name, p.isUser]),
    ).toEqual([
      ["applicant", "王秀兰", true],
      ["respondent", "李建国", true],
      ["respondent", "401室租客", false],
    ]);
    for (const userId of ["u-demo-resident-1", "u-demo-resident-2"])
      expect(await getItem(stack.deps.db, keys.caseParty(filed.id, userId), true)).not.toBeNull();
    expect(await mine(A)).toContain(filed.id);
    expect(await mine(B)).toContain(filed.id);
    expect(await mine(STRANGER)).not.toContain(filed.id);
    expect((await get(B, `/disputes/${filed.id}`)).status).toBe(200);
    expect(await inboxKinds("u-demo-resident-1", filed.id)).toEqual(["dispute.filed"]);
    expect(await inboxKinds("u-demo-resident-2", filed.id)).toEqual(["dispute.filed"]);
    expect(await inboxKinds("u-demo-staff-1", filed.id)).toEqual(["dispute.filed"]);
    expect(await auditsOf(filed.id)).toEqual([]);
  });

  it("refuses an unverified resident and parties that are not residents of the community", async () => {
    expect(await codeOf(post("demo-resident-40", "/disputes", body()))).toEqual([403, "NOT_VERIFIED"]);
    const party = (userId: string) => ({
      parties: [{ side: "respondent", name: "某人", userId }],
    });
    expect(await pathsOf(post(A, "/disputes", body(party("u-demo-resident-1"))))).toEqual([
      "parties.0.userId",
    ]);
    expect(await pathsOf(post(A, "/disputes", body(party("u-nobody"))))).toEqual(["parties.0.userId"]);
    expect(await pathsOf(post(A, "/disputes", body(party("u-outsider"))))).toEqual(["parties.0.userId"]);
    expect(await pathsOf(post(A, "/disputes", body({ parties: [] })))).toEqual(["parties"]);
    expect(
      await pathsOf(
        post(A, "/disputes", body({ parties: [{ side: "respondent", name: "乙", phone: "12345" }] })),
      ),
    ).toEqual(["parties.0.phone"]);
  });

  it("by staff on a resident's behalf: audited; not for an unverified or another community's resident", async () => {
    const filed = await ok(post(STAFF2, "/disputes", body({ onBehalfOf: "u-demo-resident-1" })), 201);
    expect(filed.filedVia).toBe("staff");
    expect(filed.parties[0]).toMatchObject({ side: "applicant", name: "王秀兰", isUser: true });
    expect(await mine(A)).toContain(filed.id);
    const audits = await auditsOf(filed.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      action: "dispute.file_on_behalf",
      actorId: "u-demo-staff-2",
      subjectUserId: "u-demo-resident-1",
    });
    for (const who of ["u-demo-resident-40", "u-outsider", "u-nobody"])
      expect(await pathsOf(post(STAFF2, "/disputes", body({ onBehalfOf: who })))).toEqual(["onBehalfOf"]);
    expect((await post(A, "/disputes", body({ onBehalfOf: "u-demo-resident-2" }))).status).toBe(403);
  });

  it("by a lawyer from their own consultation only", async () => {
    const [slot] = await makeRoster(stack);
    const booked = await post(A, "/legal/bookings", bookingRequest(slot as string));
    expect(booked.status, booked.text).toBe(201);
    const bookingId = booked.json.booking.id as string;
    expect(await pathsOf(post("demo-lawyer-2", "/disputes", body({ referralBookingId: bookingId })))).toEqual(
      ["referralBookingId"],
    );
    expect(
      await pathsOf(post("demo-lawyer-1", "/disputes", body({ referralBookingId: "no-such-booking" }))),
    ).toEqual(["referralBookingId"]);
    const filed = await ok(post("demo-lawyer-1", "/disputes", body({ referralBookingId: bookingId })), 201);
    expect(filed.filedVia).toBe("lawyer");
    expect(filed.parties[0]).toMatchObject({ side: "applicant", name: "王秀兰" });
    expect(await mine(A)).toContain(filed.id);
    expect((await auditsOf(filed.id))[0]).toMatchObject({
      action: "dispute.referral",
      actorId: "u-demo-lawyer-1",
      subjectUserId: "u-demo-resident-1",
    });
    // The lawyer handed it on: the mediation is not theirs to read.
    expect(await codeOf(get("demo-lawyer-1", `/disputes/${filed.id}`))).toEqual([404, "CASE_NOT_FOUND"]);
    // One dispute per referred consultation; the refused second filing writes nothing.
    const before = (await mine(A)).length;
    expect(await codeOf(post("demo-lawyer-1", "/disputes", body({ referralBookingId: bookingId })))).toEqual([
      409,
      "ALREADY_REFERRED",
    ]);
    expect((await mine(A)).length).toBe(before);
  });
});

describe("privacy", () => {
  /**
   * The rule: a dispute is read by its parties who are users, its mediator (the handlers of the
   * department it is assigned to, or the staff mediator) and the community's case supervisors.
   * Other staff — and the district admin, who is not a supervisor of the community — get 403
   * DISPUTE_PRIVATE (they know disputes exist from the command center's counts); anyone else 404.
   */
  it("lets parties, the mediator and supervisors read it; other staff and admin 403; others 404", async () => {
    const d = await file();
    await assignTo(d.id, { kind: "department", departmentId: "dept-property" });
    for (const who of [A, B, HANDLER, SUPERVISOR])
      expect((await get(who, `/disputes/${d.id}`)).status).toBe(200);
    for (const who of [STAFF2, "demo-admin"])
      expect(await codeOf(get(who, `/disputes/${d.id}`))).toEqual([403, "DISPUTE_PRIVATE"]);
    for (const who of [STRANGER, "demo-lawyer-1", "outsider", "demo-staff-other"])
      expect(await codeOf(get(who, `/disputes/${d.id}`))).toEqual([404, "CASE_NOT_FOUND"]);
    // A staff mediator reads the one given to them, and only that one.
    const other = await file();
    await assignTo(other.id, { kind: "staff", userId: "u-demo-staff-2" });
    expect((await get(STAFF2, `/disputes/${other.id}`)).status).toBe(200);
    expect(await codeOf(get(STAFF2, `/disputes/${d.id}`))).toEqual([403, "DISPUTE_PRIVATE"]);
    // Nor is the report route a way round it.
    expect(await codeOf(get(SUPERVISOR, `/reports/${d.id}`))).toEqual([404, "CASE_NOT_FOUND"]);
  });

  it("lists a community's disputes for supervisors only; mediators see theirs with scope=assigned", async () => {
    const d = await file();
    await assignTo(d.id, { kind: "staff", userId: "u-demo-staff-2" });
    const h = await file();
    await assignTo(h.id, { kind: "department", departmentId: "dept-property" });
    const ids = async (who: string, query: string) => {
      const listed = await get(who, `/disputes${query}`);
      expect(listed.status, listed.text).toBe(200);
      return (listed.json.items as { id: string }[]).map((item) => item.id);
    };
    expect(await codeOf(get(STAFF2, "/disputes"))).toEqual([403, "DISPUTES_PRIVATE"]);
    expect(await codeOf(get(STAFF2, "/disputes?scope=all"))).toEqual([403, "DISPUTES_PRIVATE"]);
    expect(await codeOf(get(A, "/disputes"))).toEqual([403, "STAFF_ONLY"]);
    expect(await ids(SUPERVISOR, "")).toEqual(expect.arrayContaining([d.id, h.id]));
    expect(await ids(STAFF2, "?scope=assigned")).toContain(d.id);
    expect(await ids(STAFF2, "?scope=assigned")).not.toContain(h.id);
    expect(await ids(HANDLER, "?scope=assigned")).toContain(h.id);
    expect(await ids(HANDLER, "?scope=assigned")).not.toContain(d.id);
    expect(await ids(STRANGER, "?scope=assigned")).toEqual([]);
  });

  it("shows the parties' phones whole to the mediator and supervisors, masked to the parties", async () => {
    const d = await file();
    await assignTo(d.id, { kind: "department", departmentId: "dept-property" });
    const phones = async (who: string) =>
      ((await get(who, `/disputes/${d.id}`)).json.dispute.parties as { phone: string | null }[]).map(
        (p) => p.phone,
      );
    expect(await phones(HANDLER)).toEqual([null, "13812345678", "13987654321"]);
    expect(await phones(SUPERVISOR)).toEqual([null, "13812345678", "13987654321"]);
    expect(await phones(A)).toEqual([null, "*******5678", "*******4321"]);
    expect(await phones(B)).toEqual([null, "13812345678", "*******4321"]);
  });
});

describe("mediation", () => {
  it("is assigned by a supervisor only, to an active department or a staff member of the community", async () => {
    const d = await file();
    const assign = (who: string, mediator: unknown) =>
      post(who, `/disputes/${d.id}/assign`, { mediator, dueWorkingDays: 5 });
    expect(await codeOf(assign(A, { kind: "department", departmentId: "dept-laoduan" }))).toEqual([
      403,
      "NOT_SUPERVISOR",
    ]);
    expect(await codeOf(assign(STAFF2, { kind: "department", departmentId: "dept-laoduan" }))).toEqual([
      403,
      "DISPUTE_PRIVATE",
    ]);
    expect(await pathsOf(assign(SUPERVISOR, { kind: "department", departmentId: "dept-nope" }))).toEqual([
      "mediator.departmentId",
    ]);
    expect(await pathsOf(assign(SUPERVISOR, { kind: "staff", userId: "u-demo-resident-3" }))).toEqual([
      "mediator.userId",
    ]);
    expect(await pathsOf(assign(SUPERVISOR, { kind: "staff", userId: "u-demo-staff-other" }))).toEqual([
      "mediator.userId",
    ]);
    const assigned = await ok(assign(SUPERVISOR, { kind: "staff", userId: "u-demo-staff-2" }));
    expect(assigned).toMatchObject({
      status: "assigned",
      assignee: { kind: "staff", id: "u-demo-staff-2", name: "孙丽" },
      dueWorkingDays: 5,
      dueDate: "2030-01-11",
    });
    // The mediator does not reassign it.
    expect(
      await codeOf(
        post(STAFF2, `/disputes/${d.id}/assign`, {
          mediator: { kind: "staff", userId: "u-demo-staff-1" },
          dueWorkingDays: 5,
        }),
      ),
    ).toEqual([403, "NOT_SUPERVISOR"]);
    expect(await inboxKinds("u-demo-staff-2", d.id)).toEqual(["case.assigned"]);
    expect(await inboxKinds("u-demo-resident-1", d.id)).toEqual(["dispute.assigned", "dispute.filed"]);
  });

  it("schedules sessions in the future, tells the parties, records each once, then closes", async () => {
    const d = await file();
    expect(
      await codeOf(
        post(SUPERVISOR, `/disputes/${d.id}/sessions`, { scheduledAt: inFuture(24), place: "调解室" }),
      ),
    ).toEqual([409, "NO_MEDIATOR"]);
    await assignTo(d.id, { kind: "department", departmentId: "dept-property" });
    expect(
      await pathsOf(
        post(HANDLER, `/disputes/${d.id}/sessions`, { scheduledAt: inFuture(-1), place: "调解室" }),
      ),
    ).toEqual(["scheduledAt"]);
    expect(
      await pathsOf(
        post(HANDLER, `/disputes/${d.id}/sessions`, { scheduledAt: inFuture(181 * 24), place: "调解室" }),
      ),
    ).toEqual(["scheduledAt"]);
    expect(
      await codeOf(post(A, `/disputes/${d.id}/sessions`, { scheduledAt: inFuture(24), place: "调解室" })),
    ).toEqual([403, "NOT_MEDIATOR"]);
    const scheduled = await ok(
      post(HANDLER, `/disputes/${d.id}/sessions`, { scheduledAt: inFuture(72), place: "社区调解室" }),
      201,
    );
    expect(scheduled.status).toBe("in_mediation");
    expect(scheduled.sessions).toEqual([
      {
        n: 1,
        scheduledAt: inFuture(72),
        place: "社区调解室",
        status: "scheduled",
        summary: null,
        recordedAt: null,
      },
    ]);
    for (const userId of ["u-demo-resident-1", "u-demo-resident-2"])
      expect(await inboxKinds(userId, d.id)).toContain("dispute.session");
    stack.clock.set(inFuture(74));
    expect(
      await pathsOf(post(HANDLER, `/disputes/${d.id}/sessions/2`, { status: "held", summary: "双方到场" })),
    ).toEqual(["n"]);
    expect(
      await codeOf(post(B, `/disputes/${d.id}/sessions/1`, { status: "held", summary: "双方到场" })),
    ).toEqual([403, "NOT_MEDIATOR"]);
    const held = await ok(
      post(HANDLER, `/disputes/${d.id}/sessions/1`, { status: "held", summary: "双方到场，初步达成意向" }),
    );
    expect(held.sessions[0]).toMatchObject({ status: "held", summary: "双方到场，初步达成意向" });
    expect(
      await codeOf(
        post(SUPERVISOR, `/disputes/${d.id}/sessions/1`, { status: "cancelled", summary: "改期" }),
      ),
    ).toEqual([409, "SESSION_RECORDED"]);
    await ok(
      post(HANDLER, `/disputes/${d.id}/sessions`, { scheduledAt: inFuture(96), place: "社区调解室" }),
      201,
    );
    const cancelled = await ok(
      post(SUPERVISOR, `/disputes/${d.id}/sessions/2`, { status: "cancelled", summary: "一方临时有事" }),
    );
    expect(cancelled.sessions.map((s: { status: string }) => s.status)).toEqual(["held", "cancelled"]);

    expect(await pathsOf(post(HANDLER, `/disputes/${d.id}/close`, { outcome: "settled" }))).toEqual([
      "agreement",
    ]);
    const closed = await ok(
      post(HANDLER, `/disputes/${d.id}/close`, {
        outcome: "settled",
        agreement: "双方同意各承担一半维修费用。",
      }),
    );
    expect(closed).toMatchObject({
      status: "closed",
      outcome: "settled",
      agreement: "双方同意各承担一半维修费用。",
      referredTo: null,
      can: { assign: false, schedule: false, record: false, close: false },
    });
    expect(await inboxKinds("u-demo-resident-2", d.id)).toContain("dispute.closed");
    const after = [
      post(SUPERVISOR, `/disputes/${d.id}/assign`, {
        mediator: { kind: "department", departmentId: "dept-laoduan" },
        dueWorkingDays: 5,
      }),
      post(HANDLER, `/disputes/${d.id}/sessions`, { scheduledAt: inFuture(200), place: "社区调解室" }),
      post(HANDLER, `/disputes/${d.id}/sessions/1`, { status: "held", summary: "补记" }),
      post(SUPERVISOR, `/disputes/${d.id}/close`, { outcome: "withdrawn" }),
    ];
    for (const action of after) expect(await codeOf(action)).toEqual([409, "CASE_CLOSED"]);
  });

  it("closes not settled (referred on) or withdrawn; a session still ahead is called off", async () => {
    const notSettled = await file();
    await assignTo(notSettled.id, { kind: "staff", userId: "u-demo-staff-2" });
    await ok(
      post(STAFF2, `/disputes/${notSettled.id}/sessions`, { scheduledAt: inFuture(48), place: "调解室" }),
      201,
    );
    expect(
      await pathsOf(
        post(STAFF2, `/disputes/${notSettled.id}/close`, { outcome: "not_settled", referredTo: "moon" }),
      ),
    ).toEqual(["referredTo"]);
    const referred = await ok(
      post(STAFF2, `/disputes/${notSettled.id}/close`, {
        outcome: "not_settled",
        referredTo: "court",
        note: "建议诉讼",
      }),
    );
    expect(referred).toMatchObject({
      outcome: "not_settled",
      referredTo: "court",
      closeNote: "建议诉讼",
      agreement: null,
    });
    expect(referred.sessions[0].status).toBe("cancelled");

    const withdrawn = await file();
    await assignTo(withdrawn.id, { kind: "department", departmentId: "dept-laoduan" });
    expect(
      await ok(
        post(SUPERVISOR, `/disputes/${withdrawn.id}/close`, { outcome: "withdrawn", note: "已自行和解" }),
      ),
    ).toMatchObject({ status: "closed", outcome: "withdrawn", closeNote: "已自行和解", referredTo: null });
    // Nothing is closed without a mediator.
    const unassigned = await file();
    expect(
      await codeOf(post(SUPERVISOR, `/disputes/${unassigned.id}/close`, { outcome: "withdrawn" })),
    ).toEqual([409, "NO_MEDIATOR"]);
  });
});

describe("refusals write nothing", () => {
  it("leaves the table as it was after 4xx answers to filing, reading and mediating", async () => {
    const d = await file();
    await assignTo(d.id, { kind: "department", departmentId: "dept-property" });
    const closed = await file();
    await assignTo(closed.id, { kind: "staff", userId: "u-demo-staff-2" });
    await ok(post(STAFF2, `/disputes/${closed.id}/close`, { outcome: "withdrawn" }));
    const before = await snapshotTable(stack.deps.db);
    const refusals = [
      post("demo-resident-40", "/disputes", body()),
      post(A, "/disputes", body({ parties: [{ side: "respondent", name: "某人", userId: "u-nobody" }] })),
      post(STAFF2, "/disputes", body({ onBehalfOf: "u-outsider" })),
      post("demo-lawyer-2", "/disputes", body({ referralBookingId: "no-such-booking" })),
      get(STAFF2, `/disputes/${d.id}`),
      get(STRANGER, `/disputes/${d.id}`),
      post(HANDLER, `/disputes/${d.id}/assign`, {
        mediator: { kind: "staff", userId: "u-demo-staff-2" },
        dueWorkingDays: 3,
      }),
      post(SUPERVISOR, `/disputes/${d.id}/assign`, {
        mediator: { kind: "department", departmentId: "dept-nope" },
        dueWorkingDays: 3,
      }),
      post(HANDLER, `/disputes/${d.id}/sessions`, { scheduledAt: inFuture(-2), place: "调解室" }),
      post(HANDLER, `/disputes/${d.id}/sessions/1`, { status: "held", summary: "双方到场" }),
      post(A, `/disputes/${d.id}/close`, { outcome: "withdrawn" }),
      post(STAFF2, `/disputes/${closed.id}/close`, { outcome: "withdrawn" }),
      post(STAFF2, `/disputes/${closed.id}/sessions`, { scheduledAt: inFuture(24), place: "调解室" }),
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

describe("a former staff mediator", () => {
  /**
   * The admin's "no longer staff here" takes the community out of staffCommunityIds and, with none
   * left, the staff role (admin/setup.ts); done here on the user item directly. Not staff of the
   * community any more, not a party, and no longer counted as the mediator: the dispute is nothing
   * to them, so 404 CASE_NOT_FOUND (403 DISPUTE_PRIVATE is for the community's current staff).
   */
  const STAFF2_ID = "u-demo-staff-2";
  const setStaff = (roles: string[], staffCommunityIds: string[]) =>
    stack.deps.db.doc.send(
      new UpdateCommand({
        TableName: stack.deps.db.tableName,
        Key: keys.user(STAFF2_ID),
        UpdateExpression: "SET #roles = :roles, staffCommunityIds = :communities",
        ExpressionAttributeNames: { "#roles": "roles" },
        ExpressionAttributeValues: { ":roles": roles, ":communities": staffCommunityIds },
      }),
    );

  it("can no longer read, schedule or close the dispute once they have left the community's staff", async () => {
    const d = await file();
    await assignTo(d.id, { kind: "staff", userId: STAFF2_ID });
    expect((await get(STAFF2, `/disputes/${d.id}`)).status).toBe(200);
    const profile = await getItem<{ roles: string[]; staffCommunityIds: string[] }>(
      stack.deps.db,
      keys.user(STAFF2_ID),
      true,
    );
    if (!profile) throw new Error("demo-staff-2 is missing");
    expect(profile.roles).toContain("staff");
    expect(profile.staffCommunityIds).toContain("huanghe-west");
    await setStaff(
      profile.roles.filter((role) => role !== "staff"),
      profile.staffCommunityIds.filter((id) => id !== "huanghe-west"),
    );
    try {
      const before = await snapshotTable(stack.deps.db);
      expect(await codeOf(get(STAFF2, `/disputes/${d.id}`))).toEqual([404, "CASE_NOT_FOUND"]);
      expect(
        await codeOf(
          post(STAFF2, `/disputes/${d.id}/sessions`, { scheduledAt: inFuture(24), place: "调解室" }),
        ),
      ).toEqual([404, "CASE_NOT_FOUND"]);
      expect(await codeOf(post(STAFF2, `/disputes/${d.id}/close`, { outcome: "withdrawn" }))).toEqual([
        404,
        "CASE_NOT_FOUND",
      ]);
      const assigned = await get(STAFF2, "/disputes?scope=assigned");
      expect(assigned.status, assigned.text).toBe(200);
      expect((assigned.json.items as { id: string }[]).map((item) => item.id)).not.toContain(d.id);
      const diff = diffSnapshots(before, await snapshotTable(stack.deps.db));
      expect(isEmptyDiff(diff), describeDiff(diff)).toBe(true);
      // A supervisor still sees who it was given to, and can give it to somebody else.
      expect((await get(SUPERVISOR, `/disputes/${d.id}`)).json.dispute.assignee.id).toBe(STAFF2_ID);
      await assignTo(d.id, { kind: "department", departmentId: "dept-property" });
    } finally {
      await setStaff(profile.roles, profile.staffCommunityIds);
    }
  });
});

describe("referrals", () => {
  /** The day's TJ counter (Friday 2030-01-04 in Shanghai), as stored. */
  const tjCounter = async () =>
    (await getItem<{ seq: number }>(stack.deps.db, keys.caseCounter("TJ", "20300104"), true))?.seq ?? 0;

  it("refuses a cancelled consultation, and a second referral before it takes a number", async () => {
    // Tuesday afternoon, apart from the Monday morning roster of the filing tests.
    const [first, second] = await makeRoster(stack, {
      from: "2030-01-08",
      to: "2030-01-08",
      weekdays: [2],
      startTime: "14:00",
      endTime: "15:00",
    });
    const cancelled = await post(A, "/legal/bookings", bookingRequest(first as string));
    expect(cancelled.status, cancelled.text).toBe(201);
    const cancelledId = cancelled.json.booking.id as string;
    const undone = await post(A, `/legal/bookings/${cancelledId}/cancel`);
    expect(undone.status, undone.text).toBe(200);
    let before = await snapshotTable(stack.deps.db);
    expect(
      await pathsOf(post("demo-lawyer-1", "/disputes", body({ referralBookingId: cancelledId }))),
    ).toEqual(["referralBookingId"]);
    let diff = diffSnapshots(before, await snapshotTable(stack.deps.db));
    expect(isEmptyDiff(diff), describeDiff(diff)).toBe(true);

    const booked = await post(B, "/legal/bookings", bookingRequest(second as string));
    expect(booked.status, booked.text).toBe(201);
    const bookingId = booked.json.booking.id as string;
    // B is the applicant of this one: the other party is named only.
    const referral = body({ referralBookingId: bookingId, parties: [{ side: "respondent", name: "对方" }] });
    const referred = await ok(post("demo-lawyer-1", "/disputes", referral), 201);
    expect(referred.filedVia).toBe("lawyer");
    const seq = await tjCounter();
    expect(seq).toBeGreaterThan(0);
    before = await snapshotTable(stack.deps.db);
    expect(await codeOf(post("demo-lawyer-1", "/disputes", referral))).toEqual([409, "ALREADY_REFERRED"]);
    expect(await tjCounter()).toBe(seq);
    diff = diffSnapshots(before, await snapshotTable(stack.deps.db));
    expect(isEmptyDiff(diff), describeDiff(diff)).toBe(true);
  });
});

describe("sessions and deadlines", () => {
  it("records a session as held only once its time has come; it may be called off before", async () => {
    const d = await file();
    await assignTo(d.id, { kind: "department", departmentId: "dept-property" });
    await ok(
      post(HANDLER, `/disputes/${d.id}/sessions`, { scheduledAt: inFuture(72), place: "调解室" }),
      201,
    );
    const before = await snapshotTable(stack.deps.db);
    expect(
      await pathsOf(post(HANDLER, `/disputes/${d.id}/sessions/1`, { status: "held", summary: "双方到场" })),
    ).toEqual(["status"]);
    const diff = diffSnapshots(before, await snapshotTable(stack.deps.db));
    expect(isEmptyDiff(diff), describeDiff(diff)).toBe(true);
    const cancelled = await ok(
      post(HANDLER, `/disputes/${d.id}/sessions/1`, { status: "cancelled", summary: "一方提前告知无法到场" }),
    );
    expect(cancelled.sessions[0]).toMatchObject({ status: "cancelled", summary: "一方提前告知无法到场" });
    // The next one, once its hour has come, is recorded as held.
    await ok(post(HANDLER, `/disputes/${d.id}/sessions`, { scheduledAt: inFuture(2), place: "调解室" }), 201);
    stack.clock.set(inFuture(3));
    const held = await ok(
      post(HANDLER, `/disputes/${d.id}/sessions/2`, { status: "held", summary: "双方到场" }),
    );
    expect(held.sessions.map((s: { status: string }) => s.status)).toEqual(["cancelled", "held"]);
  });

  it("counts a dispute reassigned after its deadline passed as not on time for the department that closed it", async () => {
    const TUESDAY = "2030-01-08T02:00:00.000Z"; // 10:00 in Shanghai
    const property = async () => {
      const answer = await get(SUPERVISOR, "/command-center?from=2030-01-08&to=2030-01-08");
      expect(answer.status, answer.text).toBe(200);
      return answer.json.departments.find((one: { id: string }) => one.id === "dept-property") as {
        finished: number;
        onTime: number;
      };
    };
    const late = await file();
    await assignTo(late.id, { kind: "department", departmentId: "dept-laoduan" }, 1); // due Monday 01-07
    const early = await file();
    await assignTo(early.id, { kind: "department", departmentId: "dept-laoduan" }, 5); // due 01-11
    stack.clock.set(TUESDAY);
    const start = await property();
    for (const d of [late, early]) {
      // A fresh deadline from the new mediator, met: only the first, missed deadline tells them apart.
      const reassigned = await assignTo(d.id, { kind: "department", departmentId: "dept-property" }, 5);
      expect(reassigned.dueDate).toBe("2030-01-15");
      await ok(post(HANDLER, `/disputes/${d.id}/close`, { outcome: "withdrawn", note: "已自行和解" }));
    }
    const end = await property();
    expect({ finished: end.finished - start.finished, onTime: end.onTime - start.onTime }).toEqual({
      finished: 2,
      onTime: 1,
    });
  });
});
