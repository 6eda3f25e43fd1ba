import { ApiError, type FieldIssue } from "../api/errors";
import type { MessageKey, Translate } from "../i18n";

const KNOWN: Record<string, MessageKey> = {
  NOT_STARTED: "lw.err.NOT_STARTED",
  NOT_YOUR_BOOKING: "lw.err.NOT_YOUR_BOOKING",
  BOOKING_CANCELLED: "lw.err.BOOKING_CANCELLED",
  BOOKING_NOT_FOUND: "lw.err.BOOKING_NOT_FOUND",
  LAWYER_ONLY: "lw.err.LAWYER_ONLY",
  STAFF_ONLY: "lw.err.STAFF_ONLY",
  NOT_STAFF_OF_COMMUNITY: "lw.err.NOT_STAFF_OF_COMMUNITY",
  NOT_IN_COMMUNITY: "lw.err.NOT_IN_COMMUNITY",
  ROSTER_OVERLAP: "lw.err.ROSTER_OVERLAP",
  LAWYER_NOT_FOUND: "lw.err.LAWYER_NOT_FOUND",
  SLOT_NOT_FOUND: "lw.err.SLOT_NOT_FOUND",
  SLOT_ENDED: "lw.err.SLOT_ENDED",
  CONFLICT_RETRY: "lw.err.CONFLICT_RETRY",
  VALIDATION_FAILED: "lw.err.VALIDATION_FAILED",
  RATE_LIMITED: "lw.err.RATE_LIMITED",
};

/** Codes that mean "this page is not for you": shown as the page's state, not as a toast. */
export const FORBIDDEN_CODES = new Set(["LAWYER_ONLY", "STAFF_ONLY", "NOT_STAFF_OF_COMMUNITY", "FORBIDDEN"]);

export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 403 || FORBIDDEN_CODES.has(err.code));
}

/** A message for any failure of the legal work pages, in the reader's language where we know the code. */
export function legalErrorMessage(t: Translate, err: unknown): string {
  if (!(err instanceof ApiError) || err.status === 0) return t("common.networkError");
  if (err.code === "ROSTER_OVERLAP") {
    // "王律师 already has a slot on 2026-11-23 at 09:00." → the date and time, in either language.
    const at = /on (\d{4}-\d{2}-\d{2}) at (\d{2}:\d{2})/.exec(err.message);
    if (at) return t("lw.err.ROSTER_OVERLAP_AT", { date: at[1] ?? "", time: at[2] ?? "" });
  }
  const key = KNOWN[err.code];
  if (key) return t(key);
  if (err.status >= 500) return t("common.networkError");
  return t("lw.err.generic", { message: err.message });
}

/** The server's English field messages that we know, as catalogue keys with their numbers. */
const FIELD_MESSAGES: Array<[RegExp, MessageKey, string[]]> = [
  [/end date is before the start date/i, "lw.field.toBeforeFrom", []],
  [/start date has passed/i, "lw.field.fromPassed", []],
  [/^At most (\d+) days per roster/i, "lw.field.tooManyDays", ["days"]],
  [/end time is not after the start time/i, "lw.field.endAfterStart", []],
  [/Not even one slot fits/i, "lw.field.slotTooLong", []],
  [/no future slot/i, "lw.field.noSlots", []],
  [/gives (\d+) slots; at most (\d+)/i, "lw.field.tooManySlots", ["count", "max"]],
  [/at least one weekday/i, "lw.field.weekdays", []],
  [/(At least 10|At most 240) minutes/i, "lw.field.slotRange", []],
  [/phone and ID numbers/i, "lw.field.reasonNoNumbers", []],
  [/Give a reason/i, "lw.field.reason", []],
];

export function translateFieldMessage(t: Translate, message: string): string {
  for (const [pattern, key, names] of FIELD_MESSAGES) {
    const match = pattern.exec(message);
    if (match) {
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = match[i + 1] ?? "";
      });
      return t(key, params);
    }
  }
  return message;
}

/**
 * Field messages keyed by the form field each issue names: the first path segment that is one of
 * `fields` ("body.weekdays.0" → weekdays), so array items land on their field.
 */
export function fieldIssues<F extends string>(
  t: Translate,
  details: FieldIssue[],
  fields: readonly F[],
): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const issue of details) {
    const segments = String(issue.path).split(/[.[\]/]+/);
    const field = segments.find((s): s is F => (fields as readonly string[]).includes(s));
    if (field && !out[field]) out[field] = translateFieldMessage(t, issue.message);
  }
  return out;
}
