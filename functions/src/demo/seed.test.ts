import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { demoAccounts } from "./accounts.js";
import { buildDemoData, isSeeded } from "./seed.js";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack.cleanup());

describe("demo seed", () => {
  it("is deterministic", () => {
    const day = new Date("2026-11-22T01:00:00.000Z");
    expect(buildDemoData(day)).toEqual(buildDemoData(new Date("2026-11-22T09:30:00.000Z")));
  });

  it("holds the demo community the issue asks for", async () => {
    expect(await isSeeded(stack.deps.db)).toBe(true);
    const counts = buildDemoData().counts;
    expect(counts.residents).toBe(40);

    const staff = await loginAs(stack.app, "demo-staff-1");
    const buildings = await call(stack.app, "GET", "/api/v1/communities/huanghe-west/buildings", {
      token: staff,
    });
    expect(buildings.json.buildings.length).toBeGreaterThanOrEqual(3);
    const households = await call(stack.app, "GET", "/api/v1/households?communityId=huanghe-west&limit=100", {
      token: staff,
    });
    expect(households.json.items).toHaveLength(60);
    const areas = households.json.items.map((h: { area: number }) => h.area);
    expect(Math.min(...areas)).toBeGreaterThan(50);
    expect(Math.max(...areas)).toBeLessThan(150);

    const communities = await call(stack.app, "GET", "/api/v1/communities", { token: staff });
    expect(communities.json.communities.map((c: { name: string }) => c.name)).toContain("黄河西路社区");
  });

  it("has every demo account, in every verification state, and one owner of two households", async () => {
    const statuses = new Set<string>();
    for (const account of demoAccounts) {
      const result = await call(stack.app, "POST", "/api/v1/auth/dev-login", {
        body: { openid: account.openid },
      });
      expect(result.json.user.nickname).toBe(account.nickname);
      expect(result.json.user.roles).toContain(account.role);
      statuses.add(result.json.user.verification.status);
    }
    expect([...statuses]).toEqual(expect.arrayContaining(["verified", "pending", "rejected", "unverified"]));
    const owner = await loginAs(stack.app, "demo-resident-2");
    const me = (await call(stack.app, "GET", "/api/v1/me", { token: owner })).json;
    expect(me.households.filter((h: { relation: string }) => h.relation === "owner")).toHaveLength(2);
  });

  it("has duty lawyers, rosters ahead, bookings, a waitlist and past outcomes", async () => {
    const resident = await loginAs(stack.app, "demo-resident-1");
    const lawyers = await call(stack.app, "GET", "/api/v1/legal/lawyers", { token: resident });
    expect(lawyers.json.lawyers.map((l: { name: string }) => l.name).sort()).toEqual([
      "吴律师",
      "周律师",
      "郑律师",
    ]);
    const slots = await call(stack.app, "GET", "/api/v1/legal/slots", { token: resident });
    expect(slots.json.slots.length).toBeGreaterThan(10);
    const mine = await call(stack.app, "GET", "/api/v1/legal/bookings/mine", { token: resident });
    expect(mine.json.items[0]).toMatchObject({ status: "confirmed", lawyer: { name: "周律师" } });
    const waiting = await loginAs(stack.app, "demo-resident-2");
    const queue = await call(stack.app, "GET", "/api/v1/legal/bookings/mine", { token: waiting });
    expect(queue.json.waitlist).toEqual([expect.objectContaining({ position: 1 })]);
    const staff = await loginAs(stack.app, "demo-staff-1");
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const from = new Date(Date.now() + 8 * 3600_000 - 28 * 86_400_000).toISOString().slice(0, 10);
    const stats = await call(stack.app, "GET", `/api/v1/legal/stats?from=${from}&to=${today}`, {
      token: staff,
    });
    expect(stats.json.bookings).toBeGreaterThan(10);
    expect(stats.json.attended).toBeGreaterThan(0);
    expect(stats.json.noShowRate).toBeLessThan(0.5);
  });
});
