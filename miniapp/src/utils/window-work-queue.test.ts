import { describe, expect, it } from "vitest";
import type { QueueEntry, QueueSlot } from "../api/window-work";
import type { Translate } from "../i18n";
import { en as enCatalog } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import {
  canCheckIn,
  canRecordResult,
  canTakeInProxy,
  closedReason,
  dayInYear,
  findByTicket,
  minutesSince,
  normalizeTicketCode,
  patchEntry,
  proxyMoves,
  proxyNoteRequired,
  queueCounts,
  ticketFromScan,
  ticketProblem,
  visibleSlots,
} from "./window-work-queue";

const zh: Translate = (key, params) => format(zhCN[key], params);
const en: Translate = (key, params) => format(enCatalog[key], params);

function entry(id: string, status: QueueEntry["status"], extra: Partial<QueueEntry> = {}): QueueEntry {
  return {
    id,
    ticketCode: `CODE${id.padStart(4, "0")}`,
    proxyCaseId: null,
    matterId: "mat1",
    matterName: "生育保险报销",
    matterNameEn: null,
    category: "family_births",
    userId: `u${id}`,
    residentName: `居民${id}`,
    startsAt: "2026-11-23T01:00:00.000Z",
    endsAt: "2026-11-23T01:15:00.000Z",
    status,
    bookedVia: "self",
    checkedInAt: null,
    completedAt: null,
    missing: [],
    note: null,
    proxyAllowed: true,
    ...extra,
  };
}

function slot(startsAt: string, entries: QueueEntry[]): QueueSlot {
  return { startsAt, endsAt: startsAt, windows: 3, booked: entries.length, entries };
}

describe("ticket codes", () => {
  it("reads typed codes the way the server does", () => {
    expect(normalizeTicketCode(" abcd-2345 ")).toBe("ABCD2345");
    expect(normalizeTicketCode("ab cd 23 45")).toBe("ABCD2345");
  });

  it("takes the code out of whatever the scanner hands back", () => {
    expect(ticketFromScan("ABCD2345")).toBe("ABCD2345");
    expect(ticketFromScan(" abcd2345\n")).toBe("ABCD2345");
    expect(ticketFromScan("onedoor:ABCD2345")).toBe("ABCD2345");
    expect(ticketFromScan("https://example.org/t/ABCD2345")).toBe("ABCD2345");
    expect(ticketFromScan("")).toBe("");
  });

  it("asks for a code of the server's length before sending it", () => {
    expect(ticketProblem("")).toBe("empty");
    expect(ticketProblem("ABC")).toBe("length");
    expect(ticketProblem("A".repeat(21))).toBe("length");
    expect(ticketProblem("ABCD2345")).toBeNull();
  });
});

describe("what an entry offers", () => {
  it("checks in booked and no-show tickets of today only", () => {
    expect(canCheckIn(entry("1", "booked"), "2026-11-23", "2026-11-23")).toBe(true);
    expect(canCheckIn(entry("1", "no_show"), "2026-11-23", "2026-11-23")).toBe(true);
    expect(canCheckIn(entry("1", "booked"), "2026-11-24", "2026-11-23")).toBe(false);
    expect(canCheckIn(entry("1", "checked_in"), "2026-11-23", "2026-11-23")).toBe(false);
    expect(canCheckIn(entry("1", "cancelled"), "2026-11-23", "2026-11-23")).toBe(false);
  });

  it("records results for checked-in entries", () => {
    expect(canRecordResult(entry("1", "checked_in"))).toBe(true);
    expect(canRecordResult(entry("1", "done"))).toBe(false);
  });

  it("takes a matter in by proxy when allowed, once, from checked-in or done", () => {
    const none = new Set<string>();
    expect(canTakeInProxy(entry("1", "checked_in"), none)).toBe(true);
    expect(canTakeInProxy(entry("1", "done"), none)).toBe(true);
    expect(canTakeInProxy(entry("1", "booked"), none)).toBe(false);
    expect(canTakeInProxy(entry("1", "done", { proxyAllowed: false }), none)).toBe(false);
    expect(canTakeInProxy(entry("1", "done"), new Set(["1"]))).toBe(false);
  });

  it("moves proxy cases as the server allows, with a reason for returning", () => {
    expect(proxyMoves("received")).toEqual(["in_progress", "done", "returned"]);
    expect(proxyMoves("in_progress")).toEqual(["done", "returned"]);
    expect(proxyMoves("done")).toEqual([]);
    expect(proxyMoves("returned")).toEqual([]);
    expect(proxyNoteRequired("returned")).toBe(true);
    expect(proxyNoteRequired("done")).toBe(false);
  });
});

describe("the day's queue", () => {
  const slots = [
    slot("2026-11-23T01:00:00.000Z", [
      entry("1", "cancelled"),
      entry("2", "booked"),
      entry("3", "checked_in"),
    ]),
    slot("2026-11-23T01:15:00.000Z", []),
    slot("2026-11-23T01:30:00.000Z", [
      entry("4", "done"),
      entry("5", "materials_missing"),
      entry("6", "no_show"),
      entry("7", "cancelled_by_center"),
    ]),
  ];

  it("counts people by where they are", () => {
    expect(queueCounts(slots)).toEqual({
      total: 5,
      waiting: 1,
      checkedIn: 1,
      done: 1,
      missing: 1,
      noShow: 1,
      cancelled: 2,
    });
  });

  it("hides empty slots unless asked and puts cancelled entries last", () => {
    const shown = visibleSlots(slots, false);
    expect(shown.map((s) => s.entries.length)).toEqual([3, 4]);
    expect(shown[0]?.entries.map((e) => e.id)).toEqual(["2", "3", "1"]);
    expect(visibleSlots(slots, true)).toHaveLength(3);
  });

  it("finds an entry by its code and patches it in place", () => {
    expect(findByTicket(slots, "CODE0003")?.id).toBe("3");
    expect(findByTicket(slots, "NOPE")).toBeUndefined();
    const patched = patchEntry(slots, "2", { status: "checked_in", checkedInAt: "2026-11-23T01:02:00.000Z" });
    expect(findByTicket(patched, "CODE0002")?.status).toBe("checked_in");
    expect(patched[2]).toBe(slots[2]);
    expect(findByTicket(slots, "CODE0002")?.status).toBe("booked");
  });

  it("counts waiting minutes", () => {
    expect(minutesSince("2026-11-23T01:00:00.000Z", "2026-11-23T01:12:59.000Z")).toBe(12);
    expect(minutesSince(null, "2026-11-23T01:12:59.000Z")).toBeNull();
  });
});

describe("closedReason", () => {
  it("says why a day is closed, holidays in the reader's language", () => {
    expect(closedReason(zh, { closedBecause: "holiday", reason: "国庆节" })).toBe("国庆节，中心休息");
    expect(closedReason(en, { closedBecause: "holiday", reason: "国庆节" })).toContain("closed");
    expect(closedReason(zh, { closedBecause: "closure", reason: "设备检修" })).toBe("临时闭馆：设备检修");
    expect(closedReason(zh, { closedBecause: "weekend", reason: null })).toBe("周末休息");
    expect(closedReason(zh, { closedBecause: "no_hours", reason: null })).toBe("该日不办公");
  });
});

describe("dayInYear", () => {
  it("adds the year only when it is not this year", () => {
    expect(dayInYear(zh, "2026-12-11", "2026-11-22")).toBe("12月11日");
    expect(dayInYear(zh, "2027-01-01", "2026-11-22")).toBe("2027年1月1日");
    expect(dayInYear(en, "2027-01-01", "2026-11-22")).toBe("1/1/2027");
  });
});
