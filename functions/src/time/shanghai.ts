/**
 * Calendar days and wall-clock times in Asia/Shanghai. China has no daylight saving time, so the
 * offset is a constant and no time-zone database is needed (WeChat's JS engine lacks one too).
 */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isValidDate(date: string): boolean {
  if (!DATE_PATTERN.test(date)) return false;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(date);
}

/** The Shanghai calendar day of an instant. */
export function shanghaiDate(instant: Date | string): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** The Shanghai wall-clock time (HH:MM) of an instant. */
export function shanghaiTime(instant: Date | string): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return new Date(ms + OFFSET_MS).toISOString().slice(11, 16);
}

/** The instant (UTC ISO) of a Shanghai date and wall-clock time, plus optional minutes. */
export function shanghaiInstant(date: string, time: string, plusMinutes = 0): string {
  const ms = Date.parse(`${date}T${time}:00.000Z`) - OFFSET_MS + plusMinutes * 60_000;
  return new Date(ms).toISOString();
}

/** [start, end) of a Shanghai day as UTC ISO instants. */
export function dayBounds(date: string): { start: string; end: string } {
  const start = shanghaiInstant(date, "00:00");
  return { start, end: new Date(Date.parse(start) + DAY_MS).toISOString() };
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function minutesOf(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return (h as number) * 60 + (m as number);
}

export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

export function addMinutes(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) + minutes * 60_000).toISOString();
}
