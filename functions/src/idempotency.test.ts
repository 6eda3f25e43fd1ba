import { createHash, randomUUID } from "node:crypto";
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../test/setup/harness.js";
import { type TableItem as Item, scanTable } from "../../test/setup/scan-table.js";
import { keys } from "./db/keys.js";
import { DEMO_COMMUNITY } from "./demo/data.js";
import { idempotency } from "./http/idempotency.js";

/**
 * Every creating POST (every route with the idempotency middleware, read from the app itself, so
 * a new one without a row here fails): the same Idempotency-Key and body sent 10 times at once
 * gives 10 identical answers and exactly one effect; sent again later it replays the stored answer
 * and writes nothing; the same key with a different body is 422 and writes nothing.
 */

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
type Json = any;

const A = DEMO_COMMUNITY.id;
const TOPIC = "demo-lift-b1";

interface Case {
  /** The demo openid (or a fresh one) that sends it. */
  caller: string;
  path: string;
  body: unknown;
  /** A different body (valid where it matters) for the reused-key check. */
  other: unknown;
  /** The entity of which exactly one new item must appear. */
  creates: string;
  /** A counter that must go up by exactly one over the items of that entity. */
  counts?: { entity: string; field: string };
  /** Other entities of which exactly one new item must appear with it (a case's number guard…). */
  alsoCreates?: string[];
}

let stack: TestStack;
const tokens = new Map<string, string>();
const token = async (openid: string) => {
  let value = tokens.get(openid);
  if (!value) {
    value = await loginAs(stack.app, openid);
    tokens.set(openid, value);
  }
  return value;
};
const get = async (openid: string, path: string): Promise<Json> =>
  (await call(stack.app, "GET", path, { token: await token(openid) })).json;

/** One row per creating route, keyed by Hono's pattern; prepare reads or makes what it needs. */
const CASES: Record<string, () => Promise<Case>> = {
  "POST /api/v1/me/verification-request": async () => {
    const body = {
      communityId: A,
      buildingId: "b1",
      unit: "2",
      room: "601",
      relation: "owner",
      realName: "幂等测试",
      phone: "13900000077",
    };
    return {
      caller: "idem-applicant",
      path: "/api/v1/me/verification-request",
      body,
      other: { ...body, room: "602" },
      creates: "VerificationRequest",
    };
  },
  "POST /api/v1/households": async () => {
    const body = { communityId: A, buildingId: "b1", unit: "2", room: "903", area: 80 };
    return {
      caller: "demo-staff-1",
      path: "/api/v1/households",
      body,
      other: { ...body, room: "904" },
      creates: "Household",
    };
  },
  "POST /api/v1/households/:householdId/members": async () => {
    const body = { name: "幂等成员", relation: "member" };
    return {
      caller: "demo-staff-1",
      path: "/api/v1/households/hh-b1-1-102/members",
      body,
      other: { ...body, name: "幂等成员二" },
      creates: "User",
    };
  },
  "POST /api/v1/window/appointments": async () => {
    const matterId = "minimum-living-allowance";
    const matter = (await get("demo-staff-1", `/api/v1/matters/${matterId}`)).matter;
    const days: Json[] = (await get("demo-resident-2", `/api/v1/window/days?matterId=${matterId}`)).days;
    const day = days.filter((d) => d.open && d.available > 0)[1]?.date;
    const slots: Json[] = (
      await get("demo-resident-2", `/api/v1/window/slots?matterId=${matterId}&date=${day}`)
    ).slots;
    const free = slots.filter((s) => s.available > 0);
    const body = {
      matterId,
      slotStartsAt: free[0]?.startsAt,
      confirmedMaterials: matter.materials.map((m: Json) => m.id),
    };
    return {
      caller: "demo-resident-2",
      path: "/api/v1/window/appointments",
      body,
      other: { ...body, slotStartsAt: free[1]?.startsAt },
      creates: "Appointment",
      counts: { entity: "WindowSlot", field: "booked" },
    };
  },
  "POST /api/v1/matters": async () => {
    const matter = (await get("demo-staff-1", "/api/v1/matters/minimum-living-allowance")).matter;
    const body = {
      communityId: A,
      centerId: matter.centerId,
      name: "幂等测试事项",
      category: matter.category,
      description: matter.description,
      materials: matter.materials,
      processingDays: matter.processingDays,
      proxyAllowed: matter.proxyAllowed,
    };
    return {
      caller: "demo-staff-1",
      path: "/api/v1/matters",
      body,
      other: { ...body, name: "幂等测试事项二" },
      creates: "Matter",
    };
  },
  "POST /api/v1/window/centers": async () => {
    const body = {
      communityId: A,
      name: "幂等测试中心",
      address: "幂等测试地址",
      windows: 1,
      slotMinutes: 15,
      hours: { 1: [{ open: "09:00", close: "11:00" }] },
    };
    return {
      caller: "demo-staff-1",
      path: "/api/v1/window/centers",
      body,
      other: { ...body, windows: 2 },
      creates: "Center",
    };
  },
  "POST /api/v1/window/proxy": async () => {
    const body = { userId: "u-demo-resident-3", matterId: "minimum-living-allowance" };
    return {
      caller: "demo-staff-1",
      path: "/api/v1/window/proxy",
      body,
      other: { ...body, userId: "u-demo-resident-4" },
      creates: "ProxyCase",
    };
  },
  "POST /api/v1/legal/bookings": async () => {
    const slots: Json[] = (await get("demo-resident-5", `/api/v1/legal/slots?communityId=${A}`)).slots;
    // Today's list keeps slots that have started (409 SLOT_STARTED): from an hour ahead, whatever the time of day.
    const ahead = new Date(stack.clock.now().getTime() + 3_600_000).toISOString();
    const open = slots.filter((s) => s.status === "open" && s.available > 0 && s.startsAt > ahead);
    const body = {
      slotId: open[0]?.id,
      category: "other",
      description: "幂等测试咨询",
      contactPhone: "13800000005",
    };
    return {
      caller: "demo-resident-5",
      path: "/api/v1/legal/bookings",
      body,
      other: { ...body, slotId: open[1]?.id },
      creates: "LegalBooking",
      counts: { entity: "LegalSlot", field: "booked" },
    };
  },
  "POST /api/v1/legal/slots/:slotId/waitlist": async () => {
    const slots: Json[] = (await get("demo-resident-6", `/api/v1/legal/slots?communityId=${A}`)).slots;
    const full = slots.find((s) => s.status === "open" && s.available === 0);
    const body = { category: "other", description: "幂等测试候补", contactPhone: "13800000006" };
    return {
      caller: "demo-resident-6",
      path: `/api/v1/legal/slots/${full?.id}/waitlist`,
      body,
      other: { ...body, description: "幂等测试候补二" },
      creates: "LegalWaitlist",
      counts: { entity: "LegalSlot", field: "waitlistCount" },
    };
  },
  "POST /api/v1/legal/rosters": async () => {
    const body = {
      communityId: A,
      lawyerId: "u-demo-lawyer-1",
      from: "2027-01-04",
      to: "2027-01-04",
      weekdays: [1],
      startTime: "19:00",
      endTime: "19:30",
      slotMinutes: 30,
      mode: "phone",
    };
    return {
      caller: "demo-staff-1",
      path: "/api/v1/legal/rosters",
      body,
      other: { ...body, startTime: "18:30" },
      creates: "LegalRoster",
    };
  },
  "POST /api/v1/deliberations": async () => {
    const body = {
      communityId: A,
      title: "幂等测试议题",
      body: "幂等测试议题正文，十个相同请求只立一个议题。",
    };
    return {
      caller: "demo-staff-1",
      path: "/api/v1/deliberations",
      body,
      other: { ...body, title: "幂等测试议题二" },
      creates: "Topic",
    };
  },
  "POST /api/v1/deliberations/proposals": async () => {
    const body = { title: "幂等测试提议", body: "幂等测试提议正文，十个相同请求只提一个议题。" };
    return {
      caller: "demo-resident-7",
      path: "/api/v1/deliberations/proposals",
      body,
      other: { ...body, title: "幂等测试提议二" },
      creates: "Topic",
    };
  },
  "POST /api/v1/deliberations/:topicId/comments": async () => ({
    caller: "demo-resident-1",
    path: `/api/v1/deliberations/${TOPIC}/comments`,
    body: { body: "幂等测试留言" },
    other: { body: "幂等测试留言二" },
    creates: "Comment",
  }),
  "POST /api/v1/deliberations/:topicId/vote": async () => {
    const topic = await call(stack.app, "POST", "/api/v1/deliberations", {
      token: await token("demo-staff-1"),
      body: { communityId: A, title: "幂等表决议题", body: "幂等测试：付诸表决只开一次。" },
    });
    const body = { rule: "simple_majority", electorate: "residents", closesAt: "2027-01-31T12:00:00.000Z" };
    return {
      caller: "demo-staff-1",
      path: `/api/v1/deliberations/${topic.json.topic.id}/vote`,
      body,
      other: { ...body, closesAt: "2027-01-30T12:00:00.000Z" },
      creates: "Vote",
    };
  },
  "POST /api/v1/deliberations/:topicId/ballots": async () => ({
    caller: "demo-resident-1",
    path: `/api/v1/deliberations/${TOPIC}/ballots`,
    body: { choice: "approve" },
    other: { choice: "reject" },
    creates: "BallotChoice",
    counts: { entity: "TallyShard", field: "approveCount" },
  }),
  "POST /api/v1/deliberations/:topicId/paper-ballots": async () => {
    const body = { householdId: "hh-b1-1-102", choice: "approve", collector: "刘敏" };
    return {
      caller: "demo-staff-1",
      path: `/api/v1/deliberations/${TOPIC}/paper-ballots`,
      body,
      other: { ...body, choice: "reject" },
      creates: "BallotChoice",
      counts: { entity: "TallyShard", field: "approveCount" },
    };
  },
  "POST /api/v1/notices": async () => {
    const body = {
      communityId: A,
      title: "幂等测试通知",
      body: "幂等测试正文",
      category: "notice",
      audience: { kind: "community" },
    };
    return {
      caller: "demo-staff-1",
      path: "/api/v1/notices",
      body,
      other: { ...body, title: "幂等测试通知二" },
      creates: "Notice",
    };
  },
  // A case takes its number from the day's counter before its transaction: one case, one number
  // guard, one reporter pointer, and the counter moved by one, however many copies were sent.
  "POST /api/v1/reports": async () => {
    const body = {
      category: "public_facilities",
      description: "幂等测试：3栋西侧路灯不亮。",
      location: { buildingId: "b3", unit: null, address: "", point: null },
    };
    return {
      caller: "demo-resident-29",
      path: "/api/v1/reports",
      body,
      other: { ...body, description: "幂等测试：3栋东侧路灯不亮。" },
      creates: "Case",
      counts: { entity: "CaseCounter", field: "seq" },
      alsoCreates: ["CaseNumber", "CaseParty"],
    };
  },
  "POST /api/v1/disputes": async () => {
    const body = {
      type: "neighbour",
      description: "幂等测试：楼上漏水，协商不成。",
      parties: [{ side: "respondent", name: "501室住户" }],
    };
    return {
      caller: "demo-resident-32",
      path: "/api/v1/disputes",
      body,
      other: { ...body, type: "property" },
      creates: "Case",
      counts: { entity: "CaseCounter", field: "seq" },
      alsoCreates: ["CaseNumber", "CaseParty"],
    };
  },
  "POST /api/v1/departments": async () => {
    const body = {
      communityId: A,
      name: "幂等测试部门",
      kind: "other",
      contacts: [{ name: "联络人", phone: "0371-6556 0999" }],
      handlerIds: ["u-demo-handler-1"],
    };
    return {
      caller: "demo-staff-1",
      path: "/api/v1/departments",
      body,
      other: { ...body, name: "幂等测试部门二" },
      creates: "Department",
      alsoCreates: ["Handler"],
    };
  },
  "POST /api/v1/grids": async () => {
    const body = { communityId: A, name: "幂等测试网格", members: [{ buildingId: "b3" }] };
    return {
      caller: "demo-staff-1",
      path: "/api/v1/grids",
      body,
      other: { ...body, name: "幂等测试网格二" },
      creates: "Grid",
    };
  },
};

/** Hono's own route table: every METHOD pattern with the idempotency middleware among its handlers. */
function creatingRoutes(): string[] {
  const found = stack.app.routes.filter((route) => {
    const handler = route.handler as { __COMPOSED_HANDLER?: unknown };
    return handler === idempotency || handler.__COMPOSED_HANDLER === idempotency;
  });
  return [...new Set(found.map((route) => `${route.method} ${route.path}`))].sort();
}

const snapshot = () => scanTable(stack.deps.db);

function added(before: Map<string, Item>, after: Map<string, Item>, entity: string): Item[] {
  return [...after]
    .filter(([key, item]) => !before.has(key) && item.entity === entity)
    .map(([, item]) => item);
}

/** The sum of a numeric field over an entity's items, after minus before. */
function delta(before: Map<string, Item>, after: Map<string, Item>, entity: string, field: string): number {
  const sum = (items: Map<string, Item>) =>
    [...items.values()]
      .filter((item) => item.entity === entity)
      .reduce((total, item) => total + (typeof item[field] === "number" ? (item[field] as number) : 0), 0);
  return sum(after) - sum(before);
}

const send = async (c: Case, key: string, body: unknown) =>
  call(stack.app, "POST", c.path, {
    token: await token(c.caller),
    body,
    headers: { "Idempotency-Key": key },
  });

beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack?.cleanup());

describe("idempotency on every creating route", () => {
  it("has a case for every route with the idempotency middleware, and no case without one", () => {
    const routes = creatingRoutes();
    expect(routes.length).toBeGreaterThan(0);
    expect(
      routes.filter((route) => !CASES[route]),
      "creating routes without a case",
    ).toEqual([]);
    expect(
      Object.keys(CASES).filter((route) => !routes.includes(route)),
      "cases without a creating route",
    ).toEqual([]);
  });

  for (const route of Object.keys(CASES)) {
    it(`${route}: 10 at once → one effect and 10 identical answers; a later retry replays; another body → 422`, {
      timeout: 90_000,
    }, async () => {
      const prepare = CASES[route];
      if (!prepare) throw new Error(`no case for ${route}`);
      const c = await prepare();
      await token(c.caller);
      const key = `idem-${randomUUID()}`;
      const before = await snapshot();

      const answers = await Promise.all(Array.from({ length: 10 }, () => send(c, key, c.body)));
      const first = answers[0];
      if (!first) throw new Error("no answer");
      expect(first.status, first.text).toBeGreaterThanOrEqual(200);
      expect(first.status, first.text).toBeLessThan(300);
      for (const answer of answers) {
        expect(answer.status).toBe(first.status);
        expect(answer.json).toEqual(first.json);
      }
      // One ran it; the other nine waited for it and got its stored answer.
      expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(9);

      const after = await snapshot();
      expect(added(before, after, c.creates), `new ${c.creates} items`).toHaveLength(1);
      expect(added(before, after, "Idempotency")).toHaveLength(1);
      if (c.counts) expect(delta(before, after, c.counts.entity, c.counts.field)).toBe(1);
      for (const entity of c.alsoCreates ?? [])
        expect(added(before, after, entity), `new ${entity} items`).toHaveLength(1);
      if (c.creates === "Case") {
        // The one case is the one answered, under the one number taken.
        const [made] = added(before, after, "Case");
        const [guard] = added(before, after, "CaseNumber");
        const answered = first.json.report ?? first.json.dispute;
        expect(made?.id).toBe(answered.id);
        expect(guard).toMatchObject({ caseId: answered.id, number: answered.number });
      }

      const replay = await send(c, key, c.body);
      expect(replay.status).toBe(first.status);
      expect(replay.json).toEqual(first.json);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");

      const reused = await send(c, key, c.other);
      expect(reused.status).toBe(422);
      expect(reused.json.error).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });
      expect(typeof reused.json.error.message).toBe("string");
      expect(await snapshot()).toEqual(after);
    });
  }
});

describe("idempotency keys", () => {
  it("are per caller: two users with the same key each get their own effect", async () => {
    const key = "shared-key-between-users";
    const body = (room: string) => ({
      communityId: A,
      buildingId: "b1",
      unit: "2",
      room,
      relation: "owner",
      realName: "同键测试",
      phone: "13900000088",
    });
    const [one, two] = await Promise.all(
      ["idem-same-key-1", "idem-same-key-2"].map(async (openid, i) =>
        call(stack.app, "POST", "/api/v1/me/verification-request", {
          token: await token(openid),
          body: body(i === 0 ? "701" : "702"),
          headers: { "Idempotency-Key": key },
        }),
      ),
    );
    expect(one?.status).toBe(201);
    expect(two?.status).toBe(201);
    expect(one?.headers.get("idempotent-replayed")).toBeNull();
    expect(two?.headers.get("idempotent-replayed")).toBeNull();
    expect(one?.json).not.toEqual(two?.json);
  });

  it("a key reused on another route is 422 too, and runs nothing there", async () => {
    const staff = await token("demo-staff-1");
    const key = `idem-${randomUUID()}`;
    const grid = await call(stack.app, "POST", "/api/v1/grids", {
      token: staff,
      body: { communityId: A, name: "跨路由网格", members: [{ buildingId: "b2" }] },
      headers: { "Idempotency-Key": key },
    });
    expect(grid.status).toBe(201);
    const before = await snapshot();
    const notice = await call(stack.app, "POST", "/api/v1/notices", {
      token: staff,
      body: {
        communityId: A,
        title: "跨路由",
        body: "跨路由",
        category: "notice",
        audience: { kind: "community" },
      },
      headers: { "Idempotency-Key": key },
    });
    expect(notice.status).toBe(422);
    expect(notice.json.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await snapshot()).toEqual(before);
  });

  it("a waiter whose first attempt failed runs the request itself: every concurrent answer is the same refusal", async () => {
    // The address is taken: each attempt fails (409) and releases the key, so the waiters run it
    // in turn and each gets the same refusal; nothing is stored for the key.
    const staff = await token("demo-staff-1");
    const key = `idem-${randomUUID()}`;
    const body = { communityId: A, buildingId: "b1", unit: "1", room: "101", area: 70 };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(stack.app, "POST", "/api/v1/households", {
          token: staff,
          body,
          headers: { "Idempotency-Key": key },
        }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(409);
      expect(answer.json.error.code).toBe("HOUSEHOLD_EXISTS");
      expect(answer.headers.get("idempotent-replayed")).toBeNull();
    }
    const items = await snapshot();
    expect([...items.keys()].filter((k) => k.includes(key))).toEqual([]);
  });
});

describe("a retry that finds the same request running", () => {
  // A record as the middleware writes it for a request still running (or whose holder died).
  const path = "/api/v1/grids";
  const gridBody = (name: string) => ({ communityId: A, name, members: [{ buildingId: "b2" }] });
  async function running(key: string, body: unknown, lockedForSeconds: number) {
    const nowSeconds = Math.floor(stack.clock.now().getTime() / 1000);
    const recordKey = keys.idempotency("u-demo-staff-1", key);
    await stack.deps.db.doc.send(
      new PutCommand({
        TableName: stack.deps.db.tableName,
        Item: {
          ...recordKey,
          entity: "Idempotency",
          state: "running",
          lockToken: "someone-else",
          fingerprint: createHash("sha256")
            .update(`POST ${path}\n${JSON.stringify(body)}`)
            .digest("base64url"),
          lockedUntil: nowSeconds + lockedForSeconds,
          expiresAt: nowSeconds + 3600,
        },
      }),
    );
    return recordKey;
  }
  const retry = async (key: string, body: unknown) =>
    call(stack.app, "POST", path, {
      token: await token("demo-staff-1"),
      body,
      headers: { "Idempotency-Key": key },
    });

  it("waits for it and answers with its stored response", async () => {
    const key = `idem-${randomUUID()}`;
    const body = gridBody("等待中的网格");
    const recordKey = await running(key, body, 30);
    const waiting = retry(key, body);
    // The first attempt finishes while the retry polls.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stack.deps.db.doc.send(
      new UpdateCommand({
        TableName: stack.deps.db.tableName,
        Key: recordKey,
        UpdateExpression: "SET #state = :done, #status = :status, body = :body REMOVE lockedUntil",
        ExpressionAttributeNames: { "#state": "state", "#status": "status" },
        ExpressionAttributeValues: {
          ":done": "done",
          ":status": 201,
          ":body": { grid: { id: "from-the-first" } },
        },
      }),
    );
    const answer = await waiting;
    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({ grid: { id: "from-the-first" } });
    expect(answer.headers.get("idempotent-replayed")).toBe("true");
  });

  it("answers 409 IDEMPOTENCY_IN_PROGRESS if it is still running at the bound, having written nothing", {
    timeout: 30_000,
  }, async () => {
    const key = `idem-${randomUUID()}`;
    const body = gridBody("一直在跑的网格");
    await running(key, body, 300);
    const before = await snapshot();
    const answer = await retry(key, body);
    expect(answer.status).toBe(409);
    expect(answer.json.error.code).toBe("IDEMPOTENCY_IN_PROGRESS");
    expect(await snapshot()).toEqual(before);
  });

  it("takes over the lock of a holder that died (lock time up) and runs the request", async () => {
    const key = `idem-${randomUUID()}`;
    const body = gridBody("接管的网格");
    await running(key, body, -1);
    const before = await snapshot();
    const answer = await retry(key, body);
    expect(answer.status, answer.text).toBe(201);
    expect(answer.headers.get("idempotent-replayed")).toBeNull();
    expect(added(before, await snapshot(), "Grid")).toHaveLength(1);
    const again = await retry(key, body);
    expect(again.json).toEqual(answer.json);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });
});

describe("a response committed with the write", () => {
  it("survives a request that failed after the commit (a lost answer): the retry replays it", async () => {
    const { createApp } = await import("./app.js");
    const { TransactWriteCommand } = await import("@aws-sdk/lib-dynamodb");
    const { db } = stack.deps;
    // A client that commits the booking's transaction, then loses DynamoDB's answer once.
    let lost = false;
    const send = async (command: { input: unknown }) => {
      const result = await db.doc.send(command as never);
      if (
        !lost &&
        command instanceof TransactWriteCommand &&
        JSON.stringify(command.input).includes('"Idempotency"')
      ) {
        lost = true;
        throw new Error("socket hang up");
      }
      return result;
    };
    const flaky = createApp({ ...stack.deps, db: { tableName: db.tableName, doc: { send } as never } });
    const token = await loginAs(stack.app, "demo-resident-8");
    const slots: Json[] = (await get("demo-resident-8", `/api/v1/legal/slots?communityId=${A}`)).slots;
    const slot = slots.filter((s) => s.status === "open" && s.available > 0).at(-1);
    const body = {
      slotId: slot.id,
      category: "other",
      description: "丢失应答测试",
      contactPhone: "13800000008",
    };
    const key = `lost-${randomUUID()}`;
    const first = await call(flaky, "POST", "/api/v1/legal/bookings", {
      token,
      body,
      headers: { "Idempotency-Key": key },
    });
    expect(lost).toBe(true);
    expect(first.status).toBe(500);
    const retry = await call(stack.app, "POST", "/api/v1/legal/bookings", {
      token,
      body,
      headers: { "Idempotency-Key": key },
    });
    expect(retry.status, retry.text).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const stored = [...(await scanTable(stack.deps.db)).values()].filter(
      (item) =>
        item.entity === "LegalBooking" && item.slotId === slot.id && item.userId === "u-demo-resident-8",
    );
    expect(stored.map((item) => item.id)).toEqual([retry.json.booking.id]);
  });

  it("a report whose answer was lost: the retry replays its case number, and no second case takes another", async () => {
    const { createApp } = await import("./app.js");
    const { TransactWriteCommand } = await import("@aws-sdk/lib-dynamodb");
    const { db } = stack.deps;
    let lost = false;
    const send = async (command: { input: unknown }) => {
      const result = await db.doc.send(command as never);
      if (
        !lost &&
        command instanceof TransactWriteCommand &&
        JSON.stringify(command.input).includes('"Idempotency"')
      ) {
        lost = true;
        throw new Error("socket hang up");
      }
      return result;
    };
    const flaky = createApp({ ...stack.deps, db: { tableName: db.tableName, doc: { send } as never } });
    const token = await loginAs(stack.app, "demo-resident-10");
    const body = {
      category: "environment_sanitation",
      description: "丢失应答测试：楼道堆放杂物。",
      location: { buildingId: "b1", unit: null, address: "", point: null },
    };
    const key = `lost-${randomUUID()}`;
    const before = await snapshot();
    const first = await call(flaky, "POST", "/api/v1/reports", {
      token,
      body,
      headers: { "Idempotency-Key": key },
    });
    expect(lost).toBe(true);
    expect(first.status).toBe(500);
    const retry = await call(stack.app, "POST", "/api/v1/reports", {
      token,
      body,
      headers: { "Idempotency-Key": key },
    });
    expect(retry.status, retry.text).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const after = await snapshot();
    const cases = added(before, after, "Case");
    expect(cases.map((item) => [item.id, item.number])).toEqual([
      [retry.json.report.id, retry.json.report.number],
    ]);
    expect(added(before, after, "CaseNumber").map((item) => item.caseId)).toEqual([retry.json.report.id]);
    expect(delta(before, after, "CaseCounter", "seq")).toBe(1);
  });

  it("is forgotten after its 24 h even before DynamoDB's TTL removes it", async () => {
    const token = await loginAs(stack.app, "demo-resident-9");
    const key = `old-${randomUUID()}`;
    const scope = "u-demo-resident-9";
    // A done record from two days ago for another body, not yet removed by TTL.
    await stack.deps.db.doc.send(
      new PutCommand({
        TableName: stack.deps.db.tableName,
        Item: {
          ...keys.idempotency(scope, key),
          entity: "Idempotency",
          state: "done",
          lockToken: "old",
          fingerprint: "another-request",
          status: 201,
          body: { stale: true },
          expiresAt: Math.floor(stack.clock.now().getTime() / 1000) - 86_400,
        },
      }),
    );
    const res = await call(stack.app, "POST", "/api/v1/deliberations/proposals", {
      token,
      body: { title: "过期幂等键测试", body: "一天前用过的键，今天再用应当重新执行。" },
      headers: { "Idempotency-Key": key },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(res.json.stale).toBeUndefined();
  });
});
