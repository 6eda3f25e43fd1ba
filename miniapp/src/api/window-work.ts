// The staff's side of window appointments. Shapes come from the API's own schemas.
import type { z } from "@hono/zod-openapi";
import type {
  AppointmentStatus,
  appointmentSchema,
  centerBody,
  centerSchema,
  closureSchema,
  dayKindSchema,
  MatterCategory,
  matterBody,
  matterSchema,
  ProxyStatus,
  proxyCaseSchema,
  queueEntrySchema,
  windowSlotSchema,
  windowStatsSchema,
} from "../../../functions/src/window/schemas";
import { client } from "./client";
import { unwrap } from "./errors";

export type { AppointmentStatus, MatterCategory, ProxyStatus };
export type Matter = z.infer<typeof matterSchema>;
export type MatterMaterial = Matter["materials"][number];
export type MatterInput = z.input<typeof matterBody>;
export type Center = z.infer<typeof centerSchema>;
export type CenterInput = z.input<typeof centerBody>;
export type Closure = z.infer<typeof closureSchema>;
export type WindowAppointment = z.infer<typeof appointmentSchema>;
export type QueueEntry = z.infer<typeof queueEntrySchema>;
export type ProxyCase = z.infer<typeof proxyCaseSchema>;
export type WindowDay = z.infer<typeof dayKindSchema>;
export type WindowSlot = z.infer<typeof windowSlotSchema>;
export type WindowStats = z.infer<typeof windowStatsSchema>;

export interface QueueSlot {
  startsAt: string;
  endsAt: string;
  windows: number;
  booked: number;
  entries: QueueEntry[];
}

export interface Queue {
  date: string;
  center: Center;
  day: WindowDay;
  slots: QueueSlot[];
}

export interface ResultInput {
  result: "done" | "materials_missing";
  missing?: string[];
  note?: string | null;
}

export interface BehalfBookingInput {
  matterId: string;
  slotStartsAt: string;
  confirmedMaterials: string[];
  onBehalfOf: string;
}

const v1 = client.api.v1;
const win = v1.window;

/** Staff name their community so a staff member who is also a resident elsewhere sees the right one. */
const inCommunity = (communityId: string | undefined) => (communityId ? { communityId } : {});

// ——— Centers and closures ———

export async function listCenters(communityId?: string): Promise<Center[]> {
  const body: { centers: Center[] } = await unwrap(win.centers.$get({ query: inCommunity(communityId) }));
  return body.centers;
}

/** `key` makes a retried submission create one center only. */
export async function createCenter(input: CenterInput, key: string): Promise<Center> {
  const body: { center: Center } = await unwrap(
    win.centers.$post({ json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.center;
}

/** `updatedAt`: the version the form was loaded with (409 EDIT_CONFLICT if someone saved since). */
export async function updateCenter(
  centerId: string,
  input: Omit<CenterInput, "communityId">,
  updatedAt: string,
): Promise<Center> {
  const body: { center: Center } = await unwrap(
    win.centers[":centerId"].$put({ param: { centerId }, json: { ...input, updatedAt } }),
  );
  return body.center;
}

export async function listClosures(centerId: string): Promise<Closure[]> {
  const body: { closures: Closure[] } = await unwrap(
    win.centers[":centerId"].closures.$get({ param: { centerId }, query: {} }),
  );
  return body.closures;
}

/** Closes the center for a day: its appointments are cancelled and the residents told. */
export async function addClosure(
  centerId: string,
  date: string,
  reason: string,
): Promise<{ closure: Closure; cancelled: number }> {
  return unwrap(win.centers[":centerId"].closures.$post({ param: { centerId }, json: { date, reason } }));
}

export async function removeClosure(centerId: string, date: string): Promise<void> {
  await unwrap(win.centers[":centerId"].closures[":date"].$delete({ param: { centerId, date } }));
}

// ——— The matters catalog ———

export async function listMatters(options: { communityId?: string; includeRetired?: boolean } = {}) {
  const query: { communityId?: string; includeRetired?: "true" } = inCommunity(options.communityId);
  if (options.includeRetired) query.includeRetired = "true";
  const body: { matters: Matter[] } = await unwrap(v1.matters.$get({ query }));
  return body.matters;
}

export async function createMatter(input: MatterInput, key: string): Promise<Matter> {
  const body: { matter: Matter } = await unwrap(
    v1.matters.$post({ json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.matter;
}

/**
 * The whole matter: PUT replaces it (materials keep their ids when sent with them). `updatedAt`:
 * the version the form was loaded with (409 EDIT_CONFLICT if someone saved since).
 */
export async function updateMatter(
  matterId: string,
  input: Omit<MatterInput, "communityId">,
  updatedAt: string,
): Promise<Matter> {
  const body: { matter: Matter } = await unwrap(
    v1.matters[":matterId"].$put({ param: { matterId }, json: { ...input, updatedAt } }),
  );
  return body.matter;
}

// ——— The day's queue, check-in and results ———

export async function getQueue(date: string, centerId?: string): Promise<Queue> {
  const query: { date: string; centerId?: string } = { date };
  if (centerId) query.centerId = centerId;
  return unwrap(win.queue.$get({ query })) as Promise<Queue>;
}

export async function checkIn(ticketCode: string, centerId?: string): Promise<WindowAppointment> {
  const json: { ticketCode: string; centerId?: string } = { ticketCode };
  if (centerId) json.centerId = centerId;
  const body: { appointment: WindowAppointment } = await unwrap(win["check-in"].$post({ json }));
  return body.appointment;
}

export async function getAppointment(appointmentId: string): Promise<WindowAppointment> {
  const body: { appointment: WindowAppointment } = await unwrap(
    win.appointments[":appointmentId"].$get({ param: { appointmentId } }),
  );
  return body.appointment;
}

export async function recordResult(appointmentId: string, input: ResultInput): Promise<WindowAppointment> {
  const body: { appointment: WindowAppointment } = await unwrap(
    win.appointments[":appointmentId"].result.$post({ param: { appointmentId }, json: input }),
  );
  return body.appointment;
}

// ——— Handling by proxy (代办) ———

/** Takes an appointment's matter in for handling by proxy; `key` makes a retry take it in once. */
export async function takeInProxy(
  appointmentId: string,
  note: string | null,
  key: string,
): Promise<ProxyCase> {
  const body: { proxyCase: ProxyCase } = await unwrap(
    win.proxy.$post({ json: { appointmentId, note } }, { headers: { "Idempotency-Key": key } }),
  );
  return body.proxyCase;
}

export async function listProxyCases(
  communityId?: string,
  cursor?: string,
): Promise<{ items: ProxyCase[]; nextCursor: string | null }> {
  const query: { communityId?: string; cursor?: string } = inCommunity(communityId);
  if (cursor) query.cursor = cursor;
  return unwrap(win.proxy.$get({ query }));
}

export async function advanceProxy(
  proxyId: string,
  status: Exclude<ProxyStatus, "received">,
  note: string | null,
): Promise<ProxyCase> {
  const body: { proxyCase: ProxyCase } = await unwrap(
    win.proxy[":proxyId"].status.$post({ param: { proxyId }, json: { status, note } }),
  );
  return body.proxyCase;
}

// ——— Booking for a resident at the window (代为预约) ———

export async function getBookableDays(matterId: string): Promise<WindowDay[]> {
  const body: { days: WindowDay[] } = await unwrap(win.days.$get({ query: { matterId } }));
  return body.days;
}

export async function getSlots(matterId: string, date: string): Promise<WindowSlot[]> {
  const body: { slots: WindowSlot[] } = await unwrap(win.slots.$get({ query: { matterId, date } }));
  return body.slots;
}

/** `key` makes a retried submission book one seat only; the booking is audited as made by staff. */
export async function bookOnBehalf(input: BehalfBookingInput, key: string): Promise<WindowAppointment> {
  const body: { appointment: WindowAppointment } = await unwrap(
    win.appointments.$post({ json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.appointment;
}

// ——— Statistics ———

export async function getWindowStats(from: string, to: string): Promise<WindowStats> {
  return unwrap(win.stats.$get({ query: { from, to } }));
}
