/**
 * The counting rules of votes with legal force (DOMAIN.md, "Voting rules with legal force"),
 * without I/O. Civil Code art. 1259: "以上" includes the number itself (≥), "过半数" excludes it
 * (>). Every comparison is done on integers — counts, and areas in 0.01 m² — by cross-multiplying,
 * so a share of exactly 2/3 or 1/2 is decided exactly, never by a rounded float.
 */

export type VoteRule = "simple_majority" | "residents_meeting" | "owners_ordinary" | "owners_major";

/** Ballot units and their registered area in 0.01 m² (0 for rules that do not count area). */
export interface Weight {
  count: number;
  area: number;
}

export interface Tally {
  approve: Weight;
  reject: Weight;
  abstain: Weight;
}

export interface Outcome {
  rule: VoteRule;
  /** Null when the rule has no quorum. */
  quorumMet: boolean | null;
  passed: boolean;
  participants: Weight;
  /** Each condition of the rule and whether it holds, in the order the rule states them. */
  conditions: { name: string; holds: boolean; value: string; needs: string }[];
}

/** m² → whole 0.01 m² units, the only form areas are compared in. */
export const toCentiArea = (squareMetres: number) => Math.round(squareMetres * 100);

/** a / b ≥ n / d, exactly. */
const atLeast = (a: number, b: number, n: number, d: number) => a * d >= n * b;
/** a / b > n / d, exactly. */
const moreThan = (a: number, b: number, n: number, d: number) => a * d > n * b;

const sum = (...weights: Weight[]): Weight => ({
  count: weights.reduce((total, w) => total + w.count, 0),
  area: weights.reduce((total, w) => total + w.area, 0),
});

const ratio = (a: number, b: number) => `${a}/${b}`;

/**
 * The outcome of a closed vote: `electorate` is the frozen snapshot (units and total area),
 * `tally` the counters kept with the ballots.
 */
export function decide(rule: VoteRule, electorate: Weight, tally: Tally): Outcome {
  const participants = sum(tally.approve, tally.reject, tally.abstain);
  const { approve, reject } = tally;
  const conditions: Outcome["conditions"] = [];
  const check = (name: string, holds: boolean, value: string, needs: string) => {
    conditions.push({ name, holds, value, needs });
    return holds;
  };

  switch (rule) {
    case "simple_majority": {
      const passed = check(
        "approve > reject",
        approve.count > reject.count,
        ratio(approve.count, reject.count),
        ">",
      );
      return { rule, quorumMet: null, passed, participants, conditions };
    }
    case "residents_meeting": {
      const quorumMet = check(
        "participants > 1/2 of eligible",
        moreThan(participants.count, electorate.count, 1, 2),
        ratio(participants.count, electorate.count),
        "> 1/2",
      );
      const approved = check(
        "approve > 1/2 of participants",
        participants.count > 0 && moreThan(approve.count, participants.count, 1, 2),
        ratio(approve.count, participants.count),
        "> 1/2",
      );
      return { rule, quorumMet, passed: quorumMet && approved, participants, conditions };
    }
    case "owners_ordinary":
    case "owners_major": {
      const areaQuorum = check(
        "participating area ≥ 2/3 of total area",
        electorate.area > 0 && atLeast(participants.area, electorate.area, 2, 3),
        ratio(participants.area, electorate.area),
        "≥ 2/3",
      );
      const countQuorum = check(
        "participating owners ≥ 2/3 of owners",
        electorate.count > 0 && atLeast(participants.count, electorate.count, 2, 3),
        ratio(participants.count, electorate.count),
        "≥ 2/3",
      );
      const quorumMet = areaQuorum && countQuorum;
      const [n, d, sign] = rule === "owners_major" ? [3, 4, "≥ 3/4"] : [1, 2, "> 1/2"];
      const share = rule === "owners_major" ? atLeast : moreThan;
      const byArea = check(
        `approving area ${sign} of participating area`,
        participants.area > 0 && share(approve.area, participants.area, n, d),
        ratio(approve.area, participants.area),
        sign,
      );
      const byCount = check(
        `approving owners ${sign} of participating owners`,
        participants.count > 0 && share(approve.count, participants.count, n, d),
        ratio(approve.count, participants.count),
        sign,
      );
      return { rule, quorumMet, passed: quorumMet && byArea && byCount, participants, conditions };
    }
  }
}

export interface OwnedPart {
  householdId: string;
  /** Registered area in m². */
  area: number;
  /** The verified owners of this exclusive part. */
  ownerIds: string[];
}

export interface OwnerUnit {
  /** The exclusive parts counted as this one owner. */
  householdIds: string[];
  ownerIds: string[];
  /** 0.01 m². */
  area: number;
}

/**
 * Owners counted as the Supreme People's Court's interpretation (art. 9) says: one exclusive part
 * is one owner, and one buyer of several parts is one owner with all their area. Parts that share
 * an owner, directly or through a co-owner, fall into one unit (so a unit never counts a person
 * twice); the ballot of any of its owners is the unit's one ballot.
 */
export function ownerUnits(parts: OwnedPart[]): OwnerUnit[] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    let node = id;
    while (node !== root) {
      const next = parent.get(node) as string;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const firstPartOf = new Map<string, string>();
  for (const part of parts) parent.set(part.householdId, part.householdId);
  for (const part of parts) {
    for (const owner of part.ownerIds) {
      const seen = firstPartOf.get(owner);
      if (seen === undefined) firstPartOf.set(owner, part.householdId);
      else parent.set(find(part.householdId), find(seen));
    }
  }
  const units = new Map<string, OwnerUnit>();
  for (const part of [...parts].sort((a, b) => a.householdId.localeCompare(b.householdId))) {
    const root = find(part.householdId);
    const unit = units.get(root) ?? { householdIds: [], ownerIds: [], area: 0 };
    unit.householdIds.push(part.householdId);
    for (const owner of part.ownerIds) if (!unit.ownerIds.includes(owner)) unit.ownerIds.push(owner);
    unit.area += toCentiArea(part.area);
    units.set(root, unit);
  }
  return [...units.values()];
}
