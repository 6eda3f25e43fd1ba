// 随手拍 and mediation forms without I/O: the checks (the server's rules, said early in the
// reader's language), the bodies sent, and errors in words. Labels are in cases-labels.
import { redact } from "../../../functions/src/http/redact";
import { sanitizeText } from "../../../functions/src/notices/format";
import type {
  CaseLocation,
  CloseInput,
  DisputeInput,
  DisputeOutcome,
  DisputeType,
  ReferredTo,
  ReportCategory,
  ReportInput,
} from "../api/cases";
import { ApiError } from "../api/errors";
import type { MessageKey, Translate } from "../i18n";
import { shanghaiInstant } from "./time";

export interface Problem {
  key: MessageKey;
  params?: Record<string, string | number>;
}

// As in functions/src/cases/schemas.ts (which this bundle does not load).
export const MAX_CASE_PHOTOS = 6;
export const MAX_DUE_WORKING_DAYS = 60;
export const DEFAULT_DUE_WORKING_DAYS = 5;
export const REPORT_TEXT = { min: 5, max: 1000 };
export const DISPUTE_TEXT = { min: 5, max: 2000 };
export const ADDRESS_MAX = 100;
export const PARTY_NAME_MAX = 30;
export const MAX_PARTIES = 10;
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

// ——— Checks ———

/** As the server measures text: sanitised, then counted; phone and ID numbers are refused. */
export function textProblem(value: string, min: number, max: number, multiline = true): Problem | null {
  const n = sanitizeText(value, multiline).length;
  if (n < min || n > max || value.length > max * 2) return { key: "cr.err.text", params: { min, max } };
  if (redact(value) !== value) return { key: "cr.err.noNumbers" };
  return null;
}

export interface ReportDraft {
  category: ReportCategory | null;
  description: string;
  photos: Array<{ key: string | null; uploading: boolean }>;
  buildingId: string | null;
  unit: string | null;
  address: string;
  point: CaseLocation["point"];
  anonymous: boolean;
}

export type ReportField = "category" | "description" | "photos" | "address";

export function validateReport(draft: ReportDraft): Partial<Record<ReportField, Problem>> {
  const out: Partial<Record<ReportField, Problem>> = {};
  if (!draft.category) out.category = { key: "cr.err.category" };
  const description = textProblem(draft.description, REPORT_TEXT.min, REPORT_TEXT.max);
  if (description)
    out.description =
      description.key === "cr.err.text"
        ? { key: "cr.err.description", params: { min: REPORT_TEXT.min, max: REPORT_TEXT.max } }
        : description;
  if (draft.photos.some((p) => p.uploading || !p.key)) out.photos = { key: "cr.err.photosUploading" };
  const address = textProblem(draft.address, 0, ADDRESS_MAX, false);
  if (address)
    out.address =
      address.key === "cr.err.text" ? { key: "cr.err.address", params: { max: ADDRESS_MAX } } : address;
  else if (!draft.buildingId && !draft.point && !sanitizeText(draft.address, false))
    out.address = { key: "cr.err.where" };
  return out;
}

/** The body of POST /reports (call after validateReport found nothing). */
export function reportInput(draft: ReportDraft): ReportInput {
  return {
    category: draft.category ?? "other",
    description: draft.description.trim(),
    photos: draft.photos.flatMap((p) => (p.key ? [p.key] : [])),
    location: {
      buildingId: draft.buildingId,
      unit: draft.buildingId ? draft.unit : null,
      address: draft.address.trim(),
      point: draft.point,
    },
    anonymous: draft.anonymous,
  };
}

export interface PartyDraft {
  side: "applicant" | "respondent";
  name: string;
  phone: string;
}

export interface DisputeDraft {
  type: DisputeType | null;
  description: string;
  parties: PartyDraft[];
}

export type DisputeField = "type" | "description" | "parties" | "behalf";

export interface DisputeProblems {
  fields: Partial<Record<DisputeField, Problem>>;
  /** By the party's place in the list. */
  parties: Array<{ name?: Problem; phone?: Problem }>;
}

/** `needsBehalf`: staff filing for a resident must have chosen one (`hasBehalf`). */
export function validateDispute(
  draft: DisputeDraft,
  who: { needsBehalf: boolean; hasBehalf: boolean },
): DisputeProblems {
  const fields: DisputeProblems["fields"] = {};
  if (!draft.type) fields.type = { key: "cr.err.type" };
  const description = textProblem(draft.description, DISPUTE_TEXT.min, DISPUTE_TEXT.max);
  if (description)
    fields.description =
      description.key === "cr.err.text"
        ? { key: "cr.err.description", params: { min: DISPUTE_TEXT.min, max: DISPUTE_TEXT.max } }
        : description;
  const parties = draft.parties.map((party) => {
    const out: { name?: Problem; phone?: Problem } = {};
    const name = sanitizeText(party.name, false);
    if (name.length < 1) out.name = { key: "cr.err.party" };
    else if (name.length > PARTY_NAME_MAX || party.name.length > PARTY_NAME_MAX * 2)
      out.name = { key: "cr.err.partyName", params: { max: PARTY_NAME_MAX } };
    else if (redact(party.name) !== party.name) out.name = { key: "cr.err.noNumbers" };
    const phone = party.phone.trim();
    if (phone && !PHONE_PATTERN.test(phone)) out.phone = { key: "cr.err.phone" };
    return out;
  });
  if (draft.parties.length === 0) fields.parties = { key: "cr.err.party" };
  if (who.needsBehalf && !who.hasBehalf) fields.behalf = { key: "cr.err.behalf" };
  return { fields, parties };
}

export const disputeValid = (problems: DisputeProblems) =>
  Object.keys(problems.fields).length === 0 && problems.parties.every((p) => !p.name && !p.phone);

/** The body of POST /disputes: the caller (or the resident filed for) is the applicant, added by the server. */
export function disputeInput(
  draft: DisputeDraft,
  extra: { onBehalfOf?: string; referralBookingId?: string },
): DisputeInput {
  return {
    type: draft.type ?? "other",
    description: draft.description.trim(),
    parties: draft.parties.map((p) => ({
      side: p.side,
      name: p.name.trim(),
      userId: null,
      phone: p.phone.trim() || null,
    })),
    ...(extra.onBehalfOf ? { onBehalfOf: extra.onBehalfOf } : {}),
    ...(extra.referralBookingId ? { referralBookingId: extra.referralBookingId } : {}),
  };
}

/** A whole number of working days the server accepts, or null. */
export function dueDaysProblem(days: number): Problem | null {
  return Number.isInteger(days) && days >= 1 && days <= MAX_DUE_WORKING_DAYS
    ? null
    : { key: "cr.err.days", params: { max: MAX_DUE_WORKING_DAYS } };
}

/**
 * What staff typed to merge into: a case number however it was spaced or cased (HX 20261122 0042 →
 * HX-20261122-0042), or a case id; null if neither (a number cut short is not taken for an id).
 */
export function caseRef(input: string): string | null {
  const trimmed = input.trim();
  const number = /^(HX|TJ)[\s-]*(\d{8})[\s-]*(\d{4,})$/i.exec(trimmed);
  if (number) return `${number[1]?.toUpperCase()}-${number[2]}-${number[3]}`;
  if (/^(HX|TJ)[\s-]*\d/i.test(trimmed)) return null;
  return ID_PATTERN.test(trimmed) && trimmed.length >= 6 ? trimmed : null;
}

export function mergeProblem(input: string, self: { id: string; number: string }): Problem | null {
  const ref = caseRef(input);
  if (!ref) return { key: "cr.err.caseNumber" };
  if (ref === self.id || ref === self.number) return { key: "cr.err.mergeSelf" };
  return null;
}

// ——— Mediation ———

export const PLACE = { min: 2, max: 60 };
export const SUMMARY = { min: 2, max: 1000 };
export const AGREEMENT = { min: 5, max: 3000 };
export const CLOSE_NOTE_MAX = 500;
/** A default for the mediator to take a dispute through: about three weeks; staff change it. */
export const DEFAULT_MEDIATION_WORKING_DAYS = 15;

/** A session's time (Shanghai date and time) and place; the time must be ahead of `now`. */
export function sessionProblems(
  session: { date: string; time: string; place: string },
  now: Date,
): { when?: Problem; place?: Problem } {
  const out: { when?: Problem; place?: Problem } = {};
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(session.date) && /^\d{2}:\d{2}$/.test(session.time);
  if (!valid || Date.parse(shanghaiInstant(session.date, session.time)) <= now.getTime())
    out.when = { key: "cr.err.when" };
  const place = textProblem(session.place, PLACE.min, PLACE.max, false);
  if (place) out.place = place;
  return out;
}

export interface CloseDraft {
  outcome: DisputeOutcome | null;
  agreement: string;
  referredTo: ReferredTo | null;
  note: string;
}

export function closeProblem(draft: CloseDraft): Problem | null {
  if (!draft.outcome) return { key: "cr.err.outcome" };
  if (draft.outcome === "settled") return textProblem(draft.agreement, AGREEMENT.min, AGREEMENT.max);
  if (draft.outcome === "not_settled" && !draft.referredTo) return { key: "cr.err.referredTo" };
  return draft.note.trim() ? textProblem(draft.note, 0, CLOSE_NOTE_MAX) : null;
}

/** The body of POST /disputes/{id}/close for the chosen outcome (call after closeProblem found nothing). */
export function closeInput(draft: CloseDraft): CloseInput {
  const note = draft.note.trim();
  if (draft.outcome === "settled") return { outcome: "settled", agreement: draft.agreement.trim() };
  if (draft.outcome === "not_settled")
    return {
      outcome: "not_settled",
      referredTo: draft.referredTo ?? "other_body",
      ...(note ? { note } : {}),
    };
  return { outcome: "withdrawn", ...(note ? { note } : {}) };
}

// ——— Errors ———

const CODE_KEYS: Record<string, MessageKey> = {
  CASE_NOT_FOUND: "cr.err.CASE_NOT_FOUND",
  NOT_FOUND: "cr.err.CASE_NOT_FOUND",
  DISPUTE_PRIVATE: "cr.err.DISPUTE_PRIVATE",
  DISPUTES_PRIVATE: "cr.err.DISPUTE_PRIVATE",
  ALREADY_REFERRED: "cr.err.ALREADY_REFERRED",
  FORBIDDEN: "cr.err.FORBIDDEN",
  STAFF_ONLY: "cr.err.FORBIDDEN",
  NOT_STAFF_OF_COMMUNITY: "cr.err.FORBIDDEN",
  NOT_IN_COMMUNITY: "cr.err.FORBIDDEN",
  NOT_VERIFIED: "cr.err.NOT_VERIFIED",
  NOT_MEDIATOR: "cr.err.NOT_MEDIATOR",
  NOT_SUPERVISOR: "cr.err.NOT_SUPERVISOR",
  NOT_HANDLER: "cr.err.NOT_HANDLER",
  NOT_REPORTER: "cr.err.NOT_REPORTER",
  SESSION_RECORDED: "cr.err.SESSION_RECORDED",
  TOO_MANY_SESSIONS: "cr.err.TOO_MANY_SESSIONS",
  CASE_NOT_SUBMITTED: "cr.err.CASE_NOT_SUBMITTED",
  CASE_NOT_DISPATCHED: "cr.err.CASE_NOT_DISPATCHED",
  CASE_NOT_RESOLVED: "cr.err.CASE_NOT_RESOLVED",
  CASE_CLOSED: "cr.err.CASE_CLOSED",
  NO_MEDIATOR: "cr.err.NO_MEDIATOR",
  CASE_CHANGED: "cr.err.CASE_CHANGED",
  DEPARTMENT_CHANGED: "cr.err.DEPARTMENT_CHANGED",
  VALIDATION_FAILED: "cr.err.VALIDATION_FAILED",
  RATE_LIMITED: "cr.err.RATE_LIMITED",
  IDEMPOTENCY_IN_PROGRESS: "cr.err.IN_PROGRESS",
};

/** A failure of these pages in the reader's language: by code where we know it (never the server's words). */
export function caseErrorProblem(err: unknown): Problem {
  if (!(err instanceof ApiError) || err.status === 0) return { key: "common.networkError" };
  const key = CODE_KEYS[err.code];
  if (key) return { key };
  if (err.status === 403) return { key: "cr.err.FORBIDDEN" };
  if (err.status === 404) return { key: "cr.err.CASE_NOT_FOUND" };
  if (err.status >= 500) return { key: "common.networkError" };
  return { key: "cr.err.generic" };
}

export const caseErrorText = (t: Translate, err: unknown) => {
  const problem = caseErrorProblem(err);
  return t(problem.key, problem.params);
};

/** Refused for who is asking, not for a passing reason: retrying will not help. */
export const isRefusal = (err: unknown) =>
  err instanceof ApiError && (err.status === 403 || err.status === 404);
