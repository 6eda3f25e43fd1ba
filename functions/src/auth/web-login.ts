/**
 * "Scan to log in on a computer" (扫码登录电脑版): the rules, no I/O.
 *
 * The browser asks for a ticket and shows its id as a QR code; a staff member, lawyer or admin
 * scans it with the mini-program (already logged in through WeChat) and approves; the browser,
 * polling with the secret only it holds, then collects a token for that person, once.
 *
 *   pending ──approve──▶ approved ──collect──▶ consumed
 *      └─────deny─────▶ denied
 *
 * Anything past `expiresAt` is gone, whatever its status.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { AppError, conflict, forbidden, notFound } from "../http/errors.js";
import type { UserProfile } from "../users/schemas.js";
import type { AuthMethod } from "./tokens.js";

export const WEB_LOGIN_TTL_SECONDS = 120;
/** What the QR code carries before the ticket id; nothing else is in it. */
export const WEB_LOGIN_QR_PREFIX = "onedoor-web-login:";
/** 128 random bits in base64url: the ticket id and the poll secret. */
export const TICKET_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export type WebLoginStatus = "pending" | "approved" | "denied" | "consumed";

/** As stored (without keys). The poll secret itself is never stored, only its SHA-256. */
export interface WebLoginTicket {
  id: string;
  pollSecretHash: string;
  status: WebLoginStatus;
  /** A summary of the browser's User-Agent, or null when nothing in it was recognised. */
  browser: string | null;
  createdAt: string;
  /** Epoch seconds: the table's TTL attribute, and the end of the ticket for every route. */
  expiresAt: number;
  approvedBy?: string;
  approvedAt?: string;
  deniedBy?: string;
  deniedAt?: string;
  consumedAt?: string;
}

const random128 = () => randomBytes(16).toString("base64url");

export const hashPollSecret = (secret: string) => createHash("sha256").update(secret).digest("base64url");

export function newTicket(now: Date, browser: string | null): { ticket: WebLoginTicket; pollSecret: string } {
  const pollSecret = random128();
  return {
    pollSecret,
    ticket: {
      id: random128(),
      pollSecretHash: hashPollSecret(pollSecret),
      status: "pending",
      browser,
      createdAt: now.toISOString(),
      expiresAt: epochSeconds(now) + WEB_LOGIN_TTL_SECONDS,
    },
  };
}

export const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** TTL removes an expired item only eventually (within days): every read checks the time itself. */
export const isLive = (ticket: WebLoginTicket | null, now: Date): ticket is WebLoginTicket =>
  ticket !== null && ticket.expiresAt > epochSeconds(now);

/** Compared as hashes of equal length, in constant time. */
export function pollSecretMatches(ticket: WebLoginTicket, secret: string): boolean {
  const given = Buffer.from(hashPollSecret(secret));
  const stored = Buffer.from(ticket.pollSecretHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Who may confirm a web login: the people the web build is for. Residents use the mini-program. */
export const canUseWebLogin = (user: UserProfile) =>
  user.roles.some((role) => role === "staff" || role === "lawyer" || role === "admin");

export function assertCanUseWebLogin(user: UserProfile): void {
  if (!canUseWebLogin(user)) {
    throw forbidden(
      "Only community staff, lawyers and admins can log in on a computer.",
      "WEB_LOGIN_STAFF_ONLY",
    );
  }
}

/**
 * Who may look at, approve or refuse a ticket: a session from the mini-program's WeChat login,
 * i.e. the phone that scanned. Not a session the web build got through this very flow (else a
 * logged-in browser, lured to a confirm link, would hand its account to someone else's computer),
 * and not a token from before tokens said how they were issued (`null`: refused here only). The
 * dev login stands in for WeChat in the local stage, where it is the only way in.
 */
export const isPhoneLogin = (method: AuthMethod | null, localStage: boolean) =>
  method === "wechat" || (method === "dev" && localStage);

export function assertPhoneLogin(method: AuthMethod | null, localStage: boolean): void {
  if (!isPhoneLogin(method, localStage)) {
    throw forbidden(
      "Confirm a computer login on your phone: scan the code with 扫码登录电脑版 in the OneDoor mini-program.",
      "WEB_LOGIN_PHONE_ONLY",
    );
  }
}

/**
 * Where an approval, a refusal and a collected token are audited: each community the person
 * works in; an admin who works in none is recorded in the deployment's own log (readable by
 * admins as `communityId=_deployment`).
 */
export const DEPLOYMENT_AUDIT = "_deployment";
/** A TransactWriteItems holds 100 items: the ticket and at most this many audit entries. */
const MAX_AUDIT_COMMUNITIES = 50;

export function auditCommunities(user: UserProfile): string[] {
  const communities = [...new Set([...user.staffCommunityIds, ...user.lawyerCommunityIds])];
  return communities.length > 0 ? communities.slice(0, MAX_AUDIT_COMMUNITIES) : [DEPLOYMENT_AUDIT];
}

export const webLoginExpired = () =>
  notFound(
    "This QR code has expired or does not exist. Refresh it on the computer and scan again.",
    "WEB_LOGIN_EXPIRED",
  );
export const webLoginNotPending = (status: WebLoginStatus) =>
  conflict(
    "WEB_LOGIN_NOT_PENDING",
    status === "denied" ? "This login was already refused." : "This QR code has already been used.",
  );
export const webLoginDenied = () =>
  new AppError(403, "WEB_LOGIN_DENIED", "The login was refused on the phone.");
export const webLoginUsed = () =>
  conflict("WEB_LOGIN_USED", "This login has already been completed. Refresh the QR code to log in again.");
