import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import type { AudienceOptions, NoticeDetail } from "../api/notices";
import type { Translate } from "../i18n";
import { en as enCatalog } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import {
  apiFieldProblems,
  audienceHouseholds,
  audienceNames,
  audienceOf,
  audienceSummary,
  type ComposeDraft,
  checkPickedImage,
  defaultPublishSlot,
  draftFromNotice,
  expiryInstant,
  fieldOfPath,
  hasPersonalNumber,
  imageRoom,
  isEditConflict,
  isForbidden,
  isNoticeStaff,
  isPickCancel,
  issueProblem,
  MAX_IMAGE_BYTES,
  newComposeDraft,
  noticeChanges,
  noticeErrorMessage,
  noticeErrorProblem,
  noticeInput,
  pinnedOf,
  publishInstant,
  reasonProblem,
  rescheduleTo,
  scheduleErrorProblem,
  scheduleErrorText,
  toggleId,
  uploadErrorProblem,
  validateCompose,
  whenText,
  withdrawFailure,
} from "./notices-compose";

const zh: Translate = (key, params) => format(zhCN[key], params);
const en: Translate = (key, params) => format(enCatalog[key], params);

// 2026-11-22 10:20 in Shanghai.
const NOW = new Date("2026-11-22T02:20:00.000Z");
const DAY = 86_400_000;

const KEY = "notices/c1/2026-11/abcdefgh12.jpg";

function draft(patch: Partial<ComposeDraft> = {}): ComposeDraft {
  return { ...newComposeDraft(NOW), title: "本周六停水通知", body: "周六 9:00–17:00 停水。", ...patch };
}

const OPTIONS: AudienceOptions = {
  households: 120,
  buildings: [
    {
      id: "b1",
      name: "1栋",
      households: 12,
      units: [
        { unit: "1", households: 7 },
        { unit: "2", households: 5 },
      ],
    },
    { id: "b2", name: "2栋", households: 8, units: [{ unit: "1", households: 8 }] },
    { id: "b3", name: "3栋", households: 30, units: [{ unit: "1", households: 30 }] },
  ],
  grids: [
    {
      id: "g1",
      name: "东区",
      members: [
        { buildingId: "b1", unit: null },
        { buildingId: "b2", unit: "1" },
      ],
      label: "1栋、2栋1单元",
      households: 20,
      updatedAt: "2026-11-01T00:00:00.000Z",
    },
    {
      id: "g2",
      name: "一单元",
      members: [
        { buildingId: "b1", unit: "1" },
        { buildingId: "b3", unit: "1" },
      ],
      label: "1栋1单元、3栋1单元",
      households: 37,
      updatedAt: "2026-11-01T00:00:00.000Z",
    },
  ],
};

describe("who may use the pages", () => {
  it("is staff or an admin of a community", () => {
    expect(isNoticeStaff({ roles: ["resident", "staff"], staffCommunityIds: ["c1"] })).toBe(true);
    expect(isNoticeStaff({ roles: ["admin"], staffCommunityIds: ["c1"] })).toBe(true);
    expect(isNoticeStaff({ roles: ["staff"], staffCommunityIds: [] })).toBe(false);
    expect(isNoticeStaff({ roles: ["resident"], staffCommunityIds: [] })).toBe(false);
    expect(isNoticeStaff(null)).toBe(false);
  });
});

describe("a new form", () => {
  it("starts as a community notice, published now, never expiring", () => {
    const d = newComposeDraft(NOW);
    expect(d).toMatchObject({
      category: "notice",
      audienceKind: "community",
      pinned: false,
      ackRequired: false,
      expiry: "none",
      publishLater: false,
      images: [],
    });
  });

  it("offers the next whole hour at least an hour away for scheduling, in Shanghai", () => {
    expect(defaultPublishSlot(NOW)).toEqual({ date: "2026-11-22", time: "12:00" });
    // 23:30 Shanghai → 01:00 the next day.
    expect(defaultPublishSlot(new Date("2026-11-22T15:30:00.000Z"))).toEqual({
      date: "2026-11-23",
      time: "01:00",
    });
  });
});

describe("scheduling and expiry", () => {
  it("turns a Shanghai date and time into the UTC instant", () => {
    expect(
      publishInstant(draft({ publishLater: true, publishDate: "2026-11-30", publishTime: "09:00" })),
    ).toBe("2026-11-30T01:00:00.000Z");
    // Shanghai midnight is the previous day in UTC.
    expect(
      publishInstant(draft({ publishLater: true, publishDate: "2026-12-01", publishTime: "00:30" })),
    ).toBe("2026-11-30T16:30:00.000Z");
    expect(publishInstant(draft({ publishLater: false }))).toBeNull();
  });

  it("counts a preset from now, or from the publishing time when scheduled", () => {
    expect(expiryInstant(draft({ expiry: "none" }), NOW)).toBeNull();
    expect(expiryInstant(draft({ expiry: "3d" }), NOW)).toBe(new Date(NOW.getTime() + 3 * DAY).toISOString());
    expect(expiryInstant(draft({ expiry: "7d" }), NOW)).toBe("2026-11-29T02:20:00.000Z");
    expect(expiryInstant(draft({ expiry: "30d" }), NOW)).toBe("2026-12-22T02:20:00.000Z");
    const later = { publishLater: true, publishDate: "2026-11-30", publishTime: "09:00" };
    expect(expiryInstant(draft({ ...later, expiry: "7d" }), NOW)).toBe("2026-12-07T01:00:00.000Z");
  });

  it("keeps a loaded notice's expiry as it is", () => {
    const kept = "2026-12-01T10:00:00.000Z";
    expect(expiryInstant(draft({ expiry: "keep", keptExpiresAt: kept }), NOW)).toBe(kept);
  });
});

describe("validateCompose", () => {
  it("accepts a complete notice", () => {
    expect(validateCompose(draft(), NOW, "publish")).toEqual({});
    expect(validateCompose(draft(), NOW, "draft")).toEqual({});
  });

  it("measures the title and body as the server does (sanitised)", () => {
    expect(validateCompose(draft({ title: "停" }), NOW, "draft").title?.key).toBe("nw.err.title");
    expect(validateCompose(draft({ title: "<b>停</b>" }), NOW, "draft").title?.key).toBe("nw.err.title");
    expect(validateCompose(draft({ title: "停水" }), NOW, "draft").title).toBeUndefined();
    expect(validateCompose(draft({ title: "字".repeat(60) }), NOW, "draft").title).toBeUndefined();
    expect(validateCompose(draft({ title: "字".repeat(61) }), NOW, "draft").title?.params).toEqual({
      min: 2,
      max: 60,
    });
    expect(validateCompose(draft({ body: "   " }), NOW, "draft").body?.key).toBe("nw.err.body");
    expect(validateCompose(draft({ body: "<script>x</script>" }), NOW, "draft").body?.key).toBe(
      "nw.err.body",
    );
    expect(validateCompose(draft({ body: "字".repeat(5000) }), NOW, "draft").body).toBeUndefined();
    expect(validateCompose(draft({ body: "字".repeat(5001) }), NOW, "draft").body?.key).toBe("nw.err.body");
  });

  it("refuses phone and ID numbers, like the server", () => {
    expect(validateCompose(draft({ body: "联系王师傅 13812345678" }), NOW, "draft").body?.key).toBe(
      "nw.err.noNumbers",
    );
    expect(validateCompose(draft({ title: "身份证 11010519491231002X" }), NOW, "draft").title?.key).toBe(
      "nw.err.noNumbers",
    );
    expect(hasPersonalNumber("+86 13812345678")).toBe(true);
    expect(hasPersonalNumber("电话 021-12345678，楼号 1380")).toBe(false);
    expect(hasPersonalNumber("编号 213812345678")).toBe(false);
  });

  it("needs buildings or grids picked when the audience is by buildings or grids", () => {
    expect(validateCompose(draft({ audienceKind: "buildings" }), NOW, "draft").audience?.key).toBe(
      "nw.err.pickBuilding",
    );
    expect(validateCompose(draft({ audienceKind: "grids" }), NOW, "draft").audience?.key).toBe(
      "nw.err.pickGrid",
    );
    expect(
      validateCompose(draft({ audienceKind: "buildings", buildingIds: ["b1"] }), NOW, "draft").audience,
    ).toBeUndefined();
    const many = Array.from({ length: 51 }, (_, i) => `b${i}`);
    expect(
      validateCompose(draft({ audienceKind: "buildings", buildingIds: many }), NOW, "draft").audience,
    ).toEqual({ key: "nw.err.tooManyBuildings", params: { max: 50 } });
    const grids = Array.from({ length: 21 }, (_, i) => `g${i}`);
    expect(
      validateCompose(draft({ audienceKind: "grids", gridIds: grids }), NOW, "draft").audience?.key,
    ).toBe("nw.err.tooManyGrids");
  });

  it("waits for uploads and allows nine images", () => {
    const done = (i: number) => ({
      id: `i${i}`,
      key: KEY.replace("abcdefgh12", `abcdefgh${i}0`),
      src: "x",
      uploading: false,
    });
    const nine = Array.from({ length: 9 }, (_, i) => done(i));
    expect(validateCompose(draft({ images: nine }), NOW, "publish").images).toBeUndefined();
    expect(validateCompose(draft({ images: [...nine, done(9)] }), NOW, "publish").images?.key).toBe(
      "nw.err.imagesMax",
    );
    const busy = { id: "u", key: null, src: "blob:x", uploading: true };
    expect(validateCompose(draft({ images: [busy] }), NOW, "draft").images?.key).toBe(
      "nw.err.imagesUploading",
    );
    expect(imageRoom(nine)).toBe(0);
    expect(imageRoom([busy])).toBe(8);
  });

  it("checks a scheduled time: in the future, at most 90 days ahead", () => {
    const at = (date: string, time: string) =>
      draft({ publishLater: true, publishDate: date, publishTime: time });
    expect(validateCompose(at("2026-11-22", "10:00"), NOW, "publish").publishAt?.key).toBe(
      "nw.err.publishPast",
    );
    expect(validateCompose(at("2026-11-22", "10:30"), NOW, "publish").publishAt).toBeUndefined();
    expect(validateCompose(at("2027-02-20", "10:00"), NOW, "publish").publishAt).toBeUndefined();
    expect(validateCompose(at("2027-02-21", "10:30"), NOW, "publish").publishAt).toEqual({
      key: "nw.err.publishTooFar",
      params: { days: 90 },
    });
    // Saving a draft does not schedule anything, so the time is not checked then.
    expect(validateCompose(at("2026-11-22", "10:00"), NOW, "draft").publishAt).toBeUndefined();
  });

  it("needs an expiry in the future and after the publishing time", () => {
    const past = draft({ expiry: "keep", keptExpiresAt: "2026-11-21T00:00:00.000Z" });
    expect(validateCompose(past, NOW, "publish").expiresAt?.key).toBe("nw.err.expiryPast");
    // Kept and not sent: editing an expired published notice is allowed.
    expect(validateCompose(past, NOW, "save").expiresAt).toBeUndefined();
    expect(validateCompose(past, NOW, "draft").expiresAt).toBeUndefined();
    const beforePublish = draft({
      expiry: "keep",
      keptExpiresAt: "2026-11-25T00:00:00.000Z",
      publishLater: true,
      publishDate: "2026-11-26",
      publishTime: "09:00",
    });
    expect(validateCompose(beforePublish, NOW, "publish").expiresAt?.key).toBe("nw.err.expiryBeforePublish");
    expect(validateCompose(draft({ expiry: "3d" }), NOW, "publish").expiresAt).toBeUndefined();
  });
});

describe("the API bodies", () => {
  it("builds the new notice: trimmed text, the audience, uploaded keys, emergency pinned", () => {
    const d = draft({
      title: "  停水  ",
      category: "emergency",
      audienceKind: "buildings",
      buildingIds: ["b1", "b2"],
      images: [{ id: "a", key: KEY, src: "x", uploading: false }],
      expiry: "3d",
    });
    expect(noticeInput(d, NOW)).toEqual({
      title: "停水",
      body: "周六 9:00–17:00 停水。",
      category: "emergency",
      audience: { kind: "buildings", buildingIds: ["b1", "b2"] },
      images: [KEY],
      pinned: true,
      ackRequired: false,
      expiresAt: "2026-11-25T02:20:00.000Z",
    });
    expect(pinnedOf({ pinned: false, category: "emergency" })).toBe(true);
    expect(pinnedOf({ pinned: false, category: "notice" })).toBe(false);
  });

  it("maps the audience kinds", () => {
    expect(audienceOf({ audienceKind: "community", buildingIds: ["b1"], gridIds: [] })).toEqual({
      kind: "community",
    });
    expect(audienceOf({ audienceKind: "grids", buildingIds: ["b1"], gridIds: ["g1"] })).toEqual({
      kind: "grids",
      gridIds: ["g1"],
    });
  });

  it("leaves audience and category out of a published notice's changes, and a kept expiry", () => {
    const d = draft({ expiry: "keep", keptExpiresAt: "2026-11-21T00:00:00.000Z" });
    const published = noticeChanges(d, NOW, true);
    expect(published).not.toHaveProperty("audience");
    expect(published).not.toHaveProperty("category");
    expect(published).not.toHaveProperty("expiresAt");
    expect(published).toMatchObject({ title: "本周六停水通知", pinned: false, images: [] });
    const draftChanges = noticeChanges(draft({ expiry: "none" }), NOW, false);
    expect(draftChanges).toMatchObject({
      category: "notice",
      audience: { kind: "community" },
      expiresAt: null,
    });
  });

  it("loads a notice into the form", () => {
    const notice = {
      id: "n1",
      title: "停水",
      body: "正文",
      category: "policy",
      audience: { kind: "grids", gridIds: ["g1"] },
      images: [{ key: KEY, url: "https://files/x.jpg" }],
      pinned: true,
      ackRequired: true,
      state: "scheduled",
      publishAt: "2026-11-30T01:00:00.000Z",
      expiresAt: "2026-12-07T01:00:00.000Z",
    } as unknown as NoticeDetail;
    expect(draftFromNotice(notice, NOW)).toMatchObject({
      title: "停水",
      category: "policy",
      audienceKind: "grids",
      gridIds: ["g1"],
      buildingIds: [],
      images: [{ id: KEY, key: KEY, src: "https://files/x.jpg", uploading: false }],
      pinned: true,
      ackRequired: true,
      expiry: "keep",
      keptExpiresAt: "2026-12-07T01:00:00.000Z",
      publishLater: true,
      publishDate: "2026-11-30",
      publishTime: "09:00",
    });
    const draftNotice = {
      ...notice,
      state: "draft",
      publishAt: null,
      expiresAt: null,
    } as unknown as NoticeDetail;
    expect(draftFromNotice(draftNotice, NOW)).toMatchObject({ expiry: "none", publishLater: false });
  });

  it("toggles ids", () => {
    expect(toggleId(["a"], "b")).toEqual(["a", "b"]);
    expect(toggleId(["a", "b"], "a")).toEqual(["b"]);
  });
});

describe("the audience in words", () => {
  it("counts households: the community, the buildings picked", () => {
    expect(audienceHouseholds({ audienceKind: "community", buildingIds: [], gridIds: [] }, OPTIONS)).toBe(
      120,
    );
    expect(
      audienceHouseholds({ audienceKind: "buildings", buildingIds: ["b1", "b2"], gridIds: [] }, OPTIONS),
    ).toBe(20);
  });

  it("counts each building or unit once when grids overlap", () => {
    const d = (gridIds: string[]) => ({ audienceKind: "grids" as const, buildingIds: [], gridIds });
    expect(audienceHouseholds(d(["g1"]), OPTIONS)).toBe(20);
    expect(audienceHouseholds(d(["g2"]), OPTIONS)).toBe(37);
    // g2's 1栋1单元 is inside g1's whole 1栋: 12 + 8 + 30.
    expect(audienceHouseholds(d(["g1", "g2"]), OPTIONS)).toBe(50);
  });

  it("sums it up in both languages", () => {
    const buildings = { audienceKind: "buildings" as const, buildingIds: ["b1", "b2"], gridIds: [] };
    // By name: "2栋" alone would read as the building called 2栋, not as two buildings.
    expect(audienceSummary(zh, buildings, OPTIONS)).toBe("1栋、2栋 · 共20户");
    expect(audienceSummary(en, buildings, OPTIONS)).toBe("1栋、2栋 · 20 households");
    expect(audienceSummary(zh, { audienceKind: "community", buildingIds: [], gridIds: [] }, OPTIONS)).toBe(
      "全体居民 · 120户",
    );
    expect(
      audienceSummary(zh, { audienceKind: "grids", buildingIds: [], gridIds: ["g1", "g2"] }, OPTIONS),
    ).toBe(
      `${audienceNames(zh, { audienceKind: "grids", buildingIds: [], gridIds: ["g1", "g2"] }, OPTIONS)} · 共50户`,
    );
    expect(audienceSummary(zh, { audienceKind: "buildings", buildingIds: [], gridIds: [] }, OPTIONS)).toBe(
      "请至少选择一栋楼",
    );
    expect(audienceNames(zh, buildings, OPTIONS)).toBe("1栋、2栋");
    expect(audienceNames(zh, { audienceKind: "grids", buildingIds: [], gridIds: ["g1"] }, OPTIONS)).toBe(
      "东区",
    );
  });

  it("says when it goes out", () => {
    expect(whenText(zh, draft())).toBe("立即");
    expect(whenText(zh, draft({ publishLater: true, publishDate: "2026-11-30", publishTime: "09:00" }))).toBe(
      "定时 2026-11-30 09:00",
    );
  });
});

describe("picked images", () => {
  it("takes JPEG, PNG or WebP up to 5 MB", () => {
    expect(checkPickedImage("image/jpeg", 1024)).toEqual({ ok: true });
    expect(checkPickedImage("image/png", MAX_IMAGE_BYTES)).toEqual({ ok: true });
    expect(checkPickedImage(null, 1024)).toEqual({ ok: false, problem: { key: "nw.err.imageType" } });
    expect(checkPickedImage("image/webp", MAX_IMAGE_BYTES + 1)).toEqual({
      ok: false,
      problem: { key: "nw.err.imageTooBig", params: { mb: 5 } },
    });
    expect(checkPickedImage("image/jpeg", 0)).toEqual({ ok: false, problem: { key: "nw.err.imageEmpty" } });
  });
});

describe("the withdrawal reason", () => {
  it("is 2–200 characters", () => {
    expect(reasonProblem(" 错 ")).toEqual({ key: "nw.err.reason", params: { min: 2, max: 200 } });
    expect(reasonProblem("内容有误")).toBeNull();
    expect(reasonProblem("字".repeat(201))?.key).toBe("nw.err.reason");
  });
});

describe("errors", () => {
  it("names the codes we know, and says network trouble for the rest", () => {
    expect(noticeErrorProblem(new ApiError(409, "EDIT_CONFLICT", "stale")).key).toBe("nw.err.EDIT_CONFLICT");
    expect(noticeErrorProblem(new ApiError(403, "STAFF_ONLY", "no")).key).toBe("nw.forbidden");
    expect(noticeErrorProblem(new ApiError(400, "EntityTooLarge", "big"))).toEqual({
      key: "nw.err.imageTooBig",
      params: { mb: 5 },
    });
    expect(noticeErrorProblem(new ApiError(403, "AccessDenied", "expired")).key).toBe("nw.err.upload");
    expect(noticeErrorProblem(new ApiError(0, "NETWORK_ERROR", "down")).key).toBe("common.networkError");
    expect(noticeErrorProblem(new ApiError(500, "INTERNAL", "boom")).key).toBe("common.networkError");
    expect(noticeErrorProblem(new Error("x")).key).toBe("common.networkError");
    // Never the server's own words.
    expect(noticeErrorMessage(zh, new ApiError(409, "SOMETHING", "Odd"))).toBe("出了点问题，请稍后再试");
    expect(noticeErrorMessage(en, new ApiError(404, "NOT_FOUND", "Not found."))).toBe(
      "Something went wrong, please try again later",
    );
    expect(isEditConflict(new ApiError(409, "EDIT_CONFLICT", ""))).toBe(true);
    expect(isForbidden(new ApiError(403, "NOT_STAFF_OF_COMMUNITY", ""))).toBe(true);
    expect(isForbidden(new ApiError(404, "NOTICE_NOT_FOUND", ""))).toBe(false);
  });

  it("puts a 400's details under the fields of the form", () => {
    expect(fieldOfPath("audience.buildingIds.0")).toBe("audience");
    expect(fieldOfPath("images.3")).toBe("images");
    expect(fieldOfPath("header.Idempotency-Key")).toBeNull();
    const { fields, other } = apiFieldProblems([
      { path: "title", message: "Title is at most 60 characters" },
      { path: "body", message: "Leave phone and ID numbers out" },
      { path: "images.1", message: "The upload has not finished (no file under this key)" },
      { path: "audience.gridIds.0", message: "No grid g9 in this community" },
      { path: "expiresAt", message: "The expiry must come after the publishing time" },
      { path: "publishAt", message: "At most 90 days ahead" },
      { path: "category", message: "Cannot change once published; withdraw it and publish a new one" },
      { path: "header.Idempotency-Key", message: "8–128 letters, digits or _.:-" },
    ]);
    expect(fields).toEqual({
      title: { key: "nw.err.title", params: { min: 2, max: 60 } },
      body: { key: "nw.err.noNumbers" },
      images: { key: "nw.err.imageLost" },
      audience: { key: "nw.err.audienceGone" },
      expiresAt: { key: "nw.err.expiryBeforePublish" },
      publishAt: { key: "nw.err.publishTooFar", params: { days: 90 } },
      category: { key: "nw.err.fixedAfterPublish" },
    });
    expect(other).toEqual([{ key: "nw.err.generic" }]);
  });

  it("says a field's rule when its message is not one we know, and never the server's words", () => {
    expect(issueProblem({ path: "audience.buildingIds.0", message: "Invalid id" })).toEqual({
      key: "nw.err.audienceGone",
    });
    expect(issueProblem({ path: "title", message: "Invalid input: expected string" })).toEqual({
      key: "nw.err.title",
      params: { min: 2, max: 60 },
    });
    expect(issueProblem({ path: "communityId", message: "Invalid id" })).toEqual({ key: "nw.err.generic" });
    const { fields, other } = apiFieldProblems([
      { path: "images.0", message: "Invalid string" },
      { path: "communityId", message: "Invalid id" },
    ]);
    expect(fields).toEqual({ images: { key: "nw.err.imageLost" } });
    expect(other.map((p) => zh(p.key, p.params))).toEqual(["出了点问题，请稍后再试"]);
  });

  it("says why an upload was refused", () => {
    const refused = (path: string, message: string) =>
      new ApiError(400, "VALIDATION_FAILED", "The request is not valid.", undefined, [{ path, message }]);
    const type = uploadErrorProblem(refused("contentType", "Images are JPEG, PNG or WebP"));
    expect(zh(type.key, type.params)).toBe("只支持 JPG、PNG、WebP 图片");
    const size = uploadErrorProblem(refused("size", "Images are at most 5 MB"));
    expect(zh(size.key, size.params)).toBe("每张图片不超过 5MB");
    expect(uploadErrorProblem(refused("size", "The file is empty"))).toEqual({ key: "nw.err.imageEmpty" });
    // zod's own words: the field says which rule.
    expect(uploadErrorProblem(refused("contentType", "Invalid option"))).toEqual({ key: "nw.err.imageType" });
    expect(uploadErrorProblem(refused("purpose", "Invalid input"))).toEqual({ key: "nw.err.upload" });
    expect(uploadErrorProblem(new ApiError(400, "EntityTooLarge", "big")).key).toBe("nw.err.imageTooBig");
    expect(uploadErrorProblem(new ApiError(400, "HTTP_400", "odd"))).toEqual({ key: "nw.err.upload" });
    expect(uploadErrorProblem(new ApiError(0, "NETWORK_ERROR", "down")).key).toBe("common.networkError");
  });

  it("tells closing the photo picker from being refused the photos", () => {
    expect(isPickCancel({ errMsg: "chooseImage:fail cancel" })).toBe(true);
    expect(isPickCancel(new Error("chooseImage:fail cancel"))).toBe(true);
    expect(isPickCancel({ errMsg: "chooseImage:fail auth deny" })).toBe(false);
    expect(isPickCancel({ errMsg: "chooseImage:fail system permission denied" })).toBe(false);
    expect(isPickCancel(undefined)).toBe(false);
  });

  it("knows a withdrawal that has nothing left to withdraw", () => {
    expect(withdrawFailure(new ApiError(409, "NOTICE_WITHDRAWN", ""))).toBe("withdrawn");
    expect(withdrawFailure(new ApiError(404, "NOTICE_NOT_FOUND", ""))).toBe("gone");
    expect(withdrawFailure(new ApiError(409, "EDIT_CONFLICT", ""))).toBe("conflict");
    expect(withdrawFailure(new ApiError(400, "VALIDATION_FAILED", ""))).toBeNull();
    expect(withdrawFailure(new Error("x"))).toBeNull();
  });
});

describe("a scheduled notice the job could not publish", () => {
  it("says why in the reader's language", () => {
    expect(
      scheduleErrorText(zh, "The request is not valid. expiresAt: The expiry must be in the future"),
    ).toBe("定时发布未成功：到期时间必须在将来");
    expect(
      scheduleErrorProblem("The request is not valid. audience: The audience has no buildings or units left"),
    ).toEqual({ key: "nw.err.audienceGone" });
    expect(
      scheduleErrorProblem(
        "The request is not valid. audience.buildingIds.0: No building b9 in this community",
      ),
    ).toEqual({ key: "nw.err.audienceGone" });
    expect(scheduleErrorText(en, "Something odd happened")).toBe(
      "Scheduled publishing failed: check the notice and publish it again",
    );
  });
});

describe("moving a scheduled notice", () => {
  const scheduled = { state: "scheduled" as const, publishAt: "2026-11-30T01:00:00.000Z" };
  it("gives the new time only when the form's differs from the notice's", () => {
    const same = draft({ publishLater: true, publishDate: "2026-11-30", publishTime: "09:00" });
    expect(rescheduleTo(same, scheduled)).toBeNull();
    expect(rescheduleTo(same, { ...scheduled, publishAt: "2026-11-30T01:00:00Z" })).toBeNull();
    const later = draft({ publishLater: true, publishDate: "2026-11-30", publishTime: "10:30" });
    expect(rescheduleTo(later, scheduled)).toBe("2026-11-30T02:30:00.000Z");
    expect(rescheduleTo({ ...later, publishLater: false }, scheduled)).toBeNull();
    expect(rescheduleTo(later, { state: "draft", publishAt: null })).toBeNull();
    expect(rescheduleTo(later, null)).toBeNull();
  });
});
