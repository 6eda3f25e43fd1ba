/**
 * Working days by the official calendar (holidays-cn.ts): the window's opening days, the promised
 * processing time of a matter, and any deadline counted in working days.
 */
import { type HolidayYear, holidayCalendar } from "./holidays-cn.js";
import { addDays, isoWeekday } from "./shanghai.js";

export interface DayKind {
  working: boolean;
  /** Why a weekday is off (the holiday's name), or which holiday a weekend working day makes up for. */
  holiday: string | null;
  makeUpFor: string | null;
  /** False when the year is not in the calendar file: only the Monday–Friday rule was applied. */
  calendarKnown: boolean;
}

export function dayKind(date: string, calendar: Record<number, HolidayYear> = holidayCalendar): DayKind {
  const year = calendar[Number(date.slice(0, 4))];
  const holiday = year?.holidays[date] ?? null;
  const makeUpFor = year?.workdays[date] ?? null;
  const weekend = isoWeekday(date) >= 6;
  return {
    working: holiday ? false : makeUpFor ? true : !weekend,
    holiday,
    makeUpFor,
    calendarKnown: Boolean(year),
  };
}

export const isWorkingDay = (date: string) => dayKind(date).working;

/** The date `days` working days after `date` (the day itself does not count). */
export function addWorkingDays(date: string, days: number): string {
  let current = date;
  let left = days;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) left--;
  }
  return current;
}
