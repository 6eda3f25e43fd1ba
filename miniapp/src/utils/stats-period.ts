import { addDays, daysBetween } from "./time";

export type Preset = "this_month" | "last_month" | "last_90";
export const PRESETS: Preset[] = ["this_month", "last_month", "last_90"];
export const MAX_STATS_DAYS = 366;

export interface Period {
  from: string;
  to: string;
}

/** A preset period ending no later than today (Shanghai days). */
export function presetPeriod(preset: Preset, today: string): Period {
  const firstOfMonth = `${today.slice(0, 8)}01`;
  switch (preset) {
    case "this_month":
      return { from: firstOfMonth, to: today };
    case "last_month": {
      const lastOfPrevious = addDays(firstOfMonth, -1);
      return { from: `${lastOfPrevious.slice(0, 8)}01`, to: lastOfPrevious };
    }
    case "last_90":
      return { from: addDays(today, -89), to: today };
  }
}

/** Null when the period can be asked for, else why not. */
export function periodProblem(period: Period): "order" | "length" | null {
  const span = daysBetween(period.from, period.to);
  if (span < 0) return "order";
  if (span >= MAX_STATS_DAYS) return "length";
  return null;
}

/** "62%", "12.5%", or "—" when there is nothing to divide by. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return "—";
  const pct = Math.round(ratio * 1000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** Bar widths in percent of the largest value; a non-zero value always shows a sliver. */
export function barWidths<K extends string>(counts: Record<K, number>): Record<K, number> {
  const values = Object.values(counts) as number[];
  const max = Math.max(0, ...values);
  const out = {} as Record<K, number>;
  for (const key of Object.keys(counts) as K[]) {
    const value = counts[key];
    out[key] = max > 0 && value > 0 ? Math.max(2, Math.round((value / max) * 100)) : 0;
  }
  return out;
}
