import { canStaff, isAdmin } from "../http/auth.js";
import { forbidden, validationFailed } from "../http/errors.js";
import type { UserProfile } from "../users/schemas.js";

export const isLawyerOf = (user: UserProfile, communityId: string) =>
  user.roles.includes("lawyer") && user.lawyerCommunityIds.includes(communityId);

const residentOf = (user: UserProfile, communityId: string) =>
  user.householdCount > 0 && user.communityId === communityId;

/**
 * The community whose services (consultations, the window) the caller reads: the one named (if they belong to it as a
 * resident, lawyer or staff member), else their own.
 */
export function readableCommunity(user: UserProfile, requested?: string): string {
  if (requested) {
    if (residentOf(user, requested) || isLawyerOf(user, requested) || canStaff(user, requested))
      return requested;
    throw forbidden("You do not belong to this community.", "NOT_IN_COMMUNITY");
  }
  const own =
    (user.householdCount > 0 ? user.communityId : null) ??
    user.staffCommunityIds[0] ??
    user.lawyerCommunityIds[0];
  if (own) return own;
  if (isAdmin(user)) throw validationFailed([{ path: "query.communityId", message: "Name the community" }]);
  throw forbidden(
    "Verify your household first: these services are for residents of the community.",
    "NOT_VERIFIED",
  );
}
