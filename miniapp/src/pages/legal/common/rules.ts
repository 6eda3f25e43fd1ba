// The residents' side of legal consultations, without I/O: what a slot shows, what a booking
// allows, what an error means. Kept pure so it is tested beside the pages.
import type { ConsultationMode, LegalBooking, LegalCategory, LegalSlot } from "../../../api/legal";
import type { Tone } from "../../../components/tone";
import type { MessageKey } from "../../../i18n";

export const CATEGORIES: LegalCategory[] = [
  "marriage_family",
  "labour",
  "housing_property",
  "neighbour_dispute",
  "contracts_debts",
  "inheritance",
  "consumer_rights",
  "other",
];

export const DESCRIPTION_MIN = 5;
export const DESCRIPTION_MAX = 500;
// The API's rule (functions/src/community/service.ts PHONE_PATTERN), checked early.
const PHONE = /^1[3-9]\d{9}$/;

const KNOWN_ERRORS = [
  "SLOT_FULL",
  "SLOT_STARTED",
  "SLOT_CANCELLED",
  "BOOKING_LIMIT",
  "ALREADY_BOOKED",
  "BOOKING_SUSPENDED",
  "NOT_VERIFIED",
  "CANCEL_CUTOFF_PASSED",
  "ALREADY_CANCELLED",
  "SLOT_AVAILABLE",
  "ALREADY_WAITLISTED",
  "WAITLIST_FULL",
  "NOT_WAITLISTED",
  "SLOT_NOT_FOUND",
  "BOOKING_NOT_FOUND",
  "CONFLICT_RETRY",
  "RATE_LIMITED",
] as const;
type KnownError = (typeof KNOWN_ERRORS)[number];

/** The message for an API error code, or null when the API's own message must do. */
export function errorKey(code: string): MessageKey | null {
  return (KNOWN_ERRORS as readonly string[]).includes(code) ? `legal.error.${code as KnownError}` : null;
}

export interface ErrorLike {
  status: number;
  code: string;
  message: string;
}

/** What to tell the resident about a failed call. */
export function errorText(t: (key: MessageKey) => string, err: unknown): string {
  const e = err as Partial<ErrorLike> | null;
  if (!e || typeof e.code !== "string" || !e.status) return t("common.networkError");
  const key = errorKey(e.code);
  return key ? t(key) : (e.message ?? t("common.networkError"));
}

export interface LawyerGroup {
  lawyer: LegalSlot["lawyer"];
  slots: LegalSlot[];
}

/** Slots grouped by lawyer, lawyers in order of their first slot, slots in time order. */
export function groupByLawyer(slots: LegalSlot[]): LawyerGroup[] {
  const groups = new Map<string, LawyerGroup>();
  const sorted = [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  for (const slot of sorted) {
    let group = groups.get(slot.lawyer.id);
    if (!group) {
      group = { lawyer: slot.lawyer, slots: [] };
      groups.set(slot.lawyer.id, group);
    }
    group.slots.push(slot);
  }
  return [...groups.values()];
}

export type SlotState = "booked" | "waitlisted" | "cancelled" | "started" | "open" | "full";

export function slotState(slot: LegalSlot, nowIso: string): SlotState {
  if (slot.mine?.bookingId) return "booked";
  if (slot.mine?.waitlistPosition) return "waitlisted";
  if (slot.status === "cancelled") return "cancelled";
  if (slot.startsAt <= nowIso) return "started";
  return slot.available > 0 ? "open" : "full";
}

/** Days (YYYY-MM-DD) that still have a slot a resident could book or queue for. */
export function bookableDays(slots: LegalSlot[], nowIso: string): Set<string> {
  const days = new Set<string>();
  for (const slot of slots) {
    const state = slotState(slot, nowIso);
    if (state === "open" || state === "full") days.add(slot.date);
  }
  return days;
}

export interface RequestDraft {
  category: LegalCategory | null;
  description: string;
  contactPhone: string;
}

export type DraftErrors = Partial<Record<keyof RequestDraft, MessageKey>>;

export function validateRequest(draft: RequestDraft, mode: ConsultationMode): DraftErrors {
  const errors: DraftErrors = {};
  if (!draft.category) errors.category = "legal.book.categoryRequired";
  const length = Array.from(draft.description.trim()).length;
  if (length < DESCRIPTION_MIN) errors.description = "legal.book.descriptionShort";
  else if (length > DESCRIPTION_MAX) errors.description = "legal.book.descriptionLong";
  if (mode === "phone" && !PHONE.test(draft.contactPhone.trim()))
    errors.contactPhone = "legal.book.phoneInvalid";
  return errors;
}

export type BookingState =
  | "confirmed"
  | "cancelled"
  | "cancelled_by_center"
  | "attended"
  | "no_show"
  | "awaiting";

/** One word for where a booking stands, the lawyer's record included. */
export function bookingState(booking: LegalBooking, nowIso: string): BookingState {
  if (booking.status !== "confirmed") return booking.status;
  if (booking.attendance) return booking.attendance;
  return booking.endsAt <= nowIso ? "awaiting" : "confirmed";
}

export function canCancel(booking: LegalBooking, nowIso: string): boolean {
  return booking.status === "confirmed" && nowIso < booking.cancelDeadline;
}

export const bookingTone: Record<BookingState, Tone> = {
  confirmed: "green",
  attended: "green",
  awaiting: "orange",
  no_show: "red",
  cancelled: "grey",
  cancelled_by_center: "red",
};
