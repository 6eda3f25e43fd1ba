// Notices (通知公告): residents' feed and reading, staff's compose, publish, reach and grids.
// Shapes come from the API's own schemas.
import type { z } from "@hono/zod-openapi";
import type { Block, Inline } from "../../../functions/src/notices/format";
import type {
  audienceOptionsSchema,
  audienceSchema,
  categorySchema,
  gridSchema,
  manageItemSchema,
  noticeDetailSchema,
  noticeSummarySchema,
  reachSchema,
  stateSchema,
} from "../../../functions/src/notices/schemas";
import { client } from "./client";
import { unwrap } from "./errors";

export type { Block, Inline };
export type NoticeSummary = z.infer<typeof noticeSummarySchema>;
export type NoticeDetail = z.infer<typeof noticeDetailSchema>;
export type NoticeCategory = z.infer<typeof categorySchema>;
export type NoticeAudience = z.infer<typeof audienceSchema>;
export type NoticeState = z.infer<typeof stateSchema>;
export type ManageItem = z.infer<typeof manageItemSchema>;
export type NoticeReach = z.infer<typeof reachSchema>;
export type Grid = z.infer<typeof gridSchema>;
export type AudienceOptions = z.infer<typeof audienceOptionsSchema>;
export type FollowUpList = "unread" | "unacked" | "all";

export const CATEGORIES: NoticeCategory[] = ["notice", "policy", "legal", "activity", "emergency"];
export const MAX_IMAGES = 9;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const v1 = client.api.v1;
const notice = v1.notices[":noticeId"];

// ——— Residents ———

/** My feed (pinned first, then newest), or the archive of expired notices. */
export async function listFeed(
  options: { cursor?: string; archive?: boolean; communityId?: string } = {},
): Promise<Page<NoticeSummary>> {
  const query: { cursor?: string; archive?: "0" | "1"; communityId?: string } = {};
  if (options.cursor) query.cursor = options.cursor;
  if (options.archive) query.archive = "1";
  if (options.communityId) query.communityId = options.communityId;
  return unwrap(v1.notices.$get({ query }));
}

export async function getUnreadNotices(communityId?: string): Promise<{ count: number; capped: boolean }> {
  return unwrap(v1.notices["unread-count"].$get({ query: communityId ? { communityId } : {} }));
}

/** Opens a notice: the API marks it read for my household. */
export async function getNotice(noticeId: string): Promise<NoticeDetail> {
  const body: { notice: NoticeDetail } = await unwrap(notice.$get({ param: { noticeId } }));
  return body.notice;
}

export async function acknowledgeNotice(noticeId: string): Promise<NoticeDetail> {
  const body: { notice: NoticeDetail } = await unwrap(notice.ack.$post({ param: { noticeId } }));
  return body.notice;
}

// ——— Staff ———

export interface NoticeInput {
  communityId?: string;
  title: string;
  body: string;
  category: NoticeCategory;
  audience: NoticeAudience;
  images: string[];
  pinned: boolean;
  ackRequired: boolean;
  expiresAt: string | null;
}

export async function listManaged(state: NoticeState, cursor?: string): Promise<Page<ManageItem>> {
  const query: { state: NoticeState; cursor?: string } = { state };
  if (cursor) query.cursor = cursor;
  return unwrap(v1.notices.manage.$get({ query }));
}

/** `key` makes a double tap create one draft. */
export async function createNotice(input: NoticeInput, key: string): Promise<NoticeDetail> {
  const body: { notice: NoticeDetail } = await unwrap(
    v1.notices.$post({ json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.notice;
}

/** `version` is the one the form loaded: a stale save is 409 EDIT_CONFLICT. */
export async function updateNotice(
  noticeId: string,
  version: number,
  changes: Partial<Omit<NoticeInput, "communityId">>,
): Promise<NoticeDetail> {
  const body: { notice: NoticeDetail } = await unwrap(
    notice.$put({ param: { noticeId }, json: { version, ...changes } }),
  );
  return body.notice;
}

/** Publishes now, or schedules for `publishAt` (an ISO instant). */
export async function publishNotice(noticeId: string, publishAt?: string): Promise<NoticeDetail> {
  const body: { notice: NoticeDetail } = await unwrap(
    notice.publish.$post({ param: { noticeId }, json: publishAt ? { publishAt } : {} }),
  );
  return body.notice;
}

export async function withdrawNotice(noticeId: string, reason: string): Promise<NoticeDetail> {
  const body: { notice: NoticeDetail } = await unwrap(
    notice.withdraw.$post({ param: { noticeId }, json: { reason } }),
  );
  return body.notice;
}

export async function getReach(noticeId: string, list: FollowUpList = "unread"): Promise<NoticeReach> {
  const body: { reach: NoticeReach } = await unwrap(
    notice.reach.$get({ param: { noticeId }, query: { list } }),
  );
  return body.reach;
}

/** The follow-up list as CSV text (UTF-8 with a byte-order mark). */
export async function getReachCsv(noticeId: string, list: FollowUpList = "unread"): Promise<string> {
  const response = await notice["reach.csv"].$get({ param: { noticeId }, query: { list } });
  if (!response.ok) await unwrap(Promise.resolve(response));
  return response.text();
}

export async function getAudienceOptions(): Promise<AudienceOptions> {
  const body: { options: AudienceOptions } = await unwrap(v1.notices.audience.$get({ query: {} }));
  return body.options;
}

export async function listGrids(): Promise<Grid[]> {
  const body: { items: Grid[] } = await unwrap(v1.grids.$get({ query: {} }));
  return body.items;
}

export interface GridInput {
  name: string;
  members: Array<{ buildingId: string; unit: string | null }>;
}

export async function createGrid(input: GridInput, key: string): Promise<Grid> {
  const body: { grid: Grid } = await unwrap(
    v1.grids.$post({ json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.grid;
}

export async function updateGrid(gridId: string, input: GridInput): Promise<Grid> {
  const body: { grid: Grid } = await unwrap(v1.grids[":gridId"].$put({ param: { gridId }, json: input }));
  return body.grid;
}
