import { describe, expect, it } from "vitest";
import {
  dayRows,
  formatMinutes,
  formatPercent,
  windowPeriodProblem,
  windowPresetPeriod,
} from "./window-work-period";

describe("window statistics periods", () => {
  it("starts this week on Monday and this month on the first", () => {
    // 2026-11-25 is a Wednesday.
    expect(windowPresetPeriod("this_week", "2026-11-25")).toEqual({ from: "2026-11-23", to: "2026-11-25" });
    expect(windowPresetPeriod("this_week", "2026-11-29")).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    expect(windowPresetPeriod("this_week", "2026-11-23")).toEqual({ from: "2026-11-23", to: "2026-11-23" });
    expect(windowPresetPeriod("this_month", "2026-11-25")).toEqual({ from: "2026-11-01", to: "2026-11-25" });
    expect(windowPresetPeriod("last_30", "2026-11-25")).toEqual({ from: "2026-10-27", to: "2026-11-25" });
  });

  it("allows at most 92 days, in order", () => {
    // 1 September to 1 December is 92 days, both ends counted.
    expect(windowPeriodProblem({ from: "2026-09-01", to: "2026-12-01" })).toBeNull();
    expect(windowPeriodProblem({ from: "2026-09-01", to: "2026-12-02" })).toBe("length");
    expect(windowPeriodProblem({ from: "2026-11-02", to: "2026-11-01" })).toBe("order");
  });

  it("lists days newest first, with or without the empty ones", () => {
    const byDay = [
      { date: "2026-11-23", appointments: 4 },
      { date: "2026-11-25", appointments: 2 },
    ];
    const period = { from: "2026-11-23", to: "2026-11-25" };
    expect(dayRows(period, byDay).map((d) => d.date)).toEqual(["2026-11-25", "2026-11-23"]);
    expect(dayRows(period, byDay, true)).toEqual([
      { date: "2026-11-25", appointments: 2 },
      { date: "2026-11-24", appointments: 0 },
      { date: "2026-11-23", appointments: 4 },
    ]);
  });

  it("formats rates and minutes", () => {
    expect(formatPercent(0.875)).toBe("87.5%");
    expect(formatPercent(null)).toBe("—");
    expect(formatMinutes(12)).toBe("12");
    expect(formatMinutes(12.25)).toBe("12.3");
    expect(formatMinutes(null)).toBe("—");
  });
});
