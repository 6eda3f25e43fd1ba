import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import type { NoticeCategory, NoticeDetail } from "../api/notices";
import type { Community, Me } from "../api/types";
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
  chooseFeedCommunity,
  editedText,
  feedAcked,
  feedCommunityId,
  feedDateText,
  feedRead,
  flagKey,
  goneFrom,
  isExpired,
  noteAckSeen,
  noticeErrorKey,
  noticeErrorText,
  noticeFlags,
  remember,
  showsVerifyHint,
  subscribeToastKey,
  unreadBadge,
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

  it("lets the feed follow what the notice page saw of a household's acknowledgement", () => {
    // Two households: one acknowledged, so the feed API says acked; the notice page says not all.
    expect(feedAcked({ id: "n-two", acked: true }, new Map())).toBe(true);
    expect(feedAcked({ id: "n-two", acked: true }, new Map([["n-two", false]]))).toBe(false);
    expect(feedAcked({ id: "n-two", acked: false }, new Map([["n-two", true]]))).toBe(true);
    const mine = (acked: boolean) => ({ read: true, readAt: null, acked, ackAt: null, canAck: true });
    noteAckSeen({ id: "n-seen", ackRequired: true, mine: mine(false) });
    expect(feedAcked({ id: "n-seen", acked: true })).toBe(false);
    expect(
      noticeFlags(
        {
          pinned: false,
          ackRequired: true,
          acked: feedAcked({ id: "n-seen", acked: true }),
          expiresAt: null,
        },
        now,
      ),
    ).toEqual(["ackNeeded"]);
    noteAckSeen({ id: "n-seen", ackRequired: true, mine: mine(true) });
    expect(feedAcked({ id: "n-seen", acked: true })).toBe(true);
    noteAckSeen({ id: "n-seen", ackRequired: false, mine: mine(false) });
    expect(feedAcked({ id: "n-seen", acked: true })).toBe(true);
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

  it("chooses the same community for the feed and the badge, looking up a stand-in only without one", async () => {
    const first: Community = { id: "c9", name: "第一社区" } as Community;
    let asked = 0;
    const firstCommunity = async () => {
      asked += 1;
      return first;
    };
    // Verified, staff, or revoked (who keeps their community): their own.
    expect(
      await chooseFeedCommunity(user({ community: { id: "c1", name: "幸福里" } }), firstCommunity),
    ).toEqual({
      id: "c1",
      fallback: null,
    });
    expect(
      await chooseFeedCommunity(
        user({ community: { id: "c1", name: "幸福里" }, status: "revoked" }),
        firstCommunity,
      ),
    ).toEqual({ id: "c1", fallback: null });
    // Unverified with a pending request: the request's community.
    expect(
      await chooseFeedCommunity(user({ requestCommunity: "c2", status: "pending" }), firstCommunity),
    ).toEqual({
      id: "c2",
      fallback: null,
    });
    expect(asked).toBe(0);
    // None at all: the first community, shown as a stand-in.
    expect(await chooseFeedCommunity(user({}), firstCommunity)).toEqual({ id: "c9", fallback: first });
    expect(await chooseFeedCommunity(null, firstCommunity)).toEqual({ id: "c9", fallback: first });
    expect(await chooseFeedCommunity(user({}), async () => null)).toBeNull();
  });

  it("remembers an answer, not a failure", async () => {
    let calls = 0;
    const flaky = remember(async () => {
      calls += 1;
      if (calls === 1) throw new Error("offline");
      return calls;
    });
    await expect(flaky()).rejects.toThrow("offline");
    expect(await flaky()).toBe(2);
    expect(await flaky()).toBe(2);
    expect(calls).toBe(2);
  });

  it("shows the badge's count, 99+ only when capped, nothing at 0", () => {
    expect(unreadBadge(null)).toBe("");
    expect(unreadBadge({ count: 0, capped: false })).toBe("");
    expect(unreadBadge({ count: 7, capped: false })).toBe("7");
    expect(unreadBadge({ count: 99, capped: false })).toBe("99");
    expect(unreadBadge({ count: 99, capped: true })).toBe("99+");
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
  it("knows the notice codes and never shows the API's own words", () => {
    expect(noticeErrorKey("NOT_IN_AUDIENCE")).toBe("nr.error.NOT_IN_AUDIENCE");
    expect(noticeErrorKey("SOMETHING_ELSE")).toBeNull();
    expect(noticeErrorText(zh, new ApiError(403, "NOT_VERIFIED", "Verify first."))).toBe(
      "完成住户认证后才能确认知晓",
    );
    expect(noticeErrorText(zh, new ApiError(500, "INTERNAL", "Something went wrong."))).toBe(
      "出了点问题，请稍后再试",
    );
    expect(noticeErrorText(english, new ApiError(503, "INTERNAL", "Service unavailable"))).toBe(
      "Something went wrong, please try again",
    );
    expect(noticeErrorText(zh, new ApiError(400, "VALIDATION_FAILED", "Invalid query"))).toBe(
      "出了点问题，请稍后再试（VALIDATION_FAILED）",
    );
    expect(noticeErrorText(zh, new ApiError(0, "NETWORK_ERROR", "offline"))).toBe(
      zhCN["common.networkError"],
    );
    expect(noticeErrorText(zh, new Error("boom"))).toBe(zhCN["common.networkError"]);
  });

  it("reads a withdrawal's reason and tells a missing notice from a failure", () => {
    expect(withdrawnReason("This notice was withdrawn: 时间有误，另行通知")).toBe("时间有误，另行通知");
    expect(withdrawnReason("This notice was withdrawn:")).toBe("");
    expect(withdrawnReason("This notice is already withdrawn.")).toBe("");
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

describe("emergency alerts", () => {
  it("has a toast for every outcome of the request, in both languages", () => {
    for (const outcome of ["accepted", "declined", "switchedOff", "failed"] as const) {
      expect(zhCN[subscribeToastKey(outcome)]).toBeTruthy();
      expect(en[subscribeToastKey(outcome)]).toBeTruthy();
    }
    expect(zh("nr.subscribe.action")).toBe("接收紧急通知提醒");
    expect(english("nr.subscribe.action")).toBe("Get emergency alerts");
    expect(zh("nr.subscribe.explain")).toContain("每同意一次，只提醒一次");
  });
});

describe("what the notice page saw", () => {
  it("marks a feed item read once its notice was shown, and follows its acknowledgement", () => {
    const item = { id: "seen-1", read: false, acked: false };
    expect(feedRead(item)).toBe(false);
    noteAckSeen({ id: "seen-1", ackRequired: true, mine: { acked: true } } as Parameters<
      typeof noteAckSeen
    >[0]);
    expect(feedRead(item)).toBe(true);
    expect(feedAcked(item)).toBe(true);
  });
});
