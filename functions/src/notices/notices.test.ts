import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import {
  addBuildingWithResidents,
  addOtherCommunityResident,
  type TestHousehold,
} from "../../../test/setup/residents.js";
import { PNG, uploadImage } from "../../../test/setup/uploads.js";
import { newResident } from "../auth/service.js";
import { issueToken } from "../auth/tokens.js";
import { membershipItem } from "../community/repo.js";
import { putAll } from "../db/items.js";
import { keys } from "../db/keys.js";
import { runJobs } from "../jobs/run.js";

/** Monday 2026-11-23, 09:00 in Shanghai. */
const NOW = "2026-11-23T01:00:00.000Z";
const inHours = (hours: number) => new Date(Date.parse(NOW) + hours * 3_600_000).toISOString();
let stack: TestStack;
const tokens: Record<string, string> = {};
const staff = "demo-staff-1";
const r = (n: number) => `demo-resident-${n}`;
/** 王秀兰 (1) lives in 1栋; 21 and 29 in 2栋; 2 owns homes in both; 40 is not verified; "outsider" lives in 长江东路. */
const B1 = r(1);
const B2 = r(21);
const BOTH = r(2);
const UNVERIFIED = r(40);
const OUTSIDER = "outsider";

beforeAll(async () => {
  stack = await createTestStack();
  stack.clock.set(NOW);
  for (const openid of [
    r(1),
    r(2),
    r(3),
    r(21),
    r(29),
    r(32),
    r(40),
    staff,
    "demo-staff-other",
    "demo-admin",
  ])
    tokens[openid] = await loginAs(stack.app, openid);
  tokens[OUTSIDER] = await addOtherCommunityResident(stack, 3600 * 24 * 30);
});
afterAll(() => stack.cleanup());
beforeEach(() => stack.clock.set(NOW));

const api = (method: string, as: string, path: string, body?: unknown) =>
  call(stack.app, method, `/api/v1${path}`, { token: tokens[as], body });

const draft = (overrides: Record<string, unknown> = {}) => ({
  title: "2栋停水通知",
  body: "因管道检修，2栋明天 9:00–17:00 停水，请提前储水。",
  category: "notice",
  audience: { kind: "buildings", buildingIds: ["b2"] },
  ...overrides,
});

async function publish(overrides: Record<string, unknown> = {}, publishAt?: string) {
  const created = await api("POST", staff, "/notices", draft(overrides));
  expect(created.status, created.text).toBe(201);
  const done = await api(
    "POST",
    staff,
    `/notices/${created.json.notice.id}/publish`,
    publishAt ? { publishAt } : {},
  );
  expect(done.status, done.text).toBe(200);
  return done.json.notice;
}

const feedIds = async (as: string, query = "") => {
  const feed = await api("GET", as, `/notices${query}`);
  expect(feed.status, feed.text).toBe(200);
  return feed.json.items.map((n: { id: string }) => n.id) as string[];
};

async function partition(pk: string) {
  const result = await stack.deps.db.doc.send(
    new QueryCommand({
      TableName: stack.deps.db.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": pk },
    }),
  );
  return result.Items ?? [];
}

/** Uploads through the presigned form to the local store, as the mini-program does. */
const upload = (bytes: Buffer, contentType = "image/png", as = staff, fieldType = contentType) =>
  uploadImage(stack, tokens[as], bytes, { purpose: "notice-image", contentType, fieldType });

// First: later tests publish, withdraw and run the job over the same community.
describe("the demo board", () => {
  it("has a pinned notice to acknowledge, a notice for 2栋, a grid notice, an archive, one scheduled and a draft", async () => {
    const b1 = (await api("GET", B1, "/notices?limit=50")).json.items as {
      id: string;
      pinned: boolean;
      acked: boolean;
    }[];
    const ids = b1.map((n) => n.id);
    expect(ids).toEqual(
      expect.arrayContaining(["demo-notice-insurance", "demo-notice-civil-code", "demo-notice-grid-fire"]),
    );
    expect(ids).not.toContain("demo-notice-b2-water");
    expect(ids).not.toContain("demo-notice-double-ninth");
    expect(b1.find((n) => n.id === "demo-notice-insurance")).toMatchObject({ pinned: true, acked: false });
    expect(await feedIds(B2)).toEqual(
      expect.arrayContaining(["demo-notice-b2-water", "demo-notice-grid-fire"]),
    );
    expect(await feedIds(r(3), "?archive=1")).toContain("demo-notice-double-ninth");
    const reach = await api("GET", staff, "/notices/demo-notice-insurance/reach");
    expect(reach.json.reach).toMatchObject({ audienceHouseholds: 60, reads: 12, acks: 8 });
    const scheduled = (await api("GET", staff, "/notices/manage?state=scheduled")).json.items.map(
      (n: { id: string }) => n.id,
    );
    expect(scheduled).toContain("demo-notice-new-year");
    const drafts = (await api("GET", staff, "/notices/manage?state=draft")).json.items.map(
      (n: { id: string }) => n.id,
    );
    expect(drafts).toContain("demo-notice-heating-draft");
    const grids = (await api("GET", staff, "/grids")).json.items;
    expect(grids).toContainEqual(
      expect.objectContaining({ id: "demo-grid-1", label: "1栋、2栋1单元", households: 30 }),
    );
  });
});

describe("audience", () => {
  it("reaches the buildings, grids or community it names, and nobody else", async () => {
    const b2 = await publish();
    const all = await publish({ title: "全体居民：社区消防演练", audience: { kind: "community" } });
    const grid = await api("POST", staff, "/grids", {
      name: "网格三",
      members: [
        { buildingId: "b1", unit: "2" },
        { buildingId: "b3", unit: "2" },
      ],
    });
    expect(grid.status, grid.text).toBe(201);
    expect(grid.json.grid).toMatchObject({ label: "1栋2单元、3栋2单元", households: 20 });
    const gridded = await publish({
      title: "网格三：垃圾分类宣传",
      audience: { kind: "grids", gridIds: [grid.json.grid.id] },
    });
    expect(gridded.audienceLabel).toBe("网格三");
    expect(gridded.staff.audienceHouseholds).toBe(20);
    expect(b2.staff.audienceHouseholds).toBe(20);

    expect(await feedIds(B2)).toEqual(expect.arrayContaining([b2.id, all.id]));
    expect(await feedIds(B2)).not.toContain(gridded.id);
    // 王秀兰 lives in 1栋1单元: community-wide only (the grid covers the second units of 1栋 and 3栋).
    expect(await feedIds(B1)).toContain(all.id);
    expect(await feedIds(B1)).not.toContain(b2.id);
    expect(await feedIds(B1)).not.toContain(gridded.id);
    // A resident of both buildings sees each notice once.
    const both = await feedIds(BOTH);
    expect(both.filter((id) => id === all.id)).toHaveLength(1);
    expect(both).toContain(b2.id);
    // Not verified: the community's board only (naming the community).
    expect(await feedIds(UNVERIFIED, "?communityId=huanghe-west")).toContain(all.id);
    expect(await feedIds(UNVERIFIED, "?communityId=huanghe-west")).not.toContain(b2.id);

    expect((await api("GET", B1, `/notices/${b2.id}`)).status).toBe(404);
    expect((await api("GET", UNVERIFIED, `/notices/${b2.id}`)).status).toBe(404);
    expect((await api("GET", UNVERIFIED, `/notices/${all.id}`)).status).toBe(200);
    expect((await api("GET", OUTSIDER, `/notices/${all.id}`)).status).toBe(404);
    expect((await api("GET", OUTSIDER, "/notices?communityId=huanghe-west")).status).toBe(403);
    expect((await api("GET", "demo-staff-other", `/notices/${b2.id}`)).status).toBe(404);
    expect((await api("GET", B2, `/notices/${b2.id}`)).status).toBe(200);
  });

  it("keeps drafts and scheduled notices from residents, and refuses what is not staff's", async () => {
    const created = await api("POST", staff, "/notices", draft({ title: "草稿：还没发布" }));
    const id = created.json.notice.id;
    expect((await api("GET", B2, `/notices/${id}`)).status).toBe(404);
    expect(await feedIds(B2)).not.toContain(id);
    expect((await api("POST", B2, "/notices", draft())).status).toBe(403);
    expect((await api("POST", "demo-staff-other", `/notices/${id}/publish`, {})).status).toBe(404);
    expect((await api("GET", B2, `/notices/${id}/reach`)).status).toBe(404);
    const manage = await api("GET", staff, "/notices/manage?state=draft");
    expect(manage.json.items.map((n: { id: string }) => n.id)).toContain(id);
  });
});

describe("the feed", () => {
  it("puts pinned first, then newest, pages by cursor, and refuses a forged cursor", async () => {
    const [household] = await addBuildingWithResidents(stack, {
      buildingId: "f1",
      count: 1,
      perHousehold: 1,
    });
    const resident = "f1-resident";
    tokens[resident] = (household as TestHousehold).residents[0]?.token as string;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      stack.clock.set(inHours(1 + i));
      ids.push(
        (
          await publish({
            title: `新楼通知第${i + 1}号`,
            audience: { kind: "buildings", buildingIds: ["f1"] },
            pinned: i === 1,
          })
        ).id,
      );
    }
    const first = await api("GET", resident, "/notices?limit=2");
    expect(first.json.items.map((n: { id: string }) => n.id)).toEqual([ids[1], ids[4]]);
    expect(first.json.items[0].pinned).toBe(true);
    const second = await api("GET", resident, `/notices?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.items.map((n: { id: string }) => n.id)).toEqual([ids[3], ids[2]]);
    const third = await api("GET", resident, `/notices?limit=2&cursor=${second.json.nextCursor}`);
    expect(third.json.items.map((n: { id: string }) => n.id)).toEqual([ids[0]]);
    expect(third.json.nextCursor).toBeNull();
    const forged = Buffer.from("NFEED#x").toString("base64url");
    expect((await api("GET", resident, `/notices?cursor=${forged}`)).status).toBe(400);

    // The badge counts what I have not opened; opening one takes it down by one.
    expect((await api("GET", resident, "/notices/unread-count")).json).toEqual({ count: 5, capped: false });
    await api("GET", resident, `/notices/${ids[2]}`);
    expect((await api("GET", resident, "/notices/unread-count")).json.count).toBe(4);
    const again = await api("GET", resident, "/notices?limit=5");
    expect(again.json.items.find((n: { id: string }) => n.id === ids[2]).read).toBe(true);
  });
});

describe("scheduling and expiry", () => {
  it("publishes at the set time and leaves the feed at expiry, staying in the archive", async () => {
    const notice = await publish(
      { title: "下周二社区义诊", category: "activity", expiresAt: inHours(48) },
      inHours(3),
    );
    expect(notice.state).toBe("scheduled");
    await runJobs(stack.deps);
    expect(await feedIds(B2)).not.toContain(notice.id);
    stack.clock.set(inHours(3.01));
    await runJobs(stack.deps);
    expect(await feedIds(B2)).toContain(notice.id);
    const read = await api("GET", B2, `/notices/${notice.id}`);
    expect(
      read.status,
      `${read.text} ${stack.logLines
        .filter((l) => l.includes("error"))
        .slice(-2)
        .join("\n")}`,
    ).toBe(200);
    expect(read.json.notice).toMatchObject({ state: "published", expired: false });

    // Past expiry the feed leaves it out even before the job has moved it…
    stack.clock.set(inHours(48.5));
    expect(await feedIds(B2)).not.toContain(notice.id);
    // …and the job moves it to the archive, where it stays readable.
    await runJobs(stack.deps);
    expect(await feedIds(B2, "?archive=1")).toContain(notice.id);
    expect(
      (await partition(keys.noticeFeedPartition("huanghe-west", "B#b2#U#1"))).map((i) => i.id),
    ).not.toContain(notice.id);
    const archived = await api("GET", B2, `/notices/${notice.id}`);
    expect(archived.json.notice.expired).toBe(true);
  });

  it("refuses times in the past or out of order", async () => {
    const past = await api("POST", staff, "/notices", draft({ expiresAt: inHours(-1) }));
    expect(past.status).toBe(400);
    expect(past.json.error.details[0].path).toBe("expiresAt");
    const created = await api("POST", staff, "/notices", draft({ expiresAt: inHours(5) }));
    const late = await api("POST", staff, `/notices/${created.json.notice.id}/publish`, {
      publishAt: inHours(6),
    });
    expect(late.status).toBe(400);
  });
});

describe("sanitising the body", () => {
  it("stores no markup, keeps simple formatting, and links only to OneDoor pages", async () => {
    const body = [
      "# 停水通知<script>alert(1)</script>",
      "请<b>提前</b>储水\u202e，**务必关好水龙头**。<img src=x onerror=alert(2)>",
      "- 时间：明天 9:00–17:00",
      "- 地点：[预约窗口](/pages/window/catalog/index)",
      "1. [钓鱼链接](https://evil.example/login)",
      "2. [脚本](javascript:alert(3))",
    ].join("\n");
    const created = await api("POST", staff, "/notices", draft({ body, title: "<i>停水</i>通知\u0007" }));
    expect(created.status, created.text).toBe(201);
    const notice = created.json.notice;
    expect(notice.title).toBe("停水通知");
    expect(notice.body).not.toMatch(/<|>|\u202e|script|onerror/);
    expect(notice.blocks[0]).toEqual({
      type: "heading",
      level: 1,
      inlines: [{ type: "text", text: "停水通知" }],
    });
    expect(notice.blocks[1].inlines).toContainEqual({ type: "bold", text: "务必关好水龙头" });
    expect(notice.blocks[2]).toMatchObject({ type: "list", ordered: false });
    expect(notice.blocks[2].items[1]).toContainEqual({
      type: "link",
      text: "预约窗口",
      path: "/pages/window/catalog/index",
    });
    const links = JSON.stringify(notice.blocks);
    expect(links).not.toContain("evil.example");
    expect(links).not.toContain("javascript:");
    expect(notice.blocks[3].items[0]).toEqual([{ type: "text", text: "钓鱼链接" }]);
  });

  it("refuses a body that is only markup, and writes nothing", async () => {
    const before = (await api("GET", staff, "/notices/manage?state=draft")).json.items.length;
    const bad = await api(
      "POST",
      staff,
      "/notices",
      draft({ body: "<script>x</script>", title: "a", category: "gossip" }),
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "body",
      "category",
      "title",
    ]);
    expect((await api("GET", staff, "/notices/manage?state=draft")).json.items.length).toBe(before);
  });
});

describe("images", () => {
  it("uploads straight to storage with a presigned form and attaches checked images", async () => {
    const good = await upload(PNG);
    expect(good.status, good.body).toBe(204);
    expect(good.key).toMatch(/^uploads\/huanghe-west\/2026-11\/[A-Za-z0-9]+\.png$/);
    const created = await api("POST", staff, "/notices", draft({ images: [good.key] }));
    expect(created.status, created.text).toBe(201);
    const [image] = created.json.notice.images;
    // The notice keeps a copy out of the upload form's reach.
    expect(image.key).toBe(good.key.replace(/^uploads\//, "notices/"));
    // The form is still usable for a few minutes: other bytes sent with it change the upload, not the notice.
    const form = new FormData();
    for (const [name, value] of Object.entries(good.fields as Record<string, string>))
      form.append(name, value);
    form.append("file", new Blob([new Uint8Array(PNG.length)]), "zeros");
    expect((await stack.files.request(good.url, { method: "POST", body: form })).status).toBe(204);
    // The signed URL reads the file until it expires, and not after.
    const read = await stack.files.request(image.url);
    expect(read.status).toBe(200);
    expect(read.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await read.arrayBuffer()).equals(PNG)).toBe(true);
    const tampered = await stack.files.request(image.url.replace(/signature=[^&]+/, "signature=forged"));
    expect(tampered.status).toBe(403);
    stack.clock.advance(2 * 3_600_000);
    expect((await stack.files.request(image.url)).status).toBe(403);
  });

  it("refuses other types, files over 5 MB, changed forms and expired presigns", async () => {
    const gif = await api("POST", staff, "/uploads", {
      purpose: "notice-image",
      contentType: "image/gif",
      size: 100,
    });
    expect(gif.status).toBe(400);
    expect(gif.json.error.details[0].path).toBe("contentType");
    const huge = await api("POST", staff, "/uploads", {
      purpose: "notice-image",
      contentType: "image/png",
      size: 5 * 1024 * 1024 + 1,
    });
    expect(huge.status).toBe(400);
    expect(
      (await api("POST", B2, "/uploads", { purpose: "notice-image", contentType: "image/png", size: 100 }))
        .status,
    ).toBe(403);

    // The form allows the size announced: a bigger file is refused by storage.
    const presign = await api("POST", staff, "/uploads", {
      purpose: "notice-image",
      contentType: "image/png",
      size: PNG.length,
    });
    const { url, fields } = presign.json.upload;
    const post = async (file: Buffer, change: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [name, value] of Object.entries({ ...fields, ...change }))
        form.append(name, value as string);
      form.append("file", new Blob([new Uint8Array(file)]), "f");
      return stack.files.request(url, { method: "POST", body: form });
    };
    expect((await post(Buffer.concat([PNG, Buffer.alloc(10)]))).status).toBe(400);
    expect((await post(PNG, { "Content-Type": "image/jpeg" })).status).toBe(403);
    expect((await post(PNG, { key: "notices/huanghe-west/2026-11/another-key-123.png" })).status).toBe(403);
    expect((await post(PNG, { key: "../../etc/passwd" })).status).toBe(403);
    expect((await post(PNG, { "x-amz-meta-note": "not in the policy" })).status).toBe(403);
    stack.clock.advance(11 * 60_000);
    const late = await post(PNG);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain("expired");
    expect(await stack.deps.storage.inspect(fields.key)).toBeNull();
  });

  it("attaches only finished uploads of this community that are what they claim", async () => {
    const fake = await upload(Buffer.from("not really a png, just text"), "image/png");
    expect(fake.status).toBe(204);
    const missing = "notices/huanghe-west/2026-11/neveruploaded1.png";
    const foreign = "notices/changjiang-east/2026-11/abcdefgh1234.png";
    const bad = await api("POST", staff, "/notices", draft({ images: [fake.key, missing, foreign] }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "images.0",
      "images.1",
      "images.2",
    ]);
    const tooMany = await api(
      "POST",
      staff,
      "/notices",
      draft({ images: Array.from({ length: 10 }, () => missing) }),
    );
    expect(tooMany.status).toBe(400);
  });
});

describe("editing and withdrawing", () => {
  it("marks an edit after publishing, keeps what it said, and refuses a stale version or a new audience", async () => {
    const notice = await publish({
      title: "3栋电梯维保",
      audience: { kind: "buildings", buildingIds: ["b3"] },
    });
    const edited = await api("PUT", staff, `/notices/${notice.id}`, {
      version: notice.version,
      title: "3栋电梯维保（改期）",
      pinned: true,
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json.notice.editedAt).not.toBeNull();
    expect(edited.json.notice.staff.revisions).toEqual([
      expect.objectContaining({ n: 1, title: "3栋电梯维保", changed: ["title", "pinned"] }),
    ]);
    const stale = await api("PUT", staff, `/notices/${notice.id}`, {
      version: notice.version,
      title: "又改了",
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("EDIT_CONFLICT");
    const audience = await api("PUT", staff, `/notices/${notice.id}`, {
      version: edited.json.notice.version,
      audience: { kind: "community" },
    });
    expect(audience.status).toBe(400);
    expect(audience.json.error.details[0].path).toBe("audience");
    // Every channel holds the new title, under the pinned key only.
    const channel = await partition(keys.noticeFeedPartition("huanghe-west", "B#b3#U#2"));
    const mine = channel.filter((item) => item.id === notice.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ title: "3栋电梯维保（改期）", pinned: true });
    expect(String(mine[0]?.SK)).toMatch(/^1#/);
    const audit = await api("GET", staff, "/audit?communityId=huanghe-west&limit=100");
    const actions = audit.json.items
      .filter((e: { target: string }) => e.target === notice.id)
      .map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["notice.create", "notice.publish", "notice.update"]));
  });

  it("takes a withdrawn notice out of every feed and tells a reader it was withdrawn", async () => {
    const notice = await publish({ title: "误发的通知", audience: { kind: "community" } });
    expect(await feedIds(B1)).toContain(notice.id);
    const withdrawn = await api("POST", staff, `/notices/${notice.id}/withdraw`, {
      reason: "内容有误，重新发布",
    });
    expect(withdrawn.status).toBe(200);
    expect(await feedIds(B1)).not.toContain(notice.id);
    expect(await feedIds(UNVERIFIED, "?communityId=huanghe-west")).not.toContain(notice.id);
    const opened = await api("GET", B1, `/notices/${notice.id}`);
    expect(opened.status).toBe(404);
    expect(opened.json.error.code).toBe("NOTICE_WITHDRAWN");
    expect((await api("POST", staff, `/notices/${notice.id}/withdraw`, { reason: "再次撤回" })).status).toBe(
      409,
    );
    expect((await api("POST", staff, `/notices/${notice.id}/publish`, {})).status).toBe(409);
  });
});

describe("reading, acknowledging and reach", () => {
  it("counts households, not people, and the follow-up list and CSV move as residents read", async () => {
    const notice = await publish({ title: "2栋燃气安全检查", ackRequired: true });
    const reach0 = await api("GET", staff, `/notices/${notice.id}/reach`);
    expect(reach0.json.reach).toMatchObject({ audienceHouseholds: 20, reads: 0, acks: 0, readRate: 0 });
    expect(
      reach0.json.reach.followUp.flatMap((b: { units: { households: unknown[] }[] }) =>
        b.units.flatMap((u) => u.households),
      ),
    ).toHaveLength(20);

    // Resident 21 reads twice and acknowledges twice: one household, counted once.
    await api("GET", B2, `/notices/${notice.id}`);
    await api("GET", B2, `/notices/${notice.id}`);
    const acked = await api("POST", B2, `/notices/${notice.id}/ack`);
    expect(acked.status, acked.text).toBe(200);
    expect(acked.json.notice.mine).toMatchObject({ read: true, acked: true });
    expect((await api("POST", B2, `/notices/${notice.id}/ack`)).status).toBe(200);
    // Resident 2 owns a home in 1栋 and one in 2栋: only the 2栋 one is in the audience.
    const both = await api("POST", BOTH, `/notices/${notice.id}/ack`);
    expect(both.json.notice.mine.acked).toBe(true);
    // Staff reading is not a household reading (it clears only their own dot); outsiders cannot acknowledge.
    await api("GET", staff, `/notices/${notice.id}`);
    expect((await api("POST", B1, `/notices/${notice.id}/ack`)).status).toBe(404);

    const reach = (await api("GET", staff, `/notices/${notice.id}/reach?list=unacked`)).json.reach;
    expect(reach).toMatchObject({ audienceHouseholds: 20, reads: 2, acks: 2, readRate: 0.1, ackRate: 0.1 });
    expect(reach.buildings).toEqual([
      { buildingId: "b2", buildingName: "2栋", households: 20, reads: 2, acks: 2 },
    ]);
    const listed = reach.followUp.flatMap((b: { units: { households: { householdId: string }[] }[] }) =>
      b.units.flatMap((u) => u.households.map((h) => h.householdId)),
    );
    expect(listed).toHaveLength(18);
    expect(listed).not.toContain("hh-b2-1-101");
    expect(listed).not.toContain("hh-b2-1-501");
    expect(reach.followUp[0].units.map((u: { unit: string }) => u.unit)).toEqual(["1", "2"]);

    const csv = await call(stack.app, "GET", `/api/v1/notices/${notice.id}/reach.csv?list=unacked`, {
      token: tokens[staff],
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain("attachment");
    const lines = csv.text
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("楼栋,单元,房号,地址,已读,阅读时间,已确认,确认时间");
    expect(lines).toHaveLength(19);
    expect(lines[1]).toBe("2栋,1,102,2栋1单元102,否,,否,");
    expect(
      (await call(stack.app, "GET", `/api/v1/notices/${notice.id}/reach.csv`, { token: tokens[B2] })).status,
    ).toBe(403);
  });

  it("clears staff's own unread dot when they open a notice, without counting them in reach", async () => {
    const notice = await publish({ title: "全体居民：社区议事会开会通知", audience: { kind: "community" } });
    const dot = async () =>
      (await api("GET", staff, "/notices?limit=50")).json.items.find(
        (n: { id: string }) => n.id === notice.id,
      ).read;
    expect(await dot()).toBe(false);
    await api("GET", staff, `/notices/${notice.id}`);
    expect(await dot()).toBe(true);
    expect((await api("GET", staff, `/notices/${notice.id}/reach`)).json.reach.reads).toBe(0);
  });

  it("shows a resident of two homes a notice as acknowledged only once both homes have", async () => {
    // A second member of 李建国's home in 2栋 acknowledges for that home only.
    const now = stack.clock.now().toISOString();
    await putAll(stack.deps.db, [
      {
        ...keys.user("u-housemate"),
        entity: "User",
        ...newResident("u-housemate", "housemate-openid", "同住人", now),
        communityId: "huanghe-west",
        householdCount: 1,
      },
      membershipItem({
        userId: "u-housemate",
        householdId: "hh-b2-1-501",
        communityId: "huanghe-west",
        relation: "member",
        verifiedAt: now,
        verifiedBy: "test",
      }),
    ]);
    tokens.housemate = (
      await issueToken(stack.deps.config.JWT_SECRET, "u-housemate", 3600, stack.clock.now(), "wechat")
    ).token;
    const notice = await publish({
      title: "全体业主：消防设施年检确认",
      audience: { kind: "community" },
      ackRequired: true,
    });
    expect((await api("POST", "housemate", `/notices/${notice.id}/ack`)).status).toBe(200);
    const item = async () =>
      (await api("GET", BOTH, "/notices?limit=50")).json.items.find(
        (n: { id: string }) => n.id === notice.id,
      );
    expect(await item()).toMatchObject({ read: true, acked: false });
    expect((await api("GET", BOTH, `/notices/${notice.id}`)).json.notice.mine.acked).toBe(false);
    await api("POST", BOTH, `/notices/${notice.id}/ack`);
    expect(await item()).toMatchObject({ read: true, acked: true });
  });

  it("refuses acknowledging a notice that does not ask for it", async () => {
    const notice = await publish({ title: "2栋快递柜启用" });
    const refused = await api("POST", B2, `/notices/${notice.id}/ack`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("ACK_NOT_REQUIRED");
  });
});

describe("emergency notices", () => {
  it("are pinned and pushed once to every verified resident of the audience through the outbox", async () => {
    const notice = await publish({ title: "2栋燃气泄漏紧急疏散", category: "emergency", pinned: false });
    expect(notice.pinned).toBe(true);
    // 2栋's verified residents in the demo: 21–28 (owners), 2 (owner of 2栋1单元501), 29–31 (tenants).
    const inbox = async (userId: string) =>
      (await partition(keys.inboxMessage(userId, "", "").PK)).filter((m) => m.kind === "notice.emergency");
    expect(await inbox("u-demo-resident-21")).toHaveLength(1);
    expect(await inbox("u-demo-resident-2")).toHaveLength(1);
    expect(await inbox("u-demo-resident-1")).toHaveLength(0);
    const outbox = await stack.deps.db.doc.send(
      new QueryCommand({
        TableName: stack.deps.db.tableName,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk",
        ExpressionAttributeValues: { ":pk": "OUTBOX#PENDING" },
      }),
    );
    const mine = (outbox.Items ?? []).filter((e) => String(e.id).startsWith(`notice-${notice.id}-`));
    // (Members added by earlier tests of this file are pushed too; the demo's own are these.)
    expect(
      mine
        .map((e) => e.userId)
        .filter((id) => String(id).startsWith("u-demo-"))
        .sort(),
    ).toEqual(
      ["2", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31"]
        .map((n) => `u-demo-resident-${n}`)
        .sort(),
    );
    // Editing it (a new fan-out) pushes nobody again.
    await api("PUT", staff, `/notices/${notice.id}`, {
      version: notice.version,
      body: "请立即离开2栋，到小区广场集合。",
    });
    expect(await inbox("u-demo-resident-21")).toHaveLength(1);
    const feed = (await api("GET", B2, "/notices?limit=50")).json.items as { id: string; pinned: boolean }[];
    const firstUnpinned = feed.findIndex((item) => !item.pinned);
    const index = feed.findIndex((item) => item.id === notice.id);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(index).toBeLessThan(firstUnpinned === -1 ? feed.length : firstUnpinned);
  });
});

describe("fan-out and paging under the awkward cases", () => {
  it("pages past expired notices the job has not archived yet, without skipping a live one", async () => {
    const [household] = await addBuildingWithResidents(stack, {
      buildingId: "f2",
      count: 1,
      perHousehold: 1,
    });
    tokens.f2 = (household as TestHousehold).residents[0]?.token as string;
    const target = { audience: { kind: "buildings", buildingIds: ["f2"] } };
    stack.clock.set(inHours(1));
    const live = await publish({ ...target, title: "仍然有效的通知" });
    for (let i = 0; i < 3; i++) {
      stack.clock.set(inHours(2 + i));
      await publish({ ...target, title: `很快过期的通知${i + 1}`, expiresAt: inHours(5) });
    }
    stack.clock.set(inHours(6)); // all three expired; the job has not run
    const seen: string[] = [];
    let cursor: string | null = "";
    for (let page = 0; page < 5 && cursor !== null; page++) {
      const response = await api("GET", "f2", `/notices?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(response.status).toBe(200);
      seen.push(...response.json.items.map((n: { id: string }) => n.id));
      cursor = response.json.nextCursor;
    }
    expect(seen).toEqual([live.id]);
  });

  it("shows a notice once while it has both a pinned and an unpinned item, and pushes an emergency once on a re-run", async () => {
    const notice = await publish({ title: "2栋紧急停气", category: "emergency" });
    const { syncNotice } = await import("./actions.js");
    const { putAll } = await import("../db/items.js");
    const stored = (await partition(keys.noticeFeedPartition("huanghe-west", "B#b2#U#1"))).find(
      (i) => i.id === notice.id,
    );
    // The moment during an edit when both keys exist.
    await putAll(stack.deps.db, [{ ...stored, SK: String(stored?.SK).replace(/^1#/, "0#") }]);
    const feed = await api("GET", B2, "/notices?limit=50");
    expect(feed.status).toBe(200);
    expect(feed.json.items.filter((n: { id: string }) => n.id === notice.id)).toHaveLength(1);
    expect((await api("GET", B2, "/notices/unread-count")).status).toBe(200);
    // A forced re-run (as after a crash) writes the same message keys: still one message each.
    await stack.deps.db.doc.send(
      new UpdateCommand({
        TableName: stack.deps.db.tableName,
        Key: keys.notice(notice.id),
        UpdateExpression: "SET pushedAt = :null",
        ExpressionAttributeValues: { ":null": null },
      }),
    );
    await syncNotice(stack.deps, notice.id, true);
    const inbox = (await partition(keys.inboxMessage("u-demo-resident-21", "", "").PK)).filter(
      (m) => m.kind === "notice.emergency" && String(m.id).includes(notice.id),
    );
    expect(inbox).toHaveLength(1);
    const channel = (await partition(keys.noticeFeedPartition("huanghe-west", "B#b2#U#1"))).filter(
      (i) => i.id === notice.id,
    );
    expect(channel.map((i) => String(i.SK).slice(0, 2))).toEqual(["1#"]);
  });

  it("sends a scheduled notice that can no longer be published back to the drafts, with the reason", async () => {
    const notice = await publish({ title: "过期前未能发布的通知", expiresAt: inHours(2) }, inHours(1));
    stack.clock.set(inHours(3)); // the job did not run between its time and its expiry
    await runJobs(stack.deps);
    const drafts = (await api("GET", staff, "/notices/manage?state=draft")).json.items;
    const back = drafts.find((n: { id: string }) => n.id === notice.id);
    expect(back.scheduleError).toContain("expiresAt");
    await runJobs(stack.deps);
    expect(
      (await api("GET", staff, "/notices/manage?state=scheduled")).json.items.map(
        (n: { id: string }) => n.id,
      ),
    ).not.toContain(notice.id);
  });
});
