import { describe, expect, it } from "vitest";
import type { Vote } from "../api/deliberation";
import { ApiError } from "../api/errors";
import type { Translate } from "../i18n";
import { en as enCatalog } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import {
  canCloseVote,
  canRecordPaper,
  closingInstant,
  conditionText,
  deliberationErrorMessage,
  electorateFor,
  fieldMessages,
  filterUnits,
  isForbidden,
  newTopicDraft,
  newVoteDraft,
  parsePercent,
  percentText,
  reasonProblem,
  secondsNeeded,
  sortBuildings,
  staffCommunityOf,
  type TurnoutUnit,
  tabOfStatus,
  toggleBuilding,
  topicInput,
  unitCounts,
  validatePaper,
  validateTopic,
  validateVote,
  voteInput,
  voteSummary,
} from "./deliberation-work";

const zh: Translate = (key, params) => format(zhCN[key], params);
const en: Translate = (key, params) => format(enCatalog[key], params);

// 2026-11-22 10:00 in Shanghai.
const NOW = new Date("2026-11-22T02:00:00.000Z");

describe("staffCommunityOf", () => {
  it("is the first community of staff (or an admin with one), null for residents", () => {
    expect(staffCommunityOf({ roles: ["resident", "staff"], staffCommunityIds: ["c1", "c2"] })).toBe("c1");
    expect(staffCommunityOf({ roles: ["admin"], staffCommunityIds: ["c1"] })).toBe("c1");
    expect(staffCommunityOf({ roles: ["resident"], staffCommunityIds: [] })).toBeNull();
    expect(staffCommunityOf({ roles: ["staff"], staffCommunityIds: [] })).toBeNull();
    expect(staffCommunityOf(null)).toBeNull();
  });
});

describe("tabOfStatus", () => {
  it("lists finished topics under closed", () => {
    expect(tabOfStatus("proposed")).toBe("proposed");
    expect(tabOfStatus("voting")).toBe("voting");
    expect(tabOfStatus("decided")).toBe("closed");
    expect(tabOfStatus("withdrawn")).toBe("closed");
    expect(tabOfStatus("rejected")).toBe("closed");
  });
});

describe("electorateFor", () => {
  it("follows the rule: owners for owners' matters, residents for a simple majority", () => {
    expect(electorateFor("owners_ordinary", "households")).toBe("owners");
    expect(electorateFor("owners_major", "residents")).toBe("owners");
    expect(electorateFor("simple_majority", "households")).toBe("residents");
  });

  it("lets a residents' meeting count residents or households", () => {
    expect(electorateFor("residents_meeting", "residents")).toBe("residents");
    expect(electorateFor("residents_meeting", "households")).toBe("households");
  });
});

describe("the vote form", () => {
  it("starts with no rule, secret, not changeable, closing in 7 days", () => {
    const draft = newVoteDraft(NOW);
    expect(draft.rule).toBeNull();
    expect(draft.secret).toBe(true);
    expect(draft.changeable).toBe(false);
    expect(draft.liveResults).toBe(false);
    expect(draft.earlyClose).toBe(false);
    expect(validateVote(draft, NOW)).toEqual({ rule: "dw.vote.err.rule" });
    expect(voteInput(draft, NOW)).toBeNull();
  });

  it("builds the body: presets count from now when the vote opens now", () => {
    const draft = { ...newVoteDraft(NOW), rule: "owners_major" as const, closing: "3d" as const };
    expect(voteInput(draft, NOW)).toEqual({
      rule: "owners_major",
      electorate: "owners",
      options: ["approve", "reject", "abstain"],
      closesAt: "2026-11-25T02:00:00.000Z",
      secret: true,
      changeable: false,
      liveResults: false,
      earlyClose: false,
    });
  });

  it("drops abstain when not offered and sends the opening when later", () => {
    const draft = {
      ...newVoteDraft(NOW),
      rule: "residents_meeting" as const,
      meetingElectorate: "households" as const,
      abstain: false,
      opensLater: true,
      opensDate: "2026-11-23",
      opensTime: "09:00",
      closing: "1d" as const,
    };
    const input = voteInput(draft, NOW);
    expect(input?.electorate).toBe("households");
    expect(input?.options).toEqual(["approve", "reject"]);
    // 09:00 in Shanghai is 01:00 UTC; the preset counts from the opening.
    expect(input?.opensAt).toBe("2026-11-23T01:00:00.000Z");
    expect(input?.closesAt).toBe("2026-11-24T01:00:00.000Z");
  });

  it("reads a custom closing as Asia/Shanghai wall-clock time", () => {
    const draft = {
      ...newVoteDraft(NOW),
      closing: "custom" as const,
      closesDate: "2026-11-30",
      closesTime: "18:00",
    };
    expect(closingInstant(draft, NOW)).toBe("2026-11-30T10:00:00.000Z");
  });

  it("refuses an opening in the past, a closing before the opening and more than 90 days", () => {
    const base = { ...newVoteDraft(NOW), rule: "simple_majority" as const };
    expect(
      validateVote({ ...base, opensLater: true, opensDate: "2026-11-22", opensTime: "09:00" }, NOW).opensAt,
    ).toBe("dw.vote.err.opensPast");
    expect(
      validateVote({ ...base, closing: "custom", closesDate: "2026-11-22", closesTime: "10:00" }, NOW)
        .closesAt,
    ).toBe("dw.vote.err.closesBeforeOpens");
    expect(
      validateVote({ ...base, closing: "custom", closesDate: "2027-02-20", closesTime: "10:01" }, NOW)
        .closesAt,
    ).toBe("dw.vote.err.tooLong");
    // Exactly 90 days is allowed.
    expect(
      validateVote({ ...base, closing: "custom", closesDate: "2027-02-20", closesTime: "10:00" }, NOW),
    ).toEqual({});
  });

  it("restates itself in one line", () => {
    const draft = { ...newVoteDraft(NOW), rule: "owners_ordinary" as const };
    expect(voteSummary(zh, draft, NOW)).toBe(
      "业主一般事项 · 业主（按专有部分） · 不记名 · 立即开始 · 2026-11-29 10:00 截止",
    );
    expect(voteSummary(en, { ...draft, secret: false }, NOW)).toContain("public");
    expect(voteSummary(zh, newVoteDraft(NOW), NOW)).toBe("请先选择表决规则");
  });
});

describe("the topic form", () => {
  it("checks lengths after trimming and needs a building when not the whole community", () => {
    const problems = validateTopic({ title: " 电梯 ", body: "太短", wholeCommunity: false, buildingIds: [] });
    expect(problems.title?.key).toBe("dw.topic.err.title");
    expect(problems.body?.key).toBe("dw.topic.err.body");
    expect(problems.scope?.key).toBe("dw.topic.err.scope");
    expect(
      validateTopic({ ...newTopicDraft(), title: "加装电梯方案", body: "三栋加装电梯的方案征求意见" }),
    ).toEqual({});
  });

  it("builds the scope", () => {
    const draft = {
      title: " 加装电梯 ",
      body: " 三栋加装电梯的方案征求意见 ",
      wholeCommunity: false,
      buildingIds: ["b3"],
    };
    expect(topicInput(draft)).toEqual({
      title: "加装电梯",
      body: "三栋加装电梯的方案征求意见",
      scope: { kind: "buildings", buildingIds: ["b3"] },
    });
    expect(topicInput({ ...draft, wholeCommunity: true }).scope).toEqual({ kind: "community" });
    expect(toggleBuilding(["b1", "b2"], "b1")).toEqual(["b2"]);
    expect(toggleBuilding(["b2"], "b1")).toEqual(["b2", "b1"]);
  });
});

describe("settings, reasons and paper ballots", () => {
  it("takes a whole percent from 1 to 100", () => {
    expect(parsePercent("20")).toBe(20);
    expect(parsePercent(" 100 ")).toBe(100);
    expect(parsePercent("0")).toBeNull();
    expect(parsePercent("101")).toBeNull();
    expect(parsePercent("12.5")).toBeNull();
    expect(parsePercent("")).toBeNull();
  });

  it("counts seconds needed as the server does (以上, rounded up, at least one)", () => {
    expect(secondsNeeded(120, 20)).toBe(24);
    expect(secondsNeeded(121, 20)).toBe(25);
    expect(secondsNeeded(3, 1)).toBe(1);
  });

  it("needs a reason of 2–200 characters", () => {
    expect(reasonProblem(" 好 ")?.key).toBe("dw.reason.err");
    expect(reasonProblem("不属于议事范围")).toBeNull();
  });

  it("needs a choice and a collector", () => {
    expect(validatePaper({ choice: null, collector: "李", note: "" })).toEqual({
      choice: "dw.paper.err.choice",
      collector: "dw.paper.err.collector",
    });
    expect(validatePaper({ choice: "approve", collector: "李明", note: "" })).toEqual({});
  });
});

const unit = (id: string, building: string, label: string, voted: boolean): TurnoutUnit => ({
  unitId: id,
  buildingId: `b${building}`,
  buildingName: `${building}栋`,
  label: `${building}栋${label}`,
  householdIds: [`h${id}`],
  voted,
  via: voted ? "online" : null,
  votedAt: voted ? "2026-11-22T03:00:00.000Z" : null,
  choice: null,
});

describe("turnout", () => {
  const units = [
    unit("1", "10", "1单元101", false),
    unit("2", "2", "1单元201", true),
    unit("3", "2", "1单元101", false),
    unit("4", "2", "1单元1001", false),
  ];

  it("filters by voting and building, in natural order", () => {
    expect(filterUnits(units, "notvoted", null).map((u) => u.unitId)).toEqual(["3", "4", "1"]);
    expect(filterUnits(units, "voted", null).map((u) => u.unitId)).toEqual(["2"]);
    expect(filterUnits(units, "all", "b2").map((u) => u.unitId)).toEqual(["3", "2", "4"]);
    expect(unitCounts(units, null)).toEqual({ notvoted: 3, voted: 1, all: 4 });
    expect(unitCounts(units, "b10")).toEqual({ notvoted: 1, voted: 0, all: 1 });
  });

  it("sorts buildings naturally", () => {
    const rows = sortBuildings([
      { buildingId: "b10", buildingName: "10栋", eligible: 1, voted: 0 },
      { buildingId: "b2", buildingName: "2栋", eligible: 3, voted: 1 },
    ]);
    expect(rows.map((r) => r.buildingId)).toEqual(["b2", "b10"]);
  });

  it("writes percentages with one decimal at most", () => {
    expect(percentText(1, 3)).toBe("33.3%");
    expect(percentText(1, 2)).toBe("50%");
    expect(percentText(0, 0)).toBe("0%");
  });

  const vote: Vote = {
    rule: "owners_ordinary",
    electorate: "owners",
    options: ["approve", "reject", "abstain"],
    opensAt: "2026-11-20T00:00:00.000Z",
    closesAt: "2026-11-27T00:00:00.000Z",
    secret: true,
    changeable: false,
    liveResults: false,
    earlyClose: false,
    status: "open",
    eligible: { count: 4, area: 400 },
  };

  it("takes paper ballots while open, for units that have not voted (or any, when changeable)", () => {
    expect(canRecordPaper(vote, units[0] as TurnoutUnit, NOW)).toBe(true);
    expect(canRecordPaper(vote, units[1] as TurnoutUnit, NOW)).toBe(false);
    expect(canRecordPaper({ ...vote, changeable: true }, units[1] as TurnoutUnit, NOW)).toBe(true);
    expect(canRecordPaper({ ...vote, electorate: "residents" }, units[0] as TurnoutUnit, NOW)).toBe(false);
    expect(canRecordPaper({ ...vote, status: "closed" }, units[0] as TurnoutUnit, NOW)).toBe(false);
    expect(canRecordPaper(vote, units[0] as TurnoutUnit, new Date("2026-11-27T00:00:00.000Z"))).toBe(false);
  });

  it("closes early only when allowed, and always after the closing time", () => {
    expect(canCloseVote(vote, NOW)).toBe(false);
    expect(canCloseVote({ ...vote, earlyClose: true }, NOW)).toBe(true);
    expect(canCloseVote(vote, new Date("2026-11-27T00:00:00.000Z"))).toBe(true);
    expect(canCloseVote({ ...vote, status: "scheduled", earlyClose: true }, NOW)).toBe(false);
  });
});

describe("results", () => {
  it("writes conditions in words, areas from 0.01 m²", () => {
    expect(
      conditionText(zh, {
        name: "participating area ≥ 2/3 of total area",
        holds: true,
        value: "800000/1200000",
        needs: "≥ 2/3",
      }),
    ).toBe("参与表决面积占 2/3 以上（≥） · 8000.00㎡ / 12000.00㎡（66.7%）");
    expect(conditionText(en, { name: "approve > reject", holds: false, value: "3/4", needs: ">" })).toBe(
      "More approve than reject · 3 / 4",
    );
  });
});

describe("errors", () => {
  it("says what went wrong with a paper ballot in words", () => {
    expect(deliberationErrorMessage(zh, new ApiError(409, "ALREADY_VOTED", "x"))).toContain("已经投过票");
    expect(deliberationErrorMessage(en, new ApiError(409, "VOTE_CLOSED", "x"))).toContain("closed");
    expect(deliberationErrorMessage(zh, new ApiError(403, "NOT_ELIGIBLE", "x"))).toContain("名单");
    expect(deliberationErrorMessage(zh, new ApiError(0, "NETWORK_ERROR", "x"))).toBe(
      zhCN["common.networkError"],
    );
    expect(isForbidden(new ApiError(403, "NOT_STAFF_OF_COMMUNITY", "x"))).toBe(true);
    expect(isForbidden(new ApiError(403, "NOT_ELIGIBLE", "x"))).toBe(false);
  });

  it("puts field messages at the form's fields, translated when known", () => {
    expect(
      fieldMessages(zh, [
        { path: "title", message: "Title is at least 4 characters" },
        { path: "body", message: "Leave phone and ID numbers out" },
        { path: "scope.buildingIds", message: "No building b9 in this community" },
        { path: "closesAt", message: "A vote runs at most 90 days" },
      ]),
    ).toEqual({
      title: "标题需 4–60 字",
      body: "请勿填写电话或身份证号",
      scope: "有楼栋不属于本社区，请重新选择",
      closesAt: "表决最长 90 天",
    });
  });
});
