import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { scanTable } from "../../../test/setup/scan-table.js";
import { getItem, putAll } from "../db/items.js";
import { keys } from "../db/keys.js";
import { runJobs } from "../jobs/run.js";
import { runEscalationJob } from "./actions.js";
import { secondLevelAt } from "./service.js";

/**
 * The escalation ladder on a fresh stack. The clock runs in March 2027, weeks past the demo's
 * cases (seeded around the day the tests run): each test first lets the job finish with those, so
 * what it counts afterwards is its own.
 */
let stack: TestStack;
const tokens: Record<string, string> = {};
const RESIDENT = "demo-resident-1";
const STAFF = "demo-staff-1";
const HANDLER_ID = "u-demo-handler-1";
const SUPERVISOR_ID = "u-demo-staff-1";
const ADMIN_ID = "u-demo-admin";

beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack.cleanup());

/** Sets the clock and (re)issues the tokens on it. */
async function at(iso: string) {
  stack.clock.set(iso);
  for (const openid of [RESIDENT, STAFF, "demo-staff-2", "demo-handler-1", "demo-admin"])
    tokens[openid] = await loginAs(stack.app, openid);
}
const post = async (who: string, path: string, body?: unknown, status = 200) => {
  const result = await call(stack.app, "POST", `/api/v1${path}`, { token: tokens[who], body });
  expect(result.status, result.text).toBe(status);
  return result.json;
};
const get = async (who: string, path: string) => {
  const result = await call(stack.app, "GET", `/api/v1${path}`, { token: tokens[who] });
  expect(result.status, result.text).toBe(200);
  return result.json;
};

/** Runs the job until it finds nothing more to do (the demo's cases, earlier tests' leftovers). */
async function settle() {
  for (let i = 0; i < 10; i++) {
    const result = await runEscalationJob(stack.deps);
    if (result.lit === 0 && result.escalated === 0) return;
  }
  throw new Error("the escalation job never settles");
}

/** What the job did in total over several runs. */
const total = (results: { lit: number; escalated: number }[]) => ({
  lit: results.reduce((sum, r) => sum + r.lit, 0),
  escalated: results.reduce((sum, r) => sum + r.escalated, 0),
});

/** 5 runs one after another, then 10 at once (the job alone and the whole jobs run, mixed). */
async function runMany() {
  const results = [];
  for (let i = 0; i < 5; i++) results.push(await runEscalationJob(stack.deps));
  const concurrent = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0
        ? runEscalationJob(stack.deps)
        : runJobs(stack.deps).then((summary) => {
            const job = summary.jobs.find((j) => j.name === "case-escalation");
            expect(job?.error ?? null).toBeNull();
            return job?.result as { lit: number; escalated: number };
          }),
    ),
  );
  return total([...results, ...concurrent]);
}

/** A case's messages as stored: inbox items and outbox entries, by kind and user. */
async function messagesOf(caseId: string) {
  const items = [...(await scanTable(stack.deps.db)).values()].filter((item) =>
    String(item.id ?? "").startsWith(`case-${caseId}-`),
  );
  const count = (entity: string, kind: string, userId: string) =>
    items.filter((item) => item.entity === entity && item.kind === kind && item.userId === userId).length;
  return {
    inbox: (kind: string, userId: string) => count("Message", kind, userId),
    outbox: (kind: string, userId: string) => count("Outbox", kind, userId),
  };
}

const watchOf = (caseId: string) =>
  getItem<{ level: number; cycle: number; dueAt: string }>(stack.deps.db, keys.caseWatch(caseId), true);

async function newDispatchedReport(dueWorkingDays = 1) {
  const created = await post(
    RESIDENT,
    "/reports",
    { category: "public_facilities", description: "小区路灯坏了三天", location: { buildingId: "b1" } },
    201,
  );
  const id = created.report.id as string;
  const sent = await post(STAFF, `/reports/${id}/dispatch`, { departmentId: "dept-urban", dueWorkingDays });
  return { id, dueDate: sent.report.dueDate as string, dueAt: sent.report.dueAt as string };
}

const escalations = (report: { history: { action: string }[] }) =>
  report.history.filter((e) => e.action === "escalate").length;

describe("the escalation job", () => {
  it("raises each level of a late report exactly once, however often and however concurrently it runs", async () => {
    await at("2027-03-08T02:00:00.000Z"); // Monday 10:00 in Shanghai
    await settle();
    const r = await newDispatchedReport(1);
    expect(r.dueDate).toBe("2027-03-09");
    expect(r.dueAt).toBe("2027-03-09T16:00:00.000Z");
    expect(await watchOf(r.id)).toMatchObject({ level: 1, cycle: 0, dueAt: r.dueAt });

    // Not yet due: nothing happens.
    stack.clock.set("2027-03-09T15:59:00.000Z");
    expect(await runMany()).toEqual({ lit: 0, escalated: 0 });
    let seen = (await get(STAFF, `/reports/${r.id}`)).report;
    expect(seen).toMatchObject({ escalationLevel: 0, overdue: false });
    expect((await messagesOf(r.id)).inbox("case.overdue", HANDLER_ID)).toBe(0);

    // Past the deadline: level 1 once, handlers and supervisors told once each.
    stack.clock.set("2027-03-09T17:00:00.000Z");
    expect(await runMany()).toEqual({ lit: 1, escalated: 0 });
    seen = (await get(STAFF, `/reports/${r.id}`)).report;
    expect(seen).toMatchObject({ escalationLevel: 1, overdue: true, overdueDays: 1 });
    expect(escalations(seen)).toBe(1);
    let messages = await messagesOf(r.id);
    for (const userId of [HANDLER_ID, SUPERVISOR_ID]) {
      expect(messages.inbox("case.overdue", userId)).toBe(1);
      expect(messages.outbox("case.overdue", userId)).toBe(1);
    }
    expect(messages.inbox("case.overdue", ADMIN_ID)).toBe(0);
    expect(messages.inbox("case.escalated", ADMIN_ID)).toBe(0);
    // The reporter follows the work, not the internal escalation.
    expect(escalations((await get(RESIDENT, `/reports/${r.id}`)).report)).toBe(0);

    // The second level: CASE_SECOND_LEVEL_WORKING_DAYS working days past the due date.
    const second = secondLevelAt(r.dueDate, stack.deps.config.CASE_SECOND_LEVEL_WORKING_DAYS);
    expect(second).toBe("2027-03-11T16:00:00.000Z");
    expect(await watchOf(r.id)).toMatchObject({ level: 2, cycle: 0, dueAt: second });
    stack.clock.set(new Date(Date.parse(second) - 60_000).toISOString());
    expect(await runMany()).toEqual({ lit: 0, escalated: 0 });
    stack.clock.set(new Date(Date.parse(second) + 60_000).toISOString());
    expect(await runMany()).toEqual({ lit: 0, escalated: 1 });
    seen = (await get(STAFF, `/reports/${r.id}`)).report;
    expect(seen.escalationLevel).toBe(2);
    expect(escalations(seen)).toBe(2);
    messages = await messagesOf(r.id);
    expect(messages.inbox("case.escalated", ADMIN_ID)).toBe(1);
    expect(messages.outbox("case.escalated", ADMIN_ID)).toBe(1);
    for (const userId of [HANDLER_ID, SUPERVISOR_ID]) {
      expect(messages.inbox("case.overdue", userId)).toBe(1);
      expect(messages.inbox("case.escalated", userId)).toBe(0);
    }
    expect(await watchOf(r.id)).toBeNull();

    // Nothing further, ever.
    await at(new Date(Date.parse(second) + 30 * 86_400_000).toISOString());
    const before = (await get(STAFF, `/reports/${r.id}`)).report;
    expect(await runMany()).toEqual({ lit: 0, escalated: 0 });
    const after = (await get(STAFF, `/reports/${r.id}`)).report;
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(after.history).toEqual(before.history);
    messages = await messagesOf(r.id);
    expect(messages.inbox("case.escalated", ADMIN_ID)).toBe(1);
  });

  it("never escalates a report resolved in time, and drops its watch", async () => {
    await at("2027-04-05T02:00:00.000Z"); // Monday
    await settle();
    const r = await newDispatchedReport(1);
    expect(await watchOf(r.id)).not.toBeNull();
    await post("demo-handler-1", `/reports/${r.id}/resolve`, { text: "已更换灯泡" });
    expect(await watchOf(r.id)).toBeNull();
    await at("2027-04-26T02:00:00.000Z");
    expect(await runMany()).toEqual({ lit: 0, escalated: 0 });
    const seen = (await get(STAFF, `/reports/${r.id}`)).report;
    expect(seen).toMatchObject({ status: "resolved", escalationLevel: 0, overdue: false });
    expect(escalations(seen)).toBe(0);
    const messages = await messagesOf(r.id);
    expect(messages.inbox("case.overdue", HANDLER_ID) + messages.inbox("case.overdue", SUPERVISOR_ID)).toBe(
      0,
    );
  });

  it("gives a reopened report a new deadline and lights it up once more, in cycle 1", async () => {
    await at("2027-05-03T02:00:00.000Z"); // Monday
    await settle();
    const r = await newDispatchedReport(1);
    stack.clock.set("2027-05-04T17:00:00.000Z"); // past the deadline
    expect(await runMany()).toEqual({ lit: 1, escalated: 0 });
    await at("2027-05-05T02:00:00.000Z"); // Wednesday, still before the second level (05-06 end)
    await post("demo-handler-1", `/reports/${r.id}/resolve`, { text: "已更换灯泡" });
    const reopened = (await post(RESIDENT, `/reports/${r.id}/rating`, { satisfied: false })).report;
    expect(reopened).toMatchObject({ status: "dispatched", reopened: true, escalationLevel: 0 });
    // A new deadline of the same working days from the rating.
    expect(reopened.dueDate).toBe("2027-05-06");
    expect(await watchOf(r.id)).toMatchObject({ level: 1, cycle: 1, dueAt: "2027-05-06T16:00:00.000Z" });
    stack.clock.set("2027-05-06T15:00:00.000Z");
    expect(await runMany()).toEqual({ lit: 0, escalated: 0 });
    stack.clock.set("2027-05-06T17:00:00.000Z");
    expect(await runMany()).toEqual({ lit: 1, escalated: 0 });
    const seen = (await get(STAFF, `/reports/${r.id}`)).report;
    expect(seen.escalationLevel).toBe(1);
    expect(escalations(seen)).toBe(2);
    const messages = await messagesOf(r.id);
    // Once per cycle: the first deadline and the second.
    for (const userId of [HANDLER_ID, SUPERVISOR_ID]) {
      expect(messages.inbox("case.overdue", userId)).toBe(2);
      expect(messages.outbox("case.overdue", userId)).toBe(2);
    }
  });

  it("restarts a reassigned dispute at level 0 and lights it up once for the new mediator", async () => {
    await at("2027-06-07T02:00:00.000Z"); // Monday
    await settle();
    const filed = await post(
      RESIDENT,
      "/disputes",
      {
        type: "neighbour",
        description: "楼上住户夜间拖动家具，多次沟通无果。",
        parties: [{ side: "respondent", name: "401室住户" }],
      },
      201,
    );
    const id = filed.dispute.id as string;
    await post(STAFF, `/disputes/${id}/assign`, {
      mediator: { kind: "department", departmentId: "dept-laoduan" },
      dueWorkingDays: 1,
    });
    stack.clock.set("2027-06-08T17:00:00.000Z");
    expect(await runMany()).toEqual({ lit: 1, escalated: 0 });
    expect((await get(STAFF, `/disputes/${id}`)).dispute.escalationLevel).toBe(1);

    await at("2027-06-09T02:00:00.000Z"); // Wednesday
    const reassigned = (
      await post(STAFF, `/disputes/${id}/assign`, {
        mediator: { kind: "staff", userId: "u-demo-staff-2" },
        dueWorkingDays: 2,
      })
    ).dispute;
    expect(reassigned).toMatchObject({ escalationLevel: 0, overdue: false, dueDate: "2027-06-11" });
    expect(await watchOf(id)).toMatchObject({ level: 1, cycle: 1, dueAt: "2027-06-11T16:00:00.000Z" });
    // The old ladder is gone: its second level (06-10 end) passes without a word.
    stack.clock.set("2027-06-10T17:00:00.000Z");
    expect(await runMany()).toEqual({ lit: 0, escalated: 0 });
    stack.clock.set("2027-06-11T17:00:00.000Z");
    expect(await runMany()).toEqual({ lit: 1, escalated: 0 });
    const messages = await messagesOf(id);
    expect(messages.inbox("case.overdue", "u-demo-staff-2")).toBe(1);
    // The supervisor (also the studio's mediator) was told once per assignment.
    expect(messages.inbox("case.overdue", SUPERVISOR_ID)).toBe(2);
    expect(messages.inbox("case.escalated", ADMIN_ID)).toBe(0);
  });

  it("deletes a watch left stale (the case finished, or gone)", async () => {
    await at("2027-07-05T02:00:00.000Z");
    await settle();
    const r = await newDispatchedReport(1);
    await post("demo-handler-1", `/reports/${r.id}/resolve`, { text: "已修好" });
    const past = "2027-07-01T16:00:00.000Z";
    await putAll(stack.deps.db, [
      {
        ...keys.caseWatch(r.id),
        ...keys.caseWatchGsi(past, r.id),
        entity: "CaseWatch",
        caseId: r.id,
        communityId: "huanghe-west",
        dueAt: past,
        level: 1,
        cycle: 0,
      },
      {
        ...keys.caseWatch("no-such-case"),
        ...keys.caseWatchGsi(past, "no-such-case"),
        entity: "CaseWatch",
        caseId: "no-such-case",
        communityId: "huanghe-west",
        dueAt: past,
        level: 1,
        cycle: 0,
      },
    ]);
    const result = await runEscalationJob(stack.deps);
    expect(result).toEqual({ lit: 0, escalated: 0, skipped: 2, failed: 0 });
    expect(await watchOf(r.id)).toBeNull();
    expect(await watchOf("no-such-case")).toBeNull();
    expect((await get(STAFF, `/reports/${r.id}`)).report.escalationLevel).toBe(0);
    expect(await runEscalationJob(stack.deps)).toEqual({ lit: 0, escalated: 0, skipped: 0, failed: 0 });
  });

  it("lights a case up after its deadline, not at the very instant of it (due by the end of the day)", async () => {
    await at("2027-08-02T02:00:00.000Z"); // Monday
    await settle();
    const r = await newDispatchedReport(1);
    const on = (instant: number) => ({ ...stack.deps, clock: { now: () => new Date(instant) } });
    const due = Date.parse(r.dueAt);
    expect(await runEscalationJob(on(due))).toMatchObject({ lit: 0, escalated: 0 });
    expect((await get(STAFF, `/reports/${r.id}`)).report).toMatchObject({ escalationLevel: 0 });
    expect((await messagesOf(r.id)).inbox("case.overdue", HANDLER_ID)).toBe(0);
    expect(await runEscalationJob(on(due + 1))).toMatchObject({ lit: 1, escalated: 0 });
    expect((await get(STAFF, `/reports/${r.id}`)).report).toMatchObject({
      escalationLevel: 1,
    });
  });

  it("goes on past a case it cannot write: logs it, lights the others, and tries it again next run", async () => {
    await at("2027-09-06T02:00:00.000Z"); // Monday
    await settle();
    const broken = await newDispatchedReport(1);
    const fine = await newDispatchedReport(1);
    await at("2027-09-08T02:00:00.000Z");
    // A database that refuses every write of one case (as an oversized item or transaction would).
    const send = stack.deps.db.doc.send.bind(stack.deps.db.doc);
    const refusing = {
      ...stack.deps,
      db: {
        ...stack.deps.db,
        doc: {
          send: (command: { constructor: { name: string }; input: unknown }) =>
            command.constructor.name === "TransactWriteCommand" &&
            JSON.stringify(command.input).includes(broken.id)
              ? Promise.reject(
                  new Error("ValidationException: Item size has exceeded the maximum allowed size"),
                )
              : send(command as never),
        },
      },
    } as unknown as typeof stack.deps;
    expect(await runEscalationJob(refusing)).toMatchObject({ lit: 1, failed: 1 });
    expect((await get(STAFF, `/reports/${fine.id}`)).report.escalationLevel).toBe(1);
    expect((await get(STAFF, `/reports/${broken.id}`)).report.escalationLevel).toBe(0);
    expect(await runEscalationJob(stack.deps)).toMatchObject({ lit: 1, failed: 0 });
    expect((await get(STAFF, `/reports/${broken.id}`)).report.escalationLevel).toBe(1);
  });
});
