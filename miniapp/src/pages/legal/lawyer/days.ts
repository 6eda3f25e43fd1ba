import type { Translate } from "../../../i18n";
import { isoWeekday } from "../../../utils/time";

export interface DayCount {
  date: string;
  slots: number;
  booked: number;
}

/** The strip's days: today, every day with duty, and the day being looked at, in order. */
export function stripDays(today: string, days: DayCount[], selected: string): DayCount[] {
  const byDate = new Map(days.map((day) => [day.date, day]));
  for (const date of [today, selected]) {
    if (!byDate.has(date)) byDate.set(date, { date, slots: 0, booked: 0 });
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** "11月23日" / "23/11". */
export function dayLabel(t: Translate, date: string): string {
  return t("lw.dayLabel", { month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) });
}

/** "周一" / "Mon", or "今天" for today. */
export function weekLabel(t: Translate, date: string, today: string): string {
  if (date === today) return t("lw.today");
  return t("lw.weekdayLabel", { day: t(`lw.weekday.${isoWeekday(date)}` as "lw.weekday.1") });
}

/** "138 0013 8000": a mobile number in the groups people read aloud. */
export function spacedPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
}
