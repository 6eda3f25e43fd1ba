import { describe, expect, it } from "vitest";
import type { TopicDetail, VoteResults } from "../api/deliberation";
import type { Translate } from "../i18n";
import { en } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import {
  areaText,
  ballotReasonKey,
  barValueText,
  canCast,
  canComment,
  choiceKey,
  deliberationErrorKey,
  deliberationErrorText,
  historyKey,
  paragraphs,
  percentText,
  resultBars,
  resultsPublic,
  ruleKey,
  scopeText,
  spanText,
  statusKey,
  statusTone,
  validateProposal,
  voteTimeText,
} from "./deliberation-format";

const zh: Translate = (key, params) => format(zhCN[key], params);
const english: Translate = (key, params) => format(en[key], params);

const HOUR = 3_600_000;
const now = Date.parse("2026-11-20T02:00:00.000Z");
const at = (hours: number) => new Date(now + hours * HOUR).toISOString();

describe("statuses and words", () => {
  it("gives every status a tone and a label", () => {
    expect(zh(statusKey("proposed"))).toBe("征集附议");
    expect(zh(statusKey("voting"))).toBe("表决中");
    expect(english(statusKey("decided"))).toBe("Passed");
    expect(statusTone.rejected).toBe("red");
    expect(statusTone.withdrawn).toBe("grey");
  });

  it("states the owners' rules with 以上 and 过半数 as the Civil Code counts", () => {
    expect(zh(ruleKey("owners_major"))).toBe(
      "业主共同决定重大事项：参与表决的业主专有面积和人数均需达到三分之二以上；同意的面积和人数均需达到参与表决的四分之三以上",
    );
    expect(zh(ruleKey("owners_ordinary"))).toContain("超过参与表决的半数（过半数）");
    expect(zh(ruleKey("residents_meeting"))).toContain("过半数");
    expect(english(ruleKey("owners_major"))).toContain("at least 3/4");
  });

  it("names choices, scopes, history and ballot reasons", () => {
    expect(zh(choiceKey("approve"))).toBe("同意");
    expect(english(choiceKey("abstain"))).toBe("Abstain");
    expect(scopeText(english, { kind: "community" }, "全社区")).toBe("Whole community");
    expect(scopeText(zh, { kind: "buildings", buildingIds: ["b1", "b3"] }, "1栋、3栋")).toBe("1栋、3栋");
    expect(zh(historyKey("vote_passed"))).toBe("表决通过");
    expect(historyKey("something_new")).toBe("dr.history.other");
    expect(zh(ballotReasonKey("not_owner"))).toContain("租户和家庭成员不能参加");
    expect(zh(ballotReasonKey("not_in_roll"))).toContain("固定");
    expect(ballotReasonKey(null)).toBe("dr.ballot.reason.other");
  });

  it("splits a body into plain paragraphs", () => {
    expect(paragraphs("第一段\n\n  第二段 \r\n第三段")).toEqual(["第一段", "第二段", "第三段"]);
  });
});

describe("time left", () => {
  const vote = { status: "open" as const, opensAt: at(-1), closesAt: at(2 * 24 + 5.5) };

  it("rounds spans down to days and hours, hours and minutes, minutes", () => {
    expect(spanText(zh, 3 * 24 * HOUR + 5 * HOUR + 59 * 60_000)).toBe("3天5小时");
    expect(spanText(zh, 5 * HOUR + 20 * 60_000)).toBe("5小时20分钟");
    expect(spanText(zh, 20 * 60_000 + 30_000)).toBe("20分钟");
    expect(spanText(zh, 30_000)).toBe("不到1分钟");
    expect(spanText(english, 24 * HOUR)).toBe("1 d 0 h");
  });

  it("says when it starts, how long is left, or that it closed", () => {
    expect(voteTimeText(zh, vote, now)).toBe("剩余 2天5小时");
    expect(voteTimeText(zh, { ...vote, status: "scheduled", opensAt: at(3) }, now)).toBe("3小时0分钟后开始");
    expect(voteTimeText(zh, { ...vote, status: "closed" }, now)).toBe("已截止");
    // The clock passed the closing time before the job closed it.
    expect(voteTimeText(zh, { ...vote, closesAt: at(-0.1) }, now)).toBe("已截止");
    expect(voteTimeText(english, vote, now)).toBe("2 d 5 h left");
  });
});

const openVote: NonNullable<TopicDetail["vote"]> = {
  rule: "owners_major",
  electorate: "owners",
  options: ["approve", "reject", "abstain"],
  opensAt: at(-1),
  closesAt: at(24),
  secret: true,
  changeable: false,
  liveResults: false,
  earlyClose: false,
  status: "open",
  eligible: { count: 10, area: 1000 },
};
const ballot: NonNullable<TopicDetail["myBallot"]> = {
  eligible: true,
  reason: null,
  voted: false,
  choice: null,
  castByMe: false,
  via: null,
  votedAt: null,
  unitLabel: "1栋1单元101",
};

describe("what the caller may do", () => {
  it("casts while open and eligible, changes only when the vote allows it", () => {
    expect(canCast({ vote: openVote, myBallot: ballot })).toBe(true);
    expect(canCast({ vote: openVote, myBallot: { ...ballot, voted: true } })).toBe(false);
    expect(canCast({ vote: { ...openVote, changeable: true }, myBallot: { ...ballot, voted: true } })).toBe(
      true,
    );
    expect(canCast({ vote: { ...openVote, status: "scheduled" }, myBallot: ballot })).toBe(false);
    expect(canCast({ vote: openVote, myBallot: { ...ballot, eligible: false, reason: "not_owner" } })).toBe(
      false,
    );
    expect(canCast({ vote: null, myBallot: null })).toBe(false);
  });

  it("comments in scope (or as staff) while the topic is talked about", () => {
    expect(canComment({ status: "discussion", inScope: true }, false)).toBe(true);
    expect(canComment({ status: "voting", inScope: false }, true)).toBe(true);
    expect(canComment({ status: "proposed", inScope: false }, false)).toBe(false);
    expect(canComment({ status: "decided", inScope: true }, true)).toBe(false);
  });

  it("shows results when closed, live, or to staff, never before opening", () => {
    expect(resultsPublic({ status: "closed", liveResults: false, secret: true }, false)).toBe(true);
    expect(resultsPublic({ status: "open", liveResults: false, secret: false }, false)).toBe(false);
    expect(resultsPublic({ status: "open", liveResults: true, secret: true }, false)).toBe(true);
    expect(resultsPublic({ status: "open", liveResults: false, secret: false }, true)).toBe(true);
    // A secret vote's tally stays sealed from staff too until it closes.
    expect(resultsPublic({ status: "open", liveResults: false, secret: true }, true)).toBe(false);
    expect(resultsPublic({ status: "scheduled", liveResults: true, secret: false }, true)).toBe(false);
  });
});

const ownersResults: VoteResults = {
  status: "closed",
  rule: "owners_major",
  electorate: "owners",
  opensAt: at(-48),
  closesAt: at(-1),
  eligible: { count: 9, area: 900 },
  participated: { count: 6, area: 600 },
  approve: { count: 4, area: 450 },
  reject: { count: 2, area: 150 },
  abstain: { count: 0, area: 0 },
  quorumMet: true,
  passed: false,
  explanation: "…",
  explanationEn: "…",
  conditions: [
    { name: "participating area ≥ 2/3 of total area", holds: true, value: "60000/90000", needs: "≥ 2/3" },
    { name: "participating owners ≥ 2/3 of owners", holds: true, value: "6/9", needs: "≥ 2/3" },
    { name: "approving area ≥ 3/4", holds: true, value: "45000/60000", needs: "≥ 3/4" },
    { name: "approving owners ≥ 3/4", holds: false, value: "4/6", needs: "≥ 3/4" },
  ],
  thresholds: { quorum: "…", pass: "…" },
};

describe("result bars", () => {
  it("draws participation and approval by count and by area for owners' rules, lines at 2/3 and 3/4", () => {
    const bars = resultBars(ownersResults);
    expect(bars.map((b) => b.id)).toEqual(["quorum-count", "quorum-area", "approve-count", "approve-area"]);
    const [count, area, approveCount, approveArea] = bars;
    expect(count).toMatchObject({
      value: 6,
      total: 9,
      line: 2 / 3,
      lineText: "≥ 2/3",
      met: true,
      area: false,
    });
    expect(area).toMatchObject({ value: 600, total: 900, met: true, area: true });
    expect(approveCount).toMatchObject({ value: 4, total: 6, line: 3 / 4, met: false });
    expect(approveArea).toMatchObject({ value: 450, total: 600, line: 3 / 4, met: true });
    expect(approveArea?.share).toBe(0.75);
  });

  it("puts the pass line at more than half for ordinary owners' matters", () => {
    const bars = resultBars({ ...ownersResults, rule: "owners_ordinary" });
    expect(bars[2]).toMatchObject({ line: 1 / 2, lineText: "> 1/2", need: "dr.need.more_than_half" });
  });

  it("has a quorum and an approval bar for a residents' meeting, one bar for a simple majority", () => {
    const meeting = resultBars({
      ...ownersResults,
      rule: "residents_meeting",
      electorate: "households",
      eligible: { count: 10 },
      participated: { count: 5 },
      approve: { count: 3 },
      reject: { count: 2 },
      abstain: { count: 0 },
      conditions: [
        { name: "participants > 1/2", holds: false, value: "5/10", needs: "> 1/2" },
        { name: "approve > 1/2", holds: true, value: "3/5", needs: "> 1/2" },
      ],
    });
    expect(meeting.map((b) => [b.id, b.value, b.total, b.met])).toEqual([
      ["quorum-count", 5, 10, false],
      ["approve-count", 3, 5, true],
    ]);
    const simple = resultBars({
      ...ownersResults,
      rule: "simple_majority",
      electorate: "residents",
      approve: { count: 0 },
      reject: { count: 0 },
      conditions: [],
    });
    expect(simple).toHaveLength(1);
    expect(simple[0]).toMatchObject({ id: "approve-vs-reject", share: 0, met: null });
  });

  it("writes percentages and areas", () => {
    expect(percentText(2, 3)).toBe("66.7%");
    expect(percentText(3, 4)).toBe("75%");
    expect(percentText(1, 0)).toBe("0%");
    expect(areaText(1234.5)).toBe("1234.50");
    const [, area] = resultBars(ownersResults);
    if (!area) throw new Error("no area bar");
    expect(barValueText(zh, area)).toBe("66.7%（600.00㎡/900.00㎡）");
    expect(barValueText(english, area)).toBe("66.7% (600.00 m²/900.00 m²)");
  });
});

describe("errors and forms", () => {
  it("turns the vote's error codes into words", () => {
    expect(deliberationErrorKey("ALREADY_VOTED")).toBe("dr.error.ALREADY_VOTED");
    expect(deliberationErrorKey("SOMETHING_ELSE")).toBeNull();
    expect(deliberationErrorText(zh, { status: 409, code: "VOTE_CLOSED", message: "x" })).toBe(
      "表决已经截止，不能再投票。",
    );
    expect(deliberationErrorText(zh, { status: 400, code: "ODD", message: "The API says" })).toBe(
      "The API says",
    );
    expect(deliberationErrorText(zh, { status: 0, code: "NETWORK_ERROR", message: "" })).toBe(
      zhCN["common.networkError"],
    );
  });

  it("checks a proposal's lengths as the API does", () => {
    expect(validateProposal({ title: "加装电梯", body: "一二三四五六七八九十" })).toEqual({});
    expect(validateProposal({ title: " 电梯 ", body: "太短" })).toEqual({
      title: "dr.propose.titleShort",
      body: "dr.propose.bodyShort",
    });
    expect(validateProposal({ title: "长".repeat(61), body: "长".repeat(5001) })).toEqual({
      title: "dr.propose.titleLong",
      body: "dr.propose.bodyLong",
    });
  });
});
