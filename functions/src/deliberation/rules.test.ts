import { describe, expect, it } from "vitest";
import { decide, ownerUnits, type Tally, toCentiArea } from "./rules.js";

const w = (count: number, area = 0) => ({ count, area });
const tally = (
  approve: [number, number?],
  reject: [number, number?],
  abstain: [number, number?] = [0],
): Tally => ({
  approve: w(...approve),
  reject: w(...reject),
  abstain: w(...abstain),
});

describe("simple majority", () => {
  it("passes when approvals outnumber rejections, and a tie fails", () => {
    expect(decide("simple_majority", w(100), tally([11], [10], [50])).passed).toBe(true);
    expect(decide("simple_majority", w(100), tally([10], [10])).passed).toBe(false);
    expect(decide("simple_majority", w(100), tally([0], [0])).passed).toBe(false);
    expect(decide("simple_majority", w(100), tally([1], [0])).quorumMet).toBeNull();
  });
});

describe("residents' meeting", () => {
  it("needs more than half of those eligible, and more than half of them approving", () => {
    // 50 of 100 is not "more than half": no quorum.
    expect(decide("residents_meeting", w(100), tally([50], [0])).quorumMet).toBe(false);
    expect(decide("residents_meeting", w(100), tally([51], [0]))).toMatchObject({
      quorumMet: true,
      passed: true,
    });
    // 51 took part; 25 approving is not more than half of 51, 26 is.
    expect(decide("residents_meeting", w(100), tally([25], [20], [6])).passed).toBe(false);
    expect(decide("residents_meeting", w(100), tally([26], [20], [5])).passed).toBe(true);
    // Exactly half of an even turnout fails.
    expect(decide("residents_meeting", w(100), tally([30], [30])).passed).toBe(false);
  });
});

describe("owners", () => {
  // 90 owners, 9000.00 m² in all.
  const electorate = w(90, toCentiArea(9000));

  it("meets the quorum at exactly two thirds of the area and of the owners (以上 includes it)", () => {
    const exact = decide("owners_ordinary", electorate, tally([60, toCentiArea(6000)], [0, 0]));
    expect(exact.quorumMet).toBe(true);
    const shortByOneOwner = decide("owners_ordinary", electorate, tally([59, toCentiArea(6100)], [0, 0]));
    expect(shortByOneOwner.quorumMet).toBe(false);
    const shortByArea = decide("owners_ordinary", electorate, tally([70, toCentiArea(5999.99)], [0, 0]));
    expect(shortByArea.quorumMet).toBe(false);
    expect(shortByArea.conditions[0]).toMatchObject({ holds: false, value: "599999/900000", needs: "≥ 2/3" });
  });

  it("passes an ordinary matter with more than half of the participating area and owners, not exactly half", () => {
    const half = decide(
      "owners_ordinary",
      electorate,
      tally([30, toCentiArea(3000)], [30, toCentiArea(3000)]),
    );
    expect(half).toMatchObject({ quorumMet: true, passed: false });
    const more = decide(
      "owners_ordinary",
      electorate,
      tally([31, toCentiArea(3000.01)], [29, toCentiArea(2999.99)]),
    );
    expect(more.passed).toBe(true);
    // More owners but less than half the area: both must hold.
    const byCountOnly = decide(
      "owners_ordinary",
      electorate,
      tally([40, toCentiArea(2900)], [20, toCentiArea(3100)]),
    );
    expect(byCountOnly.passed).toBe(false);
  });

  it("passes a major matter at exactly three quarters of the participating area and owners", () => {
    const exact = decide("owners_major", electorate, tally([60, toCentiArea(6000)], [20, toCentiArea(2000)]));
    expect(exact.passed).toBe(true);
    const short = decide("owners_major", electorate, tally([59, toCentiArea(6000)], [21, toCentiArea(2000)]));
    expect(short.passed).toBe(false);
    // Abstentions take part: they count in the denominator.
    const abstaining = decide(
      "owners_major",
      electorate,
      tally([60, toCentiArea(6000)], [10, toCentiArea(1000)], [10, toCentiArea(1000)]),
    );
    expect(abstaining.passed).toBe(true);
    expect(decide("owners_major", electorate, tally([0, 0], [0, 0])).passed).toBe(false);
  });

  it("counts float areas exactly: 0.1 + 0.2 m² is 0.3 m²", () => {
    expect(toCentiArea(0.1) + toCentiArea(0.2)).toBe(toCentiArea(0.3));
  });
});

describe("owner units", () => {
  it("counts one buyer of several parts once with all the area, and parts linked through a co-owner as one", () => {
    const units = ownerUnits([
      { householdId: "h1", area: 89.64, ownerIds: ["li"] },
      { householdId: "h2", area: 96.31, ownerIds: ["li"] },
      { householdId: "h3", area: 75.18, ownerIds: ["wang", "zhao"] },
      { householdId: "h4", area: 68.52, ownerIds: ["zhao"] },
      { householdId: "h5", area: 118.42, ownerIds: [] },
    ]);
    expect(units).toEqual([
      { householdIds: ["h1", "h2"], ownerIds: ["li"], area: 18595 },
      { householdIds: ["h3", "h4"], ownerIds: ["wang", "zhao"], area: 14370 },
      // A part nobody has verified yet still counts as an owner with its area.
      { householdIds: ["h5"], ownerIds: [], area: 11842 },
    ]);
  });
});
