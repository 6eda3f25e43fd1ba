// How window matters, days and tickets read, in the reader's language. Pure, tested beside it.
import type { Translate } from "../i18n";
import { shanghaiClock } from "./time";

type Locale = "zh-CN" | "en";

/** The English text where there is one and the reader wants English, else the Chinese. */
export function localized(locale: Locale, zh: string, en: string | null | undefined): string {
  return locale === "en" && en ? en : zh;
}

/** "即办" for 0, else "5 个工作日". */
export function processingText(t: Translate, days: number): string {
  return days === 0 ? t("wr.processing.onSpot") : t("wr.processing.days", { days });
}

/** "免费", or "¥12.50" (whole yuan without decimals). */
export function feeText(t: Translate, fee: number): string {
  if (fee <= 0) return t("wr.fee.free");
  return t("wr.fee.amount", { amount: Number.isInteger(fee) ? String(fee) : fee.toFixed(2) });
}

/** "ABCD EFGH": the ticket code in groups of four, easy to read out at the window. */
export function spacedCode(code: string): string {
  return (code.match(/.{1,4}/g) ?? []).join(" ");
}

/** "0930" from a slot start: the Shanghai wall-clock time without the colon (element ids). */
export function slotKey(startsAt: string): string {
  return shanghaiClock(startsAt).replace(":", "");
}

const HOLIDAYS: Record<
  string,
  "new_year" | "spring" | "qingming" | "labour" | "dragon_boat" | "mid_autumn" | "national"
> = {
  元旦: "new_year",
  春节: "spring",
  清明节: "qingming",
  劳动节: "labour",
  端午节: "dragon_boat",
  中秋节: "mid_autumn",
  国庆节: "national",
};

/** The official holiday's name ("国庆节、中秋节") in the reader's language; unknown names as they are. */
export function holidayName(t: Translate, name: string): string {
  return name
    .split("、")
    .map((part) => {
      const key = HOLIDAYS[part.trim()];
      return key ? t(`wr.holiday.${key}`) : part;
    })
    .join(t("wr.list.sep"));
}

interface Period {
  open: string;
  close: string;
}

/**
 * Opening hours as lines, neighbouring weekdays with the same periods run together:
 * "周一至周五 09:00–12:00、13:30–17:00", "周六 09:00–12:00". Closed weekdays are left out.
 */
export function hoursLines(t: Translate, hours: Record<string, Period[]>): string[] {
  const groups: Array<{ from: number; to: number; periods: string }> = [];
  for (let day = 1; day <= 7; day++) {
    const periods = (hours[String(day)] ?? [])
      .map((p) => `${p.open}\u2060–\u2060${p.close}`)
      .join(t("wr.list.sep"));
    if (!periods) continue;
    const last = groups[groups.length - 1];
    if (last && last.periods === periods && last.to === day - 1) last.to = day;
    else groups.push({ from: day, to: day, periods });
  }
  const name = (day: number) => t(`legal.weekday.${day as 1 | 2 | 3 | 4 | 5 | 6 | 7}`);
  return groups.map((group) =>
    t("wr.hours.line", {
      days:
        group.from === group.to
          ? name(group.from)
          : t("wr.hours.span", { from: name(group.from), to: name(group.to) }),
      periods: group.periods,
    }),
  );
}
