import { describe, expect, it } from "vitest";
import { barWidths, formatPercent, periodProblem, presetPeriod } from "./stats-period";

describe("period presets", () => {
  it("this month runs from the first to today", () => {
    expect(presetPeriod("this_month", "2026-11-23")).toEqual({ from: "2026-11-01", to: "2026-11-23" });
  });

  it("last month is the whole previous month, across a year end and February", () => {
    expect(presetPeriod("last_month", "2026-11-23")).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(presetPeriod("last_month", "2027-01-05")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(presetPeriod("last_month", "2028-03-31")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
  });

  it("the last 90 days include today", () => {
    expect(presetPeriod("last_90", "2026-11-23")).toEqual({ from: "2026-08-26", to: "2026-11-23" });
  });

  it("refuses a reversed or over-long custom period", () => {
    expect(periodProblem({ from: "2026-11-23", to: "2026-11-22" })).toBe("order");
    expect(periodProblem({ from: "2024-12-31", to: "2026-01-01" })).toBe("length");
    expect(periodProblem({ from: "2025-01-01", to: "2026-01-01" })).toBeNull();
  });
});

describe("formatPercent", () => {
  it("shows whole or one-decimal percentages and a dash for nothing", () => {
    expect(formatPercent(0.625)).toBe("62.5%");
    expect(formatPercent(0.5)).toBe("50%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(0.3333)).toBe("33.3%");
    expect(formatPercent(null)).toBe("—");
  });
});

describe("barWidths", () => {
  it("scales to the largest and keeps small values visible", () => {
    expect(barWidths({ a: 10, b: 5, c: 0, d: 0.1 })).toEqual({ a: 100, b: 50, c: 0, d: 2 });
    expect(barWidths({ a: 0, b: 0 })).toEqual({ a: 0, b: 0 });
  });
});
