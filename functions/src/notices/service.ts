/** The rules of notices, without I/O: audiences, channels, where a notice belongs in the feed. */
import type { Building, Household } from "../community/schemas.js";
import type { Audience, Grid, Notice } from "./schemas.js";

/** Readers without a household (not yet verified, lawyers, visitors) read this channel only. */
export const ALL_CHANNEL = "ALL";
export const channelOf = (buildingId: string, unit: string) => `B#${buildingId}#U#${unit}`;
/** Enough that a burst of readers rarely meets on one counter item in a transaction (a conflict retries). */
export const SHARDS = 32;

export interface ResolvedAudience {
  channels: string[];
  label: string;
  /** Households of the community inside the audience. */
  households: Household[];
}

/**
 * The feed channels an audience reaches: every unit of the buildings it names (a grid names
 * buildings, or units of them), plus the community channel for a community-wide notice.
 * Units come from the buildings' lists and from the households themselves, so none is missed.
 */
export function resolveAudience(
  audience: Audience,
  buildings: Building[],
  grids: Grid[],
  households: Household[],
): ResolvedAudience {
  const unitsOf = (buildingId: string) => {
    const units = new Set(buildings.find((b) => b.id === buildingId)?.units ?? []);
    for (const household of households) if (household.buildingId === buildingId) units.add(household.unit);
    return [...units];
  };
  const channels = new Set<string>();
  const addBuilding = (buildingId: string, unit: string | null) => {
    for (const u of unit === null ? unitsOf(buildingId) : [unit]) channels.add(channelOf(buildingId, u));
  };
  let label: string;
  if (audience.kind === "community") {
    channels.add(ALL_CHANNEL);
    for (const building of buildings) addBuilding(building.id, null);
    for (const household of households) channels.add(channelOf(household.buildingId, household.unit));
    label = "全体居民";
  } else if (audience.kind === "buildings") {
    for (const id of audience.buildingIds) addBuilding(id, null);
    label = audience.buildingIds.map((id) => buildings.find((b) => b.id === id)?.name ?? id).join("、");
  } else {
    const chosen = audience.gridIds.map((id) => grids.find((g) => g.id === id));
    for (const grid of chosen)
      for (const member of grid?.members ?? []) addBuilding(member.buildingId, member.unit);
    label = chosen.map((grid, i) => grid?.name ?? audience.gridIds[i]).join("、");
  }
  return {
    channels: [...channels].sort(),
    label,
    households: households.filter((h) => channels.has(channelOf(h.buildingId, h.unit))),
  };
}

export const householdInChannels = (household: Pick<Household, "buildingId" | "unit">, channels: string[]) =>
  channels.includes(channelOf(household.buildingId, household.unit));

/** A grid's buildings and units in words: 1栋、2栋1单元. */
export function gridLabel(grid: Pick<Grid, "members">, buildings: Building[]): string {
  return grid.members
    .map((m) => {
      const name = buildings.find((b) => b.id === m.buildingId)?.name ?? m.buildingId;
      return m.unit === null ? name : `${name}${m.unit}单元`;
    })
    .join("、");
}

export const isExpired = (notice: Pick<Notice, "expiresAt">, now: string) =>
  notice.expiresAt !== null && notice.expiresAt <= now;

export type FeedLocation = "live" | "archive" | "none";

/** Where the notice's channel items belong now: the feed, the archive, or nowhere. */
export function feedLocation(notice: Pick<Notice, "state" | "expiresAt">, now: string): FeedLocation {
  if (notice.state !== "published") return "none";
  return isExpired(notice, now) ? "archive" : "live";
}

/**
 * When the job next has work on the notice: publishing it, finishing a fan-out that has not
 * caught up with the latest version, or moving it to the archive when it expires.
 */
export function dueAt(notice: Notice, syncedLocation: FeedLocation | null): string | null {
  if (notice.state === "scheduled") return notice.publishAt;
  if (notice.syncedVersion < notice.version) return notice.updatedAt;
  if (notice.state === "published" && syncedLocation === "live" && notice.expiresAt) return notice.expiresAt;
  return null;
}

export const noticeLink = (noticeId: string) => `/pages/notices/notice/index?id=${noticeId}`;
