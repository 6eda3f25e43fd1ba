import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { scanAll } from "../db/items.js";
import { bookingRequest, makeRoster } from "../legal/test-helpers.js";
import { isoWeekday } from "../time/shanghai.js";

/**
 * The command center's figures against a plain recount of a consistent Scan of the whole table.
 * Cases are made through the API in March 2027 (after the demo's, which the recount includes like
 * everything else), over two periods: 03-01…03-07 and 03-08…03-15, and the clock ends on 03-15.
 */
let stack: TestStack;
const tokens: Record<string, string> = {};
const COMMUNITY = "huanghe-west";
const STAFF = "demo-staff-1";
const HANDLER = "demo-handler-1";
const A = "demo-resident-1";
const B = "demo-resident-2";
/** A dispute the scenario leaves open past its deadline (d5). */
let overdueDispute: string;

// biome-ignore lint/suspicious/noExplicitAny: items of the scanned table have many shapes
type Item = Record<string, any>;

/** 10:00 (or `time`) in Shanghai on a day of March 2027. */
const march = (day: number, time = "10:00") =>
  new Date(`2027-03-${String(day).padStart(2, "0")}T${time}:00+08:00`).toISOString();

async function at(iso: string) {
  stack.clock.set(iso);
  for (const openid of [
    A,
    B,
    STAFF,
    "demo-staff-2",
    "demo-staff-other",
    HANDLER,
    "demo-lawyer-1",
    "demo-admin",
  ])
    tokens[openid] = await loginAs(stack.app, openid);
}
const post = async (who: string, path: string, body: unknown, status = 200) => {
  const result = await call(stack.app, "POST", `/api/v1${path}`, { token: tokens[who], body });
  expect(result.status, result.text).toBe(status);
  return result.json;
};
const get = (who: string, path: string) => call(stack.app, "GET", `/api/v1${path}`, { token: tokens[who] });

const report = async (who: string, category: string) =>
  (
    await post(
      who,
      "/reports",
      { category, description: "需要处理的问题描述", location: { buildingId: "b2" } },
      201,
    )
  ).report.id as string;
const dispatch = (id: string, departmentId: string, dueWorkingDays: number) =>
  post(STAFF, `/reports/${id}/dispatch`, { departmentId, dueWorkingDays });
const resolve = (id: string, who = HANDLER) => post(who, `/reports/${id}/resolve`, { text: "已处理完毕" });
const rate = (id: string, satisfied: boolean, who = A) => post(who, `/reports/${id}/rating`, { satisfied });
const dispute = async (who: string, type: string) =>
  (
    await post(
      who,
      "/disputes",
      { type, description: "双方因费用问题产生争议", parties: [{ side: "respondent", name: "对方" }] },
      201,
    )
  ).dispute.id as string;
const assign = (id: string, mediator: Record<string, string>, dueWorkingDays: number) =>
  post(STAFF, `/disputes/${id}/assign`, { mediator, dueWorkingDays });
const close = (id: string, body: Record<string, string>) => post(STAFF, `/disputes/${id}/close`, body);

beforeAll(async () => {
  stack = await createTestStack();
  const urban = { kind: "department", departmentId: "dept-urban" };
  const studio = { kind: "department", departmentId: "dept-laoduan" };
  const property = { kind: "department", departmentId: "dept-property" };
  const staff2 = { kind: "staff", userId: "u-demo-staff-2" };

  // ——— The first period: 2027-03-01 (Monday) … 03-07 ———
  await at(march(1));
  const r1 = await report(A, "public_facilities");
  const r2 = await report(A, "environment_sanitation");
  const r3 = await report(B, "public_facilities");
  const r4 = await report(B, "noise");
  const r5 = await report(A, "illegal_construction");
  await report(B, "other"); // r6: never triaged
  const r7 = await report(B, "safety_hazard");
  await dispatch(r1, "dept-urban", 1); // due 03-02
  await dispatch(r2, "dept-property", 1); // due 03-02
  await post(STAFF, `/reports/${r3}/merge`, { into: r1 });
  await post(STAFF, `/reports/${r4}/decline`, { reason: "不属于社区管辖范围" });
  await dispatch(r5, "dept-urban", 2); // due 03-03, never finished: overdue
  await dispatch(r7, "dept-housing", 5); // no handler: staff resolve it
  const d1 = await dispute(A, "neighbour");
  const d2 = await dispute(B, "property");
  const d3 = await dispute(A, "family");
  await dispute(B, "neighbour"); // d4: never assigned
  const d5 = await dispute(A, "consumer");
  await assign(d1, studio, 5);
  await assign(d2, staff2, 1); // due 03-02
  await assign(d3, studio, 5);
  await assign(d5, urban, 2); // due 03-03, never closed: overdue
  overdueDispute = d5;

  await at(march(2));
  await resolve(r1); // on time
  await resolve(r7, STAFF); // on time, never rated
  await close(d3, { outcome: "withdrawn", note: "已自行和解" });
  await at(march(3));
  await rate(r1, true);
  await close(d1, { outcome: "settled", agreement: "双方同意各承担一半费用。" }); // on time
  await at(march(4));
  await resolve(r2); // late
  await rate(r2, false); // reopened: due 03-05
  await at(march(5));
  await resolve(r2); // on time for its second deadline, but the first was missed: not on time
  await rate(r2, true);
  await close(d2, { outcome: "not_settled", referredTo: "court" }); // late
  await at(march(7, "23:30"));
  const r8 = await report(A, "noise"); // the last half hour of the first period
  await dispatch(r8, "dept-property", 1); // due 03-08

  // ——— The second period: 03-08 (Monday) … 03-15 ———
  await at(march(8));
  const r9 = await report(A, "public_facilities");
  await dispatch(r9, "dept-urban", 1); // due 03-09
  const d6 = await dispute(A, "neighbour");
  await assign(d6, property, 2); // due 03-10
  await resolve(r8); // on time
  await at(march(9));
  const r10 = await report(B, "noise");
  await dispatch(r10, "dept-property", 10); // due 03-23: open, not late
  await post(HANDLER, `/reports/${r10}/progress`, { note: "已联系相关商户" });
  await close(d6, { outcome: "settled", agreement: "物业承诺本周内修复。" });
  const d7 = await dispute(B, "property");
  await assign(d7, studio, 1); // due 03-10
  await at(march(10));
  await resolve(r9); // late (due at the end of 03-09)
  await rate(r9, false); // reopened: due 03-11
  await at(march(12));
  await close(d7, { outcome: "not_settled", referredTo: "arbitration" }); // late
  await resolve(r9); // late again
  await rate(r9, false); // second not-satisfied: closed
  await rate(r8, true, A);
  await at(march(15));
});
afterAll(() => stack.cleanup());

// ——— The recount: from the whole table, plainly ———

const OPEN_STATUSES: Record<string, string[]> = {
  report: ["submitted", "dispatched", "in_progress"],
  dispute: ["filed", "assigned", "in_mediation"],
};
const isOpen = (c: Item) => OPEN_STATUSES[c.kind]?.includes(c.status) ?? false;
const isLate = (c: Item, now: string) => isOpen(c) && Boolean(c.dueAt) && now > c.dueAt;
const departmentOf = (c: Item) => (c.assignee?.kind === "department" ? c.assignee.departmentId : null);
const ratio = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
const startOf = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const endOf = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000).toISOString();

function tally(keys: string[]) {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return Object.entries(counts)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function recount(from: string, to: string, now: string) {
  const items = (await scanAll(stack.deps.db)) as Item[];
  const cases = items.filter((item) => item.entity === "Case" && item.communityId === COMMUNITY);
  const start = startOf(from);
  const end = endOf(to);
  const inPeriod = (instant: string | null) => instant !== null && instant >= start && instant < end;

  const open = cases.filter(isOpen);
  const late = open.filter((c) => isLate(c, now));
  const finished = cases.filter((c) => !isOpen(c) && inPeriod(c.finishedAt));
  const closedDisputes = finished.filter((c) => c.kind === "dispute");
  const outcome = (o: string) => closedDisputes.filter((c) => c.outcome === o).length;
  const reportsFinished = finished.filter((c) => c.kind === "report");
  const rated = reportsFinished.filter((c) => c.status === "closed" && c.rating);
  const departments = items.filter((item) => item.entity === "Department" && item.communityId === COMMUNITY);
  return {
    open: {
      total: open.length,
      overdue: late.length,
      byCategory: tally(open.map((c) => `${c.kind}:${c.kind === "report" ? c.category : c.type}`)),
      byStatus: tally(open.map((c) => `${c.kind}:${c.status}`)),
    },
    overdueIds: late.map((c) => c.id as string).sort(),
    departments: departments
      .map((d) => {
        // The work a department did: reports it resolved (rated or not) and disputes it closed.
        const done = finished.filter(
          (c) =>
            departmentOf(c) === d.id &&
            (c.kind === "dispute" || c.status === "resolved" || c.status === "closed"),
        );
        // On time: finished by the deadline, and no earlier deadline (before a reopen or a
        // reassignment) missed.
        const onTime = done.filter((c) => !c.missedDeadline && (!c.dueAt || c.finishedAt <= c.dueAt)).length;
        const openHere = open.filter((c) => departmentOf(c) === d.id);
        return {
          id: d.id as string,
          name: d.name as string,
          finished: done.length,
          onTime,
          rate: ratio(onTime, done.length),
          open: openHere.length,
          overdue: openHere.filter((c) => isLate(c, now)).length,
        };
      })
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    mediation: {
      closed: closedDisputes.length,
      settled: outcome("settled"),
      notSettled: outcome("not_settled"),
      withdrawn: outcome("withdrawn"),
      rate: ratio(outcome("settled"), outcome("settled") + outcome("not_settled")),
    },
    reports: {
      received: cases.filter((c) => c.kind === "report" && inPeriod(c.createdAt)).length,
      finished: reportsFinished.length,
      rated: rated.length,
      satisfied: rated.filter((c) => c.rating.satisfied).length,
    },
  };
}

async function compare(from: string, to: string) {
  const answer = await get(STAFF, `/command-center?from=${from}&to=${to}`);
  expect(answer.status, answer.text).toBe(200);
  const figures = answer.json;
  const expected = await recount(from, to, figures.generatedAt);
  expect({ from: figures.from, to: figures.to, communityId: figures.communityId }).toEqual({
    from,
    to,
    communityId: COMMUNITY,
  });
  expect(figures.open).toEqual(expected.open);
  expect(figures.overdue.map((c: { id: string }) => c.id).sort()).toEqual(expected.overdueIds);
  const dues = figures.overdue.map((c: { dueAt: string }) => c.dueAt);
  expect(dues).toEqual([...dues].sort());
  expect([...figures.departments].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(expected.departments);
  expect(figures.mediation).toEqual(expected.mediation);
  expect(figures.reports).toEqual(expected.reports);
  return { figures, expected };
}

describe("the command center's case figures", () => {
  it("equal a recount for the first period", async () => {
    const { figures } = await compare("2027-03-01", "2027-03-07");
    // What the scenario above made, so the recount is not trivially empty.
    expect(figures.reports).toEqual({ received: 8, finished: 5, rated: 2, satisfied: 2 });
    expect(figures.mediation).toEqual({ closed: 3, settled: 1, notSettled: 1, withdrawn: 1, rate: 0.5 });
    const urban = figures.departments.find((d: { id: string }) => d.id === "dept-urban");
    expect(urban).toMatchObject({ finished: 1, onTime: 1, rate: 1 });
    const property = figures.departments.find((d: { id: string }) => d.id === "dept-property");
    expect(property).toMatchObject({ finished: 1, onTime: 0, rate: 0 });
  });

  it("equal a recount for the second period", async () => {
    const { figures } = await compare("2027-03-08", "2027-03-15");
    expect(figures.reports).toMatchObject({ received: 2, finished: 2, rated: 2, satisfied: 1 });
    expect(figures.mediation).toEqual({ closed: 2, settled: 1, notSettled: 1, withdrawn: 0, rate: 0.5 });
  });

  it("equal a recount for both periods together, and for the default period", async () => {
    await compare("2027-03-01", "2027-03-15");
    const answer = await get(STAFF, "/command-center");
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ from: "2027-02-14", to: "2027-03-15" });
    const expected = await recount("2027-02-14", "2027-03-15", answer.json.generatedAt);
    expect(answer.json.reports).toEqual(expected.reports);
    expect(answer.json.mediation).toEqual(expected.mediation);
    expect(answer.json.open).toEqual(expected.open);
  });
});

describe("today's services and open votes", () => {
  it("equal a recount of the appointments, consultations and ballots of the day", async () => {
    // Today by the real calendar (the demo's appointments and votes are around it), just after midnight,
    // with a consultation booked for this evening.
    const date = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await at(new Date(`${date}T00:30:00+08:00`).toISOString());
    const [slot] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-3",
      from: date,
      to: date,
      weekdays: [isoWeekday(date)],
      startTime: "21:00",
      endTime: "22:00",
      mode: "phone",
    });
    await post(A, "/legal/bookings", bookingRequest(slot as string, { contactPhone: "13812345678" }), 201);
    const answer = await get(STAFF, "/command-center");
    expect(answer.status, answer.text).toBe(200);
    const { today, votes } = answer.json;
    expect(today.date).toBe(date);
    const start = startOf(date);
    const end = endOf(date);
    const items = (await scanAll(stack.deps.db)) as Item[];
    const centers = new Set(
      items
        .filter((i) => String(i.PK).startsWith("CENTER#") && i.SK === "META" && i.communityId === COMMUNITY)
        .map((i) => i.id),
    );
    const appointments = items.filter(
      (i) =>
        String(i.PK).startsWith("WAPPT#") &&
        i.SK === "META" &&
        centers.has(i.centerId) &&
        i.startsAt >= start &&
        i.startsAt < end &&
        i.status !== "cancelled" &&
        i.status !== "cancelled_by_center",
    );
    const consultations = items.filter(
      (i) =>
        String(i.PK).startsWith("BOOKING#") &&
        i.SK === "META" &&
        i.communityId === COMMUNITY &&
        i.startsAt >= start &&
        i.startsAt < end &&
        i.status === "confirmed",
    );
    expect(today).toEqual({
      date,
      windowAppointments: appointments.length,
      windowAttended: appointments.filter((i) => i.checkedInAt).length,
      legalConsultations: consultations.length,
    });
    expect(today.legalConsultations).toBeGreaterThan(0);

    const open = items
      .filter(
        (i) =>
          String(i.PK).startsWith("DELIB#") &&
          i.SK === "META" &&
          i.communityId === COMMUNITY &&
          i.status === "voting",
      )
      .flatMap((topic) => {
        const vote = items.find((i) => i.PK === topic.PK && i.SK === "VOTE");
        if (vote?.state !== "open") return [];
        const eligible = vote.eligible?.count ?? 0;
        // One sealed choice per ballot unit that voted.
        const voted = items.filter((i) => i.PK === `${topic.PK}#CHOICES`).length;
        return [{ topicId: topic.id, eligible, voted, turnout: ratio(voted, eligible) }];
      });
    const byId = (a: { topicId: string }, b: { topicId: string }) => (a.topicId < b.topicId ? -1 : 1);
    expect(
      votes
        .map((v: Item) => ({ topicId: v.topicId, eligible: v.eligible, voted: v.voted, turnout: v.turnout }))
        .sort(byId),
    ).toEqual(open.sort(byId));
  });
});

describe("asking", () => {
  it("refuses bad periods with field paths", async () => {
    await at(march(15));
    const paths = async (query: string) => {
      const answer = await get(STAFF, `/command-center?${query}`);
      expect(answer.status, answer.text).toBe(400);
      return (answer.json.error.details as { path: string }[]).map((d) => d.path);
    };
    expect(await paths("from=2027-02-30&to=2027-03-15")).toEqual(["query.from"]);
    expect(await paths("from=2027-03-01&to=2027-13-01")).toEqual(["query.to"]);
    expect(await paths("from=yesterday&to=2027-03-15")).toEqual(["query.from"]);
    expect(await paths("from=2027-03-15&to=2027-03-01")).toEqual(["query.from"]);
    expect(await paths("from=2026-03-14&to=2027-03-15")).toEqual(["query.to"]);
    // 366 days, both ends counted, is the most.
    expect((await get(STAFF, "/command-center?from=2026-03-15&to=2027-03-15")).status).toBe(200);
    expect((await get(STAFF, "/command-center?from=2027-03-15&to=2027-03-15")).status).toBe(200);
  });

  it("is for staff of the community and the admin only", async () => {
    await at(march(15));
    for (const who of [A, HANDLER, "demo-lawyer-1"])
      expect((await get(who, "/command-center")).status).toBe(403);
    const other = await get("demo-staff-other", `/command-center?communityId=${COMMUNITY}`);
    expect(other.status).toBe(403);
    // Their own community's figures, which hold none of this community's cases.
    const own = await get("demo-staff-other", "/command-center");
    expect(own.status, own.text).toBe(200);
    expect(own.json.communityId).toBe("changjiang-east");
    expect(own.json.reports.received).toBe(0);
    expect((await get("demo-admin", `/command-center?communityId=${COMMUNITY}`)).status).toBe(200);
    expect((await get("demo-staff-2", "/command-center")).status).toBe(200);
  });
});

describe("overdue lines", () => {
  it("name overdue disputes to supervisors and the admin; other staff count them only", async () => {
    await at(march(15));
    const ask = async (who: string, query = "") => {
      const answer = await get(who, `/command-center${query}`);
      expect(answer.status, answer.text).toBe(200);
      return answer.json as {
        open: { overdue: number };
        overdue: { id: string; kind: string }[];
        departments: unknown[];
      };
    };
    const disputeLines = (figures: Awaited<ReturnType<typeof ask>>) =>
      figures.overdue.filter((line) => line.kind === "dispute").map((line) => line.id);
    const supervisor = await ask(STAFF);
    const admin = await ask("demo-admin", `?communityId=${COMMUNITY}`);
    const staff = await ask("demo-staff-2");
    expect(disputeLines(supervisor)).toContain(overdueDispute);
    expect(disputeLines(admin)).toContain(overdueDispute);
    expect(admin.overdue).toEqual(supervisor.overdue);
    expect(disputeLines(staff)).toEqual([]);
    // The same reports; the disputes still in every count.
    expect(staff.overdue).toEqual(supervisor.overdue.filter((line) => line.kind !== "dispute"));
    expect(staff.open).toEqual(supervisor.open);
    expect(staff.open.overdue).toBe(supervisor.overdue.length);
    expect(staff.open.overdue).toBeGreaterThan(staff.overdue.length);
    expect(staff.departments).toEqual(supervisor.departments);
  });
});
