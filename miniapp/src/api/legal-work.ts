// The lawyer's and the staff's side of legal consultations. Shapes come from the API's own schemas.
import type { z } from "@hono/zod-openapi";
import type { buildingSchema, householdSchema } from "../../../functions/src/community/schemas";
import type {
  Attendance,
  BookingView,
  ConsultationMode,
  LegalCategory,
  lawyerSchema,
  Outcome,
  rosterBody,
  rosterSchema,
  SlotView,
  settingsBody,
  settingsSchema,
  statsSchema,
} from "../../../functions/src/legal/schemas";
import type { Relation } from "../../../functions/src/users/schemas";
import { client } from "./client";
import { unwrap } from "./errors";

export type { Attendance, ConsultationMode, LegalCategory, Outcome };
export type LegalBooking = BookingView;
export type LegalSlot = SlotView;
export type Lawyer = z.infer<typeof lawyerSchema>;
export type Roster = z.infer<typeof rosterSchema>;
export type RosterInput = z.input<typeof rosterBody>;
export type LegalSettings = z.infer<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsBody>;
export type LegalStats = z.infer<typeof statsSchema>;
export type LawyerStatsRow = LegalStats["lawyers"][number];

/** A slot with the bookings made in it, as the lawyer's roster and the staff day view list them. */
export interface SlotWithBookings {
  slot: LegalSlot;
  bookings: LegalBooking[];
}

export interface LawyerDay {
  date: string;
  slots: SlotWithBookings[];
  /** The lawyer's next 14 days that have open slots. */
  days: Array<{ date: string; slots: number; booked: number }>;
}

export interface OutcomeInput {
  attendance: Attendance;
  outcome?: Outcome;
  notes?: string;
}

export interface CancelResult {
  cancelledSlots: number;
  cancelledBookings: number;
  waitlistClosed: number;
}

export type Building = z.infer<typeof buildingSchema>;
export type HouseholdRow = z.infer<typeof householdSchema>;
export interface HouseholdMember {
  userId: string;
  nickname: string;
  relation: Relation;
  /** Registered by staff: no WeChat login, staff act for them. */
  offline: boolean;
}

/** A booking staff make at the window for a walk-in resident (代预约). */
export interface BehalfInput {
  slotId: string;
  category: LegalCategory;
  description: string;
  contactPhone?: string;
  onBehalfOf: string;
}

const v1 = client.api.v1;
const legal = v1.legal;

// ——— Lawyer ———

export async function getLawyerDay(date?: string): Promise<LawyerDay> {
  return unwrap(legal.lawyer.bookings.$get({ query: date ? { date } : {} }));
}

export async function recordOutcome(bookingId: string, input: OutcomeInput): Promise<LegalBooking> {
  const body: { booking: LegalBooking } = await unwrap(
    legal.bookings[":bookingId"].outcome.$post({ param: { bookingId }, json: input }),
  );
  return body.booking;
}

// ——— Staff ———

export async function listLawyers(): Promise<Lawyer[]> {
  const body: { lawyers: Lawyer[] } = await unwrap(legal.lawyers.$get({ query: {} }));
  return body.lawyers;
}

export async function listRosters(): Promise<Roster[]> {
  const body: { rosters: Roster[] } = await unwrap(legal.rosters.$get({ query: {} }));
  return body.rosters;
}

/** `key` makes a retried submission (double tap, flaky network) create one roster only. */
export async function createRoster(input: RosterInput, key: string): Promise<Roster> {
  const body: { roster: Roster } = await unwrap(
    legal.rosters.$post({ json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.roster;
}

export async function getSchedule(date: string): Promise<{ date: string; slots: SlotWithBookings[] }> {
  return unwrap(legal.schedule.$get({ query: { date } }));
}

export async function cancelSlot(slotId: string, reason: string): Promise<CancelResult> {
  const body = await unwrap(legal.slots[":slotId"].cancel.$post({ param: { slotId }, json: { reason } }));
  return {
    cancelledSlots: 1,
    cancelledBookings: body.cancelledBookings,
    waitlistClosed: body.waitlistClosed,
  };
}

export async function cancelDay(date: string, reason: string, lawyerId?: string): Promise<CancelResult> {
  const json: { reason: string; lawyerId?: string } = { reason };
  if (lawyerId) json.lawyerId = lawyerId;
  return unwrap(legal.days[":date"].cancel.$post({ param: { date }, json }));
}

export async function getLegalSettings(): Promise<LegalSettings> {
  const body: { settings: LegalSettings } = await unwrap(legal.settings.$get({ query: {} }));
  return body.settings;
}

export async function saveLegalSettings(input: SettingsInput): Promise<LegalSettings> {
  const body: { settings: LegalSettings } = await unwrap(legal.settings.$put({ json: input }));
  return body.settings;
}

export async function getStats(from: string, to: string): Promise<LegalStats> {
  return unwrap(legal.stats.$get({ query: { from, to } }));
}

// ——— Booking for a walk-in resident (代预约) ———

export async function listBuildings(communityId: string): Promise<Building[]> {
  const body: { buildings: Building[] } = await unwrap(
    v1.communities[":communityId"].buildings.$get({ param: { communityId } }),
  );
  return body.buildings;
}

/** All households of a building, in address order (a few pages at most). */
export async function listBuildingHouseholds(
  communityId: string,
  buildingId: string,
): Promise<HouseholdRow[]> {
  const rows: HouseholdRow[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const query: { communityId: string; buildingId: string; limit: string; cursor?: string } = {
      communityId,
      buildingId,
      limit: "100",
    };
    if (cursor) query.cursor = cursor;
    const body: { items: HouseholdRow[]; nextCursor: string | null } = await unwrap(
      v1.households.$get({ query }),
    );
    rows.push(...body.items);
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return rows;
}

export async function listHouseholdMembers(householdId: string): Promise<HouseholdMember[]> {
  const body: { members: HouseholdMember[] } = await unwrap(
    v1.households[":householdId"].members.$get({ param: { householdId } }),
  );
  return body.members;
}

/** Registers a resident who cannot use a phone to a household (staff); `key` makes a retry register once. */
export async function registerOfflineResident(
  householdId: string,
  input: { name: string; relation: Relation },
  key: string,
): Promise<HouseholdMember> {
  const body: { member: HouseholdMember } = await unwrap(
    v1.households[":householdId"].members.$post(
      { param: { householdId }, json: input },
      { headers: { "Idempotency-Key": key } },
    ),
  );
  return body.member;
}

/** `key` makes a retried submission book one seat only. The response hides the description from staff. */
export async function bookOnBehalf(input: BehalfInput, key: string): Promise<LegalBooking> {
  const body: { booking: LegalBooking } = await unwrap(
    legal.bookings.$post({ json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.booking;
}
