import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { type AuditEntry, auditPut } from "../audit/repo.js";
import type { Db } from "../db/client.js";
import { cancelledConditionIndexes } from "../db/errors.js";
import { getAll, queryAll, strip, type TransactItem } from "../db/items.js";
import { decodeCursor, encodeCursor, keys } from "../db/keys.js";
import { conflict, notFound } from "../http/errors.js";
import type { UserProfile } from "../users/schemas.js";
import type { Building, Community, Household, Membership, StoredVerificationRequest } from "./schemas.js";

/** Extra writes a caller commits together with the repository's own (e.g. the idempotency record). */

// ——— Communities and buildings ———

/** Get a community by id. */
export async function getCommunity(db: Db, communityId: string): Promise<Community | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.community(communityId) }),
  );
  return strip<Community>(result.Item);
}

/** All communities of the deployment, by name (GSI1). */
export async function listCommunities(db: Db): Promise<Community[]> {
  const items: Community[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk",
        ExpressionAttributeValues: { ":pk": "COMMUNITIES" },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(result.Items ?? []).map((item) => strip<Community>(item) as Community));
    start = result.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The buildings of a community with their units. */
export async function listBuildings(db: Db, communityId: string): Promise<Building[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :sk)",
      ExpressionAttributeValues: { ":pk": keys.community(communityId).PK, ":sk": keys.buildingPrefix },
    }),
  );
  return (result.Items ?? []).map((item) => strip<Building>(item) as Building);
}

export async function getBuilding(db: Db, communityId: string, buildingId: string): Promise<Building | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.building(communityId, buildingId) }),
  );
  return strip<Building>(result.Item);
}

// ——— Households ———

export function householdItem(household: Household) {
  return {
    ...keys.household(household.id),
    ...keys.householdListGsi(household.communityId, household.buildingId, household.unit, household.room),
    entity: "Household",
    ...household,
  };
}

export function addressItem(
  household: Pick<Household, "id" | "communityId" | "buildingId" | "unit" | "room">,
) {
  return {
    ...keys.address(household.communityId, household.buildingId, household.unit, household.room),
    entity: "Address",
    householdId: household.id,
  };
}

export async function getHousehold(db: Db, householdId: string): Promise<Household | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.household(householdId) }),
  );
  return strip<Household>(result.Item);
}

/** Several households by id (for a resident's memberships). */
export async function getHouseholds(db: Db, householdIds: string[]): Promise<Household[]> {
  return getAll<Household>(
    db,
    householdIds.map((id) => keys.household(id)),
  );
}

/** The household at an address, through its guard item. */
export async function findHouseholdIdByAddress(
  db: Db,
  communityId: string,
  buildingId: string,
  unit: string,
  room: string,
): Promise<string | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.address(communityId, buildingId, unit, room) }),
  );
  return (result.Item?.householdId as string | undefined) ?? null;
}

/** Households of a community (optionally one building) in address order (GSI1). */
export async function listHouseholds(
  db: Db,
  communityId: string,
  options: { buildingId?: string; limit: number; cursor?: string },
) {
  const gsi = keys.householdListGsi(communityId, options.buildingId ?? "", "", "");
  const prefix = options.buildingId ? `BUILDING#${options.buildingId}#` : "BUILDING#";
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk AND begins_with(GSI1SK, :prefix)",
      ExpressionAttributeValues: { ":pk": gsi.GSI1PK, ":prefix": prefix },
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, {
        attributes: ["PK", "SK", "GSI1PK", "GSI1SK"],
        partition: ["GSI1PK", gsi.GSI1PK],
        sortPrefix: ["GSI1SK", prefix],
      }),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => strip<Household>(item) as Household),
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}

/**
 * A new household and its address guard, both only if absent (the guard is first: a second
 * household at the same address fails there). Used by createHousehold and the operator's import.
 */
export function newHouseholdPuts(db: Db, household: Household): TransactItem[] {
  return [addressItem(household), householdItem(household)].map((Item) => ({
    Put: { TableName: db.tableName, Item, ConditionExpression: "attribute_not_exists(PK)" },
  }));
}

/**
 * Creates a household; the address guard makes a second household at the same address a 409,
 * and the condition check on the building refuses a unit the building does not have.
 */
export async function createHousehold(
  db: Db,
  household: Household,
  audit: AuditEntry,
  alsoWrite: TransactItem[] = [],
): Promise<void> {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: db.tableName,
              Key: keys.building(household.communityId, household.buildingId),
              ConditionExpression: "attribute_exists(PK) AND contains(#units, :unit)",
              ExpressionAttributeNames: { "#units": "units" },
              ExpressionAttributeValues: { ":unit": household.unit },
            },
          },
          ...newHouseholdPuts(db, household),
          auditPut(db, audit),
          ...alsoWrite,
        ],
      }),
    );
  } catch (error) {
    const failed = cancelledConditionIndexes(error);
    if (failed?.includes(0))
      throw notFound("This building or unit does not exist in the community.", "BUILDING_NOT_FOUND");
    if (failed?.includes(1))
      throw conflict("HOUSEHOLD_EXISTS", "A household already exists at this address.");
    throw error;
  }
}

/** Edits room and/or area; a room change moves the address guard in the same transaction. */
export async function updateHousehold(
  db: Db,
  before: Household,
  after: Household,
  audit: AuditEntry,
): Promise<void> {
  const moved = before.room !== after.room;
  const items = [
    {
      Put: {
        TableName: db.tableName,
        Item: householdItem(after),
        ConditionExpression: "#version = :version",
        ExpressionAttributeNames: { "#version": "version" },
        ExpressionAttributeValues: { ":version": before.version },
      },
    },
    ...(moved
      ? [
          {
            Delete: {
              TableName: db.tableName,
              Key: keys.address(before.communityId, before.buildingId, before.unit, before.room),
              ConditionExpression: "householdId = :id",
              ExpressionAttributeValues: { ":id": before.id },
            },
          },
          {
            Put: {
              TableName: db.tableName,
              Item: addressItem(after),
              ConditionExpression: "attribute_not_exists(PK)",
            },
          },
        ]
      : []),
    auditPut(db, audit),
  ];
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const failed = cancelledConditionIndexes(error);
    if (failed?.includes(0))
      throw conflict("STALE_HOUSEHOLD", "The household was changed meanwhile. Reload and try again.");
    if (failed?.includes(2))
      throw conflict("HOUSEHOLD_EXISTS", "A household already exists at this address.");
    throw error;
  }
}

// ——— Memberships (verified residents of households) ———

export function membershipItem(membership: Membership) {
  return {
    ...keys.membership(membership.userId, membership.householdId),
    ...keys.membershipByHouseholdGsi(membership.householdId, membership.userId),
    ...keys.membershipByCommunityGsi(membership.communityId, membership.householdId, membership.userId),
    entity: "Membership",
    ...membership,
  };
}

/** The households a user is verified to. */
export async function listMemberships(db: Db, userId: string): Promise<Membership[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :sk)",
      ExpressionAttributeValues: { ":pk": keys.user(userId).PK, ":sk": keys.membershipPrefix },
    }),
  );
  return (result.Items ?? []).map((item) => strip<Membership>(item) as Membership);
}

/** The verified residents of a household (GSI1), for staff acting on a resident's behalf. */
export async function listHouseholdMembers(db: Db, householdId: string): Promise<Membership[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.membershipByHouseholdGsi(householdId, "").GSI1PK },
    }),
  );
  return (result.Items ?? []).map((item) => strip<Membership>(item) as Membership);
}

/** A user's households in one community, with their relation to each, in id order. */
export async function householdsOfIn(
  db: Db,
  userId: string,
  communityId: string,
): Promise<Array<Household & { relation: Membership["relation"] }>> {
  const memberships = (await listMemberships(db, userId)).filter((m) => m.communityId === communityId);
  const relation = new Map(memberships.map((m) => [m.householdId, m.relation]));
  const households = await getHouseholds(
    db,
    memberships.map((m) => m.householdId),
  );
  return households
    .map((h) => ({ ...h, relation: relation.get(h.id) as Membership["relation"] }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Every verified resident of a community (GSI2): a vote's electorate is frozen from it. */
export async function listCommunityMembers(db: Db, communityId: string): Promise<Membership[]> {
  return queryAll<Membership>(db, {
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.membershipByCommunityGsi(communityId, "", "").GSI2PK },
  });
}

/** Every household of a community, in address order (GSI1, all pages). */
export async function listAllHouseholds(db: Db, communityId: string): Promise<Household[]> {
  return queryAll<Household>(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk AND begins_with(GSI1SK, :prefix)",
    ExpressionAttributeValues: {
      ":pk": keys.householdListGsi(communityId, "", "", "").GSI1PK,
      ":prefix": "BUILDING#",
    },
  });
}

/**
 * A resident without WeChat, registered by staff and verified to the household in one
 * transaction (the user, the membership, the household's existence, the audit entry). They have
 * no openid, so they never log in and the outbox skips them; staff act for them.
 */
export async function registerOfflineResident(
  db: Db,
  input: { user: UserProfile; membership: Membership; audit: AuditEntry; alsoWrite?: TransactItem[] },
): Promise<void> {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.user(input.user.id), entity: "User", ...input.user },
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    {
      Put: {
        TableName: db.tableName,
        Item: membershipItem(input.membership),
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: keys.household(input.membership.householdId),
        ConditionExpression: "attribute_exists(PK)",
      },
    },
    auditPut(db, input.audit),
    ...(input.alsoWrite ?? []),
  ];
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (cancelledConditionIndexes(error)?.includes(2))
      throw notFound("Household not found.", "HOUSEHOLD_NOT_FOUND");
    throw error;
  }
}

// ——— Verification requests ———

export function verificationRequestItem(request: StoredVerificationRequest) {
  return {
    ...keys.verificationRequest(request.userId, request.id),
    ...keys.verificationQueueGsi(request.communityId, request.status, request.createdAt, request.id),
    entity: "VerificationRequest",
    ...request,
  };
}

export async function getVerificationRequest(
  db: Db,
  userId: string,
  requestId: string,
): Promise<StoredVerificationRequest | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.verificationRequest(userId, requestId) }),
  );
  return strip<StoredVerificationRequest>(result.Item);
}

/** The latest verification request of a user (requests sort by creation time). */
export async function getLatestVerificationRequest(
  db: Db,
  userId: string,
): Promise<StoredVerificationRequest | null> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :sk)",
      ExpressionAttributeValues: { ":pk": keys.user(userId).PK, ":sk": "VREQ#" },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return strip<StoredVerificationRequest>(result.Items?.[0]);
}

/** A community's requests in one status, oldest first (GSI1). */
export async function listVerificationQueue(
  db: Db,
  communityId: string,
  status: StoredVerificationRequest["status"],
  options: { limit: number; cursor?: string },
) {
  const queue = keys.verificationQueueGsi(communityId, status, "", "").GSI1PK;
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk",
      ExpressionAttributeValues: { ":pk": queue },
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, {
        attributes: ["PK", "SK", "GSI1PK", "GSI1SK"],
        partition: ["GSI1PK", queue],
      }),
    }),
  );
  return {
    items: (result.Items ?? []).map(
      (item) => strip<StoredVerificationRequest>(item) as StoredVerificationRequest,
    ),
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}

/** Files a request; the profile condition allows one pending request per user. */
export async function createVerificationRequest(
  db: Db,
  request: StoredVerificationRequest,
  now: string,
  alsoWrite: TransactItem[] = [],
) {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.tableName,
              Item: verificationRequestItem(request),
              ConditionExpression: "attribute_not_exists(PK)",
            },
          },
          {
            Update: {
              TableName: db.tableName,
              Key: keys.user(request.userId),
              UpdateExpression: "SET pendingRequestId = :id, updatedAt = :now",
              ConditionExpression:
                "attribute_exists(PK) AND (attribute_not_exists(pendingRequestId) OR pendingRequestId = :null)",
              ExpressionAttributeValues: { ":id": request.id, ":now": now, ":null": null },
            },
          },
          ...alsoWrite,
        ],
      }),
    );
  } catch (error) {
    if (cancelledConditionIndexes(error)?.includes(1)) {
      throw conflict("VERIFICATION_PENDING", "You already have a verification request waiting for staff.");
    }
    throw error;
  }
}

function decideRequestUpdate(
  db: Db,
  request: StoredVerificationRequest,
  status: "verified" | "rejected",
  reason: string | null,
  staffId: string,
  now: string,
) {
  const gsi = keys.verificationQueueGsi(request.communityId, status, request.createdAt, request.id);
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.verificationRequest(request.userId, request.id),
      UpdateExpression:
        "SET #status = :status, reason = :reason, decidedAt = :now, decidedBy = :staff, GSI1PK = :gpk, GSI1SK = :gsk",
      ConditionExpression: "#status = :pending",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":status": status,
        ":reason": reason,
        ":now": now,
        ":staff": staffId,
        ":gpk": gsi.GSI1PK,
        ":gsk": gsi.GSI1SK,
        ":pending": "pending",
      },
    },
  };
}

/**
 * Verifies a resident to a household: membership, profile counter, the pending request (if any)
 * and the audit entry in one transaction. A resident belongs to one community.
 */
export async function verifyResident(
  db: Db,
  input: {
    user: UserProfile;
    membership: Membership;
    request: StoredVerificationRequest | null;
    staffId: string;
    audit: AuditEntry;
  },
): Promise<void> {
  const { user, membership, request, audit } = input;
  const now = membership.verifiedAt;
  const items = [
    {
      Put: {
        TableName: db.tableName,
        Item: membershipItem(membership),
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    {
      Update: {
        TableName: db.tableName,
        Key: keys.user(user.id),
        // A pending request elsewhere stays pending unless it is the one being decided.
        UpdateExpression: `SET communityId = :community, ${request ? "pendingRequestId = :null, " : ""}lastDecision = :null, lastDecisionReason = :null, updatedAt = :now ADD householdCount :one`,
        // One community at a time: the same one, or any once no household is left there.
        ConditionExpression:
          "attribute_exists(PK) AND (communityId = :community OR communityId = :null OR attribute_not_exists(communityId) OR householdCount = :zero)",
        ExpressionAttributeValues: {
          ":community": membership.communityId,
          ":null": null,
          ":now": now,
          ":one": 1,
          ":zero": 0,
        },
      },
    },
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: keys.household(membership.householdId),
        ConditionExpression: "attribute_exists(PK)",
      },
    },
    auditPut(db, audit),
    ...(request ? [decideRequestUpdate(db, request, "verified", null, input.staffId, now)] : []),
  ];
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const failed = cancelledConditionIndexes(error);
    if (failed?.includes(0))
      throw conflict("ALREADY_VERIFIED", "This resident is already verified to this household.");
    if (failed?.includes(1))
      throw conflict("OTHER_COMMUNITY", "This resident is verified in another community.");
    if (failed?.includes(2)) throw notFound("Household not found.", "HOUSEHOLD_NOT_FOUND");
    if (failed?.includes(4)) throw conflict("REQUEST_DECIDED", "This request was already decided.");
    throw error;
  }
}

/** Rejects a pending request with a reason. */
export async function rejectRequest(
  db: Db,
  input: {
    request: StoredVerificationRequest;
    reason: string;
    staffId: string;
    now: string;
    audit: AuditEntry;
  },
): Promise<void> {
  const { request, reason, staffId, now, audit } = input;
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          decideRequestUpdate(db, request, "rejected", reason, staffId, now),
          {
            Update: {
              TableName: db.tableName,
              Key: keys.user(request.userId),
              UpdateExpression:
                "SET pendingRequestId = :null, lastDecision = :rejected, lastDecisionReason = :reason, updatedAt = :now",
              ConditionExpression: "pendingRequestId = :id",
              ExpressionAttributeValues: {
                ":null": null,
                ":rejected": "rejected",
                ":reason": reason,
                ":now": now,
                ":id": request.id,
              },
            },
          },
          auditPut(db, audit),
        ],
      }),
    );
  } catch (error) {
    const failed = cancelledConditionIndexes(error);
    if (failed && (failed.includes(0) || failed.includes(1))) {
      throw conflict("REQUEST_DECIDED", "This request was already decided.");
    }
    throw error;
  }
}

/** The resident withdraws their own pending request. */
export async function cancelRequest(db: Db, request: StoredVerificationRequest, now: string): Promise<void> {
  const gsi = keys.verificationQueueGsi(request.communityId, "cancelled", request.createdAt, request.id);
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.tableName,
              Key: keys.verificationRequest(request.userId, request.id),
              UpdateExpression: "SET #status = :cancelled, decidedAt = :now, GSI1PK = :gpk, GSI1SK = :gsk",
              ConditionExpression: "#status = :pending",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: {
                ":cancelled": "cancelled",
                ":now": now,
                ":gpk": gsi.GSI1PK,
                ":gsk": gsi.GSI1SK,
                ":pending": "pending",
              },
            },
          },
          {
            Update: {
              TableName: db.tableName,
              Key: keys.user(request.userId),
              UpdateExpression: "SET pendingRequestId = :null, updatedAt = :now",
              ConditionExpression: "pendingRequestId = :id",
              ExpressionAttributeValues: { ":null": null, ":now": now, ":id": request.id },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (cancelledConditionIndexes(error)?.length) {
      throw conflict("REQUEST_DECIDED", "This request was already decided.");
    }
    throw error;
  }
}

/** Removes a resident from a household; the last household leaves the resident revoked. */
export async function revokeMembership(
  db: Db,
  input: {
    membership: Pick<Membership, "userId" | "householdId">;
    reason: string;
    now: string;
    audit: AuditEntry;
  },
): Promise<void> {
  const { membership, reason, now, audit } = input;
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: db.tableName,
              Key: keys.membership(membership.userId, membership.householdId),
              ConditionExpression: "attribute_exists(PK)",
            },
          },
          {
            Update: {
              TableName: db.tableName,
              Key: keys.user(membership.userId),
              UpdateExpression:
                "SET lastDecision = :revoked, lastDecisionReason = :reason, updatedAt = :now ADD householdCount :minus",
              ConditionExpression: "householdCount > :zero",
              ExpressionAttributeValues: {
                ":revoked": "revoked",
                ":reason": reason,
                ":now": now,
                ":minus": -1,
                ":zero": 0,
              },
            },
          },
          auditPut(db, audit),
        ],
      }),
    );
  } catch (error) {
    if (cancelledConditionIndexes(error)?.length)
      throw notFound("This resident is not verified to this household.", "NOT_A_MEMBER");
    throw error;
  }
}

export function communityItem(community: Community) {
  return {
    ...keys.community(community.id),
    ...keys.communityListGsi(community.name, community.id),
    entity: "Community",
    ...community,
  };
}

export function buildingItem(building: Building) {
  return { ...keys.building(building.communityId, building.id), entity: "Building", ...building };
}
