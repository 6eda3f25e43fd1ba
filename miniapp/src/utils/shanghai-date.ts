// Calendar days in Asia/Shanghai (no DST), without Intl time zones (WeChat's engine lacks them).
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDay(instant: Date | string = new Date()): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** The Shanghai wall-clock time (HH:MM) of an instant. */
export function shanghaiClock(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  return new Date(ms + OFFSET_MS).toISOString().slice(11, 16);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** 1 = Monday … 7 = Sunday, as the API numbers weekdays. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** "11-23" from "2026-11-23". */
export function monthDay(date: string): string {
  return date.slice(5);
}

export function minutesOf(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The instant (UTC ISO) of a Shanghai date and wall-clock time. */
export function shanghaiInstant(date: string, time: string): string {
  return new Date(Date.parse(`${date}T${time}:00.000Z`) - OFFSET_MS).toISOString();
}
