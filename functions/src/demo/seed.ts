/**
 * Deterministic demo data: 黄河西路社区 with 3 buildings and 60 households, 40 residents in every
 * verification state (one owning two households), 2 staff, 3 lawyers, 1 admin, legal consultations
 * (legal.ts), the one-stop window with its catalog of matters, appointments and proxy cases
 * (window.ts), and a small second community with its own small center, so that cross-community
 * rules can be seen. Same input, same database, every time.
 */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { newResident } from "../auth/service.js";
import {
  addressItem,
  buildingItem,
  communityItem,
  householdItem,
  membershipItem,
  verificationRequestItem,
} from "../community/repo.js";
import type { Building, Household, Membership, StoredVerificationRequest } from "../community/schemas.js";
import type { Db } from "../db/client.js";
import { putAll } from "../db/items.js";
import { keys } from "../db/keys.js";
import type { Relation, Role, UserProfile } from "../users/schemas.js";
import { type DemoAccount, demoAccounts, demoUserId } from "./accounts.js";
import { buildCasesDemo, DEMO_HANDLER_OPENID } from "./cases.js";
import {
  BUILDING_AREAS,
  DEMO_COMMUNITY,
  OTHER_COMMUNITY,
  RESIDENT_NAMES,
  SEED_TIME,
  seedTime,
} from "./data.js";
import { buildDeliberationDemo } from "./deliberation.js";
import { buildLegalDemo } from "./legal.js";
import { buildNoticesDemo } from "./notices.js";
import { buildWindowDemo } from "./window.js";

export const SEED_VERSION = "1";

export interface DemoData {
  items: Record<string, unknown>[];
  counts: { communities: number; buildings: number; households: number; residents: number; users: number };
}

function user(
  openid: string,
  nickname: string,
  roles: Role[],
  extra: Partial<UserProfile> = {},
): UserProfile {
  return { ...newResident(demoUserId(openid), openid, nickname, SEED_TIME), roles, ...extra };
}

/**
 * `now` sets the day the legal rosters and the window appointments are built around (the rest is
 * the same on any day); within a day only whether today's last window slot is still ahead matters.
 */
export function buildDemoData(now: Date = new Date()): DemoData {
  const items: Record<string, unknown>[] = [];
  const communities = [DEMO_COMMUNITY, OTHER_COMMUNITY].map((c) => ({ ...c, createdAt: SEED_TIME }));
  items.push(...communities.map(communityItem));

  const buildings: Building[] = [
    ...["b1", "b2", "b3"].map((id, i) => ({
      id,
      communityId: DEMO_COMMUNITY.id,
      name: `${i + 1}栋`,
      units: ["1", "2"],
      createdAt: SEED_TIME,
    })),
    { id: "b1", communityId: OTHER_COMMUNITY.id, name: "1栋", units: ["1"], createdAt: SEED_TIME },
  ];
  items.push(...buildings.map(buildingItem));

  // 3 buildings × 2 units × 5 floors × 2 rooms = 60 households, in address order.
  const households: Household[] = [];
  for (const building of buildings.filter((b) => b.communityId === DEMO_COMMUNITY.id)) {
    for (const unit of building.units) {
      for (let floor = 1; floor <= 5; floor++) {
        for (const n of [1, 2] as const) {
          const room = `${floor}0${n}`;
          households.push({
            id: `hh-${building.id}-${unit}-${room}`,
            communityId: building.communityId,
            buildingId: building.id,
            buildingName: building.name,
            unit,
            room,
            area: (BUILDING_AREAS[building.id] ?? [80, 90])[n - 1] as number,
            createdAt: SEED_TIME,
            updatedAt: SEED_TIME,
            version: 1,
          });
        }
      }
    }
  }
  for (const room of ["101", "102", "201", "202"]) {
    households.push({
      id: `hh-cj-b1-1-${room}`,
      communityId: OTHER_COMMUNITY.id,
      buildingId: "b1",
      buildingName: "1栋",
      unit: "1",
      room,
      area: 86.4,
      createdAt: SEED_TIME,
      updatedAt: SEED_TIME,
      version: 1,
    });
  }
  for (const household of households) items.push(householdItem(household), addressItem(household));

  const staffId = demoUserId("demo-staff-1");
  const memberships: Membership[] = [];
  const join = (resident: number, householdIndex: number, relation: Relation) => {
    const household = households[householdIndex] as Household;
    memberships.push({
      userId: demoUserId(`demo-resident-${resident}`),
      householdId: household.id,
      communityId: household.communityId,
      relation,
      verifiedAt: seedTime(resident * 10),
      verifiedBy: staffId,
    });
  };
  // Residents 1–28 own households 1–28; resident 2 also owns household 29 (one buyer, two parts).
  for (let r = 1; r <= 28; r++) join(r, r - 1, "owner");
  join(2, 28, "owner");
  // 29–31 rent households 30–32; 32–35 are family members in the homes of residents 1, 4, 5, 6.
  for (let r = 29; r <= 31; r++) join(r, r, "tenant");
  for (const [i, householdIndex] of [0, 3, 4, 5].entries()) join(32 + i, householdIndex, "member");
  items.push(...memberships.map(membershipItem));

  // 36–38 wait for staff; 38 names an address with no household yet (staff must create it first).
  const requests: StoredVerificationRequest[] = [
    [36, "b2", "2", "301", "owner"],
    [37, "b3", "1", "502", "tenant"],
    [38, "b1", "2", "601", "owner"],
  ].map(([n, buildingId, unit, room, relation]) => {
    const building = buildings.find(
      (b) => b.id === buildingId && b.communityId === DEMO_COMMUNITY.id,
    ) as Building;
    const candidate = households.find(
      (h) =>
        h.communityId === DEMO_COMMUNITY.id &&
        h.buildingId === buildingId &&
        h.unit === unit &&
        h.room === room,
    );
    const createdAt = seedTime(2000 + Number(n));
    return {
      id: `seed-vreq-${n}`,
      userId: demoUserId(`demo-resident-${n}`),
      nickname: RESIDENT_NAMES[Number(n) - 1] as string,
      communityId: DEMO_COMMUNITY.id,
      buildingId: String(buildingId),
      buildingName: building.name,
      unit: String(unit),
      room: String(room),
      relation: relation as Relation,
      realName: RESIDENT_NAMES[Number(n) - 1] as string,
      phone: `139${String(n).padStart(8, "0")}`,
      status: "pending" as const,
      reason: null,
      candidateHouseholdId: candidate?.id ?? null,
      createdAt,
      decidedAt: null,
      decidedBy: null,
    };
  });
  items.push(...requests.map(verificationRequestItem));

  const countOf = (userId: string) => memberships.filter((m) => m.userId === userId).length;
  const residents = RESIDENT_NAMES.map((name, i) => {
    const n = i + 1;
    const id = demoUserId(`demo-resident-${n}`);
    const count = countOf(id);
    const pending = requests.find((r) => r.userId === id);
    return user(`demo-resident-${n}`, name, ["resident"], {
      communityId: count > 0 ? DEMO_COMMUNITY.id : null,
      householdCount: count,
      pendingRequestId: pending?.id ?? null,
      ...(n === 39
        ? { lastDecision: "rejected", lastDecisionReason: "房号与产权登记不符，请核对后重新提交" }
        : {}),
    });
  });
  const others = demoAccounts
    .filter((account) => account.role !== "resident")
    .map((account) => {
      const community = account.openid === "demo-staff-other" ? OTHER_COMMUNITY.id : DEMO_COMMUNITY.id;
      return user(account.openid, account.nickname, [account.role], {
        staffCommunityIds: account.role === "staff" ? [community] : [],
        lawyerCommunityIds: account.role === "lawyer" ? [community] : [],
      });
    });
  const handler = demoAccounts.find((account) => account.openid === DEMO_HANDLER_OPENID) as DemoAccount;
  const users = [...residents, ...others, user(handler.openid, handler.nickname, ["resident"])];
  for (const profile of users) {
    items.push({ ...keys.user(profile.id), entity: "User", ...profile });
    items.push({ ...keys.openid(profile.openid), userId: profile.id, createdAt: profile.createdAt });
  }

  items.push(...buildLegalDemo(now));
  items.push(...buildWindowDemo(now));
  items.push(
    ...buildDeliberationDemo(now, {
      households,
      memberships,
      names: new Map(users.map((profile) => [profile.id, profile.nickname])),
      staff: { id: staffId, nickname: "刘敏" },
    }),
  );
  items.push(...buildNoticesDemo(now, { buildings, households, staff: { id: staffId, nickname: "刘敏" } }));
  items.push(...buildCasesDemo(now, SEED_TIME));

  return {
    items,
    counts: {
      communities: communities.length,
      buildings: buildings.length,
      households: households.length,
      residents: residents.length,
      users: users.length,
    },
  };
}

export async function isSeeded(db: Db): Promise<boolean> {
  const marker = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.seedMarker(), ConsistentRead: true }),
  );
  return Boolean(marker.Item);
}

/** Writes the demo data; the marker goes last, so a seed cut short is redone next time. */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<DemoData["counts"]> {
  const data = buildDemoData(now);
  await putAll(db, data.items);
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { ...keys.seedMarker(), version: SEED_VERSION, seededAt: SEED_TIME },
    }),
  );
  return data.counts;
}
