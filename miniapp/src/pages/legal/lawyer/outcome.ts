import type { Attendance, LegalBooking, Outcome } from "../../../api/legal-work";
import type { MessageKey, Translate } from "../../../i18n";

export const OUTCOMES: Outcome[] = [
  "answered",
  "referred_mediation",
  "referred_legal_aid",
  "advised_arbitration_or_court",
];

export interface OutcomeDraft {
  attendance: Attendance | null;
  outcome: Outcome | null;
  notes: string;
}

export const NOTES_MAX = 2000;

export function draftOf(booking: Pick<LegalBooking, "attendance" | "outcome" | "notes">): OutcomeDraft {
  return { attendance: booking.attendance, outcome: booking.outcome, notes: booking.notes ?? "" };
}

export type OutcomeErrors = Partial<Record<"attendance" | "outcome", MessageKey>>;

/** Same rules as the API's outcomeBody: an attended consultation has an outcome, a missed one none. */
export function validateOutcome(draft: OutcomeDraft): OutcomeErrors {
  const errors: OutcomeErrors = {};
  if (!draft.attendance) errors.attendance = "lawyer.pickAttendance";
  else if (draft.attendance === "attended" && !draft.outcome) errors.outcome = "lawyer.pickOutcome";
  return errors;
}

/** The request body for a valid draft; a no-show drops any outcome picked before. */
export function outcomeInput(draft: OutcomeDraft & { attendance: Attendance }) {
  const notes = draft.notes.trim().slice(0, NOTES_MAX);
  return draft.attendance === "attended" && draft.outcome
    ? { attendance: draft.attendance, outcome: draft.outcome, notes }
    : { attendance: draft.attendance, notes };
}

/** "已到场 · 已解答", "未到场", or null when nothing is recorded yet. */
export function resultLabel(
  t: Translate,
  booking: Pick<LegalBooking, "attendance" | "outcome">,
): string | null {
  if (!booking.attendance) return null;
  const attendance = t(`lw.attendance.${booking.attendance}`);
  return booking.attendance === "attended" && booking.outcome
    ? `${attendance} · ${t(`lw.outcome.${booking.outcome}`)}`
    : attendance;
}

/** Whether the consultation has started, so its result can be recorded. */
export function hasStarted(startsAt: string, now: Date = new Date()): boolean {
  return Date.parse(startsAt) <= now.getTime();
}
