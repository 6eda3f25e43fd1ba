import { addDays, isoWeekday, shanghaiDate } from "../../functions/src/time/shanghai.js";
import { isWorkingDay } from "../../functions/src/time/working-days.js";

/**
 * The first Monday-to-Friday working day (official calendar) at least `minDays` after `now`'s
 * Shanghai day: a date every center's default hours and any roster can use, whatever day a test runs.
 */
export function nextWeekdayWorkingDay(now: Date, minDays = 2): string {
  let date = addDays(shanghaiDate(now), minDays);
  while (!isWorkingDay(date) || isoWeekday(date) > 5) date = addDays(date, 1);
  return date;
}
