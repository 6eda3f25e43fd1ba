import { ApiError, type FieldIssue } from "../api/errors";
import type { MessageKey, Translate } from "../i18n";

// What the window's staff pages can meet (functions/src/window/*), in the reader's language.
const KNOWN: Record<string, MessageKey> = {
  WRONG_CENTER: "ww.err.WRONG_CENTER",
  ALREADY_CHECKED_IN: "ww.err.ALREADY_CHECKED_IN",
  ALREADY_HANDLED: "ww.err.ALREADY_HANDLED",
  APPOINTMENT_CANCELLED: "ww.err.APPOINTMENT_CANCELLED",
  APPOINTMENT_NOT_FOUND: "ww.err.APPOINTMENT_NOT_FOUND",
  NOT_CHECKED_IN: "ww.err.NOT_CHECKED_IN",
  PROXY_NOT_ALLOWED: "ww.err.PROXY_NOT_ALLOWED",
  ALREADY_TAKEN_IN: "ww.err.ALREADY_TAKEN_IN",
  PROXY_STATUS: "ww.err.PROXY_STATUS",
  PROXY_NOT_FOUND: "ww.err.PROXY_NOT_FOUND",
  CENTER_NOT_FOUND: "ww.err.CENTER_NOT_FOUND",
  CLOSURE_NOT_FOUND: "ww.err.CLOSURE_NOT_FOUND",
  MATTER_NOT_FOUND: "ww.err.MATTER_NOT_FOUND",
  EDIT_CONFLICT: "ww.err.EDIT_CONFLICT",
  SLOT_FULL: "ww.err.SLOT_FULL",
  SLOT_STARTED: "ww.err.SLOT_STARTED",
  BEYOND_HORIZON: "ww.err.BEYOND_HORIZON",
  MATTER_RETIRED: "ww.err.MATTER_RETIRED",
  NOT_VERIFIED: "ww.err.NOT_VERIFIED",
  USER_NOT_FOUND: "ww.err.USER_NOT_FOUND",
  BOOKING_LIMIT: "ww.err.BOOKING_LIMIT",
  STAFF_ONLY: "ww.err.STAFF_ONLY",
  NOT_STAFF_OF_COMMUNITY: "ww.err.NOT_STAFF_OF_COMMUNITY",
  NOT_IN_COMMUNITY: "ww.err.NOT_STAFF_OF_COMMUNITY",
  IDEMPOTENCY_IN_PROGRESS: "ww.err.IN_PROGRESS",
  CONFLICT_RETRY: "ww.err.IN_PROGRESS",
  VALIDATION_FAILED: "ww.err.VALIDATION_FAILED",
  RATE_LIMITED: "ww.err.RATE_LIMITED",
};

/** Codes that mean "this page is not for you": shown as the page's state, not as a toast. */
const FORBIDDEN_CODES = new Set(["STAFF_ONLY", "NOT_STAFF_OF_COMMUNITY", "FORBIDDEN"]);

export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 403 || FORBIDDEN_CODES.has(err.code));
}

/** No center set up yet: the manage page offers to create one, the others point there. */
export function isNoCenter(err: unknown): boolean {
  return err instanceof ApiError && err.code === "CENTER_NOT_FOUND";
}

/** A message for any failure of the window's staff pages. */
export function windowErrorMessage(t: Translate, err: unknown): string {
  if (!(err instanceof ApiError) || err.status === 0) return t("common.networkError");
  switch (err.code) {
    case "TICKET_NOT_FOUND": {
      // "No appointment has the ticket code ABCD2345." → the code, so staff can read it back.
      const code = /ticket code ([A-Z0-9]+)/i.exec(err.message)?.[1];
      return code ? t("ww.err.TICKET_NOT_FOUND_CODE", { code }) : t("ww.err.TICKET_NOT_FOUND");
    }
    case "WRONG_DAY": {
      // "This ticket is for 2026-11-23, not today (2026-11-22)."
      const date = /for (\d{4}-\d{2}-\d{2})/.exec(err.message)?.[1];
      return date ? t("ww.err.WRONG_DAY_DATE", { date }) : t("ww.err.WRONG_DAY");
    }
    case "CENTER_CLOSED": {
      // "The center is closed on 2026-10-01: 国庆节."
      const match = /closed on (\d{4}-\d{2}-\d{2})(?::\s*(.+?))?\.?$/.exec(err.message);
      if (match?.[2]) return t("ww.err.CENTER_CLOSED_REASON", { date: match[1] ?? "", reason: match[2] });
      return t("ww.err.CENTER_CLOSED");
    }
    case "BOOKING_LIMIT": {
      // details name the limit ("same_matter_same_day", "max_upcoming:3"); older servers only said it.
      const limit = err.details.find((issue) => issue.path === "limit")?.message ?? "";
      if (limit === "same_matter_same_day" || /this matter on that day/i.test(err.message))
        return t("ww.err.BOOKING_LIMIT_DAY");
      const count =
        /^max_upcoming:(\d+)$/.exec(limit)?.[1] ?? /already have (\d+) upcoming/i.exec(err.message)?.[1];
      if (count) return t("ww.err.BOOKING_LIMIT_UPCOMING", { count });
      break;
    }
    case "MATERIALS_INCOMPLETE": {
      const names = err.details.map((issue) => issue.message).filter(Boolean);
      if (names.length) return t("ww.err.MATERIALS_INCOMPLETE_NAMES", { names: names.join("、") });
      return t("ww.err.MATERIALS_INCOMPLETE");
    }
    default:
  }
  const key = KNOWN[err.code];
  if (key) return t(key);
  if (err.status >= 500) return t("common.networkError");
  return t("ww.err.generic", { message: err.message });
}

/** The server's English field messages we know (functions/src/window/service.ts, schemas.ts). */
const FIELD_MESSAGES: Array<[RegExp, MessageKey]> = [
  [/Closes before it opens/i, "ww.field.closeAfterOpen"],
  [/Overlaps the period before/i, "ww.field.overlap"],
  [/Shorter than one slot/i, "ww.field.shorterThanSlot"],
  [/Duplicate material id/i, "ww.field.duplicateMaterial"],
  [/day that has passed cannot be closed/i, "ww.field.closurePast"],
  [/^Digits and dashes/i, "ww.field.phone"],
  [/time written HH:MM/i, "ww.field.time"],
  [/date written YYYY-MM-DD/i, "ww.field.date"],
  [/end date is before the start date|Before the start/i, "ww.field.toBeforeFrom"],
  [/^At most (\d+) days/i, "ww.field.periodTooLong"],
  [/Name what was missing/i, "ww.field.missingPick"],
  [/Not a center of this community/i, "ww.err.CENTER_NOT_FOUND"],
];

/**
 * Field messages keyed by their path without the request part ("body.materials.2.name" →
 * "materials.2.name"; "query.to" → "to"). Known server messages are translated; for the others
 * `fallback(path)` (the form's own rule for that field) is used before the server's English.
 */
export function issuesByPath(
  t: Translate,
  details: FieldIssue[],
  fallback: (path: string) => string | null = () => null,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of details) {
    const path = String(issue.path)
      .split(/[.[\]/]+/)
      .filter(Boolean)
      .filter((segment, index) => index > 0 || !["body", "json", "query", "param"].includes(segment))
      .join(".");
    if (path in out) continue;
    const known = FIELD_MESSAGES.find(([pattern]) => pattern.test(issue.message));
    if (known) {
      const days = /^At most (\d+) days/i.exec(issue.message)?.[1];
      out[path] = t(known[1], days ? { days } : undefined);
    } else {
      out[path] = fallback(path) ?? issue.message;
    }
  }
  return out;
}

/** The first message whose path is `field` or lies under it ("hours" ← "hours.1.0"). */
export function issueUnder(issues: Record<string, string>, field: string): string | undefined {
  if (issues[field]) return issues[field];
  const key = Object.keys(issues).find((path) => path.startsWith(`${field}.`));
  return key ? issues[key] : undefined;
}
