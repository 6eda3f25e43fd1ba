import { describe, expect, it } from "vitest";
import { AppError } from "../http/errors.js";
import type { Appointment, Center, Matter } from "./schemas.js";
import {
  assertBookableSlot,
  centerDay,
  centerFromBody,
  checkMayBookWindow,
  computeWindowStats,
  isTicketCode,
  matterFromBody,
  newTicketCode,
  normalizeTicketCode,
  pruneWindowLedger,
  slotsOf,
  unconfirmedMaterials,
} from "./service.js";

const MORNING = { open: "09:00", close: "12:00" };
const WEEKDAY = [MORNING, { open: "13:30", close: "17:00" }];
const center: Center = {
  id: "c1",
  communityId: "x",
  name: "中心",
  nameEn: null,
  address: "一楼",
  phone: null,
  windows: 3,
  slotMinutes: 15,
  hours: { "1": WEEKDAY, "2": WEEKDAY, "3": WEEKDAY, "4": WEEKDAY, "5": WEEKDAY },
  followsHolidayCalendar: true,
  cancelCutoffMinutes: 60,
  maxUpcoming: 3,
  bookingDays: 14,
  updatedAt: "2026-09-01T00:00:00.000Z",
};

function refusal(fn: () => unknown): { status: number; code: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error("did not throw");
}

describe("open days and slots", () => {
  it("cuts each period into whole slots: 12 in the morning, 14 in the afternoon", () => {
    const day = centerDay(center, "2026-09-28", null);
    expect(day.open).toBe(true);
    const slots = slotsOf(center, day);
    expect(slots).toHaveLength(26);
    expect(slots[0]).toEqual({ startsAt: "2026-09-28T01:00:00.000Z", endsAt: "2026-09-28T01:15:00.000Z" });
    expect(slots[11]?.startsAt).toBe("2026-09-28T03:45:00.000Z");
    expect(slots[12]?.startsAt).toBe("2026-09-28T05:30:00.000Z");
    expect(slots.at(-1)?.endsAt).toBe("2026-09-28T09:00:00.000Z");
    expect(slotsOf({ slotMinutes: 50 }, day)).toHaveLength(3 + 4);
  });

  it("closes on holidays with their names and opens make-up weekend days with working-day hours", () => {
    expect(centerDay(center, "2026-10-01", null)).toMatchObject({
      open: false,
      closedBecause: "holiday",
      reason: "国庆节",
    });
    const makeUp = centerDay(center, "2026-10-10", null);
    expect(makeUp).toMatchObject({ open: true, makeUpFor: "国庆节", periods: WEEKDAY });
    expect(slotsOf(center, makeUp)).toHaveLength(26);
    expect(centerDay(center, "2026-10-11", null)).toMatchObject({ open: false, closedBecause: "weekend" });
    expect(centerDay(center, "2026-09-28", "消防演练")).toMatchObject({
      open: false,
      closedBecause: "closure",
      reason: "消防演练",
    });
  });

  it("opens a make-up Saturday as a full working day even where Saturdays are mornings only", () => {
    const saturdays = { ...center, hours: { ...center.hours, "6": [MORNING] } };
    expect(centerDay(saturdays, "2026-10-10", null).periods).toEqual(WEEKDAY);
    expect(centerDay(saturdays, "2026-10-17", null).periods).toEqual([MORNING]);
  });

  it("follows only its own hours when it opts out of the calendar", () => {
    const own = { ...center, followsHolidayCalendar: false, hours: { ...center.hours, "6": [MORNING] } };
    expect(centerDay(own, "2026-10-01", null).open).toBe(true);
    expect(centerDay(own, "2026-10-03", null)).toMatchObject({ open: true, periods: [MORNING] });
    expect(centerDay(own, "2026-10-04", null)).toMatchObject({ open: false, closedBecause: "weekend" });
  });

  it("has no slot on any closed day of 2026, and slots on every working day", () => {
    let open = 0;
    for (
      let ms = Date.parse("2026-01-01T00:00:00Z");
      ms < Date.parse("2027-01-01T00:00:00Z");
      ms += 86_400_000
    ) {
      const date = new Date(ms).toISOString().slice(0, 10);
      const day = centerDay(center, date, null);
      const slots = day.open ? slotsOf(center, day) : [];
      if (day.open) open++;
      expect(slots.length > 0, date).toBe(day.open);
    }
    // 365 days − 104 weekend days − 19 holidays on weekdays + 6 make-up days.
    expect(open).toBe(248);
  });

  it("accepts only a real slot start on an open day, in the horizon, not started", () => {
    const now = new Date("2026-09-28T00:00:00.000Z");
    const ok = assertBookableSlot(center, "2026-09-28T09:30:00+08:00", null, now, { byStaff: false });
    expect(ok).toEqual({
      startsAt: "2026-09-28T01:30:00.000Z",
      endsAt: "2026-09-28T01:45:00.000Z",
      date: "2026-09-28",
    });
    expect(
      refusal(() => assertBookableSlot(center, "2026-09-28T01:31:00.000Z", null, now, { byStaff: false })),
    ).toEqual({
      status: 400,
      code: "VALIDATION_FAILED",
    });
    expect(
      refusal(() => assertBookableSlot(center, "2026-10-02T01:30:00.000Z", null, now, { byStaff: false })),
    ).toEqual({
      status: 409,
      code: "CENTER_CLOSED",
    });
    const later = new Date("2026-09-28T02:00:00.000Z");
    expect(
      refusal(() => assertBookableSlot(center, "2026-09-28T01:30:00.000Z", null, later, { byStaff: false })),
    ).toEqual({
      status: 409,
      code: "SLOT_STARTED",
    });
    expect(
      refusal(() => assertBookableSlot(center, "2026-10-19T01:30:00.000Z", null, now, { byStaff: false })),
    ).toEqual({
      status: 409,
      code: "BEYOND_HORIZON",
    });
    expect(assertBookableSlot(center, "2026-10-19T01:30:00.000Z", null, now, { byStaff: true }).date).toBe(
      "2026-10-19",
    );
  });
});

describe("the resident's limits", () => {
  const entry = (matterId: string, date: string, endsAt: string) => ({
    matterId,
    date,
    startsAt: endsAt,
    endsAt,
  });

  it("allows one appointment per matter per day and three not yet over", () => {
    const ledger = {
      userId: "u",
      version: 3,
      active: {
        a: entry("m1", "2026-09-29", "2026-09-29T02:00:00.000Z"),
        b: entry("m2", "2026-09-29", "2026-09-29T03:00:00.000Z"),
      },
    };
    expect(
      refusal(() => checkMayBookWindow(ledger, { matterId: "m1", date: "2026-09-29" }, center)).code,
    ).toBe("BOOKING_LIMIT");
    expect(() => checkMayBookWindow(ledger, { matterId: "m1", date: "2026-09-30" }, center)).not.toThrow();
    const full = {
      ...ledger,
      active: { ...ledger.active, c: entry("m3", "2026-09-30", "2026-09-30T02:00:00.000Z") },
    };
    expect(refusal(() => checkMayBookWindow(full, { matterId: "m4", date: "2026-10-08" }, center)).code).toBe(
      "BOOKING_LIMIT",
    );
    // Once the morning visit is over the same matter can be booked again that day.
    const later = pruneWindowLedger(full, new Date("2026-09-29T02:00:00.000Z"));
    expect(Object.keys(later.active)).toEqual(["b", "c"]);
    expect(() => checkMayBookWindow(later, { matterId: "m1", date: "2026-09-29" }, center)).not.toThrow();
  });
});

describe("materials and ticket codes", () => {
  const matter = matterFromBody(
    "mat",
    "x",
    "c1",
    {
      name: "生育保险报销",
      category: "medical_insurance",
      description: "生育医疗费用报销",
      materials: [
        { name: "身份证", required: true },
        { id: "m1", name: "结婚证", required: true },
        { name: "发票", required: false },
      ],
      processingDays: 10,
      proxyAllowed: false,
      fee: 0,
      status: "active",
    },
    "2026-09-01T00:00:00.000Z",
    null,
  ) as Matter;

  it("keeps given material ids and gives new ones the next free id", () => {
    expect(matter.materials.map((m) => m.id)).toEqual(["m2", "m1", "m3"]);
  });

  it("names every required material not confirmed, and refuses unknown ids", () => {
    expect(unconfirmedMaterials(matter, ["m1"]).map((m) => m.name)).toEqual(["身份证"]);
    expect(unconfirmedMaterials(matter, ["m1", "m2"])).toEqual([]);
    expect(refusal(() => unconfirmedMaterials(matter, ["m1", "m2", "m9"])).code).toBe("VALIDATION_FAILED");
  });

  it("makes unambiguous 8-character codes and reads them back as typed", () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newTicketCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(isTicketCode(code), code).toBe(true);
    expect([...codes].join("")).not.toMatch(/[01OIL]/);
    expect(normalizeTicketCode(" abcd-ef 23 ")).toBe("ABCDEF23");
    expect(isTicketCode("ABCDEF21")).toBe(false);
  });
});

describe("center settings", () => {
  const body = {
    name: "中心",
    address: "一楼",
    windows: 2,
    slotMinutes: 30,
    hours: {
      "1": [
        { open: "13:00", close: "17:00" },
        { open: "09:00", close: "12:00" },
      ],
    },
    followsHolidayCalendar: true,
    cancelCutoffMinutes: 60,
    maxUpcoming: 3,
    bookingDays: 14,
  };

  it("sorts periods and refuses overlapping, inverted or too-short ones", () => {
    expect(centerFromBody("c", "x", body, "t").hours["1"]?.map((p) => p.open)).toEqual(["09:00", "13:00"]);
    const overlapping = {
      ...body,
      hours: {
        "1": [
          { open: "09:00", close: "12:00" },
          { open: "11:00", close: "13:00" },
        ],
      },
    };
    expect(refusal(() => centerFromBody("c", "x", overlapping, "t")).code).toBe("VALIDATION_FAILED");
    expect(
      refusal(() =>
        centerFromBody("c", "x", { ...body, hours: { "2": [{ open: "10:00", close: "09:00" }] } }, "t"),
      ).code,
    ).toBe("VALIDATION_FAILED");
    expect(
      refusal(() =>
        centerFromBody("c", "x", { ...body, hours: { "2": [{ open: "10:00", close: "10:20" }] } }, "t"),
      ).code,
    ).toBe("VALIDATION_FAILED");
  });
});

describe("statistics", () => {
  const base = {
    matterId: "m",
    matterName: "事项",
    date: "2026-09-28",
    checkedInAt: null,
    completedAt: null,
    firstVisit: null,
  };
  const a = (status: Appointment["status"], extra: Partial<Appointment> = {}) =>
    ({ ...base, status, ...extra }) as unknown as Appointment;

  it("counts no-shows over held appointments, first-visit completions and the wait", () => {
    const stats = computeWindowStats(
      [
        a("done", {
          firstVisit: true,
          checkedInAt: "2026-09-28T01:00:00.000Z",
          completedAt: "2026-09-28T01:10:00.000Z",
        }),
        a("done", {
          firstVisit: false,
          checkedInAt: "2026-09-28T01:00:00.000Z",
          completedAt: "2026-09-28T01:20:00.000Z",
        }),
        a("materials_missing", { matterId: "n", matterName: "另一事项", date: "2026-09-29" }),
        a("no_show"),
        a("booked", { date: "2026-09-30" }),
        a("cancelled"),
        a("cancelled_by_center"),
      ],
      "2026-09-28",
      "2026-09-30",
      "c1",
    );
    expect(stats).toMatchObject({
      appointments: 5,
      cancelled: 2,
      noShows: 1,
      noShowRate: 0.25,
      completed: 2,
      firstVisitCompletions: 1,
      firstVisitRate: 0.5,
      materialsMissing: 1,
      averageWaitMinutes: 15,
    });
    expect(stats.byMatter).toEqual([
      { matterId: "m", matterName: "事项", appointments: 4 },
      { matterId: "n", matterName: "另一事项", appointments: 1 },
    ]);
    expect(stats.byDay.map((d) => d.appointments)).toEqual([3, 1, 1]);
    expect(computeWindowStats([], "2026-09-28", "2026-09-28", "c1")).toMatchObject({
      noShowRate: null,
      firstVisitRate: null,
      averageWaitMinutes: null,
    });
  });
});
