import { z } from "@hono/zod-openapi";
import { PHONE_PATTERN } from "../community/service.js";
import { redact } from "../http/redact.js";
import { isValidDate, TIME_PATTERN } from "../time/shanghai.js";

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid id");
const dateSchema = z
  .string()
  .refine(isValidDate, "A date written YYYY-MM-DD")
  .openapi({ example: "2026-11-23", description: "A day in Asia/Shanghai" });
const timeSchema = z.string().regex(TIME_PATTERN, "A time written HH:MM").openapi({ example: "09:00" });

export const legalCategorySchema = z
  .enum([
    "marriage_family",
    "labour",
    "housing_property",
    "neighbour_dispute",
    "contracts_debts",
    "inheritance",
    "consumer_rights",
    "other",
  ])
  .openapi({
    description: "婚姻家庭 · 劳动争议 · 房产物业 · 邻里纠纷 · 合同债务 · 继承 · 消费者权益 · 其他",
  });
export type LegalCategory = z.infer<typeof legalCategorySchema>;

export const consultationModeSchema = z
  .enum(["in_person", "phone"])
  .openapi({ description: "in_person: at the legal service window · phone: the lawyer calls" });
export type ConsultationMode = z.infer<typeof consultationModeSchema>;

export const outcomeSchema = z
  .enum(["answered", "referred_mediation", "referred_legal_aid", "advised_arbitration_or_court"])
  .openapi({ description: "已解答 · 转人民调解 · 转法律援助 · 建议仲裁或诉讼" });
export type Outcome = z.infer<typeof outcomeSchema>;

export const attendanceSchema = z.enum(["attended", "no_show"]);
export type Attendance = z.infer<typeof attendanceSchema>;

export const bookingStatusSchema = z
  .enum(["confirmed", "cancelled", "cancelled_by_center"])
  .openapi({ description: "cancelled: by the resident · cancelled_by_center: by staff, with a reason" });
export type BookingStatus = z.infer<typeof bookingStatusSchema>;

// ——— Stored shapes (without keys) ———

export interface LegalSettings {
  communityId: string;
  /** A resident may cancel until this many minutes before the start. */
  cancelCutoffMinutes: number;
  maxUpcomingBookings: number;
  waitlistLimit: number;
  /** Where in-person consultations happen. */
  location: string;
  noShowLimit: number;
  noShowWindowDays: number;
  suspensionDays: number;
  updatedAt: string | null;
}

export interface LawyerProfile {
  userId: string;
  communityId: string;
  name: string;
  firm: string;
  specialties: string[];
  intro: string;
  updatedAt: string;
}

export interface Roster {
  id: string;
  communityId: string;
  lawyerId: string;
  from: string;
  to: string;
  weekdays: number[];
  startTime: string;
  endTime: string;
  slotMinutes: number;
  mode: ConsultationMode;
  seats: number;
  location: string;
  slotCount: number;
  createdBy: string;
  createdAt: string;
}

export interface Slot {
  id: string;
  communityId: string;
  rosterId: string;
  lawyerId: string;
  lawyerName: string;
  firm: string;
  date: string;
  startsAt: string;
  endsAt: string;
  mode: ConsultationMode;
  location: string;
  seats: number;
  booked: number;
  waitlistCount: number;
  /** bookingId → userId of the confirmed bookings: read with the slot when staff cancel it. */
  bookings: Record<string, string>;
  status: "open" | "cancelled";
  cancelReason: string | null;
  cancelledAt: string | null;
  createdAt: string;
}

export interface Booking {
  id: string;
  slotId: string;
  communityId: string;
  userId: string;
  residentName: string;
  lawyerId: string;
  lawyerName: string;
  firm: string;
  date: string;
  startsAt: string;
  endsAt: string;
  mode: ConsultationMode;
  location: string;
  category: LegalCategory;
  /** Seen by the resident and the lawyer only. */
  description: string;
  /** The number the lawyer calls (phone mode). Seen whole by the resident and the lawyer only. */
  contactPhone: string | null;
  status: BookingStatus;
  cancelReason: string | null;
  cancelledAt: string | null;
  /** `self`, `staff` (walk-in, audited) or `waitlist` (promoted). */
  bookedVia: "self" | "staff" | "waitlist";
  bookedBy: string;
  attendance: Attendance | null;
  outcome: Outcome | null;
  /** The lawyer's private notes: the lawyer and the resident only. */
  notes: string | null;
  recordedAt: string | null;
  createdAt: string;
}

export interface WaitlistEntry {
  slotId: string;
  userId: string;
  residentName: string;
  communityId: string;
  startsAt: string;
  category: LegalCategory;
  description: string;
  contactPhone: string | null;
  joinedAt: string;
}

/** The entries of a resident's ledger: what the booking limits are decided on. */
export interface LedgerEntry {
  slotId: string;
  lawyerId: string;
  date: string;
  startsAt: string;
}

export interface Ledger {
  userId: string;
  version: number;
  /** Confirmed bookings not yet over (kept until the end of their day). */
  active: Record<string, LedgerEntry>;
  /** bookingId → the start of the missed consultation. */
  noShows: Record<string, string>;
}

// ——— API shapes ———

export const lawyerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    firm: z.string(),
    specialties: z.array(z.string()),
    intro: z.string(),
  })
  .openapi("Lawyer");

export const slotSchema = z
  .object({
    id: z.string(),
    communityId: z.string(),
    lawyer: lawyerSchema.pick({ id: true, name: true, firm: true }),
    date: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    mode: consultationModeSchema,
    location: z.string(),
    seats: z.number().int(),
    booked: z.number().int(),
    available: z.number().int(),
    waitlisted: z.number().int(),
    status: z.enum(["open", "cancelled"]),
    cancelReason: z.string().nullable(),
    /** The caller's own relation to the slot (residents only). */
    mine: z
      .object({ bookingId: z.string().nullable(), waitlistPosition: z.number().int().nullable() })
      .nullable(),
  })
  .openapi("LegalSlot");
export type SlotView = z.infer<typeof slotSchema>;

export const bookingSchema = z
  .object({
    id: z.string(),
    slotId: z.string(),
    communityId: z.string(),
    residentName: z.string(),
    lawyer: lawyerSchema.pick({ id: true, name: true, firm: true }),
    date: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    mode: consultationModeSchema,
    location: z.string(),
    category: legalCategorySchema,
    description: z
      .string()
      .nullable()
      .openapi({ description: "Only the resident and the lawyer see it; null for anyone else" }),
    contactPhone: z.string().nullable().openapi({ description: "Whole for the resident and the lawyer" }),
    status: bookingStatusSchema,
    cancelReason: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    bookedVia: z.enum(["self", "staff", "waitlist"]),
    attendance: attendanceSchema.nullable(),
    outcome: outcomeSchema.nullable(),
    notes: z
      .string()
      .nullable()
      .openapi({ description: "The lawyer's notes: the lawyer and the resident only" }),
    cancelDeadline: z.string().openapi({ description: "The resident may cancel until this instant" }),
    createdAt: z.string(),
  })
  .openapi("LegalBooking");
export type BookingView = z.infer<typeof bookingSchema>;

/** A day's slots, each with its bookings (the lawyer's day, the staff schedule). */
export const slotsWithBookingsSchema = z.array(
  z.object({ slot: slotSchema, bookings: z.array(bookingSchema) }),
);

export const waitlistSchema = z
  .object({
    slotId: z.string(),
    slot: slotSchema.nullable(),
    position: z.number().int(),
    category: legalCategorySchema,
    joinedAt: z.string(),
  })
  .openapi("LegalWaitlistEntry");

export const settingsSchema = z
  .object({
    communityId: z.string(),
    cancelCutoffMinutes: z.number().int(),
    maxUpcomingBookings: z.number().int(),
    waitlistLimit: z.number().int(),
    location: z.string(),
    noShowLimit: z.number().int(),
    noShowWindowDays: z.number().int(),
    suspensionDays: z.number().int(),
  })
  .openapi("LegalSettings");

export const rosterSchema = z
  .object({
    id: z.string(),
    communityId: z.string(),
    lawyerId: z.string(),
    from: z.string(),
    to: z.string(),
    weekdays: z.array(z.number().int()),
    startTime: z.string(),
    endTime: z.string(),
    slotMinutes: z.number().int(),
    mode: consultationModeSchema,
    seats: z.number().int(),
    location: z.string(),
    slotCount: z.number().int(),
    createdAt: z.string(),
  })
  .openapi("LegalRoster");

export const statsSchema = z
  .object({
    communityId: z.string(),
    from: z.string(),
    to: z.string(),
    bookings: z.number().int().openapi({ description: "Bookings not cancelled" }),
    cancelled: z.object({ byResident: z.number().int(), byCenter: z.number().int() }),
    byCategory: z.record(legalCategorySchema, z.number().int()),
    outcomes: z.record(z.union([outcomeSchema, z.literal("unrecorded")]), z.number().int()),
    attended: z.number().int(),
    noShows: z.number().int(),
    noShowRate: z.number().nullable().openapi({ description: "no-shows ÷ (attended + no-shows)" }),
    lawyers: z.array(
      z.object({
        lawyerId: z.string(),
        name: z.string(),
        slots: z.number().int(),
        seats: z.number().int(),
        booked: z.number().int(),
        utilisation: z.number().nullable().openapi({ description: "booked ÷ seats of open slots" }),
        attended: z.number().int(),
        noShows: z.number().int(),
      }),
    ),
  })
  .openapi("LegalStats");

// ——— Inputs ———

/** Free text that may be kept in an audit log or shown to staff never holds phone or ID numbers. */
const reasonSchema = z
  .string()
  .trim()
  .min(2, "Give a reason")
  .max(200, "At most 200 characters")
  .refine((text) => redact(text) === text, "Leave phone and ID numbers out of the reason");

const requestBody = {
  category: legalCategorySchema,
  description: z
    .string()
    .trim()
    .min(5, "Describe the matter in at least 5 characters")
    .max(500, "At most 500 characters"),
  contactPhone: z
    .string()
    .trim()
    .regex(PHONE_PATTERN, "Phone is an 11-digit mainland mobile number")
    .optional()
    .openapi({ description: "Required for a phone consultation: the number the lawyer calls" }),
};

export const bookingBody = z
  .object({
    slotId: idSchema,
    ...requestBody,
    onBehalfOf: idSchema
      .optional()
      .openapi({ description: "Staff only: the resident (user id) booked for at the window" }),
  })
  .strict();

export const waitlistBody = z.object(requestBody).strict();

export const cancelSlotBody = z.object({ reason: reasonSchema }).strict();

export const cancelDayBody = z
  .object({ communityId: idSchema.optional(), lawyerId: idSchema.optional(), reason: reasonSchema })
  .strict();

export const outcomeBody = z
  .object({
    attendance: attendanceSchema,
    outcome: outcomeSchema.optional(),
    notes: z.string().trim().max(2000, "At most 2000 characters").optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.attendance === "attended" && !body.outcome)
      ctx.addIssue({ code: "custom", path: ["outcome"], message: "Record the outcome of the consultation" });
    if (body.attendance === "no_show" && body.outcome)
      ctx.addIssue({ code: "custom", path: ["outcome"], message: "A missed consultation has no outcome" });
  });

export const rosterBody = z
  .object({
    communityId: idSchema.optional(),
    lawyerId: idSchema,
    from: dateSchema,
    to: dateSchema,
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .min(1, "Pick at least one weekday")
      .max(7)
      .openapi({ description: "1 = Monday … 7 = Sunday" }),
    startTime: timeSchema,
    endTime: timeSchema,
    slotMinutes: z.number().int().min(10, "At least 10 minutes").max(240, "At most 240 minutes"),
    mode: consultationModeSchema,
    seats: z.number().int().min(1).max(10).default(1),
    location: z.string().trim().min(2).max(100).optional(),
  })
  .strict();
export type RosterInput = z.infer<typeof rosterBody>;

export const settingsBody = z
  .object({
    communityId: idSchema.optional(),
    cancelCutoffMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .optional(),
    maxUpcomingBookings: z.number().int().min(1).max(20).optional(),
    waitlistLimit: z.number().int().min(0).max(100).optional(),
    location: z.string().trim().min(2).max(100).optional(),
  })
  .strict();

export const lawyerBody = z
  .object({
    communityId: idSchema.optional(),
    name: z.string().trim().min(2).max(30),
    firm: z.string().trim().min(2).max(60),
    specialties: z.array(z.string().trim().min(1).max(20)).max(8),
    intro: z.string().trim().max(300).default(""),
  })
  .strict();

export const rangeQuery = z.object({
  communityId: idSchema.optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  lawyerId: idSchema.optional(),
});

export const statsQuery = z.object({ communityId: idSchema.optional(), from: dateSchema, to: dateSchema });
export const dateQuery = z.object({ date: dateSchema.optional(), communityId: idSchema.optional() });
export const communityQuery = z.object({ communityId: idSchema.optional() });
export const mineQuery = z.object({
  when: z.enum(["upcoming", "past"]).default("upcoming"),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const slotParams = z.object({ slotId: idSchema.openapi({ param: { name: "slotId", in: "path" } }) });
export const bookingParams = z.object({
  bookingId: idSchema.openapi({ param: { name: "bookingId", in: "path" } }),
});
export const dayParams = z.object({ date: dateSchema.openapi({ param: { name: "date", in: "path" } }) });
export const lawyerParams = z.object({
  lawyerId: idSchema.openapi({ param: { name: "lawyerId", in: "path" } }),
});
