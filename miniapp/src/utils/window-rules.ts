// The residents' side of window appointments without I/O: the checklist, the booking calendar,
// what an error means. Kept pure so it is tested beside the pages.
import type {
  AppointmentStatus,
  LastVisit,
  Material,
  MatterCategory,
  ProxyStatus,
  WindowDay,
} from "../api/window";
import type { Tone } from "../components/tone";
import type { MessageKey, Translate } from "../i18n";
import { formatDay, weekdayOf } from "./legal-format";
import { addDays, isoWeekday, shanghaiClock } from "./time";
import { holidayName } from "./window-format";

export const CATEGORIES: MatterCategory[] = [
  "civil_affairs",
  "social_security",
  "medical_insurance",
  "employment",
  "family_births",
  "elderly_disability",
  "certificates",
];

// ——— The checklist ———

/** Required materials not yet ticked, in checklist order. */
export function requiredLeft(materials: readonly Material[], ticked: ReadonlySet<string>): Material[] {
  return materials.filter((material) => material.required && !ticked.has(material.id));
}

/** The material ids of the last visit that ended with materials missing (none otherwise). */
export function missingLastTime(lastVisit: LastVisit | null): Set<string> {
  if (lastVisit?.result !== "materials_missing") return new Set();
  return new Set(lastVisit.missing.map((m) => m.id));
}

const MATERIAL_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Ids for the `confirmed` query parameter: comma-separated, as material ids have no commas. */
export function joinIds(ids: Iterable<string>): string {
  return [...ids].filter((id) => MATERIAL_ID.test(id)).join(",");
}

export function parseIds(param: string | undefined): string[] {
  if (!param) return [];
  const ids = decodeURIComponent(param)
    .split(",")
    .map((id) => id.trim())
    .filter((id) => MATERIAL_ID.test(id));
  return [...new Set(ids)];
}

// ——— The booking calendar ———

export type DayTone = "open" | "full" | "closed" | "out";

export interface DayCell {
  date: string;
  tone: DayTone;
  /** The short word in the calendar cell: seats left, 已约满, 国庆节, 周末, 闭馆… */
  label: string;
  /** A weekend working day (调休上班). */
  makeUp: boolean;
}

/** How one day of the booking calendar looks; `today` is the Shanghai date now. */
export function dayCell(t: Translate, day: WindowDay, today: string): DayCell {
  const base = { date: day.date, makeUp: Boolean(day.makeUpFor) };
  if (day.open) {
    if (day.available > 0)
      return { ...base, tone: "open", label: t("wr.book.seatsLeft", { count: day.available }) };
    return { ...base, tone: "full", label: t(day.date === today ? "wr.book.over" : "wr.book.full") };
  }
  switch (day.closedBecause) {
    case "holiday":
      return { ...base, tone: "closed", label: holidayName(t, day.reason ?? "") };
    case "weekend":
      return { ...base, tone: "closed", label: t("wr.book.weekend") };
    case "closure":
      return { ...base, tone: "closed", label: t("wr.book.closure") };
    case "no_hours":
      return { ...base, tone: "closed", label: t("wr.book.noHours") };
    default:
      return { ...base, tone: "out", label: "" };
  }
}

/** The days in weeks of seven, Monday first; null pads the first and last week. */
export function calendarWeeks<T extends { date: string }>(days: readonly T[]): Array<Array<T | null>> {
  const first = days[0];
  if (!first) return [];
  const cells: Array<T | null> = [...Array.from({ length: isoWeekday(first.date) - 1 }, () => null), ...days];
  while (cells.length % 7) cells.push(null);
  const weeks: Array<Array<T | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/**
 * The sentences under the calendar: holidays and closures with their reasons (a run of days
 * with the same reason in one line), and make-up working days. Weekends need no sentence.
 */
export function dayNotes(t: Translate, days: readonly WindowDay[]): string[] {
  const one = (date: string) =>
    t("wr.book.dayWeekday", { date: formatDay(t, date), weekday: weekdayOf(t, date) });
  const when = (from: string, to: string) =>
    from === to ? one(from) : t("wr.hours.span", { from: formatDay(t, from), to: formatDay(t, to) });
  const notes: string[] = [];
  let run: { kind: "holiday" | "closure"; reason: string; from: string; to: string } | null = null;
  const flush = () => {
    if (!run) return;
    notes.push(
      run.kind === "holiday"
        ? t("wr.book.holidayOn", { when: when(run.from, run.to), holiday: holidayName(t, run.reason) })
        : t("wr.book.closureOn", { when: when(run.from, run.to), reason: run.reason }),
    );
    run = null;
  };
  for (const day of days) {
    const kind =
      day.closedBecause === "holiday" || day.closedBecause === "closure" ? day.closedBecause : null;
    const reason = day.reason ?? "";
    if (kind && run && run.kind === kind && run.reason === reason && addDays(run.to, 1) === day.date) {
      run.to = day.date;
      continue;
    }
    flush();
    if (kind) run = { kind, reason, from: day.date, to: day.date };
    else if (day.makeUpFor)
      notes.push(t("wr.book.makeUpFor", { when: one(day.date), holiday: holidayName(t, day.makeUpFor) }));
  }
  flush();
  return notes;
}

/** Morning or afternoon (Shanghai time) of a slot start. */
export function slotPeriod(startsAt: string): "morning" | "afternoon" {
  return shanghaiClock(startsAt) < "12:00" ? "morning" : "afternoon";
}

// ——— Statuses ———

export const appointmentTone: Record<AppointmentStatus, Tone> = {
  booked: "green",
  checked_in: "green",
  done: "green",
  materials_missing: "orange",
  no_show: "red",
  cancelled: "grey",
  cancelled_by_center: "red",
};

export const proxyTone: Record<ProxyStatus, Tone> = {
  received: "orange",
  in_progress: "orange",
  done: "green",
  returned: "red",
};

/** Whether the ticket (QR code and code) is still to be shown at the window. */
export const showsTicket = (status: AppointmentStatus) => status === "booked" || status === "checked_in";

// ——— Errors ———

const KNOWN_ERRORS = [
  "SLOT_FULL",
  "SLOT_STARTED",
  "BOOKING_LIMIT",
  "CENTER_CLOSED",
  "BEYOND_HORIZON",
  "MATTER_RETIRED",
  "NOT_VERIFIED",
  "CANCEL_CUTOFF_PASSED",
  "NOT_CANCELLABLE",
  "MATTER_NOT_FOUND",
  "APPOINTMENT_NOT_FOUND",
  "CENTER_NOT_FOUND",
  "CONFLICT_RETRY",
  "IDEMPOTENCY_IN_PROGRESS",
  "RATE_LIMITED",
] as const;
type KnownError = (typeof KNOWN_ERRORS)[number];

export interface ErrorLike {
  status: number;
  code: string;
  message: string;
  details?: Array<{ path: string; message: string }>;
}

/** The message for an API error code, or null when the API's own message must do. */
export function errorKey(code: string): MessageKey | null {
  return (KNOWN_ERRORS as readonly string[]).includes(code) ? `wr.error.${code as KnownError}` : null;
}

/** What to tell the resident about a failed call. MATERIALS_INCOMPLETE names each material. */
export function windowErrorText(t: Translate, err: unknown): string {
  const e = err as Partial<ErrorLike> | null;
  if (!e || typeof e.code !== "string" || !e.status) return t("common.networkError");
  if (e.code === "MATERIALS_INCOMPLETE") {
    const names = (e.details ?? []).map((d) => d.message).filter(Boolean);
    return t("wr.error.MATERIALS_INCOMPLETE", { list: names.join(t("wr.list.sep")) });
  }
  if (e.code === "BOOKING_LIMIT") {
    // The API says which limit in its details: "same_matter_same_day" or "max_upcoming:<n>".
    const limit = e.details?.find((d) => d.path === "limit")?.message ?? "";
    if (limit === "same_matter_same_day") return t("wr.error.BOOKING_LIMIT_DAY");
    const most = /^max_upcoming:(\d+)$/.exec(limit)?.[1];
    if (most) return t("wr.error.BOOKING_LIMIT_UPCOMING", { count: Number(most) });
  }
  const key = errorKey(e.code);
  return key ? t(key) : (e.message ?? t("common.networkError"));
}
