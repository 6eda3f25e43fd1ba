import { errors, jwtVerify, SignJWT } from "jose";
import { unauthorized } from "../http/errors.js";

const ISSUER = "onedoor";
const AUDIENCE = "onedoor-api";

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

const keyOf = (secret: string) => new TextEncoder().encode(secret);

export async function issueToken(
  secret: string,
  userId: string,
  ttlSeconds: number,
  now: Date,
): Promise<IssuedToken> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + ttlSeconds;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(keyOf(secret));
  return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** Returns the user id; any bad token (expired, tampered, wrong issuer) is a 401. */
export async function verifyToken(secret: string, token: string, now: Date): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
    });
    if (!payload.sub) throw unauthorized();
    return payload.sub;
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      throw unauthorized("Your session has expired. Please log in again.", "TOKEN_EXPIRED");
    throw unauthorized("Your session is not valid. Please log in again.", "TOKEN_INVALID");
  }
}
