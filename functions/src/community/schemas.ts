import { z } from "@hono/zod-openapi";
import { redact } from "../http/redact.js";
import { relationSchema } from "../users/schemas.js";
import { PHONE_PATTERN, ROOM_PATTERN, UNIT_PATTERN } from "./service.js";

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid id");

export interface Community {
  id: string;
  name: string;
  district: string;
  street: string;
  createdAt: string;
}

export interface Building {
  id: string;
  communityId: string;
  name: string;
  units: string[];
  createdAt: string;
}

export interface Household {
  id: string;
  communityId: string;
  buildingId: string;
  buildingName: string;
  unit: string;
  room: string;
  area: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Membership {
  userId: string;
  householdId: string;
  communityId: string;
  relation: z.infer<typeof relationSchema>;
  verifiedAt: string;
  verifiedBy: string;
  /** Registered by staff for a resident without WeChat (elderly, no phone): never logs in. */
  offline?: boolean;
}

export interface StoredVerificationRequest {
  id: string;
  userId: string;
  nickname: string;
  communityId: string;
  buildingId: string;
  buildingName: string;
  unit: string;
  room: string;
  relation: z.infer<typeof relationSchema>;
  realName: string;
  /** Kept for staff follow-up; only ever shown masked. */
  phone: string;
  status: "pending" | "verified" | "rejected" | "cancelled";
  reason: string | null;
  candidateHouseholdId: string | null;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

export const communitySchema = z
  .object({ id: z.string(), name: z.string(), district: z.string(), street: z.string() })
  .openapi("Community");

export const buildingSchema = z
  .object({ id: z.string(), name: z.string(), units: z.array(z.string()) })
  .openapi("Building");

export const householdSchema = z
  .object({
    id: z.string(),
    communityId: z.string(),
    buildingId: z.string(),
    buildingName: z.string(),
    unit: z.string(),
    room: z.string(),
    area: z.number(),
    address: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Household");

export const communityParams = z.object({
  communityId: idSchema.openapi({ param: { name: "communityId", in: "path" } }),
});
export const userParams = z.object({ userId: idSchema.openapi({ param: { name: "userId", in: "path" } }) });
export const householdParams = z.object({
  householdId: idSchema.openapi({ param: { name: "householdId", in: "path" } }),
});

const areaSchema = z
  .number()
  .positive("Area must be greater than 0")
  .max(10_000, "Area must be at most 10000 m²")
  .openapi({ description: "Registered floor area of the exclusive part in m²", example: 89.5 });

export const createHouseholdBody = z
  .object({
    communityId: idSchema,
    buildingId: idSchema,
    unit: z.string().trim().regex(UNIT_PATTERN, "Unit is 1–4 letters or digits"),
    room: z.string().trim().regex(ROOM_PATTERN, "Room is 1–8 letters, digits or '-'"),
    area: areaSchema,
  })
  .strict();

export const updateHouseholdBody = z
  .object({
    room: z.string().trim().regex(ROOM_PATTERN, "Room is 1–8 letters, digits or '-'").optional(),
    area: areaSchema.optional(),
  })
  .strict()
  .refine((body) => body.room !== undefined || body.area !== undefined, { message: "Nothing to change" });

export const listHouseholdsQuery = z.object({
  communityId: idSchema,
  buildingId: idSchema.optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const verificationRequestBody = z
  .object({
    communityId: idSchema,
    buildingId: idSchema,
    unit: z.string().trim().regex(UNIT_PATTERN, "Unit is 1–4 letters or digits"),
    room: z.string().trim().regex(ROOM_PATTERN, "Room is 1–8 letters, digits or '-'"),
    relation: relationSchema,
    realName: z
      .string()
      .trim()
      .min(2, "Name is at least 2 characters")
      .max(30, "Name is at most 30 characters"),
    phone: z.string().trim().regex(PHONE_PATTERN, "Phone is an 11-digit mainland mobile number"),
  })
  .strict();

/** Staff register a resident who cannot use a phone, so they can book for them at the window. */
export const offlineResidentBody = z
  .object({
    name: z.string().trim().min(2, "Name is at least 2 characters").max(30, "Name is at most 30 characters"),
    relation: relationSchema,
  })
  .strict();

export const householdMemberSchema = z
  .object({
    userId: z.string(),
    nickname: z.string(),
    relation: relationSchema,
    offline: z.boolean().openapi({ description: "Registered by staff; has no WeChat login" }),
  })
  .openapi("HouseholdMember");

export const queueQuery = z.object({
  communityId: idSchema.optional(),
  status: z.enum(["pending", "verified", "rejected", "cancelled"]).default("pending"),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const verifyBody = z.object({ householdId: idSchema, relation: relationSchema }).strict();
/** Reasons are shown to the resident and kept in the audit log, which never holds phone or ID numbers. */
const reasonSchema = z
  .string()
  .trim()
  .min(2, "Give a reason")
  .max(200, "At most 200 characters")
  .refine((text) => redact(text) === text, "Leave phone and ID numbers out of the reason");
export const reasonBody = z.object({ reason: reasonSchema }).strict();
export const revokeBody = z.object({ householdId: idSchema, reason: reasonSchema }).strict();

export const auditQuery = z.object({
  communityId: idSchema,
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const auditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actorId: z.string(),
    actorRole: z.string(),
    action: z.string(),
    subjectUserId: z.string().nullable(),
    target: z.string().nullable(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .openapi("AuditEntry");
