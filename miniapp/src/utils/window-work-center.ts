// The center form: a draft of strings the inputs edit, the server's rules checked early, and the
// opening hours editor (up to two periods a day here; the API takes four).
import type { Center, CenterInput } from "../api/window-work";
import type { MessageKey } from "../i18n";
import { minutesOf } from "./time";

export const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const MAX_PERIODS = 2;
export const SLOT_LENGTHS = [10, 15, 20, 30, 45, 60, 90, 120];

export interface Period {
  open: string;
  close: string;
}

export type Hours = Record<Weekday, Period[]>;

export interface CenterDraft {
  name: string;
  nameEn: string;
  address: string;
  phone: string;
  windows: string;
  slotMinutes: number;
  hours: Hours;
  followsHolidayCalendar: boolean;
  cancelCutoffMinutes: string;
  maxUpcoming: string;
  bookingDays: string;
}

export interface Problem {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** Errors keyed like the API's paths: "windows", "hours.1.0" (Monday's first period). */
export type CenterErrors = Record<string, Problem>;

const MORNING: Period = { open: "09:00", close: "12:00" };
const AFTERNOON: Period = { open: "13:30", close: "17:00" };

function emptyHours(): Hours {
  return { "1": [], "2": [], "3": [], "4": [], "5": [], "6": [], "7": [] };
}

/** A new center: three windows, 15-minute slots, weekdays 09:00–12:00 and 13:30–17:00. */
export function newCenterDraft(): CenterDraft {
  const hours = emptyHours();
  for (const day of ["1", "2", "3", "4", "5"] as const) hours[day] = [{ ...MORNING }, { ...AFTERNOON }];
  return {
    name: "",
    nameEn: "",
    address: "",
    phone: "",
    windows: "3",
    slotMinutes: 15,
    hours,
    followsHolidayCalendar: true,
    cancelCutoffMinutes: "60",
    maxUpcoming: "3",
    bookingDays: "14",
  };
}

export function centerDraft(center: Center): CenterDraft {
  const hours = emptyHours();
  for (const day of WEEKDAYS) hours[day] = (center.hours[day] ?? []).map((p) => ({ ...p }));
  return {
    name: center.name,
    nameEn: center.nameEn ?? "",
    address: center.address,
    phone: center.phone ?? "",
    windows: String(center.windows),
    slotMinutes: center.slotMinutes,
    hours,
    followsHolidayCalendar: center.followsHolidayCalendar,
    cancelCutoffMinutes: String(center.cancelCutoffMinutes),
    maxUpcoming: String(center.maxUpcoming),
    bookingDays: String(center.bookingDays),
  };
}

// ——— The hours editor ———

/** Open a closed day with the usual morning, or close an open one. */
export function toggleDay(hours: Hours, day: Weekday): Hours {
  return { ...hours, [day]: hours[day].length ? [] : [{ ...MORNING }] };
}

/** A second period after the first: the afternoon, or the hour after the first closes. */
export function addPeriod(hours: Hours, day: Weekday): Hours {
  const periods = hours[day];
  if (periods.length >= MAX_PERIODS) return hours;
  const last = periods[periods.length - 1];
  let next = { ...AFTERNOON };
  if (last && minutesOf(last.close) >= minutesOf(AFTERNOON.open)) {
    const start = Math.min(minutesOf(last.close) + 60, 22 * 60);
    next = { open: clock(start), close: clock(Math.min(start + 120, 23 * 60 + 59)) };
  }
  return { ...hours, [day]: [...periods, next] };
}

export function removePeriod(hours: Hours, day: Weekday, index: number): Hours {
  return { ...hours, [day]: hours[day].filter((_, i) => i !== index) };
}

export function setPeriodTime(
  hours: Hours,
  day: Weekday,
  index: number,
  which: "open" | "close",
  time: string,
): Hours {
  return {
    ...hours,
    [day]: hours[day].map((period, i) => (i === index ? { ...period, [which]: time } : period)),
  };
}

/** Monday's periods on every weekday (Tuesday to Friday): the usual way a center is set up. */
export function copyMondayToWeekdays(hours: Hours): Hours {
  const monday = hours["1"].map((p) => ({ ...p }));
  const next = { ...hours };
  for (const day of ["2", "3", "4", "5"] as const) next[day] = monday.map((p) => ({ ...p }));
  return next;
}

/** How many slots a day's periods give (for the preview next to each weekday). */
export function slotsPerDay(periods: Period[], slotMinutes: number): number {
  if (slotMinutes <= 0) return 0;
  return periods.reduce((sum, period) => {
    const span = minutesOf(period.close) - minutesOf(period.open);
    return sum + (span > 0 ? Math.floor(span / slotMinutes) : 0);
  }, 0);
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

// ——— Validation (functions/src/window/schemas.ts centerBody, service.ts centerFromBody) ———

const wholeIn = (text: string, min: number, max: number) =>
  /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;

export function validateHours(hours: Hours, slotMinutes: number): CenterErrors {
  const errors: CenterErrors = {};
  for (const day of WEEKDAYS) {
    // The server sorts a day's periods before checking them; so does this, keeping each one's index.
    const indexed = hours[day].map((period, index) => ({ period, index }));
    const sorted = [...indexed].sort((a, b) => a.period.open.localeCompare(b.period.open));
    sorted.forEach(({ period, index }, position) => {
      const path = `hours.${day}.${index}`;
      const open = minutesOf(period.open);
      const close = minutesOf(period.close);
      const previous = sorted[position - 1]?.period;
      if (close <= open) errors[path] = { key: "ww.field.closeAfterOpen" };
      else if (previous && period.open < previous.close) errors[path] = { key: "ww.field.overlap" };
      else if (close - open < slotMinutes) errors[path] = { key: "ww.field.shorterThanSlot" };
    });
  }
  return errors;
}

export function validateCenter(draft: CenterDraft): CenterErrors {
  const errors: CenterErrors = {};
  const name = draft.name.trim();
  if (name.length < 2 || name.length > 60)
    errors.name = { key: "ww.field.textRange", params: { min: 2, max: 60 } };
  if (draft.nameEn.trim().length > 120) errors.nameEn = { key: "ww.field.textMax", params: { max: 120 } };
  const address = draft.address.trim();
  if (address.length < 2 || address.length > 120)
    errors.address = { key: "ww.field.textRange", params: { min: 2, max: 120 } };
  const phone = draft.phone.trim();
  if (phone && !/^[0-9-]{5,20}$/.test(phone)) errors.phone = { key: "ww.field.phone" };
  if (!wholeIn(draft.windows, 1, 50))
    errors.windows = { key: "ww.field.intRange", params: { min: 1, max: 50 } };
  if (!Number.isInteger(draft.slotMinutes) || draft.slotMinutes < 5 || draft.slotMinutes > 120)
    errors.slotMinutes = { key: "ww.field.intRange", params: { min: 5, max: 120 } };
  if (!wholeIn(draft.cancelCutoffMinutes, 0, 7 * 24 * 60))
    errors.cancelCutoffMinutes = { key: "ww.field.intRange", params: { min: 0, max: 7 * 24 * 60 } };
  if (!wholeIn(draft.maxUpcoming, 1, 10))
    errors.maxUpcoming = { key: "ww.field.intRange", params: { min: 1, max: 10 } };
  if (!wholeIn(draft.bookingDays, 1, 60))
    errors.bookingDays = { key: "ww.field.intRange", params: { min: 1, max: 60 } };
  Object.assign(errors, validateHours(draft.hours, errors.slotMinutes ? 0 : draft.slotMinutes));
  if (WEEKDAYS.every((day) => draft.hours[day].length === 0)) errors.hours = { key: "ww.field.noHours" };
  return errors;
}

const orNull = (text: string) => (text.trim() ? text.trim() : null);

export function centerInput(draft: CenterDraft): Omit<CenterInput, "communityId"> {
  const hours: Partial<Record<Weekday, Period[]>> = {};
  for (const day of WEEKDAYS) {
    if (draft.hours[day].length)
      hours[day] = [...draft.hours[day]].sort((a, b) => a.open.localeCompare(b.open)).map((p) => ({ ...p }));
  }
  return {
    name: draft.name.trim(),
    nameEn: orNull(draft.nameEn),
    address: draft.address.trim(),
    phone: orNull(draft.phone),
    windows: Number(draft.windows.trim()),
    slotMinutes: draft.slotMinutes,
    hours,
    followsHolidayCalendar: draft.followsHolidayCalendar,
    cancelCutoffMinutes: Number(draft.cancelCutoffMinutes.trim()),
    maxUpcoming: Number(draft.maxUpcoming.trim()),
    bookingDays: Number(draft.bookingDays.trim()),
  };
}

// ——— Closures ———

// Residents read the reason: no phone or ID numbers in it (as for legal cancellations).
const NUMBERS = /1[3-9]\d{9}|\d{17}[\dXx]|\d{15}/;

export function validateClosure(
  date: string,
  reason: string,
  today: string,
): Record<"date" | "reason", Problem | undefined> {
  const text = reason.trim();
  return {
    date: !date ? { key: "ww.field.pickDate" } : date < today ? { key: "ww.field.closurePast" } : undefined,
    reason:
      text.length < 2 || text.length > 100
        ? { key: "ww.field.textRange", params: { min: 2, max: 100 } }
        : NUMBERS.test(text.replace(/[\s-]/g, ""))
          ? { key: "ww.field.noNumbers" }
          : undefined,
  };
}
