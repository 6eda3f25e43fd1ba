import { newResident } from "../../functions/src/auth/service.js";
import { issueToken } from "../../functions/src/auth/tokens.js";
import {
  addressItem,
  buildingItem,
  householdItem,
  membershipItem,
} from "../../functions/src/community/repo.js";
import type { Db } from "../../functions/src/db/client.js";
import { putAll } from "../../functions/src/db/items.js";
import { keys } from "../../functions/src/db/keys.js";
import { DEMO_COMMUNITY, OTHER_COMMUNITY } from "../../functions/src/demo/data.js";
import type { TestStack } from "./harness.js";

export interface TestResident {
  id: string;
  token: string;
}

/**
 * Many verified residents of the demo community at once (for races): profiles written straight
 * into the table, tokens signed with the stack's key.
 */
export async function addVerifiedResidents(
  stack: TestStack,
  count: number,
  prefix: string,
): Promise<TestResident[]> {
  const { db, config } = stack.deps;
  const now = stack.clock.now();
  const residents: TestResident[] = [];
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const id = `u-${prefix}-${i}`;
    const profile = {
      ...newResident(id, `${prefix}-${i}`, `${prefix}${i}`, now.toISOString()),
      communityId: DEMO_COMMUNITY.id,
      householdCount: 1,
    };
    items.push({ ...keys.user(id), entity: "User", ...profile });
    const { token } = await issueToken(config.JWT_SECRET, id, 90 * 24 * 3600, now, "wechat");
    residents.push({ id, token });
  }
  await putAll(db, items);
  return residents;
}

/**
 * `u-outsider`, a resident verified to the second demo community (the demo has none), owner of
 * hh-cj-b1-1-101: whoever must be refused as "a resident of another community". Returns a token
 * valid for `ttlSeconds`.
 */
export async function addOtherCommunityResident(stack: TestStack, ttlSeconds: number): Promise<string> {
  const now = stack.clock.now();
  await putAll(stack.deps.db, [
    {
      ...keys.user("u-outsider"),
      entity: "User",
      ...newResident("u-outsider", "outsider-openid", "长江居民", now.toISOString()),
      communityId: OTHER_COMMUNITY.id,
      householdCount: 1,
    },
    membershipItem({
      userId: "u-outsider",
      householdId: "hh-cj-b1-1-101",
      communityId: OTHER_COMMUNITY.id,
      relation: "owner",
      verifiedAt: now.toISOString(),
      verifiedBy: "test",
    }),
  ]);
  return (await issueToken(stack.deps.config.JWT_SECRET, "u-outsider", ttlSeconds, now, "wechat")).token;
}

export interface TestHousehold {
  id: string;
  area: number;
  residents: TestResident[];
}

/**
 * A new building of the demo community with `count` households (areas cycling through `areas`,
 * in units of `perUnit` rooms from 101), each with `perHousehold` verified residents of
 * `relation`, written as the app writes them: building, households with their address guard,
 * profiles with their openid claim, memberships. Tokens are signed with `secret` at `now`. For
 * vote races, the crash test and the benchmark's crowds.
 */
export async function writeBuildingWithResidents(
  db: Db,
  options: {
    secret: string;
    now: Date;
    buildingId: string;
    count: number;
    perHousehold: number;
    relation?: "owner" | "tenant" | "member";
    areas?: number[];
    perUnit?: number;
  },
): Promise<TestHousehold[]> {
  const at = options.now.toISOString();
  const areas = options.areas ?? [88.5, 101.25, 76.4];
  const perUnit = options.perUnit ?? options.count;
  const { buildingId } = options;
  const units = Array.from({ length: Math.max(1, Math.ceil(options.count / perUnit)) }, (_, u) =>
    String(u + 1),
  );
  const items: Record<string, unknown>[] = [
    buildingItem({
      id: buildingId,
      communityId: DEMO_COMMUNITY.id,
      name: `${buildingId}栋`,
      units,
      createdAt: at,
    }),
  ];
  const households: TestHousehold[] = [];
  for (let h = 0; h < options.count; h++) {
    const unit = units[Math.floor(h / perUnit)] as string;
    const room = String(101 + (h % perUnit));
    // One unit: hh-<building>-<room>; more: hh-<building>-<unit>-<room>.
    const place = units.length === 1 ? room : `${unit}-${room}`;
    const household = {
      id: `hh-${buildingId}-${place}`,
      communityId: DEMO_COMMUNITY.id,
      buildingId,
      buildingName: `${buildingId}栋`,
      unit,
      room,
      area: areas[h % areas.length] as number,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    items.push(householdItem(household), addressItem(household));
    const residents: TestResident[] = [];
    for (let r = 0; r < options.perHousehold; r++) {
      const userId = `u-${buildingId}-${place}-${r}`;
      const profile = newResident(userId, `${userId}-openid`, `${buildingId}-${place}-${r}`, at);
      items.push(
        {
          ...keys.user(userId),
          entity: "User",
          ...profile,
          communityId: DEMO_COMMUNITY.id,
          householdCount: 1,
        },
        // As users/repo.ts createUser claims the openid.
        { ...keys.openid(profile.openid), userId, createdAt: at },
        membershipItem({
          userId,
          householdId: household.id,
          communityId: DEMO_COMMUNITY.id,
          relation: options.relation ?? "owner",
          verifiedAt: at,
          verifiedBy: "test",
        }),
      );
      const { token } = await issueToken(options.secret, userId, 90 * 24 * 3600, options.now, "wechat");
      residents.push({ id: userId, token });
    }
    households.push({ id: household.id, area: household.area, residents });
  }
  await putAll(db, items, 4);
  return households;
}

/** writeBuildingWithResidents into a test stack's table, with its key and clock. */
export function addBuildingWithResidents(
  stack: TestStack,
  options: {
    buildingId: string;
    count: number;
    perHousehold: number;
    relation?: "owner" | "tenant" | "member";
    areas?: number[];
  },
): Promise<TestHousehold[]> {
  return writeBuildingWithResidents(stack.deps.db, {
    ...options,
    secret: stack.deps.config.JWT_SECRET,
    now: stack.clock.now(),
  });
}
