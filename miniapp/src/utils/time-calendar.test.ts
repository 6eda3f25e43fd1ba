import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isoWeekday, shanghaiClock, shanghaiDate, shanghaiInstant } from "./time";

describe("Shanghai calendar helpers", () => {
  it("puts late-evening UTC instants on the next Shanghai day", () => {
    expect(shanghaiDate(new Date("2026-03-01T16:30:00Z"))).toBe("2026-03-02");
    expect(shanghaiDate("2026-03-01T15:59:00Z")).toBe("2026-03-01");
    expect(shanghaiClock("2026-03-01T01:05:00.000Z")).toBe("09:05");
  });

  it("walks days across month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-01-01", "2026-03-01")).toBe(59);
  });

  it("numbers weekdays 1 = Monday … 7 = Sunday", () => {
    expect(isoWeekday("2026-11-23")).toBe(1);
    expect(isoWeekday("2026-11-29")).toBe(7);
  });

  it("turns a Shanghai wall-clock time back into UTC", () => {
    expect(shanghaiInstant("2026-11-23", "09:30")).toBe("2026-11-23T01:30:00.000Z");
  });
});
