/**
 * Crowds for the bench, written straight into the stack's table with the app's own item builders
 * (making a thousand residents through the API takes three requests each), with tokens signed by
 * the JWT key the bench gives the spawned stack.
 */
import { newResident } from "../../functions/src/auth/service.js";
import { issueToken } from "../../functions/src/auth/tokens.js";
import { buildingItem, membershipItem, newHouseholdPuts } from "../../functions/src/community/repo.js";
import type { Db } from "../../functions/src/db/client.js";
import { putAll } from "../../functions/src/db/items.js";
import { keys } from "../../functions/src/db/keys.js";
import { DEMO_COMMUNITY } from "../../functions/src/demo/data.js";

export interface BenchResident {
  id: string;
  token: string;
}

const TOKEN_TTL_SECONDS = 24 * 3600;

function residentItems(userId: string, nickname: string, now: string, householdCount: number) {
  const profile = newResident(userId, `${userId}-openid`, nickname, now);
  return [
    { ...keys.user(userId), entity: "User", ...profile, communityId: DEMO_COMMUNITY.id, householdCount },
    // As users/repo.ts createUser claims the openid.
    { ...keys.openid(profile.openid), userId, createdAt: now },
  ];
}

export interface BenchHousehold {
  id: string;
  area: number;
  owner: BenchResident;
}

/**
 * A new building of the demo community with `count` households in units of 100, each with one
 * verified owner: an owners' vote electorate. Households go in with their address guard
 * (newHouseholdPuts' items, without the transaction: the building is new).
 */
export async function addBuildingOfOwners(db: Db, secret: string, buildingId: string, count: number) {
  const now = new Date();
  const at = now.toISOString();
  const unitCount = Math.ceil(count / 100);
  const units = Array.from({ length: unitCount }, (_, u) => String(u + 1));
  const items: Record<string, unknown>[] = [
    buildingItem({
      id: buildingId,
      communityId: DEMO_COMMUNITY.id,
      name: `${buildingId}栋`,
      units,
      createdAt: at,
    }),
  ];
  const households: BenchHousehold[] = [];
  for (let h = 0; h < count; h++) {
    const unit = units[Math.floor(h / 100)] as string;
    const room = String(101 + (h % 100));
    const household = {
      id: `hh-${buildingId}-${unit}-${room}`,
      communityId: DEMO_COMMUNITY.id,
      buildingId,
      buildingName: `${buildingId}栋`,
      unit,
      room,
      area: [88.5, 101.25, 76.4][h % 3] as number,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    for (const put of newHouseholdPuts(db, household)) items.push(put.Put?.Item as Record<string, unknown>);
    const userId = `u-${buildingId}-${unit}-${room}`;
    items.push(...residentItems(userId, `${buildingId}-${unit}-${room}`, at, 1));
    items.push(
      membershipItem({
        userId,
        householdId: household.id,
        communityId: DEMO_COMMUNITY.id,
        relation: "owner",
        verifiedAt: at,
        verifiedBy: "bench",
      }),
    );
    const { token } = await issueToken(secret, userId, TOKEN_TTL_SECONDS, now, "wechat");
    households.push({ id: household.id, area: household.area, owner: { id: userId, token } });
  }
  await putAll(db, items, 4);
  return households;
}
