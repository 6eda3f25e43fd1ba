/**
 * The official public holidays and make-up working days (调休) of mainland China, as published
 * each year by the General Office of the State Council (国务院办公厅关于…部分节假日安排的通知).
 * Data only: add a year when its notice is published (usually in November of the year before).
 * A date outside the years listed here follows the plain rule (Monday–Friday work), and the API
 * says so (`calendarKnown: false`), so nobody mistakes a guess for the official calendar.
 */
export interface HolidayYear {
  /** Days off, each with the holiday's Chinese name. */
  holidays: Record<string, string>;
  /** Weekend days that are working days, with the holiday they make up for. */
  workdays: Record<string, string>;
}

const range = (from: string, to: string, name: string): Record<string, string> => {
  const days: Record<string, string> = {};
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    days[new Date(ms).toISOString().slice(0, 10)] = name;
  }
  return days;
};

export const holidayCalendar: Record<number, HolidayYear> = {
  // 国办发明电〔2024〕12号
  2025: {
    holidays: {
      ...range("2025-01-01", "2025-01-01", "元旦"),
      ...range("2025-01-28", "2025-02-04", "春节"),
      ...range("2025-04-04", "2025-04-06", "清明节"),
      ...range("2025-05-01", "2025-05-05", "劳动节"),
      ...range("2025-05-31", "2025-06-02", "端午节"),
      ...range("2025-10-01", "2025-10-08", "国庆节、中秋节"),
    },
    workdays: {
      "2025-01-26": "春节",
      "2025-02-08": "春节",
      "2025-04-27": "劳动节",
      "2025-09-28": "国庆节、中秋节",
      "2025-10-11": "国庆节、中秋节",
    },
  },
  // 国办发明电〔2025〕7号
  2026: {
    holidays: {
      ...range("2026-01-01", "2026-01-03", "元旦"),
      ...range("2026-02-15", "2026-02-23", "春节"),
      ...range("2026-04-04", "2026-04-06", "清明节"),
      ...range("2026-05-01", "2026-05-05", "劳动节"),
      ...range("2026-06-19", "2026-06-21", "端午节"),
      ...range("2026-09-25", "2026-09-27", "中秋节"),
      ...range("2026-10-01", "2026-10-07", "国庆节"),
    },
    workdays: {
      "2026-01-04": "元旦",
      "2026-02-14": "春节",
      "2026-02-28": "春节",
      "2026-05-09": "劳动节",
      "2026-09-20": "国庆节",
      "2026-10-10": "国庆节",
    },
  },
};
