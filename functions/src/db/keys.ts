/**
 * Every key in the table is built here, so the shapes in ACCESS_PATTERNS.md have one source.
 * Values are `ENTITY#id`; ids never contain '#'.
 */
export const keys = {
  user: (userId: string) => ({ PK: `USER#${userId}`, SK: "PROFILE" }),
  openid: (openid: string) => ({ PK: `OPENID#${openid}`, SK: "OPENID" }),

  community: (communityId: string) => ({ PK: `COMMUNITY#${communityId}`, SK: "META" }),
  communityListGsi: (name: string, communityId: string) => ({
    GSI1PK: "COMMUNITIES",
    GSI1SK: `${name}#${communityId}`,
  }),
  building: (communityId: string, buildingId: string) => ({
    PK: `COMMUNITY#${communityId}`,
    SK: `BUILDING#${buildingId}`,
  }),
  buildingPrefix: "BUILDING#",

  household: (householdId: string) => ({ PK: `HOUSEHOLD#${householdId}`, SK: "META" }),
  householdListGsi: (communityId: string, buildingId: string, unit: string, room: string) => ({
    GSI1PK: `COMMUNITY#${communityId}#HOUSEHOLDS`,
    GSI1SK: `BUILDING#${buildingId}#UNIT#${unit}#ROOM#${room}`,
  }),
  /** Guards one household per address; written in the same transaction as the household. */
  address: (communityId: string, buildingId: string, unit: string, room: string) => ({
    PK: `COMMUNITY#${communityId}`,
    SK: `ADDRESS#${buildingId}#${unit}#${room}`,
  }),

  membership: (userId: string, householdId: string) => ({
    PK: `USER#${userId}`,
    SK: `MEMBER#${householdId}`,
  }),
  membershipPrefix: "MEMBER#",
  membershipByHouseholdGsi: (householdId: string, userId: string) => ({
    GSI1PK: `HOUSEHOLD#${householdId}#MEMBERS`,
    GSI1SK: `USER#${userId}`,
  }),

  verificationRequest: (userId: string, requestId: string) => ({
    PK: `USER#${userId}`,
    SK: `VREQ#${requestId}`,
  }),
  verificationQueueGsi: (communityId: string, status: string, createdAt: string, requestId: string) => ({
    GSI1PK: `COMMUNITY#${communityId}#VREQ#${status}`,
    GSI1SK: `${createdAt}#${requestId}`,
  }),

  audit: (communityId: string, at: string, auditId: string) => ({
    PK: `COMMUNITY#${communityId}#AUDIT`,
    SK: `${at}#${auditId}`,
  }),
  auditBySubjectGsi: (subjectUserId: string, at: string, auditId: string) => ({
    GSI1PK: `USER#${subjectUserId}#AUDIT`,
    GSI1SK: `${at}#${auditId}`,
  }),

  idempotency: (scope: string, key: string) => ({ PK: `IDEMPOTENCY#${scope}#${key}`, SK: "IDEMPOTENCY" }),
  seedMarker: () => ({ PK: "SYSTEM", SK: "SEED#demo" }),
} as const;

/** Strips key attributes before an item leaves the repository layer. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _g1,
    GSI1SK: _g1s,
    GSI2PK: _g2,
    GSI2SK: _g2s,
    entity: _entity,
    ...rest
  } = item;
  return rest;
}

/** Opaque pagination cursor from a LastEvaluatedKey. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString("base64url") : null;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new CursorError();
}

export class CursorError extends Error {}
