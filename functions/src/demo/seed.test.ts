import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { keys, withoutKeys } from "../db/keys.js";
import { addDays, shanghaiDate } from "../time/shanghai.js";
import { addWorkingDays } from "../time/working-days.js";
import type { Appointment, Center, Matter, ProxyCase, WindowLedger } from "../window/schemas.js";
import { centerBody, matterBody, matterCategorySchema } from "../window/schemas.js";
import { centerDay, isTicketCode, slotsOf } from "../window/service.js";
import { demoAccounts } from "./accounts.js";
import { DEMO_COMMUNITY, OTHER_COMMUNITY } from "./data.js";
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

describe("demo window appointments", () => {
  type Item = Record<string, unknown> & { PK: string; SK: string; entity?: string };
  const itemsOn = (iso: string) => buildDemoData(new Date(iso)).items as Item[];
  const ofEntity = <T>(items: Item[], entity: string) =>
    items.filter((i) => i.entity === entity) as unknown as T[];

  it("is the same all day long, except today's last slot once it has started", () => {
    // A Monday: 08:30 and 15:30 in Shanghai.
    expect(itemsOn("2026-11-23T00:30:00.000Z")).toEqual(itemsOn("2026-11-23T07:30:00.000Z"));
    const before = itemsOn("2026-11-23T07:30:00.000Z");
    const after = itemsOn("2026-11-23T08:50:00.000Z");
    const gone = before.filter(
      (item) => !after.some((other) => other.PK === item.PK && other.SK === item.SK),
    );
    expect(gone.map((item) => item.entity).sort()).toEqual([
      "Appointment",
      "NoShowDue",
      "Ticket",
      "WindowLedger",
      "WindowSlot",
    ]);
    expect(
      after.every((item) => before.some((other) => JSON.stringify(other) === JSON.stringify(item))),
    ).toBe(true);
  });

  it("has a catalog of active matters in every category, the maternity matter among them", () => {
    const matters = ofEntity<Matter>(itemsOn("2026-11-23T03:00:00.000Z"), "Matter");
    const ours = matters.filter((m) => m.communityId === DEMO_COMMUNITY.id);
    const active = ours.filter((m) => m.status === "active");
    expect(active.length).toBeGreaterThanOrEqual(20);
    expect(new Set(active.map((m) => m.category))).toEqual(new Set(matterCategorySchema.options));
    expect(ours.some((m) => m.status === "retired")).toBe(true);
    expect(active.find((m) => m.id === "maternity-reimbursement")).toMatchObject({
      name: "生育保险报销",
      category: "medical_insurance",
    });
    for (const matter of matters) {
      expect(matter.materials.length).toBeGreaterThanOrEqual(2);
      expect(matter.materials.length).toBeLessThanOrEqual(6);
      expect(matter.materials.map((m) => m.id)).toEqual(matter.materials.map((_, i) => `m${i + 1}`));
      expect(matter.materials.some((m) => m.required)).toBe(true);
      expect(matter.nameEn && matter.descriptionEn).toBeTruthy();
      // Staff can open any demo matter in the editor and save it as it is.
      const {
        id: _id,
        communityId: _c,
        createdAt: _at,
        updatedAt: _up,
        ...editable
      } = withoutKeys(matter as unknown as Record<string, unknown>);
      expect(matterBody.safeParse(editable).error).toBeUndefined();
    }
    const others = matters.filter((m) => m.communityId === OTHER_COMMUNITY.id);
    expect(others).toHaveLength(2);
    const centers = ofEntity<Center>(itemsOn("2026-11-23T03:00:00.000Z"), "Center");
    expect(centers.map((c) => c.communityId).sort()).toEqual([OTHER_COMMUNITY.id, DEMO_COMMUNITY.id].sort());
    for (const { id: _id, communityId: _c, updatedAt: _up, ...editable } of centers.map((c) =>
      withoutKeys(c as unknown as Record<string, unknown>),
    ))
      expect(centerBody.safeParse(editable).error).toBeUndefined();
    expect(new Set(others.map((m) => m.centerId))).toEqual(
      new Set([centers.find((c) => c.communityId === OTHER_COMMUNITY.id)?.id]),
    );
  });

  // A weekday morning and evening, a Sunday, a Saturday morning, just after the National Day
  // holiday, and the make-up Saturday before the Spring Festival.
  const moments = [
    "2026-11-23T03:00:00.000Z",
    "2026-11-23T11:00:00.000Z",
    "2026-11-22T01:00:00.000Z",
    "2026-11-28T02:00:00.000Z",
    "2026-10-08T01:00:00.000Z",
    "2026-02-14T02:00:00.000Z",
  ];
  it.each(moments)("keeps every rule of a booking when seeded at %s", (iso) => {
    const now = new Date(iso);
    const today = shanghaiDate(now);
    const items = itemsOn(iso);
    const keysSeen = new Set(items.map((item) => `${item.PK}|${item.SK}`));
    expect(keysSeen.size).toBe(items.length);

    const centers = new Map(ofEntity<Center>(items, "Center").map((c) => [c.id, c]));
    const matters = new Map(ofEntity<Matter>(items, "Matter").map((m) => [m.id, m]));
    const users = new Map(
      ofEntity<{ id: string; communityId: string | null; householdCount: number }>(items, "User").map((u) => [
        u.id,
        u,
      ]),
    );
    const appointments = ofEntity<Appointment>(items, "Appointment");
    expect(appointments.length).toBeGreaterThanOrEqual(40);

    for (const a of appointments) {
      const center = centers.get(a.centerId) as Center;
      const day = centerDay(center, a.date, null);
      expect(day.open, `${a.id} on a closed day`).toBe(true);
      expect(slotsOf(center, day)).toContainEqual({ startsAt: a.startsAt, endsAt: a.endsAt });
      expect(shanghaiDate(a.startsAt)).toBe(a.date);
      expect(matters.get(a.matterId)?.status).toBe("active");
      const user = users.get(a.userId);
      expect(user?.communityId).toBe(a.communityId);
      expect(user?.householdCount).toBeGreaterThan(0);
      if (a.status === "booked") expect(a.startsAt > iso).toBe(true);
      else expect(a.date < today).toBe(true);
      if (a.checkedInAt) expect(a.completedAt && a.completedAt > a.checkedInAt).toBeTruthy();
    }

    // Seat counters as the transactions leave them: every seat not cancelled, never more than the windows.
    const counters = ofEntity<{ PK: string; centerId: string; startsAt: string; booked: number }>(
      items,
      "WindowSlot",
    );
    const seats = new Map<string, number>();
    for (const a of appointments)
      seats.set(a.startsAt, (seats.get(a.startsAt) ?? 0) + (a.status === "cancelled" ? 0 : 1));
    expect(new Map(counters.map((c) => [c.startsAt, c.booked]))).toEqual(seats);
    for (const counter of counters) {
      expect(counter).toMatchObject(keys.windowSlot(counter.centerId, counter.startsAt));
      expect(counter.booked).toBeLessThanOrEqual((centers.get(counter.centerId) as Center).windows);
    }

    // Tickets: unique codes of the right alphabet, each pointing at its appointment.
    const tickets = ofEntity<{ PK: string; appointmentId: string; centerId: string; date: string }>(
      items,
      "Ticket",
    );
    expect(tickets).toHaveLength(appointments.length);
    for (const a of appointments) {
      expect(isTicketCode(a.ticketCode)).toBe(true);
      expect(tickets.find((t) => t.PK === keys.ticket(a.ticketCode).PK)).toMatchObject({
        appointmentId: a.id,
        centerId: a.centerId,
        date: a.date,
      });
    }

    // What is booked ahead: a no-show watch each, and ledgers holding exactly them, within the limits.
    const booked = appointments.filter((a) => a.status === "booked");
    expect(booked.length).toBeGreaterThanOrEqual(3);
    expect(booked.length).toBeLessThanOrEqual(6);
    const watches = ofEntity<{ appointmentId: string; GSI1SK: string }>(items, "NoShowDue");
    expect(watches.map((w) => w.appointmentId).sort()).toEqual(booked.map((a) => a.id).sort());
    const ledgers = ofEntity<WindowLedger>(items, "WindowLedger");
    for (const ledger of ledgers) {
      const mine = booked.filter((a) => a.userId === ledger.userId);
      expect(Object.keys(ledger.active).sort()).toEqual(mine.map((a) => a.id).sort());
      expect(mine.length).toBeLessThanOrEqual(
        (centers.get(mine[0]?.centerId as string) as Center).maxUpcoming,
      );
      expect(new Set(mine.map((a) => `${a.date}/${a.matterId}`)).size).toBe(mine.length);
    }
    expect(new Set(ledgers.map((l) => l.userId))).toEqual(new Set(booked.map((a) => a.userId)));
    expect(
      booked.some((a) => a.userId === "u-demo-resident-1" && a.matterId === "maternity-reimbursement"),
    ).toBe(false);

    // The statistics have a mix to show, and 王秀兰 has a visit to come back from.
    const statuses = new Set(appointments.map((a) => a.status));
    for (const status of ["done", "materials_missing", "no_show", "cancelled", "booked"])
      expect(statuses).toContain(status);
    expect(appointments.some((a) => a.status === "done" && a.firstVisit === false)).toBe(true);
    const wang = appointments.filter((a) => a.userId === "u-demo-resident-1");
    expect(wang).toEqual([
      expect.objectContaining({ matterId: "social-security-card", status: "materials_missing" }),
    ]);
    expect(wang[0]?.missing.length).toBeGreaterThan(0);
    expect(items).toContainEqual(
      expect.objectContaining(keys.matterVisit("u-demo-resident-1", "social-security-card")),
    );

    // Proxy cases: matters that allow it, the promised day in working days, a history in order.
    const proxies = ofEntity<ProxyCase>(items, "ProxyCase");
    expect(proxies.length).toBeGreaterThanOrEqual(2);
    for (const proxy of proxies) {
      const matter = matters.get(proxy.matterId) as Matter;
      expect(matter.proxyAllowed).toBe(true);
      expect(proxy.expectedBy).toBe(addWorkingDays(shanghaiDate(proxy.receivedAt), matter.processingDays));
      expect(proxy.history[0]?.status).toBe("received");
      expect(proxy.history.at(-1)?.status).toBe(proxy.status);
      expect(proxy.updatedAt < iso).toBe(true);
      if (proxy.appointmentId)
        expect(appointments.find((a) => a.id === proxy.appointmentId)).toMatchObject({
          status: "done",
          proxyCaseId: proxy.id,
        });
    }
  });

  it("lets 王秀兰 book the maternity matter and see what to bring for her card", async () => {
    const resident = await loginAs(stack.app, "demo-resident-1");
    const matters = await call(stack.app, "GET", "/api/v1/matters", { token: resident });
    expect(matters.json.matters.length).toBeGreaterThanOrEqual(20);
    expect(matters.json.matters.map((m: { id: string }) => m.id)).toContain("maternity-reimbursement");
    const days = await call(stack.app, "GET", "/api/v1/window/days?matterId=maternity-reimbursement", {
      token: resident,
    });
    expect(days.json.days.some((d: { open: boolean; available: number }) => d.open && d.available > 0)).toBe(
      true,
    );
    const card = await call(stack.app, "GET", "/api/v1/matters/social-security-card", { token: resident });
    expect(card.json.lastVisit).toMatchObject({
      result: "materials_missing",
      missing: [expect.objectContaining({ id: "m2" })],
    });
    const mine = await call(stack.app, "GET", "/api/v1/window/appointments/mine?when=past", {
      token: resident,
    });
    expect(mine.json.items).toHaveLength(1);
  });

  it("gives staff a queue, statistics and proxy cases, and refuses another center's ticket", async () => {
    const tenant = await loginAs(stack.app, "demo-resident-29");
    const mine = await call(stack.app, "GET", "/api/v1/window/appointments/mine", { token: tenant });
    const upcoming = mine.json.items[0];
    expect(upcoming).toMatchObject({ status: "booked", matterId: "residence-permit" });

    const staff = await loginAs(stack.app, "demo-staff-1");
    const queue = await call(stack.app, "GET", `/api/v1/window/queue?date=${upcoming.date}`, {
      token: staff,
    });
    const slot = queue.json.slots.find((s: { startsAt: string }) => s.startsAt === upcoming.startsAt);
    expect(slot.booked).toBe(slot.entries.length);
    expect(slot.entries.map((e: { ticketCode: string }) => e.ticketCode)).toContain(upcoming.ticketCode);

    const today = shanghaiDate(new Date());
    const stats = await call(
      stack.app,
      "GET",
      `/api/v1/window/stats?from=${addDays(today, -28)}&to=${today}`,
      {
        token: staff,
      },
    );
    expect(stats.json.appointments).toBeGreaterThan(30);
    expect(stats.json.noShowRate).toBeLessThan(0.2);
    expect(stats.json.firstVisitRate).toBeGreaterThan(0.8);
    expect(stats.json.firstVisitRate).toBeLessThan(1);
    expect(stats.json.averageWaitMinutes).toBeGreaterThan(5);

    const proxies = await call(stack.app, "GET", "/api/v1/window/proxy", { token: staff });
    expect(proxies.json.items.map((p: { status: string }) => p.status).sort()).toEqual([
      "done",
      "in_progress",
      "received",
    ]);

    const otherStaff = await loginAs(stack.app, "demo-staff-other");
    const otherCatalog = await call(stack.app, "GET", "/api/v1/matters", { token: otherStaff });
    expect(otherCatalog.json.matters).toHaveLength(2);
    const refused = await call(stack.app, "POST", "/api/v1/window/check-in", {
      token: otherStaff,
      body: { ticketCode: upcoming.ticketCode },
    });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("WRONG_CENTER");
  });
  it("has the case desk: departments with a mediation studio, a handler, a supervisor, reports in every state (one lit up) and mediations", async () => {
    const staff = await loginAs(stack.app, "demo-staff-1");
    const departments = await call(stack.app, "GET", "/api/v1/departments", { token: staff });
    expect(departments.status, departments.text).toBe(200);
    const kinds = departments.json.departments.map((d: { kind: string }) => d.kind).sort();
    expect(kinds).toEqual([
      "housing",
      "mediation",
      "police_station",
      "property_company",
      "street_office",
      "urban_management",
    ]);
    // The handler's desk: 城管 and 物业, shown on /me; the supervisor is 刘敏.
    const handler = await call(stack.app, "GET", "/api/v1/me", {
      token: await loginAs(stack.app, "demo-handler-1"),
    });
    expect(handler.json.households).toEqual([]);
    expect(handler.json.caseDesk.departments.map((d: { id: string }) => d.id).sort()).toEqual([
      "dept-property",
      "dept-urban",
    ]);
    const me = await call(stack.app, "GET", "/api/v1/me", { token: staff });
    expect(me.json.caseDesk.supervisorOf).toEqual([DEMO_COMMUNITY.id]);
    const settings = await call(stack.app, "GET", "/api/v1/cases/settings", { token: staff });
    expect(settings.json.settings.supervisors.map((s: { name: string }) => s.name)).toEqual(["刘敏"]);

    const reports = await call(stack.app, "GET", "/api/v1/reports?scope=all", { token: staff });
    const byId = new Map(
      (reports.json.items as { id: string; status: string; overdue: boolean; escalationLevel: number }[]).map(
        (r) => [r.id, r],
      ),
    );
    expect([1, 2, 3, 4, 5, 6].map((n) => byId.get(`demo-case-${n}`)?.status)).toEqual([
      "submitted",
      "submitted",
      "dispatched",
      "in_progress",
      "closed",
      "resolved",
    ]);
    expect(byId.get("demo-case-3")).toMatchObject({ overdue: true, escalationLevel: 1 });
    const center = await call(stack.app, "GET", "/api/v1/command-center", { token: staff });
    expect(center.status, center.text).toBe(200);
    expect(center.json.open.overdue).toBeGreaterThanOrEqual(1);
    expect(center.json.mediation).toMatchObject({ closed: 8, settled: 7, notSettled: 1 });
    const disputes = await call(stack.app, "GET", "/api/v1/disputes?scope=all", { token: staff });
    expect(disputes.json.items).toHaveLength(10);
  });
});
