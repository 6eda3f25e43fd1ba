import { newResident } from "../../functions/src/auth/service.js";
import { issueToken } from "../../functions/src/auth/tokens.js";
import { householdItem, membershipItem } from "../../functions/src/community/repo.js";
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
 * A new building of the demo community with `count` households (areas cycling through
 * `areas`), each with `perHousehold` verified residents of `relation`: a crowd for vote races.
 */
export async function addBuildingWithResidents(
  stack: TestStack,
  options: {
    buildingId: string;
    count: number;
    perHousehold: number;
    relation?: "owner" | "tenant" | "member";
    areas?: number[];
  },
): Promise<TestHousehold[]> {
  const { db, config } = stack.deps;
  const now = stack.clock.now().toISOString();
  const areas = options.areas ?? [88.5, 101.25, 76.4];
  const { buildingId } = options;
  const items: Record<string, unknown>[] = [
    {
      ...keys.building(DEMO_COMMUNITY.id, buildingId),
      entity: "Building",
      id: buildingId,
      communityId: DEMO_COMMUNITY.id,
      name: `${buildingId}栋`,
      units: ["1"],
      createdAt: now,
    },
  ];
  const households: TestHousehold[] = [];
  for (let h = 0; h < options.count; h++) {
    const room = String(101 + h);
    const id = `hh-${buildingId}-${room}`;
    const area = areas[h % areas.length] as number;
    items.push(
      householdItem({
        id,
        communityId: DEMO_COMMUNITY.id,
        buildingId,
        buildingName: `${buildingId}栋`,
        unit: "1",
        room,
        area,
        createdAt: now,
        updatedAt: now,
        version: 1,
      }),
    );
    const residents: TestResident[] = [];
    for (let r = 0; r < options.perHousehold; r++) {
      const userId = `u-${buildingId}-${room}-${r}`;
      items.push({
        ...keys.user(userId),
        entity: "User",
        ...newResident(userId, `${userId}-openid`, `${buildingId}-${room}-${r}`, now),
        communityId: DEMO_COMMUNITY.id,
        householdCount: 1,
      });
      items.push(
        membershipItem({
          userId,
          householdId: id,
          communityId: DEMO_COMMUNITY.id,
          relation: options.relation ?? "owner",
          verifiedAt: now,
          verifiedBy: "test",
        }),
      );
      const { token } = await issueToken(
        config.JWT_SECRET,
        userId,
        90 * 24 * 3600,
        stack.clock.now(),
        "wechat",
      );
      residents.push({ id: userId, token });
    }
    households.push({ id, area, residents });
  }
  await putAll(db, items);
  return households;
}
