// How notices read for residents, without I/O: category labels and colours, the feed's date line,
// 已编辑 / 已确认 lines, which community's feed (and badge) to ask for, what an error means. Tested
// beside it.
import type { NoticeCategory, NoticeDetail } from "../api/notices";
import type { Community, Me } from "../api/types";
import type { Tone } from "../components/tone";
import type { MessageKey, Translate } from "../i18n";
import { formatShanghai, monthDay, shanghaiClock, shanghaiDate } from "./time";

export const categoryKey = (category: NoticeCategory): MessageKey => `nr.category.${category}`;

/** Emergency is the only red: the eye should find it first. */
export const categoryTone: Record<NoticeCategory, Tone> = {
  notice: "green",
  policy: "orange",
  legal: "grey",
  activity: "orange",
  emergency: "red",
};

/** The tags a notice carries, in the order they are shown (the category tag is apart). */
export type NoticeFlag = "pinned" | "ackNeeded" | "expired";

export const flagKey = (flag: NoticeFlag): MessageKey => `nr.flag.${flag}`;

export const flagTone: Record<NoticeFlag, Tone> = {
  pinned: "red",
  ackNeeded: "orange",
  expired: "grey",
};

/** Past its expiry (an archive item, or a notice left open past the hour). */
export function isExpired(expiresAt: string | null, nowMs: number): boolean {
  return expiresAt !== null && Date.parse(expiresAt) <= nowMs;
}

export function noticeFlags(
  notice: { pinned: boolean; ackRequired: boolean; acked: boolean; expiresAt: string | null },
  nowMs: number,
): NoticeFlag[] {
  const flags: NoticeFlag[] = [];
  if (notice.pinned) flags.push("pinned");
  if (notice.ackRequired && !notice.acked) flags.push("ackNeeded");
  if (isExpired(notice.expiresAt, nowMs)) flags.push("expired");
  return flags;
}

/**
 * What the notice page last saw, by notice id, for this run of the app: that the notice was read
 * (opening it marks it so) and whether it is acknowledged. When the feed comes back with more than
 * its first page loaded it refreshes only the first page; items further down follow this.
 */
const seenRead = new Set<string>();
const ackSeen = new Map<string, boolean>();

/** The notice page showed this notice (so it is read), acknowledged or not. */
export function noteAckSeen(notice: Pick<NoticeDetail, "id" | "ackRequired" | "mine">): void {
  seenRead.add(notice.id);
  if (notice.ackRequired) ackSeen.set(notice.id, notice.mine.acked);
  else ackSeen.delete(notice.id);
}

/** A feed item's `acked`, corrected by what the notice page saw of it. */
export function feedAcked(
  item: { id: string; acked: boolean },
  seen: ReadonlyMap<string, boolean> = ackSeen,
): boolean {
  return seen.get(item.id) ?? item.acked;
}

/** A feed item's `read`, corrected by what the notice page saw. */
export function feedRead(item: { id: string; read: boolean }, seen: ReadonlySet<string> = seenRead): boolean {
  return item.read || seen.has(item.id);
}

/** The feed's date, in Shanghai: 今天 09:05 · 昨天 18:30 · 11-23 · 2025-11-23 (other years). */
export function feedDateText(t: Translate, iso: string, nowMs: number): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const day = shanghaiDate(iso);
  const today = shanghaiDate(new Date(nowMs));
  if (day === today) return t("nr.date.today", { time: shanghaiClock(iso) });
  if (day === shanghaiDate(new Date(nowMs - 24 * 60 * 60 * 1000)))
    return t("nr.date.yesterday", { time: shanghaiClock(iso) });
  return day.slice(0, 4) === today.slice(0, 4) ? monthDay(day) : day;
}

/** 已编辑 · 2026-11-23 09:05 */
export function editedText(t: Translate, editedAt: string): string {
  return t("nr.notice.edited", { time: formatShanghai(editedAt) });
}

/** 已确认知晓 · 2026-11-23 09:05 (or without a time when the API gave none). */
export function ackedText(t: Translate, ackAt: string | null): string {
  return ackAt ? t("nr.notice.ackedAt", { time: formatShanghai(ackAt) }) : t("nr.notice.acked");
}

type AckView = Pick<NoticeDetail, "ackRequired" | "state" | "mine">;

/** What the acknowledgement part of a notice shows. */
export type AckState = "none" | "acked" | "can" | "notPublished" | "notVerified" | "notAudience";

/**
 * The API says whether the caller may acknowledge (`canAck`); when not, the reason is told from
 * the caller: not verified in this community, or verified but the notice is for other buildings.
 */
export function ackState(notice: AckView, verifiedHere: boolean): AckState {
  if (!notice.ackRequired) return "none";
  if (notice.mine.acked) return "acked";
  if (notice.mine.canAck) return "can";
  if (notice.state !== "published") return "notPublished";
  return verifiedHere ? "notAudience" : "notVerified";
}

export const ackReasonKey = (state: "notPublished" | "notVerified" | "notAudience"): MessageKey =>
  `nr.ack.${state}`;

type FeedUser = Pick<Me, "community" | "verification">;

/**
 * The community whose feed to ask for: the caller's own (verified, or staff), else the one their
 * verification request names (the board for everyone there), else none: the page picks one.
 */
export function feedCommunityId(user: FeedUser | null): string | null {
  if (!user) return null;
  return user.community?.id ?? user.verification.request?.communityId ?? null;
}

/** What the feed (and the home badge) reads: a community id, and the community when it is a stand-in. */
export interface FeedCommunity {
  id: string;
  /** Set when the caller has no community of their own: the board shown instead. */
  fallback: Community | null;
}

/**
 * The feed's community, the same for the feed and the home badge: the caller's own (or their
 * request's, see feedCommunityId), else the first community there is, looked up only then.
 */
export async function chooseFeedCommunity(
  user: FeedUser | null,
  firstCommunity: () => Promise<Community | null>,
): Promise<FeedCommunity | null> {
  const own = feedCommunityId(user);
  if (own) return { id: own, fallback: null };
  const first = await firstCommunity();
  return first ? { id: first.id, fallback: first } : null;
}

/** Asks `load` once and remembers its answer; a failure is not remembered, so the next call asks again. */
export function remember<T>(load: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | null = null;
  return () => {
    if (!answer)
      answer = load().catch((err: unknown) => {
        answer = null;
        throw err;
      });
    return answer;
  };
}

/** The home tile's badge: nothing at 0, "99+" only when the API says there are 99 or more. */
export function unreadBadge(unread: { count: number; capped: boolean } | null): string {
  if (!unread) return "";
  if (unread.capped) return "99+";
  return unread.count > 0 ? String(unread.count) : "";
}

/** A resident not yet verified sees the community's board only: tell them what verifying adds. */
export function showsVerifyHint(user: Pick<Me, "roles" | "verification"> | null): boolean {
  if (!user) return false;
  return user.verification.status !== "verified" && !user.roles.includes("staff");
}

const WITHDRAWN_PREFIX = /^This notice was withdrawn:?\s*/i;

/**
 * The reason out of the API's NOTICE_WITHDRAWN message ("This notice was withdrawn: <reason>"):
 * the staff's own words. Any other message is the API's, never shown: no reason then.
 */
export function withdrawnReason(message: string): string {
  return WITHDRAWN_PREFIX.test(message) ? message.replace(WITHDRAWN_PREFIX, "").trim() : "";
}

const KNOWN_ERRORS = [
  "NOTICE_NOT_FOUND",
  "NOTICE_WITHDRAWN",
  "NOT_VERIFIED",
  "NOT_IN_AUDIENCE",
  "NOT_IN_COMMUNITY",
  "ACK_NOT_REQUIRED",
  "NOTICE_NOT_PUBLISHED",
  "RATE_LIMITED",
] as const;
type KnownError = (typeof KNOWN_ERRORS)[number];

/** The message for an API error code, or null when only the generic message fits. */
export function noticeErrorKey(code: string): MessageKey | null {
  return (KNOWN_ERRORS as readonly string[]).includes(code) ? `nr.error.${code as KnownError}` : null;
}

interface ErrorLike {
  status: number;
  code: string;
  message: string;
}

/**
 * What to tell the resident about a failed call, never the API's own (English) words: a known
 * code's message, else a generic one. The code is added for a refused request (4xx), which is worth
 * telling the staff about; a server failure (5xx) gets the generic words alone.
 */
export function noticeErrorText(t: Translate, err: unknown): string {
  const e = err as Partial<ErrorLike> | null;
  if (!e || typeof e.code !== "string" || !e.status) return t("common.networkError");
  const key = noticeErrorKey(e.code);
  if (key) return t(key);
  return e.status < 500 && e.code ? t("nr.error.genericCode", { code: e.code }) : t("nr.error.generic");
}

/** The toast after asking WeChat for emergency alerts. */
export const subscribeToastKey = (outcome: "accepted" | "declined" | "switchedOff" | "failed"): MessageKey =>
  `nr.subscribe.${outcome}`;

export type Gone = { kind: "withdrawn"; reason: string } | { kind: "missing" };

/** A 404 (or a malformed id) means the notice is not there for this caller; anything else may pass. */
export function goneFrom(err: unknown): Gone | null {
  const e = err as Partial<ErrorLike> | null;
  if (!e || typeof e.code !== "string") return null;
  if (e.code === "NOTICE_WITHDRAWN") return { kind: "withdrawn", reason: withdrawnReason(e.message ?? "") };
  if (e.status === 404 || e.code === "VALIDATION_FAILED") return { kind: "missing" };
  return null;
}
