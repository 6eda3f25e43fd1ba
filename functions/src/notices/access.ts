/** Who may read which notice, and which of their households it reaches. */
import { householdsOfIn } from "../community/repo.js";
import type { Household } from "../community/schemas.js";
import type { AppDeps } from "../deps.js";
import { canStaff } from "../http/auth.js";
import { forbidden, notFound, validationFailed } from "../http/errors.js";
import type { UserProfile } from "../users/schemas.js";
import type { Reader } from "./actions.js";
import type { Notice } from "./schemas.js";
import { ALL_CHANNEL, channelOf, householdInChannels } from "./service.js";

export interface NoticeCaller {
  user: UserProfile;
  communityId: string;
  staff: boolean;
  /** Verified to households of this community. */
  resident: boolean;
  /** The caller's households in this community (none unless verified here). */
  households: Household[];
}

export const verifiedElsewhere = (user: UserProfile, communityId: string) =>
  user.householdCount > 0 && user.communityId !== communityId;

/**
 * The community whose notices the caller reads: the one named, else their own. Anyone may read
 * a community's notices for everyone (the board at its gate), except a resident verified to
 * another community, who reads their own.
 */
export function feedCommunity(user: UserProfile, requested?: string): string {
  const own =
    (user.householdCount > 0 ? user.communityId : null) ??
    user.staffCommunityIds[0] ??
    user.lawyerCommunityIds[0];
  const communityId = requested ?? own;
  if (!communityId) throw validationFailed([{ path: "query.communityId", message: "Name the community" }]);
  if (verifiedElsewhere(user, communityId) && !canStaff(user, communityId))
    throw forbidden("You are verified to another community.", "NOT_IN_COMMUNITY");
  return communityId;
}

export async function noticeCaller(
  deps: AppDeps,
  user: UserProfile,
  communityId: string,
): Promise<NoticeCaller> {
  const resident = user.householdCount > 0 && user.communityId === communityId;
  const households = resident ? await householdsOfIn(deps.db, user.id, communityId) : [];
  return { user, communityId, staff: canStaff(user, communityId), resident, households };
}

/** The channels the caller's feed reads: their units, or the whole community's board. */
export function feedChannels(caller: NoticeCaller): string[] {
  if (caller.households.length === 0) return [ALL_CHANNEL];
  return [...new Set(caller.households.map((h) => channelOf(h.buildingId, h.unit)))];
}

/** The caller as a reader of this notice: their households inside its audience. */
export function readerOf(caller: NoticeCaller, notice: Notice): Reader {
  return {
    userId: caller.user.id,
    households: caller.households.filter((h) => householdInChannels(h, notice.channels)),
  };
}

/**
 * Staff of the community read every notice. Others read a published (or withdrawn: told so)
 * notice whose audience includes one of their households, or one for the whole community if
 * they are not verified to another community. Anything else is 404, as if it did not exist.
 */
export function assertCanRead(caller: NoticeCaller, notice: Notice): void {
  if (caller.staff) return;
  const missing = notFound("No such notice.", "NOTICE_NOT_FOUND");
  if (notice.state === "draft" || notice.state === "scheduled") throw missing;
  const reached =
    readerOf(caller, notice).households.length > 0 ||
    (notice.channels.includes(ALL_CHANNEL) && !verifiedElsewhere(caller.user, notice.communityId));
  if (!reached) throw missing;
  if (notice.state === "withdrawn")
    throw notFound(`This notice was withdrawn: ${notice.withdrawReason ?? ""}`.trim(), "NOTICE_WITHDRAWN");
}
