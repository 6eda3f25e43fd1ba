import { describe, expect, it } from "vitest";
import {
  addDays,
  dayBounds,
  isoWeekday,
  isValidDate,
  shanghaiDate,
  shanghaiInstant,
  shanghaiTime,
} from "./shanghai.js";

describe("Shanghai calendar", () => {
  it("maps instants to Shanghai days and times across midnight UTC", () => {
    expect(shanghaiDate("2026-11-22T16:30:00Z")).toBe("2026-11-23");
    expect(shanghaiTime("2026-11-22T16:30:00Z")).toBe("00:30");
    expect(shanghaiInstant("2026-11-23", "09:00")).toBe("2026-11-23T01:00:00.000Z");
    expect(dayBounds("2026-11-23")).toEqual({
      start: "2026-11-22T16:00:00.000Z",
      end: "2026-11-23T16:00:00.000Z",
    });
  });

  it("knows weekdays, month ends and real dates", () => {
    expect(isoWeekday("2026-11-23")).toBe(1);
    expect(isoWeekday("2026-11-22")).toBe(7);
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(isValidDate("2026-02-30")).toBe(false);
    expect(isValidDate("2028-02-29")).toBe(true);
    expect(isValidDate("2026-1-01")).toBe(false);
  });
});
