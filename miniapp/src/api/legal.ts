// Residents' side of legal consultations. Shapes come from the API's own schemas.
import type { z } from "@hono/zod-openapi";
import type {
  bookingSchema,
  consultationModeSchema,
  lawyerSchema,
  legalCategorySchema,
  outcomeSchema,
  slotSchema,
  waitlistBody,
  waitlistSchema,
} from "../../../functions/src/legal/schemas";
import { client } from "./client";
import { unwrap } from "./errors";

export type LegalSlot = z.infer<typeof slotSchema>;
export type LegalLawyer = z.infer<typeof lawyerSchema>;
export type LegalBooking = z.infer<typeof bookingSchema>;
export type LegalWaitlistEntry = z.infer<typeof waitlistSchema>;
export type LegalCategory = z.infer<typeof legalCategorySchema>;
export type ConsultationMode = z.infer<typeof consultationModeSchema>;
export type LegalOutcome = z.infer<typeof outcomeSchema>;
/** What a resident tells the lawyer, for a booking or a waitlist place. */
export type LegalRequest = z.input<typeof waitlistBody>;

export interface SlotRange {
  from: string;
  to: string;
  slots: LegalSlot[];
}

export interface MyBookings {
  items: LegalBooking[];
  nextCursor: string | null;
  waitlist: LegalWaitlistEntry[];
  suspendedUntil: string | null;
}

const legal = client.api.v1.legal;

/** Slots of the resident's community; without dates the API answers the next 14 days. */
export async function listSlots(
  range: { from?: string; to?: string; lawyerId?: string } = {},
): Promise<SlotRange> {
  const query: { from?: string; to?: string; lawyerId?: string } = {};
  if (range.from) query.from = range.from;
  if (range.to) query.to = range.to;
  if (range.lawyerId) query.lawyerId = range.lawyerId;
  return unwrap(legal.slots.$get({ query }));
}

export async function getSlot(slotId: string): Promise<{ slot: LegalSlot; lawyer: LegalLawyer | null }> {
  return unwrap(legal.slots[":slotId"].$get({ param: { slotId } }));
}

/** `key` makes a retried submission (double tap, flaky network) book one seat only. */
export async function bookSlot(slotId: string, request: LegalRequest, key: string): Promise<LegalBooking> {
  const body: { booking: LegalBooking } = await unwrap(
    legal.bookings.$post({ json: { slotId, ...request } }, { headers: { "Idempotency-Key": key } }),
  );
  return body.booking;
}

export async function joinWaitlist(
  slotId: string,
  request: LegalRequest,
  key: string,
): Promise<LegalWaitlistEntry> {
  const body: { waitlist: LegalWaitlistEntry } = await unwrap(
    legal.slots[":slotId"].waitlist.$post(
      { param: { slotId }, json: request },
      { headers: { "Idempotency-Key": key } },
    ),
  );
  return body.waitlist;
}

export async function leaveWaitlist(slotId: string): Promise<void> {
  await unwrap(legal.slots[":slotId"].waitlist.$delete({ param: { slotId } }));
}

export async function listMyBookings(when: "upcoming" | "past", cursor?: string): Promise<MyBookings> {
  const query: { when: "upcoming" | "past"; cursor?: string } = { when };
  if (cursor) query.cursor = cursor;
  return unwrap(legal.bookings.mine.$get({ query }));
}

export async function getBooking(bookingId: string): Promise<LegalBooking> {
  const body: { booking: LegalBooking } = await unwrap(
    legal.bookings[":bookingId"].$get({ param: { bookingId } }),
  );
  return body.booking;
}

export async function cancelBooking(bookingId: string): Promise<LegalBooking> {
  const body: { booking: LegalBooking } = await unwrap(
    legal.bookings[":bookingId"].cancel.$post({ param: { bookingId } }),
  );
  return body.booking;
}
