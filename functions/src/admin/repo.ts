/**
 * The operator command's own reads and writes (ACCESS_PATTERNS A1–A8). Items are built by the
 * feature repositories' builders (communityItem, buildingItem, householdItem, addressItem,
 * lawyerItem), so the command writes exactly what the API and the demo write.
 */
import { DescribeTableCommand, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import { QueryCommand, type QueryCommandInput, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { type AuditEntry, auditPut } from "../audit/repo.js";
import { buildingItem, communityItem, newHouseholdPuts } from "../community/repo.js";
import type { Building, Community, Household } from "../community/schemas.js";
import type { Db } from "../db/client.js";
import { cancelledConditionIndexes } from "../db/errors.js";
import { type TransactItem, transact } from "../db/items.js";
import { keys, withoutKeys } from "../db/keys.js";
import type { UserProfile } from "../users/schemas.js";

/** A write refused because the table changed since the plan was made: run the command again. */
export class ChangedMeanwhileError extends Error {}

/** A1. The table exists (and the credentials reach it): DescribeTable. */
export async function describeTable(db: Db): Promise<{ status: string; items: number } | null> {
  try {
    const result = await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }));
    return { status: result.Table?.TableStatus ?? "UNKNOWN", items: result.Table?.ItemCount ?? 0 };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return null;
    throw error;
  }
}

/** A2. How many items a query matches (Select COUNT, every page): households, residents, requests. */
export async function countQuery(db: Db, input: Omit<QueryCommandInput, "TableName">): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new QueryCommand({ ...input, TableName: db.tableName, Select: "COUNT", ExclusiveStartKey: start }),
    );
    count += result.Count ?? 0;
    start = result.LastEvaluatedKey;
  } while (start);
  return count;
}

export interface ScanProgress {
  pages: number;
  scanned: number;
  matched: number;
}

/**
 * A3. User profiles matching a filter, by a paged Scan of the whole table (1,000 items a page).
 * Operator use only: no index holds users by role, community or login time. `limit` stops
 * early once that many match.
 */
export async function scanUsers(
  db: Db,
  filter: { expression?: string; names?: Record<string, string>; values?: Record<string, unknown> },
  options: { limit?: number; onPage?: (progress: ScanProgress) => void } = {},
): Promise<UserProfile[]> {
  const users: UserProfile[] = [];
  const progress: ScanProgress = { pages: 0, scanned: 0, matched: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new ScanCommand({
        TableName: db.tableName,
        Limit: 1000,
        FilterExpression: `#sk = :profile AND begins_with(#pk, :user)${filter.expression ? ` AND (${filter.expression})` : ""}`,
        ExpressionAttributeNames: { "#pk": "PK", "#sk": "SK", ...filter.names },
        ExpressionAttributeValues: { ":profile": "PROFILE", ":user": "USER#", ...filter.values },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of result.Items ?? [])
      users.push({
        staffCommunityIds: [],
        lawyerCommunityIds: [],
        ...withoutKeys(item),
      } as unknown as UserProfile);
    progress.pages += 1;
    progress.scanned += result.ScannedCount ?? 0;
    progress.matched = users.length;
    options.onPage?.({ ...progress });
    start = result.LastEvaluatedKey;
  } while (start && (options.limit === undefined || users.length < options.limit));
  return options.limit === undefined ? users : users.slice(0, options.limit);
}

/**
 * A8. A community's address guards, read from the table (consistent, so a run right after another
 * sees everything it wrote): `<buildingId>#<unit>#<room>` → household id.
 */
export async function listAddressGuards(db: Db, communityId: string): Promise<Map<string, string>> {
  const guards = new Map<string, string>();
  const prefix = "ADDRESS#";
  let start: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :sk)",
        ExpressionAttributeValues: { ":pk": keys.community(communityId).PK, ":sk": prefix },
        ProjectionExpression: "SK, householdId",
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of result.Items ?? [])
      guards.set(String(item.SK).slice(prefix.length), String(item.householdId));
    start = result.LastEvaluatedKey;
  } while (start);
  return guards;
}

function failedMeanwhile(error: unknown, what: string): never {
  if (cancelledConditionIndexes(error)?.length)
    throw new ChangedMeanwhileError(`${what} changed while the command ran; run it again.`);
  throw error;
}

/** A4. Creates a community (absent before) with its audit entry. */
export async function createCommunity(db: Db, community: Community, audit: AuditEntry): Promise<void> {
  try {
    await transact(db, [
      {
        Put: {
          TableName: db.tableName,
          Item: communityItem(community),
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      auditPut(db, audit),
    ]);
  } catch (error) {
    failedMeanwhile(error, `Community ${community.id}`);
  }
}

/** A4. Replaces a community's name, district or street; it must still read as it did. */
export async function updateCommunity(
  db: Db,
  before: Community,
  after: Community,
  audit: AuditEntry,
): Promise<void> {
  try {
    await transact(db, [
      {
        Put: {
          TableName: db.tableName,
          Item: communityItem(after),
          ConditionExpression: "#name = :name AND district = :district AND street = :street",
          ExpressionAttributeNames: { "#name": "name" },
          ExpressionAttributeValues: {
            ":name": before.name,
            ":district": before.district,
            ":street": before.street,
          },
        },
      },
      auditPut(db, audit),
    ]);
  } catch (error) {
    failedMeanwhile(error, `Community ${before.id}`);
  }
}

/** A5. Creates a building (absent before); the community must exist. */
export async function createBuilding(db: Db, building: Building, audit: AuditEntry): Promise<void> {
  try {
    await transact(db, [
      {
        ConditionCheck: {
          TableName: db.tableName,
          Key: keys.community(building.communityId),
          ConditionExpression: "attribute_exists(PK)",
        },
      },
      {
        Put: {
          TableName: db.tableName,
          Item: buildingItem(building),
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      auditPut(db, audit),
    ]);
  } catch (error) {
    failedMeanwhile(error, `Building ${building.id}`);
  }
}

/** A5. Adds units to a building; its unit list must still be the one the plan read. */
export async function addBuildingUnits(
  db: Db,
  before: Building,
  units: string[],
  audit: AuditEntry,
): Promise<void> {
  try {
    await transact(db, [
      {
        Update: {
          TableName: db.tableName,
          Key: keys.building(before.communityId, before.id),
          UpdateExpression: "SET #units = :units",
          ConditionExpression: "#units = :before",
          ExpressionAttributeNames: { "#units": "units" },
          ExpressionAttributeValues: { ":units": units, ":before": before.units },
        },
      },
      auditPut(db, audit),
    ]);
  } catch (error) {
    failedMeanwhile(error, `Building ${before.id}`);
  }
}

/** Households per transaction: two items each (household, address guard) and the audit entry. */
export const HOUSEHOLDS_PER_TRANSACTION = 49;

/**
 * A6. Creates up to 49 households of one building in one transaction, each with its address
 * guard (community/repo newHouseholdPuts, as createHousehold writes them), and one audit entry for the batch.
 */
export async function createHouseholds(db: Db, households: Household[], audit: AuditEntry): Promise<void> {
  if (households.length > HOUSEHOLDS_PER_TRANSACTION)
    throw new Error(`At most ${HOUSEHOLDS_PER_TRANSACTION} households per transaction`);
  const items = households.flatMap((household) => newHouseholdPuts(db, household));
  try {
    await transact(db, [...items, auditPut(db, audit)]);
  } catch (error) {
    const failed = cancelledConditionIndexes(error);
    if (failed?.length) {
      const household = households[Math.floor((failed[0] ?? 0) / 2)];
      throw new ChangedMeanwhileError(
        `A household was created at ${household?.buildingName}${household?.unit}单元${household?.room} while the command ran; run it again.`,
      );
    }
    throw error;
  }
}

/**
 * A7. Saves a user's roles, staff and lawyer communities and nickname, with whatever goes with the
 * change (lawyer profile, audit entries) in the same transaction. The profile must not have
 * changed since it was read (`updatedAt`); a refused condition of the other items is reported
 * with their `what` ("The lawyer profile of 周文 in wenhua-north changed while the command ran").
 */
export async function saveUserRoles(
  db: Db,
  before: UserProfile,
  after: UserProfile,
  alsoWrite: { item: TransactItem; what: string }[],
): Promise<void> {
  try {
    await transact(db, [
      {
        Update: {
          TableName: db.tableName,
          Key: keys.user(before.id),
          UpdateExpression:
            "SET #roles = :roles, staffCommunityIds = :staff, lawyerCommunityIds = :lawyer, nickname = :nickname, updatedAt = :now",
          ConditionExpression: "attribute_exists(PK) AND updatedAt = :seen",
          ExpressionAttributeNames: { "#roles": "roles" },
          ExpressionAttributeValues: {
            ":roles": after.roles,
            ":staff": after.staffCommunityIds,
            ":lawyer": after.lawyerCommunityIds,
            ":nickname": after.nickname,
            ":now": after.updatedAt,
            ":seen": before.updatedAt,
          },
        },
      },
      ...alsoWrite.map((write) => write.item),
    ]);
  } catch (error) {
    const failed = cancelledConditionIndexes(error)?.[0];
    failedMeanwhile(
      error,
      failed ? (alsoWrite[failed - 1]?.what ?? `User ${before.id}`) : `User ${before.id}`,
    );
  }
}
