import { z } from "@hono/zod-openapi";
import { isValidDate, TIME_PATTERN } from "../time/shanghai.js";

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid id");
const dateSchema = z
  .string()
  .refine(isValidDate, "A date written YYYY-MM-DD")
  .openapi({ example: "2026-11-23", description: "A day in Asia/Shanghai" });
const timeSchema = z.string().regex(TIME_PATTERN, "A time written HH:MM").openapi({ example: "09:00" });
const text = (max: number, min = 1) => z.string().trim().min(min).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const matterCategorySchema = z
  .enum([
    "civil_affairs",
    "social_security",
    "medical_insurance",
    "employment",
    "family_births",
    "elderly_disability",
    "certificates",
  ])
  .openapi({ description: "民政 · 社会保险 · 医疗保险 · 就业 · 生育与家庭 · 养老与助残 · 证明证照" });
export type MatterCategory = z.infer<typeof matterCategorySchema>;

export const appointmentStatusSchema = z
  .enum(["booked", "checked_in", "done", "materials_missing", "no_show", "cancelled", "cancelled_by_center"])
  .openapi({
    description:
      "booked · checked_in (at the window) · done · materials_missing (come again with the list) · no_show · cancelled (by the resident) · cancelled_by_center (closure, with a reason)",
  });
export type AppointmentStatus = z.infer<typeof appointmentStatusSchema>;

export const proxyStatusSchema = z
  .enum(["received", "in_progress", "done", "returned"])
  .openapi({ description: "代办: received 已受理 → in_progress 办理中 → done 已办结 / returned 已退回" });
export type ProxyStatus = z.infer<typeof proxyStatusSchema>;

// ——— Stored shapes (without keys) ———

export interface Material {
  /** Stable within the matter: the checklist, results and pre-fills refer to it. */
  id: string;
  name: string;
  nameEn: string | null;
  /** "原件及复印件一份" */
  note: string | null;
  noteEn: string | null;
  required: boolean;
}

export interface Matter {
  id: string;
  communityId: string;
  centerId: string;
  name: string;
  nameEn: string | null;
  category: MatterCategory;
  description: string;
  descriptionEn: string | null;
  materials: Material[];
  /** Promised processing time in working days; 0 = done on the spot (即办). */
  processingDays: number;
  /** Staff may take it in and handle it for the resident (代办). */
  proxyAllowed: boolean;
  /** In yuan; 0 = free. */
  fee: number;
  feeNote: string | null;
  status: "active" | "retired";
  createdAt: string;
  updatedAt: string;
}

export interface OpeningPeriod {
  open: string;
  close: string;
}

export interface Center {
  id: string;
  communityId: string;
  name: string;
  nameEn: string | null;
  address: string;
  phone: string | null;
  /** Residents served in the same slot. */
  windows: number;
  slotMinutes: number;
  /** ISO weekday "1" (Monday) … "7" → opening periods; a weekday without periods is closed. */
  hours: Record<string, OpeningPeriod[]>;
  /** Official holidays close the center and make-up days open it (both true by default). */
  followsHolidayCalendar: boolean;
  cancelCutoffMinutes: number;
  maxUpcoming: number;
  /** How many days ahead residents may book. */
  bookingDays: number;
  updatedAt: string;
}

export interface Closure {
  centerId: string;
  date: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

export interface MaterialRef {
  id: string;
  name: string;
  nameEn: string | null;
}

export interface Appointment {
  id: string;
  ticketCode: string;
  communityId: string;
  centerId: string;
  centerName: string;
  centerAddress: string;
  matterId: string;
  matterName: string;
  matterNameEn: string | null;
  category: MatterCategory;
  userId: string;
  residentName: string;
  date: string;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  /** The checklist as it was when booked, with what the resident confirmed. */
  materials: Material[];
  confirmedMaterials: string[];
  bookedVia: "self" | "staff";
  bookedBy: string;
  createdAt: string;
  checkedInAt: string | null;
  completedAt: string | null;
  handledBy: string | null;
  missing: MaterialRef[];
  note: string | null;
  /** For `done`: no earlier visit for this matter ended with materials missing. */
  firstVisit: boolean | null;
  cancelReason: string | null;
  cancelledAt: string | null;
  /** Set when staff took the matter in for handling by proxy (takeInProxy). */
  proxyCaseId?: string;
}

/** A resident's appointments not yet over: the booking limits are decided on it, version-locked. */
export interface WindowLedger {
  userId: string;
  version: number;
  active: Record<string, { matterId: string; date: string; startsAt: string; endsAt: string }>;
}

/** What the resident's last visit for a matter left to bring (the next booking pre-fills it). */
export interface MatterVisit {
  userId: string;
  matterId: string;
  visits: number;
  lastAppointmentId: string;
  lastResult: "done" | "materials_missing";
  missing: MaterialRef[];
  note: string | null;
  at: string;
}

export interface ProxyEvent {
  status: ProxyStatus;
  at: string;
  by: string;
  note: string | null;
}

export interface ProxyCase {
  id: string;
  communityId: string;
  centerId: string;
  matterId: string;
  matterName: string;
  matterNameEn: string | null;
  userId: string;
  residentName: string;
  appointmentId: string | null;
  status: ProxyStatus;
  receivedAt: string;
  receivedBy: string;
  /** Received day + the matter's processing time in working days. */
  expectedBy: string;
  note: string | null;
  history: ProxyEvent[];
  updatedAt: string;
}

// ——— API shapes ———

const materialSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    note: z.string().nullable(),
    noteEn: z.string().nullable(),
    required: z.boolean(),
  })
  .openapi("Material");

const materialRefSchema = z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable() });

export const matterSchema = z
  .object({
    id: z.string(),
    communityId: z.string(),
    centerId: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    category: matterCategorySchema,
    description: z.string(),
    descriptionEn: z.string().nullable(),
    materials: z.array(materialSchema),
    processingDays: z.number().int(),
    proxyAllowed: z.boolean(),
    fee: z.number(),
    feeNote: z.string().nullable(),
    status: z.enum(["active", "retired"]),
    updatedAt: z.string(),
  })
  .openapi("Matter");

export const lastVisitSchema = z
  .object({
    appointmentId: z.string(),
    result: z.enum(["done", "materials_missing"]),
    missing: z.array(materialRefSchema),
    note: z.string().nullable(),
    at: z.string(),
  })
  .openapi("MatterLastVisit", {
    description: "The caller's last visit for this matter: after materials_missing, what to bring",
  });

const periodSchema = z.object({ open: timeSchema, close: timeSchema });

export const centerSchema = z
  .object({
    id: z.string(),
    communityId: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    address: z.string(),
    phone: z.string().nullable(),
    windows: z.number().int(),
    slotMinutes: z.number().int(),
    hours: z.record(z.string(), z.array(periodSchema)),
    followsHolidayCalendar: z.boolean(),
    cancelCutoffMinutes: z.number().int(),
    maxUpcoming: z.number().int(),
    bookingDays: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi("Center");

export const closureSchema = z
  .object({ centerId: z.string(), date: z.string(), reason: z.string(), createdAt: z.string() })
  .openapi("Closure");

export const windowSlotSchema = z
  .object({
    startsAt: z.string(),
    endsAt: z.string(),
    windows: z.number().int(),
    booked: z.number().int(),
    available: z.number().int(),
  })
  .openapi("WindowSlot");

export const dayKindSchema = z
  .object({
    date: z.string(),
    open: z.boolean(),
    /** Why it is closed: holiday | weekend | closure | no_hours | past | beyond_horizon. */
    closedBecause: z.enum(["holiday", "weekend", "closure", "no_hours", "past", "beyond_horizon"]).nullable(),
    /** The holiday's name, or the staff's reason for an ad-hoc closure. */
    reason: z.string().nullable(),
    /** A weekend working day (调休), with the holiday it makes up for. */
    makeUpFor: z.string().nullable(),
    calendarKnown: z.boolean(),
    available: z.number().int().openapi({ description: "Seats left on the day (open days only)" }),
  })
  .openapi("WindowDay");

export const appointmentSchema = z
  .object({
    id: z.string(),
    ticketCode: z.string(),
    communityId: z.string(),
    centerId: z.string(),
    centerName: z.string(),
    centerAddress: z.string(),
    matterId: z.string(),
    matterName: z.string(),
    matterNameEn: z.string().nullable(),
    category: matterCategorySchema,
    userId: z.string(),
    residentName: z.string(),
    date: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: appointmentStatusSchema,
    materials: z.array(materialSchema),
    confirmedMaterials: z.array(z.string()),
    bookedVia: z.enum(["self", "staff"]),
    createdAt: z.string(),
    checkedInAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    missing: z.array(materialRefSchema),
    note: z.string().nullable(),
    firstVisit: z.boolean().nullable(),
    cancelReason: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    /** Until when the resident may cancel it themselves (null once it cannot be cancelled). */
    cancellableUntil: z.string().nullable(),
    proxyCaseId: z.string().nullable().optional(),
  })
  .openapi("Appointment");

export const queueEntrySchema = appointmentSchema
  .pick({
    id: true,
    ticketCode: true,
    matterId: true,
    matterName: true,
    matterNameEn: true,
    category: true,
    userId: true,
    residentName: true,
    startsAt: true,
    endsAt: true,
    status: true,
    bookedVia: true,
    checkedInAt: true,
    completedAt: true,
    missing: true,
    note: true,
  })
  .extend({
    proxyAllowed: z.boolean(),
    proxyCaseId: z.string().nullable().openapi({ description: "Set once the matter was taken in by proxy" }),
  })
  .openapi("QueueEntry");

export const proxyCaseSchema = z
  .object({
    id: z.string(),
    communityId: z.string(),
    centerId: z.string(),
    matterId: z.string(),
    matterName: z.string(),
    matterNameEn: z.string().nullable(),
    userId: z.string(),
    residentName: z.string(),
    appointmentId: z.string().nullable(),
    status: proxyStatusSchema,
    receivedAt: z.string(),
    expectedBy: z.string(),
    note: z.string().nullable(),
    history: z.array(z.object({ status: proxyStatusSchema, at: z.string(), note: z.string().nullable() })),
    updatedAt: z.string(),
  })
  .openapi("ProxyCase");

export const windowStatsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    centerId: z.string(),
    appointments: z.number().int().openapi({ description: "Not cancelled" }),
    cancelled: z.number().int(),
    byMatter: z.array(
      z.object({ matterId: z.string(), matterName: z.string(), appointments: z.number().int() }),
    ),
    byDay: z.array(z.object({ date: z.string(), appointments: z.number().int() })),
    noShows: z.number().int(),
    noShowRate: z.number().nullable().openapi({ description: "no-shows / appointments already held" }),
    completed: z.number().int(),
    firstVisitCompletions: z.number().int(),
    firstVisitRate: z
      .number()
      .nullable()
      .openapi({ description: "Share of completions done on the first visit (最多跑一次)" }),
    materialsMissing: z.number().int(),
    averageWaitMinutes: z
      .number()
      .nullable()
      .openapi({ description: "From check-in to the result, over appointments with both" }),
  })
  .openapi("WindowStats");

// ——— Request bodies and queries ———

const materialBody = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/, "Lower-case letters, digits, _ or -")
      .optional()
      .openapi({ description: "Keep an existing material's id; new ones get one" }),
    name: text(60),
    nameEn: optionalText(120),
    note: optionalText(120),
    noteEn: optionalText(200),
    required: z.boolean().default(true),
  })
  .strict();

export const matterBody = z
  .object({
    communityId: idSchema.optional(),
    centerId: idSchema.optional().openapi({ description: "Default: the community's first center" }),
    name: text(60, 2),
    nameEn: optionalText(120),
    category: matterCategorySchema,
    description: text(1000, 2),
    descriptionEn: optionalText(2000),
    materials: z.array(materialBody).max(30),
    processingDays: z.number().int().min(0).max(365),
    proxyAllowed: z.boolean(),
    fee: z.number().min(0).max(100_000).multipleOf(0.01).default(0),
    feeNote: optionalText(200),
    status: z.enum(["active", "retired"]).default("active"),
  })
  .strict();
export type MatterBody = z.infer<typeof matterBody>;

const hoursSchema = z
  .partialRecord(z.enum(["1", "2", "3", "4", "5", "6", "7"]), z.array(periodSchema).max(4))
  .openapi({
    example: {
      "1": [
        { open: "09:00", close: "12:00" },
        { open: "13:30", close: "17:00" },
      ],
    },
  });

export const centerBody = z
  .object({
    communityId: idSchema.optional(),
    name: text(60, 2),
    nameEn: optionalText(120),
    address: text(120, 2),
    phone: z
      .string()
      .regex(/^[0-9-]{5,20}$/, "Digits and dashes")
      .nullable()
      .optional(),
    windows: z.number().int().min(1).max(50),
    slotMinutes: z.number().int().min(5).max(120),
    hours: hoursSchema,
    followsHolidayCalendar: z.boolean().default(true),
    cancelCutoffMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(60),
    maxUpcoming: z.number().int().min(1).max(10).default(3),
    bookingDays: z.number().int().min(1).max(60).default(14),
  })
  .strict();
export type CenterBody = z.infer<typeof centerBody>;

export const closureBody = z.object({ date: dateSchema, reason: text(100, 2) }).strict();

export const appointmentBody = z
  .object({
    matterId: idSchema,
    slotStartsAt: z.iso
      .datetime({ offset: true })
      .openapi({ example: "2026-11-23T01:00:00.000Z", description: "A slot's startsAt" }),
    confirmedMaterials: z.array(z.string().max(32)).max(30),
    onBehalfOf: idSchema
      .optional()
      .openapi({ description: "Staff only: the resident (user id) booked for at the window" }),
  })
  .strict();

export const checkInBody = z
  .object({
    ticketCode: z.string().trim().min(4).max(20),
    centerId: idSchema.optional(),
  })
  .strict();

export const resultBody = z
  .object({
    result: z.enum(["done", "materials_missing"]),
    missing: z.array(z.string().max(32)).max(30).optional(),
    note: optionalText(500),
  })
  .strict();

export const proxyBody = z
  .object({
    userId: idSchema.optional(),
    appointmentId: idSchema.optional(),
    matterId: idSchema.optional(),
    note: optionalText(500),
  })
  .strict();

export const proxyStatusBody = z
  .object({ status: proxyStatusSchema.exclude(["received"]), note: optionalText(500) })
  .strict();

export const communityQuery = z.object({ communityId: idSchema.optional() });
export const mattersQuery = z.object({
  communityId: idSchema.optional(),
  category: matterCategorySchema.optional(),
  q: z.string().trim().max(40).optional(),
  includeRetired: z.enum(["true", "false"]).optional(),
});
export const slotsQuery = z.object({ matterId: idSchema, date: dateSchema });
export const daysQuery = z.object({
  matterId: idSchema,
  from: dateSchema.optional(),
  to: dateSchema.optional(),
});
export const mineQuery = z.object({
  when: z.enum(["upcoming", "past"]).default("upcoming"),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const queueQuery = z.object({ date: dateSchema.optional(), centerId: idSchema.optional() });
export const statsQuery = z.object({ from: dateSchema, to: dateSchema, centerId: idSchema.optional() });
export const closuresQuery = z.object({ from: dateSchema.optional(), to: dateSchema.optional() });
export const proxyListQuery = z.object({
  communityId: idSchema.optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(30),
});

const param = (name: string) => idSchema.openapi({ param: { name, in: "path" } });
export const matterParams = z.object({ matterId: param("matterId") });
export const centerParams = z.object({ centerId: param("centerId") });
export const closureParams = z.object({
  centerId: param("centerId"),
  date: dateSchema.openapi({ param: { name: "date", in: "path" } }),
});
export const appointmentParams = z.object({ appointmentId: param("appointmentId") });
export const proxyParams = z.object({ proxyId: param("proxyId") });
