// Residents' side of window appointments. Shapes come from the API's own schemas.
import type { z } from "@hono/zod-openapi";
import type {
  appointmentSchema,
  appointmentStatusSchema,
  centerSchema,
  dayKindSchema,
  lastVisitSchema,
  matterCategorySchema,
  matterSchema,
  proxyCaseSchema,
  proxyStatusSchema,
  windowSlotSchema,
} from "../../../functions/src/window/schemas";
import { client } from "./client";
import { unwrap } from "./errors";

export type Matter = z.infer<typeof matterSchema>;
export type Material = Matter["materials"][number];
export type MatterCategory = z.infer<typeof matterCategorySchema>;
export type WindowCenter = z.infer<typeof centerSchema>;
export type LastVisit = z.infer<typeof lastVisitSchema>;
export type WindowDay = z.infer<typeof dayKindSchema>;
export type WindowSlot = z.infer<typeof windowSlotSchema>;
export type Appointment = z.infer<typeof appointmentSchema>;
export type AppointmentStatus = z.infer<typeof appointmentStatusSchema>;
export type ProxyCase = z.infer<typeof proxyCaseSchema>;
export type ProxyStatus = z.infer<typeof proxyStatusSchema>;

export interface MatterDetail {
  matter: Matter;
  center: WindowCenter | null;
  lastVisit: LastVisit | null;
}

export interface DayRange {
  from: string;
  to: string;
  days: WindowDay[];
}

export interface DaySlots {
  date: string;
  day: WindowDay;
  slots: WindowSlot[];
}

export interface MyAppointments {
  items: Appointment[];
  nextCursor: string | null;
  proxyCases: ProxyCase[];
}

export interface BookRequest {
  matterId: string;
  slotStartsAt: string;
  confirmedMaterials: string[];
}

const v1 = client.api.v1;
const appointments = v1.window.appointments;

/** The resident's community catalog; both filters are optional. */
export async function listMatters(filter: { category?: MatterCategory; q?: string } = {}): Promise<Matter[]> {
  const query: { category?: MatterCategory; q?: string } = {};
  if (filter.category) query.category = filter.category;
  const q = filter.q?.trim();
  if (q) query.q = q;
  const body: { matters: Matter[] } = await unwrap(v1.matters.$get({ query }));
  return body.matters;
}

/** The matter, its center, and what the caller's last visit for it left to bring. */
export async function getMatter(matterId: string): Promise<MatterDetail> {
  return unwrap(v1.matters[":matterId"].$get({ param: { matterId } }));
}

/** Open and closed days with their reasons; without dates the API answers the booking horizon. */
export async function listDays(matterId: string): Promise<DayRange> {
  return unwrap(v1.window.days.$get({ query: { matterId } }));
}

/** The slots of a day not yet started (none on a closed day). */
export async function listDaySlots(matterId: string, date: string): Promise<DaySlots> {
  return unwrap(v1.window.slots.$get({ query: { matterId, date } }));
}

/** `key` makes a retried submission (double tap, flaky network) book one seat only. */
export async function bookAppointment(request: BookRequest, key: string): Promise<Appointment> {
  const body: { appointment: Appointment } = await unwrap(
    appointments.$post({ json: request }, { headers: { "Idempotency-Key": key } }),
  );
  return body.appointment;
}

/** A page of my appointments; the first page of either tab also carries my proxy cases. */
export async function listMyAppointments(
  when: "upcoming" | "past",
  cursor?: string,
): Promise<MyAppointments> {
  const query: { when: "upcoming" | "past"; cursor?: string } = { when };
  if (cursor) query.cursor = cursor;
  return unwrap(appointments.mine.$get({ query }));
}

export async function getAppointment(appointmentId: string): Promise<Appointment> {
  const body: { appointment: Appointment } = await unwrap(
    appointments[":appointmentId"].$get({ param: { appointmentId } }),
  );
  return body.appointment;
}

export async function cancelAppointment(appointmentId: string): Promise<Appointment> {
  const body: { appointment: Appointment } = await unwrap(
    appointments[":appointmentId"].cancel.$post({ param: { appointmentId } }),
  );
  return body.appointment;
}
