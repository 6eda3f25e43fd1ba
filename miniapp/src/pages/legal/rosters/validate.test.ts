import { describe, expect, it } from "vitest";
import {
  countSlots,
  newRosterDraft,
  type RosterDraft,
  rosterInput,
  settingsDraft,
  settingsInput,
  validateReason,
  validateRoster,
  validateSettings,
} from "./validate";

// Monday 23 November 2026, 10:00 in Shanghai.
const now = new Date("2026-11-23T02:00:00.000Z");
const today = "2026-11-23";

const draft = (patch: Partial<RosterDraft> = {}): RosterDraft => ({
  ...newRosterDraft(today),
  lawyerId: "u-demo-lawyer-1",
  weekdays: [1, 3],
  ...patch,
});

describe("roster form", () => {
  it("starts tomorrow for four weeks", () => {
    const d = newRosterDraft(today);
    expect(d.from).toBe("2026-11-24");
    expect(d.to).toBe("2026-12-21");
    expect(d.weekdays).toEqual([]);
  });

  it("counts the slots like the API, leaving out those already begun", () => {
    // Mondays and Wednesdays 09:00–11:00 in half hours: 4 a day.
    expect(countSlots(draft({ from: "2026-11-24", to: "2026-11-30" }), now)).toBe(8);
    // Today from 09:00: 09:00 and 09:30 are past, 10:00 has begun, 10:30 is ahead.
    expect(countSlots(draft({ from: today, to: today }), now)).toBe(1);
    // A slot that does not fit whole is not made.
    expect(countSlots(draft({ from: "2026-11-25", to: "2026-11-25", slotMinutes: 45 }), now)).toBe(2);
  });

  it("accepts a sensible roster", () => {
    expect(validateRoster(draft(), today, now)).toEqual({});
  });

  it("names each field that is wrong", () => {
    const errors = validateRoster(
      draft({ lawyerId: "", from: "2026-11-20", weekdays: [], endTime: "09:00", seats: 0 }),
      today,
      now,
    );
    expect(errors.lawyerId?.key).toBe("lw.field.lawyer");
    expect(errors.from?.key).toBe("lw.field.fromPassed");
    expect(errors.weekdays?.key).toBe("lw.field.weekdays");
    expect(errors.endTime?.key).toBe("lw.field.endAfterStart");
    expect(errors.seats?.key).toBe("lw.field.seatsRange");
  });

  it("checks the dates, the length and the number of slots", () => {
    expect(validateRoster(draft({ to: "2026-11-20" }), today, now).to?.key).toBe("lw.field.toBeforeFrom");
    expect(validateRoster(draft({ to: "2027-03-01" }), today, now).to).toEqual({
      key: "lw.field.tooManyDays",
      params: { days: 92 },
    });
    expect(validateRoster(draft({ endTime: "09:20" }), today, now).slotMinutes?.key).toBe(
      "lw.field.slotTooLong",
    );
    expect(
      validateRoster(
        draft({ weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: "08:00", endTime: "20:00", slotMinutes: 15 }),
        today,
        now,
      ).to?.key,
    ).toBe("lw.field.tooManySlots");
    // Only Sundays in a Monday-to-Saturday range give nothing.
    expect(
      validateRoster(draft({ from: "2026-11-24", to: "2026-11-28", weekdays: [7] }), today, now).weekdays
        ?.key,
    ).toBe("lw.field.noSlots");
  });

  it("sends weekdays in order", () => {
    expect(rosterInput(draft({ weekdays: [5, 1, 3] })).weekdays).toEqual([1, 3, 5]);
  });
});

describe("cancellation reason", () => {
  it("wants 2–200 characters without phone or ID numbers", () => {
    expect(validateReason(" ")).toBe("lw.field.reason");
    expect(validateReason("律师临时出差")).toBeNull();
    expect(validateReason("请联系 138 0013 8000")).toBe("lw.field.reasonNoNumbers");
    expect(validateReason("x".repeat(201))).toBe("lw.field.reason");
  });
});

describe("settings form", () => {
  const settings = {
    communityId: "c1",
    cancelCutoffMinutes: 90,
    maxUpcomingBookings: 3,
    waitlistLimit: 20,
    location: "法律服务窗口",
    noShowLimit: 3,
    noShowWindowDays: 90,
    suspensionDays: 30,
  };

  it("shows the cut-off in hours and sends minutes", () => {
    const d = settingsDraft(settings);
    expect(d.cancelCutoffHours).toBe("1.5");
    expect(settingsInput({ ...d, location: " 窗口 A " })).toEqual({
      cancelCutoffMinutes: 90,
      maxUpcomingBookings: 3,
      waitlistLimit: 20,
      location: "窗口 A",
    });
  });

  it("checks the ranges", () => {
    expect(validateSettings(settingsDraft(settings))).toEqual({});
    expect(
      validateSettings({
        cancelCutoffHours: "200",
        maxUpcomingBookings: "0",
        waitlistLimit: "2.5",
        location: "A",
      }),
    ).toEqual({
      cancelCutoffMinutes: "lw.field.cutoff",
      maxUpcomingBookings: "lw.field.maxUpcoming",
      waitlistLimit: "lw.field.waitlist",
      location: "lw.field.place",
    });
  });
});
