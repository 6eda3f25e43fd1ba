import type { MiddlewareHandler } from "hono";
import { verifyToken } from "../auth/tokens.js";
import { getUser } from "../users/repo.js";
import type { UserProfile } from "../users/schemas.js";
import type { AppEnv } from "./env.js";
import { forbidden, unauthorized, validationFailed } from "./errors.js";

/**
 * Verifies the bearer token and loads the user on every request, so a role removed or an
 * account deleted takes effect at once rather than when the token expires.
 */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) throw unauthorized("Please log in.", "UNAUTHENTICATED");
  const deps = c.get("deps");
  const { userId, method } = await verifyToken(deps.config.JWT_SECRET, match[1], deps.clock.now());
  const user = await getUser(deps.db, userId);
  if (!user) throw unauthorized("This account no longer exists.", "TOKEN_INVALID");
  c.set("user", user);
  c.set("authMethod", method);
  await next();
};

export const isAdmin = (user: UserProfile) => user.roles.includes("admin");

/** Staff act only in their own communities; admin spans the deployment. */
export function canStaff(user: UserProfile, communityId: string): boolean {
  return isAdmin(user) || (user.roles.includes("staff") && user.staffCommunityIds.includes(communityId));
}

export function assertStaffOf(user: UserProfile, communityId: string): void {
  if (!canStaff(user, communityId))
    throw forbidden("Only staff of this community can do this.", "NOT_STAFF_OF_COMMUNITY");
}

/** For list routes: the community a staff member works in (admin must name one). */
export function assertAnyStaff(user: UserProfile): void {
  if (!isAdmin(user) && !user.roles.includes("staff"))
    throw forbidden("This is for community staff only.", "STAFF_ONLY");
}

/** The community a staff member acts in: the one named, or their first (admin must name one). */
export function staffCommunity(user: UserProfile, requested?: string, path = "communityId"): string {
  assertAnyStaff(user);
  const communityId = requested ?? user.staffCommunityIds[0];
  if (!communityId) throw validationFailed([{ path, message: "Name the community" }]);
  assertStaffOf(user, communityId);
  return communityId;
}
