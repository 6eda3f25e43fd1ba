import { describe, expect, it } from "vitest";
import { addDays, dayRange, formatShanghai, isoWeekday, monthDay, shanghaiClock, shanghaiDate } from "./time";

describe("formatShanghai", () => {
  it("shows UTC instants in Beijing time", () => {
    expect(formatShanghai("2025-03-01T16:05:00.000Z")).toBe("2025-03-02 00:05");
  });

  it("returns unparsable input unchanged", () => {
    expect(formatShanghai("later")).toBe("later");
  });
});

describe("Shanghai days", () => {
  it("puts late UTC evenings on the next Shanghai day", () => {
    expect(shanghaiDate("2026-11-22T15:59:00.000Z")).toBe("2026-11-22");
    expect(shanghaiDate("2026-11-22T16:00:00.000Z")).toBe("2026-11-23");
    expect(shanghaiDate(new Date("2026-11-22T16:00:00.000Z"))).toBe("2026-11-23");
  });

  it("reads the wall-clock time", () => {
    expect(shanghaiClock("2026-11-23T01:30:00.000Z")).toBe("09:30");
    expect(shanghaiClock("soon")).toBe("soon");
  });

  it("counts days across month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(dayRange("2026-11-29", 3)).toEqual(["2026-11-29", "2026-11-30", "2026-12-01"]);
  });

  it("numbers weekdays from Monday", () => {
    expect(isoWeekday("2026-11-23")).toBe(1);
    expect(isoWeekday("2026-11-22")).toBe(7);
    expect(monthDay("2026-11-23")).toBe("11-23");
  });
});
