import { describe, expect, it } from "vitest";
import type { Dispute, Report } from "./schemas.js";
import {
  CASE_NUMBER_PATTERN,
  canRead,
  caseNumber,
  deadline,
  disputeView,
  finishedOnTime,
  lateness,
  missedSoFar,
  nextWatch,
  reportView,
  secondLevelAt,
  type Viewer,
} from "./service.js";

const T0 = "2026-11-23T02:00:00.000Z";

function report(overrides: Partial<Report> = {}): Report {
  return {
    kind: "report",
    id: "r1",
    number: "HX-20261123-0001",
    communityId: "huanghe-west",
    category: "noise",
    description: "楼下烧烤摊噪音很大",
    photos: [],
    location: { buildingId: "b1", unit: null, address: "", point: null },
    anonymous: false,
    reporterName: "王秀兰",
    filedBy: "u-reporter",
    filedVia: "self",
    status: "submitted",
    assignee: null,
    assigneeName: null,
    dueWorkingDays: null,
    dueDate: null,
    dueAt: null,
    escalationLevel: 0,
    overdueAt: null,
    escalatedAt: null,
    cycle: 0,
    createdAt: T0,
    updatedAt: T0,
    closedAt: null,
    finishedAt: null,
    history: [{ at: T0, action: "submit", by: "resident", note: null, photos: [] }],
    resolution: null,
    rating: null,
    reopened: false,
    mergedInto: null,
    declineReason: null,
    ...overrides,
  };
}

const dispatched = (overrides: Partial<Report> = {}) =>
  report({
    status: "dispatched",
    assignee: { kind: "department", departmentId: "dept-urban" },
    assigneeName: "城管",
    dueWorkingDays: 1,
    dueDate: "2026-11-24",
    dueAt: "2026-11-24T16:00:00.000Z",
    ...overrides,
  });

function dispute(overrides: Partial<Dispute> = {}): Dispute {
  return {
    kind: "dispute",
    id: "d1",
    number: "TJ-20261123-0001",
    communityId: "huanghe-west",
    type: "neighbour",
    description: "楼上夜间拖动家具",
    parties: [
      { side: "applicant", name: "甲", userId: "u-a", phone: "13800001111" },
      { side: "respondent", name: "乙", userId: "u-b", phone: "13900002222" },
      { side: "respondent", name: "丙", userId: null, phone: null },
    ],
    partyUserIds: ["u-a", "u-b"],
    referralBookingId: null,
    filedBy: "u-a",
    filedVia: "self",
    status: "filed",
    assignee: null,
    assigneeName: null,
    dueWorkingDays: null,
    dueDate: null,
    dueAt: null,
    escalationLevel: 0,
    overdueAt: null,
    escalatedAt: null,
    cycle: 0,
    createdAt: T0,
    updatedAt: T0,
    closedAt: null,
    finishedAt: null,
    history: [],
    sessions: [],
    outcome: null,
    agreement: null,
    referredTo: null,
    closeNote: null,
    ...overrides,
  };
}

const viewer = (id: string, flags: Partial<Omit<Viewer, "id">> = {}): Viewer => ({
  id,
  staff: false,
  admin: false,
  supervisor: false,
  assignee: false,
  ...flags,
});
const RESIDENT = viewer("u-reporter");
const OTHER_RESIDENT = viewer("u-someone");
const LAWYER = viewer("u-lawyer");
const STAFF = viewer("u-staff", { staff: true });
const SUPERVISOR = viewer("u-super", { staff: true, supervisor: true });
const ADMIN = viewer("u-admin", { staff: true, admin: true });
const HANDLER = viewer("u-handler", { assignee: true });
const sign = async (key: string) => `signed:${key}`;

describe("deadline: working days by the official calendar, due at the end of the day in Shanghai", () => {
  it.each([
    // [dispatched at, working days, due date]
    ["2026-09-30T02:00:00.000Z", 1, "2026-10-08"], // 国庆 10-01..07 off
    ["2026-09-30T02:00:00.000Z", 3, "2026-10-10"], // 10-08, 10-09, make-up Saturday 10-10
    ["2026-09-19T02:00:00.000Z", 1, "2026-09-20"], // Saturday → make-up Sunday 09-20
    ["2026-10-09T02:00:00.000Z", 1, "2026-10-10"], // Friday → make-up Saturday 10-10
    ["2026-10-09T02:00:00.000Z", 2, "2026-10-12"], // 10-11 is a plain Sunday
    ["2026-09-24T02:00:00.000Z", 1, "2026-09-28"], // 中秋 09-25..27 off
    ["2026-09-24T02:00:00.000Z", 2, "2026-09-29"],
    ["2026-09-23T02:00:00.000Z", 5, "2026-10-08"], // 09-24, 28, 29, 30, then both holidays, 10-08
    ["2026-11-20T02:00:00.000Z", 1, "2026-11-23"], // plain weekend: Friday → Monday
    ["2026-11-21T02:00:00.000Z", 1, "2026-11-23"], // set on a Saturday: Monday
    ["2026-11-23T02:00:00.000Z", 5, "2026-11-30"],
    // The day is Shanghai's: 23:30 on 09-29 is still 09-29, 00:30 on 09-30 is 09-30.
    ["2026-09-29T15:30:00.000Z", 1, "2026-09-30"],
    ["2026-09-29T16:30:00.000Z", 1, "2026-10-08"],
  ])("set %s with %i working day(s) → due %s", (at, days, dueDate) => {
    const due = deadline(at, days);
    expect(due.dueDate).toBe(dueDate);
    // The end of the due day in Shanghai: 24:00 (+08:00) = 16:00Z the same date.
    expect(due.dueAt).toBe(`${dueDate}T16:00:00.000Z`);
  });

  it("puts the second level further working days past the due date, at the end of that day", () => {
    expect(secondLevelAt("2026-09-30", 2)).toBe("2026-10-09T16:00:00.000Z");
    expect(secondLevelAt("2026-10-08", 2)).toBe("2026-10-10T16:00:00.000Z");
    expect(secondLevelAt("2026-09-24", 1)).toBe("2026-09-28T16:00:00.000Z");
    expect(secondLevelAt("2026-11-24", 2)).toBe("2026-11-26T16:00:00.000Z");
    expect(secondLevelAt("2026-11-27", 2)).toBe("2026-12-01T16:00:00.000Z");
  });
});

describe("lateness", () => {
  const due = "2026-11-24T16:00:00.000Z";
  const at = (ms: number) => new Date(Date.parse(due) + ms).toISOString();

  it("counts whole days past the deadline, an hour late being a day", () => {
    const c = dispatched();
    expect(lateness(c, at(-1))).toEqual({ overdue: false, overdueDays: 0 });
    expect(lateness(c, due)).toEqual({ overdue: false, overdueDays: 0 });
    expect(lateness(c, at(1))).toEqual({ overdue: true, overdueDays: 1 });
    expect(lateness(c, at(3_600_000))).toEqual({ overdue: true, overdueDays: 1 });
    expect(lateness(c, at(86_400_000))).toEqual({ overdue: true, overdueDays: 1 });
    expect(lateness(c, at(86_400_001))).toEqual({ overdue: true, overdueDays: 2 });
    expect(lateness(c, at(3 * 86_400_000 - 1))).toEqual({ overdue: true, overdueDays: 3 });
  });

  it("is never late when finished or without a deadline", () => {
    const later = at(10 * 86_400_000);
    expect(lateness(report(), later).overdue).toBe(false);
    for (const status of ["resolved", "closed", "declined", "merged"] as const)
      expect(lateness(dispatched({ status }), later)).toEqual({ overdue: false, overdueDays: 0 });
    expect(lateness(dispatched({ status: "in_progress" }), later).overdue).toBe(true);
    const d = dispute({ status: "assigned", dueDate: "2026-11-24", dueAt: due });
    expect(lateness(d, later).overdue).toBe(true);
    expect(lateness({ ...d, status: "closed" }, later).overdue).toBe(false);
  });
});

describe("nextWatch", () => {
  it("watches the deadline, then the district, then nothing", () => {
    const c = dispatched();
    expect(nextWatch(c, 2)).toEqual({ dueAt: "2026-11-24T16:00:00.000Z", level: 1, cycle: 0 });
    expect(nextWatch({ ...c, escalationLevel: 1 }, 2)).toEqual({
      dueAt: "2026-11-26T16:00:00.000Z",
      level: 2,
      cycle: 0,
    });
    expect(nextWatch({ ...c, escalationLevel: 1 }, 3)).toEqual({
      dueAt: "2026-11-27T16:00:00.000Z",
      level: 2,
      cycle: 0,
    });
    expect(nextWatch({ ...c, escalationLevel: 2 }, 2)).toBeNull();
  });

  it("follows the cycle of a reopened case", () => {
    const reopened = dispatched({
      cycle: 1,
      reopened: true,
      dueDate: "2026-12-01",
      dueAt: "2026-12-01T16:00:00.000Z",
    });
    expect(nextWatch(reopened, 2)).toEqual({ dueAt: "2026-12-01T16:00:00.000Z", level: 1, cycle: 1 });
    expect(nextWatch({ ...reopened, escalationLevel: 1 }, 2)).toEqual({
      dueAt: "2026-12-03T16:00:00.000Z",
      level: 2,
      cycle: 1,
    });
  });

  it("is null for a case not yet dispatched, finished, or a dispute without a mediator", () => {
    expect(nextWatch(report(), 2)).toBeNull();
    for (const status of ["resolved", "closed", "declined", "merged"] as const)
      expect(nextWatch(dispatched({ status }), 2)).toBeNull();
    expect(nextWatch(dispute(), 2)).toBeNull();
    const assigned = dispute({
      status: "in_mediation",
      dueDate: "2026-11-24",
      dueAt: "2026-11-24T16:00:00.000Z",
    });
    expect(nextWatch(assigned, 2)?.level).toBe(1);
    expect(nextWatch({ ...assigned, status: "closed" }, 2)).toBeNull();
  });
});

describe("finishedOnTime", () => {
  const dueAt = "2026-11-24T16:00:00.000Z";
  it("is on time up to and including the deadline", () => {
    expect(finishedOnTime(report({ finishedAt: T0 }))).toBe(true);
    expect(finishedOnTime(dispatched({ finishedAt: "2026-11-24T15:59:59.999Z" }))).toBe(true);
    expect(finishedOnTime(dispatched({ finishedAt: dueAt }))).toBe(true);
    expect(finishedOnTime(dispatched({ finishedAt: "2026-11-24T16:00:00.001Z" }))).toBe(false);
    expect(finishedOnTime(dispatched({ finishedAt: null }))).toBe(false);
  });

  it("is never on time once an earlier deadline was missed (before a reopen or reassignment)", () => {
    expect(finishedOnTime(dispatched({ finishedAt: T0, missedDeadline: true }))).toBe(false);
    // missedSoFar: late when finished after the deadline, or still open past it.
    expect(missedSoFar(dispatched({ finishedAt: "2026-11-24T16:00:00.001Z" }), T0)).toBe(true);
    expect(missedSoFar(dispatched({ finishedAt: dueAt }), "2026-12-01T00:00:00.000Z")).toBe(false);
    expect(missedSoFar(dispatched({ finishedAt: null }), "2026-11-25T00:00:00.000Z")).toBe(true);
    expect(missedSoFar(dispatched({ finishedAt: null }), T0)).toBe(false);
    expect(missedSoFar(dispatched({ finishedAt: T0, missedDeadline: true }), T0)).toBe(true);
  });
});

describe("caseNumber", () => {
  it("uses the Shanghai day and at least four digits", () => {
    expect(caseNumber("HX", "2026-11-23T02:00:00.000Z", 1)).toBe("HX-20261123-0001");
    expect(caseNumber("TJ", "2026-11-22T16:30:00.000Z", 42)).toBe("TJ-20261123-0042");
    expect(caseNumber("HX", "2026-11-22T15:59:00.000Z", 9999)).toBe("HX-20261122-9999");
    expect(caseNumber("HX", "2026-11-23T02:00:00.000Z", 12345)).toBe("HX-20261123-12345");
    for (const n of ["HX-20261123-0001", "TJ-20261123-12345"]) expect(n).toMatch(CASE_NUMBER_PATTERN);
    for (const n of ["HX-2026112-0001", "XX-20261123-0001", "HX-20261123-001", "case-1"])
      expect(n).not.toMatch(CASE_NUMBER_PATTERN);
  });
});

describe("canRead", () => {
  it("lets a report be read by its reporter, staff (and admin) and its handlers only", () => {
    const c = dispatched();
    expect(canRead(c, RESIDENT)).toBe(true);
    expect(canRead(c, STAFF)).toBe(true);
    expect(canRead(c, SUPERVISOR)).toBe(true);
    expect(canRead(c, ADMIN)).toBe(true);
    expect(canRead(c, HANDLER)).toBe(true);
    expect(canRead(c, OTHER_RESIDENT)).toBe(false);
    expect(canRead(c, LAWYER)).toBe(false);
  });

  it("keeps a dispute to its user parties, its mediator and the supervisors: not other staff, not admin", () => {
    const d = dispute();
    expect(canRead(d, viewer("u-a"))).toBe(true);
    expect(canRead(d, viewer("u-b"))).toBe(true);
    expect(canRead(d, HANDLER)).toBe(true);
    expect(canRead(d, SUPERVISOR)).toBe(true);
    expect(canRead(d, STAFF)).toBe(false);
    expect(canRead(d, ADMIN)).toBe(false);
    expect(canRead(d, OTHER_RESIDENT)).toBe(false);
    expect(canRead(d, LAWYER)).toBe(false);
  });
});

describe("reportView", () => {
  const view = (c: Report, v: Viewer) => reportView(c, v, T0, sign, null);
  const none = {
    dispatch: false,
    merge: false,
    decline: false,
    progress: false,
    resolve: false,
    rate: false,
  };

  it("offers triage to staff while submitted, and nothing to the reporter or a handler", async () => {
    const c = report();
    expect((await view(c, STAFF)).can).toEqual({ ...none, dispatch: true, merge: true, decline: true });
    expect((await view(c, ADMIN)).can).toEqual({ ...none, dispatch: true, merge: true, decline: true });
    expect((await view(c, RESIDENT)).can).toEqual(none);
    expect((await view(c, HANDLER)).can).toEqual(none);
  });

  it("offers progress and resolve to the handler and staff while in hand", async () => {
    for (const status of ["dispatched", "in_progress"] as const) {
      const c = dispatched({ status });
      expect((await view(c, HANDLER)).can).toEqual({ ...none, progress: true, resolve: true });
      expect((await view(c, STAFF)).can).toEqual({ ...none, progress: true, resolve: true });
      expect((await view(c, RESIDENT)).can).toEqual(none);
    }
  });

  it("offers the rating to the reporter once resolved, and nothing once finished", async () => {
    const resolved = dispatched({ status: "resolved" });
    expect((await view(resolved, RESIDENT)).can).toEqual({ ...none, rate: true });
    expect((await view(resolved, STAFF)).can).toEqual(none);
    expect((await view(resolved, HANDLER)).can).toEqual(none);
    for (const status of ["closed", "declined", "merged"] as const)
      for (const v of [RESIDENT, STAFF, HANDLER])
        expect((await view(dispatched({ status }), v)).can).toEqual(none);
  });

  it("hides an anonymous reporter from staff and handlers but not from the reporter", async () => {
    const c = dispatched({ anonymous: true });
    expect((await view(c, STAFF)).reporter).toBeNull();
    expect((await view(c, HANDLER)).reporter).toBeNull();
    expect((await view(c, RESIDENT)).reporter).toBe("王秀兰");
    expect((await view(c, RESIDENT)).mine).toBe(true);
    expect((await view(dispatched(), STAFF)).reporter).toBe("王秀兰");
  });

  it("signs photos and keeps the escalation out of the reporter's history", async () => {
    const c = dispatched({
      photos: ["cases/huanghe-west/2026-11/abcdefgh1.png"],
      history: [
        { at: T0, action: "submit", by: "resident", note: null, photos: [] },
        { at: T0, action: "escalate", by: "system", note: "overdue", photos: [] },
      ],
    });
    expect((await view(c, RESIDENT)).photos).toEqual(["signed:cases/huanghe-west/2026-11/abcdefgh1.png"]);
    expect((await view(c, RESIDENT)).history.map((e) => e.action)).toEqual(["submit"]);
    expect((await view(c, STAFF)).history.map((e) => e.action)).toEqual(["submit", "escalate"]);
  });
});

describe("disputeView", () => {
  const view = (d: Dispute, v: Viewer) => disputeView(d, v, T0, sign);
  const none = { assign: false, schedule: false, record: false, close: false };
  const assigned = dispute({
    status: "assigned",
    assignee: { kind: "department", departmentId: "dept-laoduan" },
    assigneeName: "老段说事",
  });

  it("lets supervisors assign; the mediator (and supervisors) schedule, record and close", async () => {
    expect((await view(dispute(), SUPERVISOR)).can).toEqual({ ...none, assign: true });
    expect((await view(assigned, SUPERVISOR)).can).toEqual({
      assign: true,
      schedule: true,
      record: false,
      close: true,
    });
    expect((await view(assigned, HANDLER)).can).toEqual({ ...none, schedule: true, close: true });
    const scheduled = {
      ...assigned,
      status: "in_mediation" as const,
      sessions: [
        {
          n: 1,
          scheduledAt: T0,
          place: "调解室",
          status: "scheduled" as const,
          summary: null,
          recordedAt: null,
        },
      ],
    };
    expect((await view(scheduled, HANDLER)).can).toEqual({
      ...none,
      schedule: true,
      record: true,
      close: true,
    });
    for (const v of [viewer("u-a"), STAFF, ADMIN]) expect((await view(scheduled, v)).can).toEqual(none);
    const closed = { ...scheduled, status: "closed" as const };
    for (const v of [SUPERVISOR, HANDLER]) expect((await view(closed, v)).can).toEqual(none);
  });

  it("shows phones whole to the mediator and supervisors, masked to the parties except their own", async () => {
    const phones = async (v: Viewer) => (await view(assigned, v)).parties.map((p) => p.phone);
    expect(await phones(SUPERVISOR)).toEqual(["13800001111", "13900002222", null]);
    expect(await phones(HANDLER)).toEqual(["13800001111", "13900002222", null]);
    expect(await phones(viewer("u-a"))).toEqual(["13800001111", "*******2222", null]);
    expect(await phones(viewer("u-b"))).toEqual(["*******1111", "13900002222", null]);
    expect((await view(assigned, viewer("u-a"))).parties.map((p) => p.isUser)).toEqual([true, true, false]);
  });
});
