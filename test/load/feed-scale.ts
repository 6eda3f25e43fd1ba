/**
 * Feed at scale: two buildings of the demo community, one with 100 published notices and one with
 * 10,000, each with one verified resident; their first feed page, a later page and the unread
 * badge, read at the same concurrency. The notices are written straight into the table with the
 * same item builders the API uses (publishing 10,000 through the API would take minutes).
 */
import { buildingItem } from "../../functions/src/community/repo.js";
import type { Db } from "../../functions/src/db/client.js";
import { putAll } from "../../functions/src/db/items.js";
import { channelItem, noticeItem } from "../../functions/src/notices/repo.js";
import type { Notice } from "../../functions/src/notices/schemas.js";
import { channelOf } from "../../functions/src/notices/service.js";
import type { ApiClient } from "./measure.js";

const COMMUNITY = "huanghe-west";

function bulkNotices(buildingId: string, count: number): Record<string, unknown>[] {
  const channel = channelOf(buildingId, "1");
  const items: Record<string, unknown>[] = [];
  const start = Date.parse("2024-01-01T00:00:00Z");
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * 3_600_000).toISOString();
    const notice: Notice = {
      id: `bench-${buildingId}-${String(i).padStart(6, "0")}`,
      communityId: COMMUNITY,
      title: `${buildingId}栋通知第${i + 1}号`,
      body: "压测通知：楼栋日常事务提醒，请各户留意。",
      category: i % 5 === 0 ? "activity" : "notice",
      audience: { kind: "buildings", buildingIds: [buildingId] },
      audienceLabel: `${buildingId}栋`,
      images: [],
      pinned: i === count - 10,
      ackRequired: false,
      state: "published",
      publishAt: null,
      publishedAt: at,
      expiresAt: null,
      channels: [channel],
      audienceHouseholds: 1,
      createdAt: at,
      createdBy: "bench",
      createdByName: "压测",
      updatedAt: at,
      version: 2,
      syncedVersion: 2,
      syncedLocation: "live",
      editedAt: null,
      revisions: 0,
      withdrawnAt: null,
      withdrawReason: null,
      pushedAt: null,
    };
    items.push(noticeItem(notice), channelItem(notice, channel, "live"));
  }
  return items;
}

/** A building with one household and one resident verified into it through the API; their token. */
async function residentOf(db: Db, api: ApiClient, buildingId: string, staffToken: string) {
  await putAll(db, [
    buildingItem({
      id: buildingId,
      communityId: COMMUNITY,
      name: `${buildingId}栋`,
      units: ["1"],
      createdAt: new Date().toISOString(),
    }),
  ]);
  const { household } = await api.json<{ household: { id: string } }>(
    api.post("/households", staffToken, {
      communityId: COMMUNITY,
      buildingId,
      unit: "1",
      room: "101",
      area: 80,
    }),
    "POST /households",
  );
  const { token } = await api.json<{ token: string }>(
    api.post("/auth/dev-login", undefined, { openid: `bench-feed-${buildingId}` }),
    "POST /auth/dev-login",
  );
  const { request } = await api.json<{ request: { userId: string } }>(
    api.post("/me/verification-request", token, {
      communityId: COMMUNITY,
      buildingId,
      unit: "1",
      room: "101",
      relation: "owner",
      realName: "压测业主",
      phone: "13900000000",
    }),
    "POST /me/verification-request",
  );
  await api.json(
    api.post(`/residents/${request.userId}/verify`, staffToken, {
      householdId: household.id,
      relation: "owner",
    }),
    "POST /residents/{id}/verify",
  );
  return token;
}

export async function prepareFeedAtScale(db: Db, api: ApiClient, staffToken: string) {
  const small = await residentOf(db, api, "s100", staffToken);
  const large = await residentOf(db, api, "s10k", staffToken);
  const started = performance.now();
  await putAll(db, bulkNotices("s100", 100), 4);
  await putAll(db, bulkNotices("s10k", 10_000), 8);
  return { small, large, seededMs: Math.round(performance.now() - started) };
}

/** The reads of a resident of a building with `count` notices (100 or 10,000). */
export function feedReads(api: ApiClient, count: 100 | 10_000, token: string) {
  const building = count === 100 ? "s100" : "s10k";
  const label = count.toLocaleString("en");
  // The key of the 41st newest notice: page 3 of 20.
  const page3 = Buffer.from(
    `0#${new Date(Date.parse("2024-01-01T00:00:00Z") + (count - 41) * 3_600_000).toISOString()}#bench-${building}-${String(count - 41).padStart(6, "0")}`,
  ).toString("base64url");
  return [
    { name: `feed: GET /notices page 1 (${label} notices)`, request: () => api.get("/notices", token) },
    {
      name: `feed: GET /notices page 3 by cursor (${label} notices)`,
      request: () => api.get(`/notices?cursor=${page3}`, token),
    },
    {
      name: `feed: GET /notices/unread-count (${label} notices)`,
      request: () => api.get("/notices/unread-count", token),
    },
  ];
}
