// The window statistics' periods. Percentages, bar widths and the Period shape are the legal
// statistics' own (stats-period.ts); the presets and the 92-day limit are the window's.
import type { Period } from "./stats-period";
import { addDays, daysBetween, isoWeekday } from "./time";

export { barWidths, formatPercent, type Period } from "./stats-period";

export type WindowPreset = "this_week" | "this_month" | "last_30";
export const WINDOW_PRESETS: WindowPreset[] = ["this_week", "this_month", "last_30"];
/** GET /window/stats answers at most this many days at a time (staff-routes.ts). */
export const MAX_WINDOW_STATS_DAYS = 92;

/** A preset period ending today (Shanghai days); the week starts on Monday. */
export function windowPresetPeriod(preset: WindowPreset, today: string): Period {
  switch (preset) {
    case "this_week":
      return { from: addDays(today, 1 - isoWeekday(today)), to: today };
    case "this_month":
      return { from: `${today.slice(0, 8)}01`, to: today };
    case "last_30":
      return { from: addDays(today, -29), to: today };
  }
}

/** Null when the period can be asked for, else why not. */
export function windowPeriodProblem(period: Period): "order" | "length" | null {
  const span = daysBetween(period.from, period.to);
  if (span < 0) return "order";
  if (span >= MAX_WINDOW_STATS_DAYS) return "length";
  return null;
}

/**
 * The days of the period, newest first, with their counts: only days with appointments, or every
 * day (0 where the API lists nothing) with `includeEmpty`.
 */
export function dayRows(
  period: Period,
  byDay: Array<{ date: string; appointments: number }>,
  includeEmpty = false,
): Array<{ date: string; appointments: number }> {
  if (!includeEmpty)
    return [...byDay].filter((row) => row.appointments > 0).sort((a, b) => b.date.localeCompare(a.date));
  const span = daysBetween(period.from, period.to);
  if (span < 0 || span >= MAX_WINDOW_STATS_DAYS) return [];
  const counts = new Map(byDay.map((row) => [row.date, row.appointments]));
  return Array.from({ length: span + 1 }, (_, i) => {
    const date = addDays(period.to, -i);
    return { date, appointments: counts.get(date) ?? 0 };
  });
}

/** "12.5 分钟" needs a number: one decimal at most, "—" when there is none. */
export function formatMinutes(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1);
}
