import { describe, expect, it } from "vitest";
import { AppError } from "../http/errors.js";
import type { LawyerProfile, Ledger } from "./schemas.js";
import {
  checkMayBook,
  defaultSettings,
  findOverlap,
  planRoster,
  pruneLedger,
  reminders,
  suspendedUntil,
} from "./service.js";

const settings = defaultSettings("c1");
const lawyer: LawyerProfile = {
  userId: "u-l",
  communityId: "c1",
  name: "周律师",
  firm: "某所",
  specialties: [],
  intro: "",
  updatedAt: "",
};
const context = (now: string) => ({
  rosterId: "r1",
  communityId: "c1",
  lawyer,
  location: "窗口",
  now: new Date(now),
});
const input = {
  lawyerId: "u-l",
  from: "2026-11-23",
  to: "2026-11-30",
  weekdays: [1],
  startTime: "09:00",
  endTime: "12:00",
  slotMinutes: 30,
  mode: "in_person" as const,
  seats: 1,
};

const codeOf = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
  return null;
};

describe("planRoster", () => {
  it("makes back-to-back slots in Shanghai time on the chosen weekdays", () => {
    const { roster, slots } = planRoster(input, context("2026-11-20T00:00:00Z"));
    expect(slots.map((s) => s.date)).toEqual([
      ...Array(6).fill("2026-11-23"),
      ...Array(6).fill("2026-11-30"),
    ]);
    expect(slots[0]).toMatchObject({
      startsAt: "2026-11-23T01:00:00.000Z",
      endsAt: "2026-11-23T01:30:00.000Z",
      id: "r1-202611230900",
    });
    expect(roster.slotCount).toBe(12);
  });

  it("skips slots already begun today and refuses impossible rosters", () => {
    // Monday 10:10 in Shanghai: 10:30, 11:00 and 11:30 remain.
    const { slots } = planRoster({ ...input, to: "2026-11-23" }, context("2026-11-23T02:10:00Z"));
    expect(slots.map((s) => s.startsAt.slice(11, 16))).toEqual(["02:30", "03:00", "03:30"]);
    expect(codeOf(() => planRoster({ ...input, endTime: "09:20" }, context("2026-11-20T00:00:00Z")))).toBe(
      "VALIDATION_FAILED",
    );
    expect(codeOf(() => planRoster({ ...input, from: "2026-11-19" }, context("2026-11-20T00:00:00Z")))).toBe(
      "VALIDATION_FAILED",
    );
    expect(
      codeOf(() =>
        planRoster({ ...input, weekdays: [2], to: "2026-11-23" }, context("2026-11-20T00:00:00Z")),
      ),
    ).toBe("VALIDATION_FAILED");
    expect(codeOf(() => planRoster({ ...input, to: "2027-03-01" }, context("2026-11-20T00:00:00Z")))).toBe(
      "VALIDATION_FAILED",
    );
  });

  it("finds an overlap with an existing open slot only", () => {
    const { slots } = planRoster(input, context("2026-11-20T00:00:00Z"));
    const existing = {
      id: "x",
      startsAt: "2026-11-23T01:15:00.000Z",
      endsAt: "2026-11-23T01:45:00.000Z",
      status: "open" as const,
    };
    expect(findOverlap(slots, [existing])?.planned.id).toBe("r1-202611230900");
    expect(findOverlap(slots, [{ ...existing, status: "cancelled" }])).toBeNull();
    expect(
      findOverlap(slots, [
        { ...existing, startsAt: "2026-11-23T04:00:00.000Z", endsAt: "2026-11-23T05:00:00.000Z" },
      ]),
    ).toBeNull();
  });
});

describe("the ledger rules", () => {
  const slot = { id: "s9", lawyerId: "u-l", date: "2026-11-30", startsAt: "2026-11-30T01:00:00.000Z" };
  const now = new Date("2026-11-22T00:00:00Z");
  const entry = (slotId: string, date: string, lawyerId = "u-x") => ({
    slotId,
    lawyerId,
    date,
    startsAt: `${date}T01:00:00.000Z`,
  });
  const ledger = (active: Ledger["active"], noShows: Ledger["noShows"] = {}): Ledger => ({
    userId: "u",
    version: 1,
    active,
    noShows,
  });

  it("allows a first booking, refuses the same slot, the same lawyer that day, and a fourth upcoming", () => {
    expect(codeOf(() => checkMayBook(ledger({}), slot, now, settings, { byStaff: false }))).toBeNull();
    expect(
      codeOf(() =>
        checkMayBook(ledger({ b: entry("s9", "2026-11-30") }), slot, now, settings, { byStaff: false }),
      ),
    ).toBe("ALREADY_BOOKED");
    expect(
      codeOf(() =>
        checkMayBook(ledger({ b: entry("s8", "2026-11-30", "u-l") }), slot, now, settings, {
          byStaff: false,
        }),
      ),
    ).toBe("BOOKING_LIMIT");
    const three = {
      a: entry("s1", "2026-11-24"),
      b: entry("s2", "2026-11-25"),
      c: entry("s3", "2026-11-26"),
    };
    expect(codeOf(() => checkMayBook(ledger(three), slot, now, settings, { byStaff: true }))).toBe(
      "BOOKING_LIMIT",
    );
    // A consultation earlier today still blocks the same lawyer today, but no longer counts as upcoming.
    const earlier = new Date("2026-11-24T05:00:00Z");
    expect(
      codeOf(() =>
        checkMayBook(ledger(three), { ...slot, date: "2026-11-27" }, earlier, settings, { byStaff: false }),
      ),
    ).toBeNull();
  });

  it("suspends after 3 no-shows within 90 days, for 30 days from the last, online only", () => {
    const noShows = {
      a: "2026-09-01T01:00:00.000Z",
      b: "2026-10-01T01:00:00.000Z",
      c: "2026-11-20T01:00:00.000Z",
    };
    expect(suspendedUntil(ledger({}, noShows), now, settings)).toBe("2026-12-20T01:00:00.000Z");
    expect(codeOf(() => checkMayBook(ledger({}, noShows), slot, now, settings, { byStaff: false }))).toBe(
      "BOOKING_SUSPENDED",
    );
    expect(
      codeOf(() => checkMayBook(ledger({}, noShows), slot, now, settings, { byStaff: true })),
    ).toBeNull();
    // Spread over more than 90 days: no suspension.
    expect(
      suspendedUntil(ledger({}, { ...noShows, a: "2026-08-01T01:00:00.000Z" }), now, settings),
    ).toBeNull();
    // Over once 30 days have passed.
    expect(suspendedUntil(ledger({}, noShows), new Date("2026-12-21T00:00:00Z"), settings)).toBeNull();
  });

  it("prunes finished days and old no-shows", () => {
    const pruned = pruneLedger(
      ledger(
        { old: entry("s1", "2026-11-21"), today: entry("s2", "2026-11-22") },
        { x: "2026-01-01T00:00:00.000Z", y: "2026-11-01T00:00:00.000Z" },
      ),
      new Date("2026-11-22T03:00:00Z"),
      settings,
    );
    expect(Object.keys(pruned.active)).toEqual(["today"]);
    expect(Object.keys(pruned.noShows)).toEqual(["y"]);
  });
});

describe("reminders", () => {
  it("keeps only reminders still ahead", () => {
    const startsAt = "2026-11-23T01:00:00.000Z";
    expect(reminders(startsAt, new Date("2026-11-20T00:00:00Z")).map((r) => r.dueAt)).toEqual([
      "2026-11-22T01:00:00.000Z",
      "2026-11-23T00:00:00.000Z",
    ]);
    expect(reminders(startsAt, new Date("2026-11-22T12:00:00Z")).map((r) => r.kind)).toEqual([
      "legal.reminder_hour_before",
    ]);
  });
});
