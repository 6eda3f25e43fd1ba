import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import type { NoticeCategory, NoticeDetail } from "../api/notices";
import type { Me } from "../api/types";
import type { Translate } from "../i18n";
import { en } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import {
  ackedText,
  ackReasonKey,
  ackState,
  categoryKey,
  categoryTone,
  editedText,
  feedCommunityId,
  feedDateText,
  flagKey,
  goneFrom,
  isExpired,
  noticeErrorKey,
  noticeErrorText,
  noticeFlags,
  showsVerifyHint,
  withdrawnReason,
} from "./notices-format";

const zh: Translate = (key, params) => format(zhCN[key], params);
const english: Translate = (key, params) => format(en[key], params);

// 2026-11-23 10:00 in Shanghai.
// api/notices loads Taro at run time: the categories are listed here (its CATEGORIES has the same).
const CATEGORIES: NoticeCategory[] = ["notice", "policy", "legal", "activity", "emergency"];

const now = Date.parse("2026-11-23T02:00:00.000Z");

describe("categories and flags", () => {
  it("labels every category in both languages, emergency in red and only it", () => {
    for (const category of CATEGORIES) {
      expect(zhCN[categoryKey(category)]).toBeTruthy();
      expect(en[categoryKey(category)]).toBeTruthy();
    }
    expect(zh(categoryKey("policy"))).toBe("政策解读");
    expect(english(categoryKey("emergency"))).toBe("Emergency");
    expect(CATEGORIES.filter((c) => categoryTone[c] === "red")).toEqual(["emergency"]);
  });

  it("flags pinned, unacknowledged and expired notices in that order", () => {
    const base = { pinned: false, ackRequired: false, acked: false, expiresAt: null };
    expect(noticeFlags(base, now)).toEqual([]);
    expect(
      noticeFlags(
        { pinned: true, ackRequired: true, acked: false, expiresAt: "2026-11-23T01:59:59.000Z" },
        now,
      ),
    ).toEqual(["pinned", "ackNeeded", "expired"]);
    expect(noticeFlags({ ...base, ackRequired: true, acked: true }, now)).toEqual([]);
    expect(zh(flagKey("pinned"))).toBe("置顶");
    expect(zh(flagKey("ackNeeded"))).toBe("需确认");
    expect(zh(flagKey("expired"))).toBe("已过期");
  });

  it("is expired from its expiry on, never without one", () => {
    expect(isExpired(null, now)).toBe(false);
    expect(isExpired("2026-11-23T02:00:00.000Z", now)).toBe(true);
    expect(isExpired("2026-11-23T02:00:01.000Z", now)).toBe(false);
  });
});

describe("dates", () => {
  it("says today and yesterday by the Shanghai calendar, with the Shanghai clock", () => {
    expect(feedDateText(zh, "2026-11-23T01:05:00.000Z", now)).toBe("今天 09:05");
    // 2026-11-22 23:30 UTC is already the 23rd in Shanghai.
    expect(feedDateText(zh, "2026-11-22T16:30:00.000Z", now)).toBe("今天 00:30");
    expect(feedDateText(zh, "2026-11-22T15:59:00.000Z", now)).toBe("昨天 23:59");
    expect(feedDateText(english, "2026-11-22T10:00:00.000Z", now)).toBe("Yesterday 18:00");
  });

  it("gives month and day this year, the full date before", () => {
    expect(feedDateText(zh, "2026-11-21T15:59:00.000Z", now)).toBe("11-21");
    expect(feedDateText(zh, "2025-12-31T16:00:00.000Z", now)).toBe("01-01");
    expect(feedDateText(zh, "2025-12-31T15:59:00.000Z", now)).toBe("2025-12-31");
    expect(feedDateText(zh, "not a date", now)).toBe("not a date");
  });

  it("writes 已编辑 and 已确认知晓 with the Shanghai time", () => {
    expect(editedText(zh, "2026-11-23T01:05:00.000Z")).toBe("已编辑 · 2026-11-23 09:05");
    expect(editedText(english, "2026-11-23T01:05:00.000Z")).toBe("Edited · 2026-11-23 09:05");
    expect(ackedText(zh, "2026-11-23T01:05:00.000Z")).toBe("已确认知晓 · 2026-11-23 09:05");
    expect(ackedText(zh, null)).toBe("已确认知晓");
  });
});

describe("acknowledgement", () => {
  const notice = (
    over: Partial<Pick<NoticeDetail, "ackRequired" | "state">> & Partial<NoticeDetail["mine"]> = {},
  ): Pick<NoticeDetail, "ackRequired" | "state" | "mine"> => ({
    ackRequired: over.ackRequired ?? true,
    state: over.state ?? "published",
    mine: {
      read: true,
      readAt: null,
      acked: over.acked ?? false,
      ackAt: null,
      canAck: over.canAck ?? false,
    },
  });

  it("shows nothing when not asked, the time once done, the button when allowed", () => {
    expect(ackState(notice({ ackRequired: false }), true)).toBe("none");
    expect(ackState(notice({ acked: true }), true)).toBe("acked");
    expect(ackState(notice({ canAck: true }), true)).toBe("can");
  });

  it("says why not otherwise", () => {
    expect(ackState(notice({ state: "draft" }), false)).toBe("notPublished");
    expect(ackState(notice(), false)).toBe("notVerified");
    expect(ackState(notice(), true)).toBe("notAudience");
    expect(zh(ackReasonKey("notVerified"))).toBe("完成住户认证后才能确认知晓");
  });
});

describe("which community", () => {
  const user = (over: {
    community?: Me["community"];
    requestCommunity?: string;
    status?: Me["verification"]["status"];
    roles?: Me["roles"];
  }) => ({
    roles: over.roles ?? ["resident"],
    community: over.community ?? null,
    verification: {
      status: over.status ?? "unverified",
      reason: null,
      request: over.requestCommunity
        ? ({ communityId: over.requestCommunity } as NonNullable<Me["verification"]["request"]>)
        : null,
    },
  });

  it("reads the own community, else the one the request names, else none", () => {
    expect(feedCommunityId(user({ community: { id: "c1", name: "幸福里" }, requestCommunity: "c2" }))).toBe(
      "c1",
    );
    expect(feedCommunityId(user({ requestCommunity: "c2", status: "pending" }))).toBe("c2");
    expect(feedCommunityId(user({}))).toBeNull();
    expect(feedCommunityId(null)).toBeNull();
  });

  it("tells unverified residents what verifying adds, not staff", () => {
    expect(showsVerifyHint(user({}))).toBe(true);
    expect(showsVerifyHint(user({ status: "pending" }))).toBe(true);
    expect(showsVerifyHint(user({ status: "verified" }))).toBe(false);
    expect(showsVerifyHint(user({ roles: ["staff"] }))).toBe(false);
    expect(zh("nr.verifyHint")).toBe("认证后可看到本楼栋的通知");
  });
});

describe("errors", () => {
  it("knows the notice codes and leaves others to the API's message", () => {
    expect(noticeErrorKey("NOT_IN_AUDIENCE")).toBe("nr.error.NOT_IN_AUDIENCE");
    expect(noticeErrorKey("SOMETHING_ELSE")).toBeNull();
    expect(noticeErrorText(zh, new ApiError(403, "NOT_VERIFIED", "Verify first."))).toBe(
      "完成住户认证后才能确认知晓",
    );
    expect(noticeErrorText(zh, new ApiError(500, "INTERNAL", "Something went wrong."))).toBe(
      "Something went wrong.",
    );
    expect(noticeErrorText(zh, new ApiError(0, "NETWORK_ERROR", "offline"))).toBe(
      zhCN["common.networkError"],
    );
    expect(noticeErrorText(zh, new Error("boom"))).toBe(zhCN["common.networkError"]);
  });

  it("reads a withdrawal's reason and tells a missing notice from a failure", () => {
    expect(withdrawnReason("This notice was withdrawn: 时间有误，另行通知")).toBe("时间有误，另行通知");
    expect(withdrawnReason("This notice was withdrawn:")).toBe("");
    expect(goneFrom(new ApiError(404, "NOTICE_WITHDRAWN", "This notice was withdrawn: 发错了"))).toEqual({
      kind: "withdrawn",
      reason: "发错了",
    });
    expect(goneFrom(new ApiError(404, "NOTICE_NOT_FOUND", "No such notice."))).toEqual({ kind: "missing" });
    expect(goneFrom(new ApiError(400, "VALIDATION_FAILED", "Invalid id"))).toEqual({ kind: "missing" });
    expect(goneFrom(new ApiError(0, "NETWORK_ERROR", "offline"))).toBeNull();
    expect(goneFrom(new ApiError(500, "INTERNAL", "oops"))).toBeNull();
  });
});
