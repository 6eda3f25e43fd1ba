/** Notices (通知公告): residents' feed and reading, staff's compose, publish, withdraw and reach. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { getAll } from "../db/items.js";
import { keys } from "../db/keys.js";
import type { AppDeps } from "../deps.js";
import { requireUser, staffCommunity } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { conflict, forbidden, notFound, validationFailed } from "../http/errors.js";
import { idempotency } from "../http/idempotency.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { createRateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { READ_TTL_SECONDS } from "../storage/store.js";
import {
  assertCanRead,
  feedChannels,
  feedCommunity,
  type NoticeCaller,
  noticeCaller,
  readerOf,
} from "./access.js";
import {
  acknowledge,
  createNotice,
  markRead,
  publishNotice,
  updateNotice,
  withdrawNotice,
} from "./actions.js";
import { parseBody } from "./format.js";
import { reachCsv, reachOf } from "./reach.js";
import {
  type FeedEntry,
  getNotice,
  getNoticeBundle,
  listNoticesByState,
  type NoticeBundle,
  readChannels,
} from "./repo.js";
import {
  communityQuery,
  feedQuery,
  manageItemSchema,
  manageQuery,
  type Notice,
  noticeBody,
  noticeDetailSchema,
  noticeParams,
  noticeSummarySchema,
  publishBody,
  type Receipt,
  reachQuery,
  reachSchema,
  updateBody,
  withdrawBody,
} from "./schemas.js";
import { channelOf, isExpired } from "./service.js";

const route = <const T extends Parameters<typeof createRoute>[0]>(config: T) =>
  createRoute({ tags: ["notices"], security: bearer, ...config });

/** The most notices the unread badge looks at (pinned and newest first). */
const UNREAD_WINDOW = 99;

// ——— Views ———

async function imageUrls(deps: AppDeps, images: string[]) {
  return Promise.all(
    images.map(async (key) => ({ key, url: await deps.storage.signedUrl(key, READ_TTL_SECONDS) })),
  );
}

/** The readers whose receipts mark the caller's "read": their households, or themselves. */
const readersOf = (caller: NoticeCaller) =>
  caller.households.length > 0 ? caller.households.map((h) => `HH#${h.id}`) : [`USER#${caller.user.id}`];

/** The caller's receipts for these notices: one BatchGet, whatever the page holds. */
async function receiptsFor(deps: AppDeps, caller: NoticeCaller, noticeIds: string[]) {
  const readers = readersOf(caller);
  const found = await getAll<Receipt>(
    deps.db,
    [...new Set(noticeIds)].flatMap((id) => readers.map((reader) => keys.noticeReceipt(id, reader))),
  );
  return (id: string) => found.filter((r) => r.noticeId === id);
}

/**
 * My state of a feed item: read if any of my homes it reaches has opened it; acknowledged once
 * every one of them has (as the notice page says), for a reader of two homes it may reach both.
 */
function mineOf(caller: NoticeCaller, entry: FeedEntry, receipts: Receipt[]) {
  const reached = caller.households.filter((h) =>
    entry.partitions.some((pk) => pk.endsWith(`#${channelOf(h.buildingId, h.unit)}`)),
  );
  const acked =
    reached.length > 0
      ? reached.every((h) => receipts.some((r) => r.householdId === h.id && r.ackAt))
      : receipts.some((r) => r.ackAt);
  return { read: receipts.length > 0, acked };
}

async function summaryView(deps: AppDeps, entry: FeedEntry, receipts: Receipt[], caller: NoticeCaller) {
  return {
    id: entry.id,
    title: entry.title,
    category: entry.category,
    pinned: entry.pinned,
    ackRequired: entry.ackRequired,
    publishedAt: entry.publishedAt,
    editedAt: entry.editedAt,
    expiresAt: entry.expiresAt,
    excerpt: entry.excerpt,
    imageCount: entry.imageCount,
    coverUrl: entry.cover ? await deps.storage.signedUrl(entry.cover, READ_TTL_SECONDS) : null,
    ...mineOf(caller, entry, receipts),
  };
}

async function detailView(deps: AppDeps, bundle: NoticeBundle, caller: NoticeCaller, receipts: Receipt[]) {
  const { notice } = bundle;
  const now = deps.clock.now().toISOString();
  const reader = readerOf(caller, notice);
  const mineRead = receipts.filter((r) => r.readAt);
  const acks = receipts.filter((r) => r.ackAt);
  return {
    id: notice.id,
    communityId: notice.communityId,
    title: notice.title,
    body: notice.body,
    blocks: parseBody(notice.body),
    category: notice.category,
    audience: notice.audience,
    audienceLabel: notice.audienceLabel,
    images: await imageUrls(deps, notice.images),
    pinned: notice.pinned,
    ackRequired: notice.ackRequired,
    state: notice.state,
    expired: isExpired(notice, now),
    publishAt: notice.publishAt,
    publishedAt: notice.publishedAt,
    expiresAt: notice.expiresAt,
    editedAt: notice.editedAt,
    createdByName: notice.createdByName,
    version: notice.version,
    mine: {
      read: mineRead.length > 0,
      readAt: mineRead[0]?.readAt ?? null,
      // Acknowledged once every household of the caller in the audience has.
      acked: acks.length > 0 && acks.length >= reader.households.length,
      ackAt: acks[0]?.ackAt ?? null,
      canAck: notice.ackRequired && notice.state === "published" && reader.households.length > 0,
    },
    staff: caller.staff
      ? {
          audienceHouseholds: notice.audienceHouseholds,
          reads: bundle.reads,
          acks: bundle.acks,
          withdrawnAt: notice.withdrawnAt,
          withdrawReason: notice.withdrawReason,
          scheduleError: notice.scheduleError ?? null,
          revisions: bundle.revisions.map((r) => ({
            n: r.n,
            at: r.at,
            byName: r.byName,
            title: r.title,
            changed: r.changed,
          })),
        }
      : null,
  };
}

function manageView(notice: Notice, now: string) {
  return {
    id: notice.id,
    title: notice.title,
    category: notice.category,
    state: notice.state,
    expired: notice.state === "published" && isExpired(notice, now),
    pinned: notice.pinned,
    ackRequired: notice.ackRequired,
    audienceLabel: notice.audienceLabel,
    publishAt: notice.publishAt,
    publishedAt: notice.publishedAt,
    expiresAt: notice.expiresAt,
    updatedAt: notice.updatedAt,
    editedAt: notice.editedAt,
    scheduleError: notice.scheduleError ?? null,
  };
}

/** Staff act on what is there now: read strongly consistent, with revisions and counters. */
async function loadBundle(deps: AppDeps, noticeId: string) {
  const bundle = await getNoticeBundle(deps.db, noticeId, true);
  if (!bundle) throw notFound("No such notice.", "NOTICE_NOT_FOUND");
  return bundle;
}

/** A reader needs the notice only (not every revision's text); staff get the whole bundle. */
async function loadForReader(deps: AppDeps, user: AppEnv["Variables"]["user"], noticeId: string) {
  const notice = await getNotice(deps.db, noticeId, true);
  if (!notice) throw notFound("No such notice.", "NOTICE_NOT_FOUND");
  const caller = await noticeCaller(deps, user, notice.communityId);
  assertCanRead(caller, notice);
  const bundle: NoticeBundle = caller.staff
    ? ((await getNoticeBundle(deps.db, noticeId, true)) ?? { notice, revisions: [], reads: 0, acks: 0 })
    : { notice, revisions: [], reads: 0, acks: 0 };
  return { bundle, caller };
}

/** A notice staff of its community act on (others: 404, or 403 for staff of the wrong community). */
async function staffBundle(deps: AppDeps, user: AppEnv["Variables"]["user"], noticeId: string) {
  const bundle = await loadBundle(deps, noticeId);
  const caller = await noticeCaller(deps, user, bundle.notice.communityId);
  if (!caller.staff) {
    assertCanRead(caller, bundle.notice);
    throw forbidden("Only staff of this community can do this.", "NOT_STAFF_OF_COMMUNITY");
  }
  return { bundle, caller };
}

async function staffDetail(deps: AppDeps, notice: Notice, caller: NoticeCaller) {
  const bundle = (await getNoticeBundle(deps.db, notice.id, true)) ?? {
    notice,
    revisions: [],
    reads: 0,
    acks: 0,
  };
  return detailView(deps, bundle, caller, []);
}

// ——— Routes ———

const noticeResponse = z.object({ notice: noticeDetailSchema });

const feedRoute = route({
  method: "get",
  path: "/notices",
  summary: "My feed: notices for my household (or the community's, unverified), pinned first, then newest",
  description:
    "One Query per page of each channel I read (my unit; two units for a resident of two). archive=1: expired notices.",
  middleware: [requireUser] as const,
  request: { query: feedQuery },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(noticeSummarySchema), nextCursor: z.string().nullable() }),
      "The feed",
    ),
    ...errorResponses(400, 401, 403),
  },
});

const unreadRoute = route({
  method: "get",
  path: "/notices/unread-count",
  summary: "How many notices in my feed I have not opened (among the newest 99)",
  middleware: [requireUser] as const,
  request: { query: communityQuery },
  responses: {
    200: jsonContent(z.object({ count: z.number(), capped: z.boolean() }), "The badge"),
    ...errorResponses(400, 401, 403),
  },
});

const manageRoute = route({
  method: "get",
  path: "/notices/manage",
  summary: "Staff: the community's notices by state (draft, scheduled, published, withdrawn), newest first",
  middleware: [requireUser] as const,
  request: { query: manageQuery },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(manageItemSchema), nextCursor: z.string().nullable() }),
      "Notices",
    ),
    ...errorResponses(400, 401, 403),
  },
});

const createRoute_ = route({
  method: "post",
  path: "/notices",
  summary: "Staff write a notice (a draft until published)",
  description:
    "Images are keys from POST /uploads, checked to exist, ≤ 5 MB and really JPEG/PNG/WebP. An emergency is always pinned.",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(noticeBody) },
  responses: { 201: jsonContent(noticeResponse, "Created"), ...errorResponses(400, 401, 403, 409, 422, 429) },
});

const updateRoute = route({
  method: "put",
  path: "/notices/{noticeId}",
  summary: "Staff edit a notice (409 EDIT_CONFLICT on a stale version)",
  description:
    "After publishing, audience and category are fixed; an edit marks it 已编辑 and keeps what it said before.",
  middleware: [requireUser] as const,
  request: { params: noticeParams, body: jsonBody(updateBody) },
  responses: { 200: jsonContent(noticeResponse, "Saved"), ...errorResponses(400, 401, 403, 404, 409) },
});

const publishRoute = route({
  method: "post",
  path: "/notices/{noticeId}/publish",
  summary: "Staff publish now, or at publishAt (the job publishes it then)",
  middleware: [requireUser] as const,
  request: { params: noticeParams, body: jsonBody(publishBody) },
  responses: {
    200: jsonContent(noticeResponse, "Published or scheduled"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const withdrawRoute = route({
  method: "post",
  path: "/notices/{noticeId}/withdraw",
  summary: "Staff withdraw a notice with a reason: it leaves every feed",
  middleware: [requireUser] as const,
  request: { params: noticeParams, body: jsonBody(withdrawBody) },
  responses: { 200: jsonContent(noticeResponse, "Withdrawn"), ...errorResponses(400, 401, 403, 404, 409) },
});

const getRoute = route({
  method: "get",
  path: "/notices/{noticeId}",
  summary: "One notice (opening it marks it read for my household)",
  description: "404 NOTICE_NOT_FOUND outside my audience; NOTICE_WITHDRAWN once withdrawn.",
  middleware: [requireUser] as const,
  request: { params: noticeParams },
  responses: { 200: jsonContent(noticeResponse, "The notice"), ...errorResponses(400, 401, 404) },
});

const ackRoute = route({
  method: "post",
  path: "/notices/{noticeId}/ack",
  summary: "已知晓: acknowledge a notice that asks for it, for my household(s) in its audience",
  description:
    "409 ACK_NOT_REQUIRED · NOTICE_NOT_PUBLISHED; 403 NOT_VERIFIED · NOT_IN_AUDIENCE. Repeating it changes nothing.",
  middleware: [requireUser] as const,
  request: { params: noticeParams },
  responses: { 200: jsonContent(noticeResponse, "Acknowledged"), ...errorResponses(400, 401, 403, 404, 409) },
});

const reachRoute = route({
  method: "get",
  path: "/notices/{noticeId}/reach",
  summary: "Staff: audience, read and acknowledged counts, and households to follow up by building and unit",
  middleware: [requireUser] as const,
  request: { params: noticeParams, query: reachQuery },
  responses: {
    200: jsonContent(z.object({ reach: reachSchema }), "Reach"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const reachCsvRoute = route({
  method: "get",
  path: "/notices/{noticeId}/reach.csv",
  summary: "Staff: the follow-up list as CSV (UTF-8 with BOM)",
  middleware: [requireUser] as const,
  request: { params: noticeParams, query: reachQuery },
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const noticeRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(feedRoute, async (c) => {
    const deps = c.get("deps");
    const query = c.req.valid("query");
    const communityId = feedCommunity(c.get("user"), query.communityId);
    const caller = await noticeCaller(deps, c.get("user"), communityId);
    const after = query.cursor ? decodeFeedCursor(query.cursor) : undefined;
    const live = query.archive === "0";
    const partitions = feedChannels(caller).map((channel) =>
      live
        ? keys.noticeFeedPartition(communityId, channel)
        : keys.noticeArchivePartition(communityId, channel),
    );
    const page = await readChannels(deps.db, partitions, {
      limit: query.limit,
      after,
      now: deps.clock.now().toISOString(),
      live,
    });
    const receipts = await receiptsFor(
      deps,
      caller,
      page.entries.map((e) => e.id),
    );
    const items = await Promise.all(
      page.entries.map((entry) => summaryView(deps, entry, receipts(entry.id), caller)),
    );
    return c.json(
      { items, nextCursor: page.next ? Buffer.from(page.next).toString("base64url") : null },
      200,
    );
  })
  .openapi(unreadRoute, async (c) => {
    const deps = c.get("deps");
    const communityId = feedCommunity(c.get("user"), c.req.valid("query").communityId);
    const caller = await noticeCaller(deps, c.get("user"), communityId);
    const page = await readChannels(
      deps.db,
      feedChannels(caller).map((channel) => keys.noticeFeedPartition(communityId, channel)),
      { limit: UNREAD_WINDOW, now: deps.clock.now().toISOString(), live: true },
    );
    const receipts = await receiptsFor(
      deps,
      caller,
      page.entries.map((e) => e.id),
    );
    const count = page.entries.filter((entry) => receipts(entry.id).length === 0).length;
    // Capped only when the window itself is all unread: there may be more beyond it.
    return c.json({ count, capped: page.next !== null && count >= UNREAD_WINDOW }, 200);
  })
  .openapi(manageRoute, async (c) => {
    const deps = c.get("deps");
    const query = c.req.valid("query");
    const communityId = staffCommunity(c.get("user"), query.communityId);
    const page = await listNoticesByState(deps.db, communityId, query.state, query.limit, query.cursor);
    const now = deps.clock.now().toISOString();
    return c.json({ items: page.items.map((n) => manageView(n, now)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(createRoute_, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const communityId = staffCommunity(user, body.communityId);
    const notice = await createNotice(deps, user, communityId, body);
    const caller = await noticeCaller(deps, user, communityId);
    return c.json({ notice: await staffDetail(deps, notice, caller) }, 201);
  })
  .openapi(updateRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await staffBundle(deps, c.get("user"), c.req.valid("param").noticeId);
    const notice = await updateNotice(deps, c.get("user"), bundle.notice, c.req.valid("json"));
    return c.json({ notice: await staffDetail(deps, notice, caller) }, 200);
  })
  .openapi(publishRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await staffBundle(deps, c.get("user"), c.req.valid("param").noticeId);
    const notice = await publishNotice(deps, c.get("user"), bundle.notice, c.req.valid("json").publishAt);
    return c.json({ notice: await staffDetail(deps, notice, caller) }, 200);
  })
  .openapi(withdrawRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await staffBundle(deps, c.get("user"), c.req.valid("param").noticeId);
    const notice = await withdrawNotice(deps, c.get("user"), bundle.notice, c.req.valid("json").reason);
    return c.json({ notice: await staffDetail(deps, notice, caller) }, 200);
  })
  .openapi(getRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await loadForReader(deps, c.get("user"), c.req.valid("param").noticeId);
    const reader = readerOf(caller, bundle.notice);
    // Reach counts households; a reader without one in the audience (staff, a visitor) gets a
    // personal receipt, which only clears their own unread dot and badge.
    const receipts = bundle.notice.state === "published" ? await markRead(deps, bundle.notice, reader) : [];
    return c.json({ notice: await detailView(deps, bundle, caller, receipts) }, 200);
  })
  .openapi(ackRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await loadForReader(deps, c.get("user"), c.req.valid("param").noticeId);
    const { notice } = bundle;
    if (notice.state !== "published") throw conflict("NOTICE_NOT_PUBLISHED", "This notice is not published.");
    if (!notice.ackRequired)
      throw conflict("ACK_NOT_REQUIRED", "This notice does not ask for acknowledgement.");
    const reader = readerOf(caller, notice);
    if (reader.households.length === 0)
      throw forbidden(
        caller.resident
          ? "This notice is not addressed to your household."
          : "Verify your household first to acknowledge.",
        caller.resident ? "NOT_IN_AUDIENCE" : "NOT_VERIFIED",
      );
    const receipts = await acknowledge(deps, notice, reader);
    const fresh = caller.staff ? ((await getNoticeBundle(deps.db, notice.id, true)) ?? bundle) : bundle;
    return c.json({ notice: await detailView(deps, fresh, caller, receipts) }, 200);
  })
  .openapi(reachRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle } = await staffBundle(deps, c.get("user"), c.req.valid("param").noticeId);
    return c.json({ reach: await reachOf(deps.db, bundle, c.req.valid("query").list) }, 200);
  })
  .openapi(reachCsvRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle } = await staffBundle(deps, c.get("user"), c.req.valid("param").noticeId);
    const list = c.req.valid("query").list;
    const csv = reachCsv(await reachOf(deps.db, bundle, list));
    const name = `notice-${bundle.notice.id}-${list}.csv`;
    return c.body(csv, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    });
  });

/** The feed's cursor is the last sort key shown, base64url: `<0|1>#<instant>#<id>` or, archived, `<instant>#<id>`. */
function decodeFeedCursor(cursor: string): string {
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^([01]#)?\d{4}-\d{2}-\d{2}T[\d:.]+Z#[A-Za-z0-9_-]{1,64}$/.test(key))
    throw validationFailed([{ path: "query.cursor", message: "Invalid cursor" }]);
  return key;
}
