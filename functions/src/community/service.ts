/** Rules of the community model. No I/O here. */
import type { Relation, UserProfile } from "../users/schemas.js";
import type { Household } from "./schemas.js";

export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
export const ROOM_PATTERN = /^[0-9A-Za-z-]{1,8}$/;
export const UNIT_PATTERN = /^[0-9A-Za-z]{1,4}$/;

/** "3栋" + "2" + "301" → "3栋2单元301", as residents write an address. */
export function formatAddress(buildingName: string, unit: string, room: string): string {
  return `${buildingName}${unit}单元${room}`;
}

export function normalizeRoom(room: string): string {
  return room.trim().toUpperCase();
}

/** Registered areas are recorded to 0.01 m². */
export function roundArea(area: number): number {
  return Math.round(area * 100) / 100;
}

export type VerificationStatus = "unverified" | "pending" | "verified" | "rejected" | "revoked";

/** Derived, never stored: a pending request wins, then any verified household, then the last decision. */
export function verificationStatus(user: UserProfile): VerificationStatus {
  if (user.pendingRequestId) return "pending";
  if (user.householdCount > 0) return "verified";
  return user.lastDecision ?? "unverified";
}

export function isVerified(user: UserProfile): boolean {
  return user.householdCount > 0;
}

export const relationLabel: Record<Relation, string> = { owner: "业主", tenant: "租户", member: "家庭成员" };

/** What staff and residents see of a household. */
export function householdView(household: Household) {
  return {
    id: household.id,
    communityId: household.communityId,
    buildingId: household.buildingId,
    buildingName: household.buildingName,
    unit: household.unit,
    room: household.room,
    area: household.area,
    address: formatAddress(household.buildingName, household.unit, household.room),
    updatedAt: household.updatedAt,
  };
}
