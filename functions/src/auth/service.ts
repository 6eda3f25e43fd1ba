import type { AppDeps } from "../deps.js";
import { AppError } from "../http/errors.js";
import { buildMe } from "../users/me.js";
import { createUser, getUser, getUserIdByOpenid } from "../users/repo.js";
import type { UserProfile } from "../users/schemas.js";
import { type AuthMethod, issueToken } from "./tokens.js";

export const DEFAULT_NICKNAME = "微信用户";

export function newResident(
  id: string,
  openid: string,
  nickname: string | undefined,
  now: string,
): UserProfile {
  return {
    id,
    openid,
    nickname: nickname?.trim() || DEFAULT_NICKNAME,
    roles: ["resident"],
    staffCommunityIds: [],
    lawyerCommunityIds: [],
    communityId: null,
    householdCount: 0,
    pendingRequestId: null,
    lastDecision: null,
    lastDecisionReason: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * WeChat login and dev login end here: find or create the user, then issue a token that says
 * which of the two it came from.
 */
export async function loginWithOpenid(
  deps: AppDeps,
  method: "wechat" | "dev",
  openid: string,
  nickname?: string,
) {
  const { db, clock } = deps;
  let user: UserProfile | null = null;
  const existingId = await getUserIdByOpenid(db, openid);
  if (existingId) {
    user = await getUser(db, existingId);
  } else {
    user = await createUser(db, newResident(deps.newId(), openid, nickname, clock.now().toISOString()));
    if (!user) {
      // A simultaneous first login of the same WeChat account won the race: use its user.
      const winnerId = await getUserIdByOpenid(db, openid);
      user = winnerId ? await getUser(db, winnerId) : null;
    }
  }
  if (!user) throw new AppError(500, "INTERNAL", "The account could not be loaded.");
  deps.logger.info("login", { userId: user.id, created: !existingId });
  return sessionFor(deps, user, method);
}

/**
 * The login response every way of logging in returns: a token for the user and their own view.
 * The token records `method`, so a route can ask how its caller logged in (web login's approval
 * takes a WeChat login).
 */
export async function sessionFor(deps: AppDeps, user: UserProfile, method: AuthMethod) {
  const { clock, config } = deps;
  const token = await issueToken(config.JWT_SECRET, user.id, config.JWT_TTL_SECONDS, clock.now(), method);
  return { ...token, user: await buildMe(deps, user) };
}
