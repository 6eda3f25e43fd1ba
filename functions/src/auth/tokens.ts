import { errors, jwtVerify, SignJWT } from "jose";
import { unauthorized } from "../http/errors.js";

const ISSUER = "onedoor";
const AUDIENCE = "onedoor-api";

/**
 * How a token was obtained, carried in its `amr` claim: a WeChat login in the mini-program, the
 * web build's scan to log in (`web`), or the local stage's dev login (`dev`). A token without the
 * claim (issued before it existed) verifies with `null`.
 */
export const AUTH_METHODS = ["wechat", "web", "dev"] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

export interface VerifiedToken {
  userId: string;
  /** Null for a token without a known `amr` claim. */
  method: AuthMethod | null;
}

const keyOf = (secret: string) => new TextEncoder().encode(secret);

export async function issueToken(
  secret: string,
  userId: string,
  ttlSeconds: number,
  now: Date,
  method: AuthMethod,
): Promise<IssuedToken> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + ttlSeconds;
  const token = await new SignJWT({ amr: method })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(keyOf(secret));
  return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

const asMethod = (claim: unknown): AuthMethod | null =>
  AUTH_METHODS.find((method) => method === claim) ?? null;

/** The user id and how the token was issued; any bad token (expired, tampered, wrong issuer) is a 401. */
export async function verifyToken(secret: string, token: string, now: Date): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
    });
    if (!payload.sub) throw unauthorized();
    return { userId: payload.sub, method: asMethod(payload.amr) };
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      throw unauthorized("Your session has expired. Please log in again.", "TOKEN_EXPIRED");
    throw unauthorized("Your session is not valid. Please log in again.", "TOKEN_INVALID");
  }
}
