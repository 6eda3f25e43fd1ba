import { z } from "@hono/zod-openapi";

/** The user id that replaces a deleted account's in the records kept for statistics. */
export const DELETED_USER_ID = "deleted";

export const roleSchema = z.enum(["resident", "staff", "lawyer", "admin"]);
export type Role = z.infer<typeof roleSchema>;

export const relationSchema = z.enum(["owner", "tenant", "member"]).openapi({
  description: "owner 业主 · tenant 租户 · member 家庭成员",
});
export type Relation = z.infer<typeof relationSchema>;

/** The stored profile (without keys). Never sent as is: see meSchema. */
export interface UserProfile {
  id: string;
  openid: string;
  nickname: string;
  roles: Role[];
  /** Communities where this user works as staff. */
  staffCommunityIds: string[];
  /** Communities where this user is a lawyer on the duty roster. */
  lawyerCommunityIds: string[];
  /** The community the resident was verified into. */
  communityId: string | null;
  /** Households this user is verified to; kept in the same transaction as the memberships. */
  householdCount: number;
  pendingRequestId: string | null;
  lastDecision: "rejected" | "revoked" | null;
  lastDecisionReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export const verificationStatusSchema = z.enum(["unverified", "pending", "verified", "rejected", "revoked"]);

export const verificationRequestSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    nickname: z.string(),
    communityId: z.string(),
    buildingId: z.string(),
    buildingName: z.string(),
    unit: z.string(),
    room: z.string(),
    relation: relationSchema,
    realName: z.string(),
    phoneMasked: z.string().openapi({ example: "*******5678" }),
    status: z.enum(["pending", "verified", "rejected", "cancelled"]),
    reason: z.string().nullable(),
    candidateHouseholdId: z.string().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .openapi("VerificationRequest");
export type VerificationRequestView = z.infer<typeof verificationRequestSchema>;

export const householdMembershipSchema = z.object({
  householdId: z.string(),
  relation: relationSchema,
  buildingId: z.string(),
  buildingName: z.string(),
  unit: z.string(),
  room: z.string(),
  area: z.number(),
  address: z.string().openapi({ example: "3栋2单元301" }),
});

export const meSchema = z
  .object({
    id: z.string(),
    nickname: z.string(),
    roles: z.array(roleSchema),
    community: z.object({ id: z.string(), name: z.string() }).nullable(),
    staffCommunityIds: z.array(z.string()),
    lawyerCommunityIds: z.array(z.string()),
    caseDesk: z
      .object({
        departments: z.array(z.object({ communityId: z.string(), id: z.string(), name: z.string() })),
        supervisorOf: z.array(z.string()),
      })
      .openapi({
        description: "Departments whose cases the user handles; communities where they supervise cases",
      }),
    verification: z.object({
      status: verificationStatusSchema,
      reason: z.string().nullable(),
      request: verificationRequestSchema.nullable(),
    }),
    households: z.array(householdMembershipSchema),
  })
  .openapi("Me");
export type Me = z.infer<typeof meSchema>;
