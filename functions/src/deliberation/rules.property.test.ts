/**
 * The rule engine against a straightforward reference: exact rational arithmetic with BigInt
 * fractions written the way the law reads (share ≥ n/d for 以上, share > n/d for 过半数), on
 * random electorates and tallies, with areas in whole 0.01 m² and many ties at the boundaries.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide, ownerUnits, type Tally, type VoteRule } from "./rules.js";

type Frac = [bigint, bigint];
const cmp = ([a, b]: Frac, [c, d]: Frac) => (a * d > c * b ? 1 : a * d < c * b ? -1 : 0);
const share = (part: number, whole: number): Frac | null =>
  whole === 0 ? null : [BigInt(part), BigInt(whole)];
const atLeast = (s: Frac | null, n: number, d: number) => s !== null && cmp(s, [BigInt(n), BigInt(d)]) >= 0;
const moreThan = (s: Frac | null, n: number, d: number) => s !== null && cmp(s, [BigInt(n), BigInt(d)]) > 0;

function reference(rule: VoteRule, eligible: { count: number; area: number }, t: Tally) {
  const count = t.approve.count + t.reject.count + t.abstain.count;
  const area = t.approve.area + t.reject.area + t.abstain.area;
  switch (rule) {
    case "simple_majority":
      return { quorumMet: null, passed: t.approve.count > t.reject.count };
    case "residents_meeting": {
      const quorumMet = moreThan(share(count, eligible.count), 1, 2);
      return { quorumMet, passed: quorumMet && moreThan(share(t.approve.count, count), 1, 2) };
    }
    case "owners_ordinary":
    case "owners_major": {
      const quorumMet =
        atLeast(share(area, eligible.area), 2, 3) && atLeast(share(count, eligible.count), 2, 3);
      const pass =
        rule === "owners_major"
          ? atLeast(share(t.approve.area, area), 3, 4) && atLeast(share(t.approve.count, count), 3, 4)
          : moreThan(share(t.approve.area, area), 1, 2) && moreThan(share(t.approve.count, count), 1, 2);
      return { quorumMet, passed: quorumMet && pass };
    }
  }
}

/** An electorate and a tally that fits in it; sizes chosen to land on 1/2, 2/3 and 3/4 often. */
const scenario = fc
  .record({
    rule: fc.constantFrom<VoteRule>(
      "simple_majority",
      "residents_meeting",
      "owners_ordinary",
      "owners_major",
    ),
    units: fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 24 }),
    choices: fc.array(fc.constantFrom("approve", "reject", "abstain", "none"), {
      minLength: 24,
      maxLength: 24,
    }),
    sameArea: fc.boolean(),
  })
  .map(({ rule, units, choices, sameArea }) => {
    const areas = sameArea ? units.map(() => units[0] as number) : units;
    const tally: Tally = {
      approve: { count: 0, area: 0 },
      reject: { count: 0, area: 0 },
      abstain: { count: 0, area: 0 },
    };
    areas.forEach((area, i) => {
      const choice = choices[i] as "approve" | "reject" | "abstain" | "none";
      if (choice === "none") return;
      tally[choice].count++;
      tally[choice].area += area;
    });
    const eligible = { count: areas.length, area: areas.reduce((a, b) => a + b, 0) };
    return { rule, eligible, tally };
  });

describe("the rule engine agrees with a reference calculation", () => {
  it("on random electorates and tallies", () => {
    fc.assert(
      fc.property(scenario, ({ rule, eligible, tally }) => {
        const outcome = decide(rule, eligible, tally);
        const expected = reference(rule, eligible, tally);
        expect({ quorumMet: outcome.quorumMet, passed: outcome.passed }).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("on exact boundary shares: n·k of d·k units decides as 以上 / 过半数 say", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 30_000 }), (k, unitArea) => {
        // 4k owners of equal area, 3k take part (3/4 ≥ 2/3), all approve vs exactly 3/4 of them.
        const eligible = { count: 4 * k, area: 4 * k * unitArea };
        const participants = 3 * k;
        const approve = (3 * participants) / 4;
        if (!Number.isInteger(approve)) return;
        const tally: Tally = {
          approve: { count: approve, area: approve * unitArea },
          reject: { count: participants - approve, area: (participants - approve) * unitArea },
          abstain: { count: 0, area: 0 },
        };
        expect(decide("owners_major", eligible, tally).passed).toBe(true);
        // Exactly half approving fails an ordinary matter.
        const half: Tally = {
          approve: { count: 2 * k, area: 2 * k * unitArea },
          reject: { count: 2 * k, area: 2 * k * unitArea },
          abstain: { count: 0, area: 0 },
        };
        expect(decide("owners_ordinary", { count: 4 * k, area: 4 * k * unitArea }, half)).toMatchObject({
          quorumMet: true,
          passed: false,
        });
      }),
      { numRuns: 500 },
    );
  });

  it("counts each owner once and each part's area once, however parts are shared", () => {
    const parts = fc.array(
      fc.record({
        area: fc.integer({ min: 1, max: 50_000 }).map((centi) => centi / 100),
        ownerIds: fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 15 },
    );
    fc.assert(
      fc.property(parts, (list) => {
        const input = list.map((part, i) => ({ householdId: `h${String(i).padStart(2, "0")}`, ...part }));
        const units = ownerUnits(input);
        // Every part in exactly one unit; total area preserved exactly.
        expect(units.flatMap((u) => u.householdIds).sort()).toEqual(input.map((p) => p.householdId).sort());
        const total = input.reduce((sum, p) => sum + Math.round(p.area * 100), 0);
        expect(units.reduce((sum, u) => sum + u.area, 0)).toBe(total);
        // No owner in two units, and two parts sharing an owner share a unit.
        const unitOf = new Map<string, number>();
        units.forEach((u, i) => {
          for (const owner of u.ownerIds) {
            expect(unitOf.has(owner)).toBe(false);
            unitOf.set(owner, i);
          }
        });
        for (const part of input)
          for (const owner of part.ownerIds)
            expect(units[unitOf.get(owner) as number]?.householdIds).toContain(part.householdId);
        // Parts without owners stand alone.
        for (const part of input.filter((p) => p.ownerIds.length === 0))
          expect(units.find((u) => u.householdIds.includes(part.householdId))?.householdIds).toEqual([
            part.householdId,
          ]);
      }),
      { numRuns: 1000 },
    );
  });
});
