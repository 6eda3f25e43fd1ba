import { describe, expect, it } from "vitest";
import { holidayCalendar } from "./holidays-cn.js";
import { isoWeekday } from "./shanghai.js";
import { addWorkingDays, dayKind, isWorkingDay } from "./working-days.js";

describe("the official calendar", () => {
  it("knows the 2026 holidays and make-up working days", () => {
    expect(dayKind("2026-10-01")).toEqual({
      working: false,
      holiday: "国庆节",
      makeUpFor: null,
      calendarKnown: true,
    });
    expect(dayKind("2026-10-07").working).toBe(false);
    expect(dayKind("2026-10-08").working).toBe(true);
    // Saturday 10 October and Sunday 20 September 2026 are working days (调休).
    expect(dayKind("2026-10-10")).toEqual({
      working: true,
      holiday: null,
      makeUpFor: "国庆节",
      calendarKnown: true,
    });
    expect(dayKind("2026-09-20").working).toBe(true);
    expect(dayKind("2026-02-14").makeUpFor).toBe("春节");
    expect(dayKind("2026-02-23")).toMatchObject({ working: false, holiday: "春节" });
    expect(dayKind("2026-06-19")).toMatchObject({ working: false, holiday: "端午节" });
    expect(dayKind("2026-09-25")).toMatchObject({ working: false, holiday: "中秋节" });
    expect(dayKind("2026-01-04")).toMatchObject({ working: true, makeUpFor: "元旦" });
    // An ordinary week: Monday works, Saturday does not.
    expect(isWorkingDay("2026-11-23")).toBe(true);
    expect(isWorkingDay("2026-11-28")).toBe(false);
  });

  it("makes every make-up day a weekend day and no day both a holiday and a make-up day", () => {
    for (const year of Object.values(holidayCalendar)) {
      for (const date of Object.keys(year.workdays)) {
        expect(isoWeekday(date), date).toBeGreaterThanOrEqual(6);
        expect(year.holidays[date], date).toBeUndefined();
      }
    }
    // 2026: 11 statutory days plus bridging days; 33 days off in all, 6 weekend days worked.
    expect(Object.keys(holidayCalendar[2026]?.holidays ?? {})).toHaveLength(33);
    expect(Object.keys(holidayCalendar[2026]?.workdays ?? {})).toHaveLength(6);
  });

  it("says when a year is not in the file, applying only Monday–Friday", () => {
    expect(dayKind("2027-03-01")).toEqual({
      working: true,
      holiday: null,
      makeUpFor: null,
      calendarKnown: false,
    });
    expect(dayKind("2027-03-06").working).toBe(false);
  });

  it("counts working days across a holiday and a make-up weekend", () => {
    expect(addWorkingDays("2026-09-30", 1)).toBe("2026-10-08");
    expect(addWorkingDays("2026-09-18", 1)).toBe("2026-09-20");
    expect(addWorkingDays("2026-09-18", 2)).toBe("2026-09-21");
    expect(addWorkingDays("2026-10-09", 1)).toBe("2026-10-10");
    expect(addWorkingDays("2026-11-20", 5)).toBe("2026-11-27");
    expect(addWorkingDays("2026-11-20", 0)).toBe("2026-11-20");
  });
});
