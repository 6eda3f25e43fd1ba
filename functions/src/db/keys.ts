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
    // Padded so that string order is address order (room 201 before room 1001).
    GSI1SK: `BUILDING#${buildingId}#UNIT#${unit.padStart(4, "0")}#ROOM#${room.padStart(8, "0")}`,
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

export interface CursorScope {
  /** Key attributes a start key of this query has: the table's, plus the index's for an index query. */
  attributes: string[];
  /** The partition the query reads: the cursor must point into it. */
  partition: [name: string, value: string];
  /** For a begins_with key condition: the sort key must carry the same prefix. */
  sortPrefix?: [name: string, prefix: string];
}

/**
 * Decodes a cursor and accepts it only as a start key of the same query (same key attributes, all
 * strings, same partition); anything else is a 400, never a DynamoDB error.
 */
export function decodeCursor(
  cursor: string | undefined,
  scope: CursorScope,
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new CursorError();
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new CursorError();
  const entries = Object.entries(value);
  const names = entries.map(([name]) => name).sort();
  const expected = [...scope.attributes].sort();
  const sameShape = names.length === expected.length && names.every((name, i) => name === expected[i]);
  if (!sameShape || entries.some(([, v]) => typeof v !== "string")) throw new CursorError();
  const key = value as Record<string, string>;
  if (key[scope.partition[0]] !== scope.partition[1]) throw new CursorError();
  if (scope.sortPrefix && !key[scope.sortPrefix[0]]?.startsWith(scope.sortPrefix[1])) throw new CursorError();
  return value as Record<string, unknown>;
}

export class CursorError extends Error {}
