/** Deliberation without I/O: the electorate snapshot, seconding threshold, results and their wording. */
import { createHmac } from "node:crypto";
import type { Household, Membership } from "../community/schemas.js";
import { conflict } from "../http/errors.js";
import { decide, type Outcome, ownerUnits, type Tally, type VoteRule } from "./rules.js";
import type { Choice, Electorate, RollUnit, Scope, Topic, TopicStatus, Vote, Weight } from "./schemas.js";

export const TALLY_SHARDS = 8;
export const DEFAULT_SECONDING_PERCENT = 20;

/** Households needed to second a proposal: percent of those in scope, rounded up (以上: ≥). */
export const secondsNeeded = (householdsInScope: number, percent: number) =>
  Math.max(1, Math.ceil((householdsInScope * percent) / 100));

export function inScope(scope: Scope, buildingId: string): boolean {
  return scope.kind === "community" || scope.buildingIds.includes(buildingId);
}

export const addressOf = (household: Pick<Household, "buildingName" | "unit" | "room">) =>
  `${household.buildingName}${household.unit}单元${household.room}`;

/** The statuses a topic moves between, and who may move it. */
const TRANSITIONS: Record<TopicStatus, TopicStatus[]> = {
  proposed: ["discussion", "rejected", "withdrawn"],
  discussion: ["voting", "withdrawn", "rejected"],
  voting: ["decided", "rejected"],
  decided: [],
  rejected: [],
  withdrawn: [],
};

export function assertTopicTransition(topic: Topic, to: TopicStatus): void {
  if (!TRANSITIONS[topic.status].includes(to))
    throw conflict("TOPIC_STATUS", `A topic that is ${topic.status} cannot become ${to}.`);
}

export interface ElectorateInput {
  electorate: Electorate;
  scope: Scope;
  households: Household[];
  members: Membership[];
  /** Display names of the members (residents electorate labels). */
  names: Map<string, string>;
}

type UnitDraft = Omit<
  RollUnit,
  "voted" | "votedAt" | "via" | "castBy" | "collector" | "publicChoice" | "changes"
>;

/**
 * The ballot units of a vote, frozen at opening:
 * - residents: every verified resident of a household in scope, once (a resident of several
 *   households in scope is still one unit, under their first household's building);
 * - households: every household in scope, whoever of its verified residents casts;
 * - owners: exclusive parts grouped into owners by `ownerUnits` (parts without a verified owner
 *   are still owners that count, and vote on paper). Only verified owners vote online.
 */
export function buildElectorate(input: ElectorateInput): UnitDraft[] {
  const households = input.households
    .filter((household) => inScope(input.scope, household.buildingId))
    .sort((a, b) => a.id.localeCompare(b.id));
  const byId = new Map(households.map((household) => [household.id, household]));
  const members = input.members.filter((member) => byId.has(member.householdId));
  const unitOf = (parts: Household[], unitId: string, voterIds: string[], area: number): UnitDraft => {
    const first = parts[0] as Household;
    return {
      unitId,
      buildingId: first.buildingId,
      buildingName: first.buildingName,
      label: parts.map(addressOf).join("、"),
      householdIds: parts.map((part) => part.id),
      voterIds,
      area,
    };
  };
  switch (input.electorate) {
    case "residents": {
      const seen = new Map<string, UnitDraft>();
      for (const member of members.sort((a, b) => a.householdId.localeCompare(b.householdId))) {
        const household = byId.get(member.householdId) as Household;
        const existing = seen.get(member.userId);
        if (existing) {
          existing.householdIds.push(household.id);
          continue;
        }
        const unit = unitOf([household], `U-${member.userId}`, [member.userId], 0);
        unit.label = `${input.names.get(member.userId) ?? "居民"} · ${addressOf(household)}`;
        seen.set(member.userId, unit);
      }
      return [...seen.values()];
    }
    case "households":
      return households.map((household) =>
        unitOf(
          [household],
          household.id,
          members.filter((member) => member.householdId === household.id).map((member) => member.userId),
          0,
        ),
      );
    case "owners": {
      const owners = members.filter((member) => member.relation === "owner");
      const units = ownerUnits(
        households.map((household) => ({
          householdId: household.id,
          area: household.area,
          ownerIds: owners.filter((owner) => owner.householdId === household.id).map((owner) => owner.userId),
        })),
      );
      return units.map((unit) =>
        unitOf(
          unit.householdIds.map((id) => byId.get(id) as Household),
          unit.householdIds[0] as string,
          unit.ownerIds,
          unit.area,
        ),
      );
    }
  }
}

export const electorateWeight = (units: Pick<RollUnit, "area">[]): Weight => ({
  count: units.length,
  area: units.reduce((sum, unit) => sum + unit.area, 0),
});

/**
 * The key a unit's choice is stored under: a keyed hash of the unit with the vote's own random
 * salt, so stored choices do not sit next to addresses and cannot be joined to the roll by a
 * glance at the table. Secrecy is enforced by the API (no route returns another's choice); an
 * operator with the whole table could recompute the link, and the README says so.
 */
export function sealUnit(salt: string, unitId: string): string {
  return createHmac("sha256", salt).update(`ballot\n${unitId}`).digest("base64url");
}

export const emptyTally = (): Tally => ({
  approve: { count: 0, area: 0 },
  reject: { count: 0, area: 0 },
  abstain: { count: 0, area: 0 },
});

/** Sums the tally shards (each holds `<choice>Count` and `<choice>Area`, possibly negative after changes). */
export function sumShards(shards: Record<string, unknown>[]): Tally {
  const tally = emptyTally();
  for (const shard of shards) {
    for (const choice of ["approve", "reject", "abstain"] as Choice[]) {
      tally[choice].count += Number(shard[`${choice}Count`] ?? 0);
      tally[choice].area += Number(shard[`${choice}Area`] ?? 0);
    }
  }
  return tally;
}

const RULE_ZH: Record<VoteRule, string> = {
  simple_majority: "简单多数（同意票多于反对票即通过）",
  residents_meeting: "居民会议（《城市居民委员会组织法》：过半数参加，参加者过半数同意）",
  owners_ordinary: "业主共同决定一般事项（《民法典》第二百七十八条）",
  owners_major: "业主共同决定重大事项（《民法典》第二百七十八条第一款第六至八项）",
};
const RULE_EN: Record<VoteRule, string> = {
  simple_majority: "simple majority (more approve than reject)",
  residents_meeting: "residents' meeting (more than half take part; more than half of them approve)",
  owners_ordinary: "owners, ordinary matter (Civil Code art. 278)",
  owners_major: "owners, major matter (Civil Code art. 278, items 6–8)",
};

export function thresholds(rule: VoteRule): { quorum: string | null; pass: string } {
  switch (rule) {
    case "simple_majority":
      return { quorum: null, pass: "同意票多于反对票" };
    case "residents_meeting":
      return { quorum: "参加人数过半数（> 1/2）", pass: "同意票超过参加人数的半数（> 1/2）" };
    case "owners_ordinary":
      return {
        quorum: "参与表决的专有面积和人数均占三分之二以上（≥ 2/3）",
        pass: "同意的专有面积和人数均超过参与表决的半数（> 1/2）",
      };
    case "owners_major":
      return {
        quorum: "参与表决的专有面积和人数均占三分之二以上（≥ 2/3）",
        pass: "同意的专有面积和人数均占参与表决的四分之三以上（≥ 3/4）",
      };
  }
}

/** 0.01 m² → "1234.56㎡". */
export const areaText = (centi: number) => `${(centi / 100).toFixed(2)}㎡`;
const pct = (a: number, b: number) => (b === 0 ? "0%" : `${((a * 100) / b).toFixed(2)}%`);

/** One sentence per condition, in Chinese then English, citing the numbers and the threshold. */
export function explain(
  rule: VoteRule,
  eligible: Weight,
  tally: Tally,
  outcome: Outcome,
  closed: boolean,
  state: "scheduled" | "open" | "closed" = closed ? "closed" : "open",
) {
  const participants = outcome.participants;
  const approve = tally.approve;
  const mark = (holds: boolean) => (holds ? "已达到" : "未达到");
  const markEn = (holds: boolean) => (holds ? "met" : "not met");
  const zh: string[] = [`本次表决适用${RULE_ZH[rule]}。`];
  const en: string[] = [`Rule: ${RULE_EN[rule]}.`];
  const [c0, c1, c2, c3] = outcome.conditions;
  switch (rule) {
    case "simple_majority":
      zh.push(`同意 ${approve.count} 票，反对 ${tally.reject.count} 票，弃权 ${tally.abstain.count} 票。`);
      en.push(`${approve.count} approve, ${tally.reject.count} reject, ${tally.abstain.count} abstain.`);
      break;
    case "residents_meeting":
      zh.push(
        `应参加 ${eligible.count} 人（户），实际参加 ${participants.count}，占 ${pct(participants.count, eligible.count)}，须过半数：${mark(Boolean(c0?.holds))}。`,
        `同意 ${approve.count}，占参加者 ${pct(approve.count, participants.count)}，须过半数：${mark(Boolean(c1?.holds))}。`,
      );
      en.push(
        `${participants.count} of ${eligible.count} took part (${pct(participants.count, eligible.count)}; more than half needed: ${markEn(Boolean(c0?.holds))}).`,
        `${approve.count} approved (${pct(approve.count, participants.count)} of those taking part; more than half needed: ${markEn(Boolean(c1?.holds))}).`,
      );
      break;
    case "owners_ordinary":
    case "owners_major": {
      const share = rule === "owners_major" ? "四分之三以上" : "过半数";
      const shareEn = rule === "owners_major" ? "at least 3/4" : "more than 1/2";
      zh.push(
        `专有部分总面积 ${areaText(eligible.area)}、业主总人数 ${eligible.count} 人；参与表决 ${areaText(participants.area)}（${pct(participants.area, eligible.area)}）、${participants.count} 人（${pct(participants.count, eligible.count)}），须均达三分之二以上：面积${mark(Boolean(c0?.holds))}，人数${mark(Boolean(c1?.holds))}。`,
        `同意 ${areaText(approve.area)}（占参与表决面积 ${pct(approve.area, participants.area)}）、${approve.count} 人（占参与表决人数 ${pct(approve.count, participants.count)}），须均达${share}：面积${mark(Boolean(c2?.holds))}，人数${mark(Boolean(c3?.holds))}。`,
      );
      en.push(
        `Exclusive area ${areaText(eligible.area)}, ${eligible.count} owners; taking part ${areaText(participants.area)} (${pct(participants.area, eligible.area)}) and ${participants.count} owners (${pct(participants.count, eligible.count)}); at least 2/3 of each needed: area ${markEn(Boolean(c0?.holds))}, owners ${markEn(Boolean(c1?.holds))}.`,
        `Approving ${areaText(approve.area)} (${pct(approve.area, participants.area)} of the area taking part) and ${approve.count} owners (${pct(approve.count, participants.count)}); ${shareEn} of each needed: area ${markEn(Boolean(c2?.holds))}, owners ${markEn(Boolean(c3?.holds))}.`,
      );
      break;
    }
  }
  if (closed) {
    if (outcome.quorumMet === false) {
      zh.push(
        rule === "residents_meeting"
          ? "参加人数未过半数，表决未通过。"
          : "参与表决的人数或面积未达法定要求，表决未通过。",
      );
      en.push("The quorum was not reached: not passed.");
    } else {
      zh.push(outcome.passed ? "表决通过。" : "表决未通过。");
      en.push(outcome.passed ? "Passed." : "Not passed.");
    }
  } else if (state === "scheduled") {
    zh.push("表决尚未开始。");
    en.push("Voting has not started yet.");
  } else {
    zh.push("表决进行中，以上为当前计票，结果以截止时为准。");
    en.push("Voting is open: these are the current counts; the result is decided at closing.");
  }
  return { zh: zh.join(""), en: en.join(" ") };
}

/** The result a vote publishes when it closes: decided by its rule, with the explanation. */
export function closedResult(
  vote: Pick<Vote, "rule" | "eligible">,
  tally: Tally,
  closedAt: string,
  closedBy: string,
): NonNullable<Vote["result"]> {
  const eligible = vote.eligible ?? { count: 0, area: 0 };
  const outcome = decide(vote.rule, eligible, tally);
  const words = explain(vote.rule, eligible, tally, outcome, true);
  return {
    quorumMet: outcome.quorumMet,
    passed: outcome.passed,
    explanation: words.zh,
    explanationEn: words.en,
    conditions: outcome.conditions,
    tally,
    closedAt,
    closedBy,
  };
}

/** The results of a vote from its item and its tally (frozen result once closed). */
export function resultsOf(vote: Vote, tally: Tally) {
  const eligible = vote.eligible ?? { count: 0, area: 0 };
  // A closed vote shows what it published; an open one is decided on the running tally.
  const published = vote.state === "closed" ? vote.result : null;
  const counted = published?.tally ?? tally;
  const running = published ? null : decide(vote.rule, eligible, counted);
  const outcome = published ?? (running as Outcome);
  const words = published
    ? { zh: published.explanation, en: published.explanationEn }
    : explain(vote.rule, eligible, counted, running as Outcome, false, vote.state);
  const participants = {
    count: counted.approve.count + counted.reject.count + counted.abstain.count,
    area: counted.approve.area + counted.reject.area + counted.abstain.area,
  };
  const owners = vote.electorate === "owners";
  const weight = (w: Weight) => (owners ? { count: w.count, area: w.area / 100 } : { count: w.count });
  return {
    status: vote.state,
    rule: vote.rule,
    electorate: vote.electorate,
    opensAt: vote.opensAt,
    closesAt: vote.closesAt,
    eligible: weight(eligible),
    participated: weight(participants),
    approve: weight(counted.approve),
    reject: weight(counted.reject),
    abstain: weight(counted.abstain),
    quorumMet: vote.state === "scheduled" ? null : outcome.quorumMet,
    passed: published ? published.passed : null,
    explanation: words.zh,
    explanationEn: words.en,
    conditions: outcome.conditions,
    thresholds: thresholds(vote.rule),
  };
}

export const voteView = (vote: Vote) => ({
  rule: vote.rule,
  electorate: vote.electorate,
  options: vote.options,
  opensAt: vote.opensAt,
  closesAt: vote.closesAt,
  secret: vote.secret,
  changeable: vote.changeable,
  liveResults: vote.liveResults,
  earlyClose: vote.earlyClose,
  status: vote.state,
  eligible: vote.eligible
    ? vote.electorate === "owners"
      ? { count: vote.eligible.count, area: vote.eligible.area / 100 }
      : { count: vote.eligible.count }
    : null,
});
