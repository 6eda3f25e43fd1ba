/** What staff and residents do with notices, and the job that publishes, fans out and archives them. */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { auditPut, buildAudit } from "../audit/repo.js";
import { listAllHouseholds, listBuildings, listCommunityMembers } from "../community/repo.js";
import type { Household } from "../community/schemas.js";
import type { Db } from "../db/client.js";
import { cancelledConditionIndexes, isConditionalFailure } from "../db/errors.js";
import { type BatchWrite, type TransactItem, transact, writeAll } from "../db/items.js";
import { keys } from "../db/keys.js";
import { Retry, withRetries } from "../db/retry.js";
import type { AppDeps } from "../deps.js";
import { AppError, conflict, type FieldIssue, validationFailed } from "../http/errors.js";
import { notify } from "../messages/notify.js";
import { checkImages, keepImages } from "../storage/images.js";
import {
  channelItem,
  counterAdd,
  getNotice,
  getReceipts,
  listDueNotices,
  listGrids,
  noticePut,
  revisionPut,
} from "./repo.js";
import type { Audience, Notice, NoticeInput, NoticeRevision, Receipt, UpdateInput } from "./schemas.js";
import { feedLocation, householdInChannels, noticeLink, resolveAudience } from "./service.js";

export interface Actor {
  id: string;
  nickname: string;
  roles: string[];
}

/** The scheduled publish is done by the job, on behalf of whoever scheduled it. */
const JOB_ACTOR: Actor = { id: "job", nickname: "定时发布", roles: ["staff"] };

const audit = (
  deps: AppDeps,
  notice: Notice,
  actor: Actor,
  action: string,
  details: Record<string, string | number | boolean | null> = {},
) =>
  auditPut(
    deps.db,
    buildAudit(deps.newId(), deps.clock.now().toISOString(), {
      communityId: notice.communityId,
      actor,
      action,
      target: notice.id,
      details: { title: notice.title, ...details },
    }),
  );

// ——— Checks on what staff send ———

async function audienceOf(db: Db, communityId: string, audience: Audience) {
  const [buildings, grids, households] = await Promise.all([
    listBuildings(db, communityId),
    listGrids(db, communityId),
    listAllHouseholds(db, communityId),
  ]);
  const issues: FieldIssue[] = [];
  if (audience.kind === "buildings")
    audience.buildingIds.forEach((id, i) => {
      if (!buildings.some((b) => b.id === id))
        issues.push({ path: `audience.buildingIds.${i}`, message: `No building ${id} in this community` });
    });
  if (audience.kind === "grids")
    audience.gridIds.forEach((id, i) => {
      if (!grids.some((g) => g.id === id))
        issues.push({ path: `audience.gridIds.${i}`, message: `No grid ${id} in this community` });
    });
  if (issues.length > 0) throw validationFailed(issues);
  return resolveAudience(audience, buildings, grids, households);
}

const IMAGES = { path: "images", kept: "notices" };

function checkTimes(now: string, expiresAt: string | null, publishAt: string | null) {
  const issues: FieldIssue[] = [];
  if (expiresAt && expiresAt <= now)
    issues.push({ path: "expiresAt", message: "The expiry must be in the future" });
  if (publishAt && expiresAt && expiresAt <= publishAt)
    issues.push({ path: "expiresAt", message: "The expiry must come after the publishing time" });
  if (issues.length > 0) throw validationFailed(issues);
}

// ——— Staff ———

export async function createNotice(
  deps: AppDeps,
  actor: Actor,
  communityId: string,
  input: NoticeInput,
): Promise<Notice> {
  const now = deps.clock.now().toISOString();
  const [resolved] = await Promise.all([
    audienceOf(deps.db, communityId, input.audience),
    checkImages(deps, communityId, input.images, IMAGES),
  ]);
  checkTimes(now, input.expiresAt, null);
  const images = await keepImages(deps, input.images, IMAGES);
  const notice: Notice = {
    id: `${now.slice(0, 10).replace(/-/g, "")}-${deps.newId().slice(0, 12)}`,
    communityId,
    title: input.title,
    body: input.body,
    category: input.category,
    audience: input.audience,
    audienceLabel: resolved.label,
    images,
    // An emergency is always on top of the feed.
    pinned: input.pinned || input.category === "emergency",
    ackRequired: input.ackRequired,
    state: "draft",
    publishAt: null,
    publishedAt: null,
    expiresAt: input.expiresAt,
    channels: [],
    audienceHouseholds: resolved.households.length,
    createdAt: now,
    createdBy: actor.id,
    createdByName: actor.nickname,
    updatedAt: now,
    version: 1,
    syncedVersion: 1,
    syncedLocation: "none",
    editedAt: null,
    revisions: 0,
    withdrawnAt: null,
    withdrawReason: null,
    pushedAt: null,
  };
  await transact(deps.db, [
    noticePut(deps.db, notice, 0),
    audit(deps, notice, actor, "notice.create", { audience: resolved.label }),
  ]);
  return notice;
}

const CONTENT_FIELDS = ["title", "body", "images"] as const;
/** Once readers have it, who it was for and what kind it is stay as published. */
const FIXED_AFTER_PUBLISHING = ["audience", "category"] as const;

export async function updateNotice(
  deps: AppDeps,
  actor: Actor,
  notice: Notice,
  input: UpdateInput,
): Promise<Notice> {
  const now = deps.clock.now().toISOString();
  if (notice.state === "withdrawn")
    throw conflict("NOTICE_WITHDRAWN", "A withdrawn notice cannot be edited.");
  if (input.version !== notice.version)
    throw conflict(
      "EDIT_CONFLICT",
      "Someone changed this notice since you opened it; reload and edit again.",
    );
  const published = notice.state === "published";
  if (published) {
    const issues = FIXED_AFTER_PUBLISHING.filter(
      (field) => input[field] !== undefined && JSON.stringify(input[field]) !== JSON.stringify(notice[field]),
    ).map((field) => ({
      path: field,
      message: "Cannot change once published; withdraw it and publish a new one",
    }));
    if (issues.length > 0) throw validationFailed(issues);
  }
  const resolved = input.audience ? await audienceOf(deps.db, notice.communityId, input.audience) : null;
  if (input.images)
    await checkImages(deps, notice.communityId, input.images, { ...IMAGES, known: notice.images });
  const expiresAt = input.expiresAt === undefined ? notice.expiresAt : input.expiresAt;
  if (input.expiresAt !== undefined)
    checkTimes(now, expiresAt, notice.state === "scheduled" ? notice.publishAt : null);
  const category = input.category ?? notice.category;
  const next: Notice = {
    ...notice,
    title: input.title ?? notice.title,
    body: input.body ?? notice.body,
    category,
    audience: input.audience ?? notice.audience,
    audienceLabel: resolved?.label ?? notice.audienceLabel,
    audienceHouseholds: resolved?.households.length ?? notice.audienceHouseholds,
    images: input.images ? await keepImages(deps, input.images, IMAGES) : notice.images,
    pinned: (input.pinned ?? notice.pinned) || category === "emergency",
    ackRequired: input.ackRequired ?? notice.ackRequired,
    expiresAt,
    updatedAt: now,
    version: notice.version + 1,
  };
  const changed = (Object.keys(input) as (keyof UpdateInput)[]).filter(
    (field) =>
      field !== "version" &&
      JSON.stringify(next[field as keyof Notice]) !== JSON.stringify(notice[field as keyof Notice]),
  );
  if (changed.length === 0) return notice;
  const items: TransactItem[] = [];
  if (published) {
    // Readers see it was edited; what it said before is kept.
    if (changed.some((field) => (CONTENT_FIELDS as readonly string[]).includes(field))) next.editedAt = now;
    const revision: NoticeRevision = {
      n: notice.revisions + 1,
      at: now,
      by: actor.id,
      byName: actor.nickname,
      title: notice.title,
      body: notice.body,
      images: notice.images,
      changed,
    };
    next.revisions = revision.n;
    items.push(revisionPut(deps.db, notice.id, revision));
  } else {
    next.syncedVersion = next.version;
  }
  items.push(
    noticePut(deps.db, next, notice.version),
    audit(deps, next, actor, "notice.update", { changed: changed.join(",") }),
  );
  await transactOrConflict(deps, items);
  return published ? syncAfterChange(deps, next) : next;
}

/** A write that lost to another edit is an edit conflict, not a server error. */
async function transactOrConflict(deps: AppDeps, items: TransactItem[]) {
  try {
    await transact(deps.db, items);
  } catch (error) {
    if (cancelledConditionIndexes(error)?.length)
      throw conflict(
        "EDIT_CONFLICT",
        "Someone changed this notice at the same moment; reload and try again.",
      );
    throw error;
  }
}

/** Publishes now, or schedules for `publishAt` (the job publishes it then). */
export async function publishNotice(
  deps: AppDeps,
  actor: Actor,
  notice: Notice,
  publishAt?: string,
): Promise<Notice> {
  const now = deps.clock.now().toISOString();
  if (notice.state === "published") throw conflict("ALREADY_PUBLISHED", "This notice is already published.");
  if (notice.state === "withdrawn")
    throw conflict("NOTICE_WITHDRAWN", "A withdrawn notice cannot be published again.");
  if (publishAt && publishAt > now) {
    const horizon = new Date(Date.parse(now) + 90 * 86_400_000).toISOString();
    if (publishAt > horizon)
      throw validationFailed([{ path: "publishAt", message: "At most 90 days ahead" }]);
    checkTimes(now, notice.expiresAt, publishAt);
    const next: Notice = {
      ...notice,
      state: "scheduled",
      publishAt,
      updatedAt: now,
      version: notice.version + 1,
    };
    next.syncedVersion = next.version;
    await transactOrConflict(deps, [
      noticePut(deps.db, next, notice.version),
      audit(deps, next, actor, "notice.schedule", { publishAt }),
    ]);
    return next;
  }
  return publishNow(deps, actor, notice);
}

async function publishNow(deps: AppDeps, actor: Actor, notice: Notice): Promise<Notice> {
  const now = deps.clock.now().toISOString();
  checkTimes(now, notice.expiresAt, null);
  const resolved = await audienceOf(deps.db, notice.communityId, notice.audience);
  if (resolved.channels.length === 0)
    throw validationFailed([{ path: "audience", message: "The audience has no buildings or units left" }]);
  const next: Notice = {
    ...notice,
    state: "published",
    publishAt: null,
    scheduleError: null,
    publishedAt: now,
    channels: resolved.channels,
    audienceLabel: resolved.label,
    audienceHouseholds: resolved.households.length,
    updatedAt: now,
    version: notice.version + 1,
    // Behind by one until the fan-out below is written; the job finishes it if this request dies.
    syncedVersion: notice.version,
  };
  await transactOrConflict(deps, [
    noticePut(deps.db, next, notice.version),
    audit(deps, next, actor, "notice.publish", {
      households: next.audienceHouseholds,
      scheduled: actor === JOB_ACTOR,
    }),
  ]);
  return syncAfterChange(deps, next);
}

export async function withdrawNotice(
  deps: AppDeps,
  actor: Actor,
  notice: Notice,
  reason: string,
): Promise<Notice> {
  const now = deps.clock.now().toISOString();
  if (notice.state === "withdrawn") throw conflict("NOTICE_WITHDRAWN", "This notice is already withdrawn.");
  const wasPublished = notice.state === "published";
  const next: Notice = {
    ...notice,
    state: "withdrawn",
    withdrawnAt: now,
    withdrawReason: reason,
    updatedAt: now,
    version: notice.version + 1,
  };
  if (!wasPublished) next.syncedVersion = next.version;
  await transactOrConflict(deps, [
    noticePut(deps.db, next, notice.version),
    audit(deps, next, actor, "notice.withdraw", { reason }),
  ]);
  return wasPublished ? syncAfterChange(deps, next) : next;
}

// ——— Fan-out ———

/**
 * Brings the notice's channel items in line with the notice: in the feed (pinned or not), in the
 * archive, or gone; pushes an emergency once; then records the version it wrote. Idempotent, so
 * the job can run it again after a request that died half-way. The channel writes are not
 * conditional: when the record at the end finds a newer version, a slower run of ours may have
 * landed over that version's writes, so it writes everything again for the latest version
 * (`force`), deleting every place an item could be.
 */
export async function syncNotice(
  deps: AppDeps,
  noticeId: string,
  force = false,
  depth = 0,
): Promise<Notice | null> {
  const notice = await getNotice(deps.db, noticeId, true);
  if (!notice) return null;
  const now = deps.clock.now().toISOString();
  const location = feedLocation(notice, now);
  if (!force && notice.syncedVersion === notice.version && notice.syncedLocation === location) return notice;
  if (notice.publishedAt) {
    // Nothing to delete on the first fan-out of a notice that was never in a feed.
    const clean =
      force || notice.syncedLocation !== "none" || notice.syncedVersion > 1 || notice.state !== "published";
    const writes: BatchWrite[] = [];
    for (const channel of notice.channels) {
      const wanted = location === "none" ? null : channelItem(notice, channel, location);
      const places = [
        keys.noticeFeed(notice.communityId, channel, true, notice.publishedAt, notice.id),
        keys.noticeFeed(notice.communityId, channel, false, notice.publishedAt, notice.id),
        keys.noticeArchive(notice.communityId, channel, notice.publishedAt, notice.id),
      ];
      if (clean)
        for (const place of places)
          if (!wanted || place.PK !== wanted.PK || place.SK !== wanted.SK) writes.push({ delete: place });
      if (wanted) writes.push({ put: wanted });
    }
    await writeAll(deps.db, writes, 4);
  }
  let pushedAt = notice.pushedAt;
  if (notice.category === "emergency" && location === "live" && !pushedAt) {
    await pushEmergency(deps, notice);
    pushedAt = now;
  }
  const synced: Notice = { ...notice, syncedVersion: notice.version, syncedLocation: location, pushedAt };
  try {
    await transact(deps.db, [noticePut(deps.db, synced, notice.version)]);
  } catch (error) {
    if (!cancelledConditionIndexes(error)?.length) throw error;
    // Still changing after several rounds: the job finishes it.
    if (depth >= 4) return getNotice(deps.db, noticeId, true);
    return syncNotice(deps, noticeId, true, depth + 1);
  }
  return synced;
}

/** After a change is committed, a failing fan-out is the job's to finish: the change still stands. */
async function syncAfterChange(deps: AppDeps, next: Notice): Promise<Notice> {
  try {
    return (await syncNotice(deps, next.id)) ?? next;
  } catch (error) {
    deps.logger.warn("notice fan-out left to the job", { noticeId: next.id, error: String(error) });
    return next;
  }
}

/**
 * An emergency reaches every verified resident of the audience through the outbox (message list
 * and WeChat subscription message). Each write is conditional on its absence, so a second run
 * after a crash sends nobody a message twice.
 */
async function pushEmergency(deps: AppDeps, notice: Notice) {
  // The message's time is the notice's, so a second run writes the same keys (and nothing new).
  const at = notice.publishedAt as string;
  const [members, households] = await Promise.all([
    listCommunityMembers(deps.db, notice.communityId),
    listAllHouseholds(deps.db, notice.communityId),
  ]);
  const inAudience = new Set(
    households.filter((h) => householdInChannels(h, notice.channels)).map((h) => h.id),
  );
  const userIds = [
    ...new Set(members.filter((m) => inAudience.has(m.householdId) && !m.offline).map((m) => m.userId)),
  ];
  const puts = userIds.flatMap((userId) =>
    notify(
      deps.db,
      {
        id: `notice-${notice.id}-${userId}`,
        userId,
        kind: "notice.emergency",
        params: { noticeTitle: notice.title, publishedAt: at },
        link: noticeLink(notice.id),
      },
      at,
    ),
  );
  const worker = async () => {
    for (let item = puts.shift(); item; item = puts.shift()) {
      if (!item.Put) continue;
      await deps.db.doc.send(new PutCommand(item.Put)).catch((error) => {
        if (!isConditionalFailure(error)) throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** The job: publishes scheduled notices that are due, finishes fan-outs, archives expired notices. */
export async function runNoticeJob(deps: AppDeps): Promise<{ published: number; synced: number }> {
  const now = deps.clock.now().toISOString();
  let published = 0;
  let synced = 0;
  for (const id of await listDueNotices(deps.db, now)) {
    try {
      const notice = await getNotice(deps.db, id, true);
      if (!notice) continue;
      if (notice.state === "scheduled" && notice.publishAt && notice.publishAt <= now) {
        await publishNow(deps, JOB_ACTOR, notice);
        published++;
      } else if (await syncNotice(deps, id)) synced++;
    } catch (error) {
      // One notice that fails does not stop the others. A conflict with an edit: it stays due.
      if (error instanceof AppError && error.status === 409) continue;
      // One that can no longer be published (expired meanwhile, its audience gone) goes back to
      // the drafts with the reason, so it does not sit at the head of the due index for ever.
      if (error instanceof AppError && error.status === 400) {
        await unschedule(deps, id, error).catch(() => undefined);
        continue;
      }
      deps.logger.error("notice job failed on a notice", { noticeId: id, error: String(error) });
    }
  }
  return { published, synced };
}

async function unschedule(deps: AppDeps, noticeId: string, error: AppError) {
  const notice = await getNotice(deps.db, noticeId, true);
  if (notice?.state !== "scheduled") return;
  const details = Array.isArray(error.details) ? (error.details as FieldIssue[]) : [];
  const reason = [error.message, ...details.map((d) => `${d.path}: ${d.message}`)].join(" ");
  const next: Notice = {
    ...notice,
    state: "draft",
    publishAt: null,
    scheduleError: reason,
    updatedAt: deps.clock.now().toISOString(),
    version: notice.version + 1,
  };
  next.syncedVersion = next.version;
  await transact(deps.db, [
    noticePut(deps.db, next, notice.version),
    audit(deps, next, JOB_ACTOR, "notice.schedule_failed", { reason }),
  ]);
  deps.logger.warn("scheduled notice could not be published; back to drafts", { noticeId, reason });
}

// ——— Readers ———

export interface Reader {
  userId: string;
  /** The reader's households inside the notice's audience (counted in reach). */
  households: Household[];
}

const householdReader = (householdId: string) => `HH#${householdId}`;

/**
 * Opening a notice marks it read: one receipt per household of the reader in the audience, with
 * the read counter, in one transaction (a receipt written by another member at the same moment
 * makes it try again, and that household is then not counted twice). A reader without a household
 * in the audience gets a personal receipt, which reach does not count.
 */
export async function markRead(deps: AppDeps, notice: Notice, reader: Reader): Promise<Receipt[]> {
  const now = deps.clock.now().toISOString();
  if (reader.households.length === 0) {
    const personal = `USER#${reader.userId}`;
    const [existing] = await getReceipts(deps.db, notice.id, [personal]);
    if (existing) return [existing];
    const receipt: Receipt = {
      noticeId: notice.id,
      reader: personal,
      householdId: null,
      readAt: now,
      readBy: reader.userId,
      ackAt: null,
      ackBy: null,
    };
    await deps.db.doc
      .send(
        new PutCommand({
          TableName: deps.db.tableName,
          Item: { ...keys.noticeReceipt(notice.id, personal), entity: "NoticeReceipt", ...receipt },
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      )
      .catch((error) => {
        if (!isConditionalFailure(error)) throw error;
      });
    return [receipt];
  }
  return withRetries(async () => {
    const readers = reader.households.map((h) => householdReader(h.id));
    const existing = await getReceipts(deps.db, notice.id, readers);
    const missing = reader.households.filter((h) => !existing.some((r) => r.householdId === h.id));
    if (missing.length === 0) return existing;
    const made = missing.map(
      (h): Receipt => ({
        noticeId: notice.id,
        reader: householdReader(h.id),
        householdId: h.id,
        readAt: now,
        readBy: reader.userId,
        ackAt: null,
        ackBy: null,
      }),
    );
    await transactOrRetry(deps.db, [
      ...made.map((receipt) => receiptPut(deps.db, receipt)),
      counterAdd(deps.db, notice.id, made.length, 0),
    ]);
    return [...existing, ...made];
  });
}

/** 已知晓: acknowledges for each of the reader's households in the audience (reading it too if need be). */
export async function acknowledge(deps: AppDeps, notice: Notice, reader: Reader): Promise<Receipt[]> {
  const now = deps.clock.now().toISOString();
  return withRetries(async () => {
    const readers = reader.households.map((h) => householdReader(h.id));
    const existing = await getReceipts(deps.db, notice.id, readers);
    const items: TransactItem[] = [];
    let reads = 0;
    let acks = 0;
    const result: Receipt[] = [];
    for (const household of reader.households) {
      const receipt = existing.find((r) => r.householdId === household.id);
      if (receipt?.ackAt) {
        result.push(receipt);
        continue;
      }
      acks++;
      if (receipt) {
        items.push({
          Update: {
            TableName: deps.db.tableName,
            Key: keys.noticeReceipt(notice.id, receipt.reader),
            UpdateExpression: "SET ackAt = :at, ackBy = :by",
            ConditionExpression: "attribute_exists(PK) AND attribute_type(ackAt, :null)",
            ExpressionAttributeValues: { ":at": now, ":by": reader.userId, ":null": "NULL" },
          },
        });
        result.push({ ...receipt, ackAt: now, ackBy: reader.userId });
      } else {
        reads++;
        const made: Receipt = {
          noticeId: notice.id,
          reader: householdReader(household.id),
          householdId: household.id,
          readAt: now,
          readBy: reader.userId,
          ackAt: now,
          ackBy: reader.userId,
        };
        items.push(receiptPut(deps.db, made));
        result.push(made);
      }
    }
    if (items.length === 0) return result;
    await transactOrRetry(deps.db, [...items, counterAdd(deps.db, notice.id, reads, acks)]);
    return result;
  });
}

function receiptPut(db: Db, receipt: Receipt): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.noticeReceipt(receipt.noticeId, receipt.reader), entity: "NoticeReceipt", ...receipt },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  };
}

/** Another member of the household got there first: read again and decide again. */
async function transactOrRetry(db: Db, items: TransactItem[]) {
  try {
    await transact(db, items);
  } catch (error) {
    if (cancelledConditionIndexes(error)?.length) throw new Retry();
    throw error;
  }
}
