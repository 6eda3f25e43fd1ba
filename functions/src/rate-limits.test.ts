import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeWechat } from "../../test/setup/fake-wechat.js";
import { call, clientEnv, createTestStack, loginAs, type TestStack } from "../../test/setup/harness.js";
import { scanTable } from "../../test/setup/scan-table.js";
import { DEMO_COMMUNITY } from "./demo/data.js";
import { idempotency } from "./http/idempotency.js";
import { createRateLimit } from "./http/rate-limit.js";

/**
 * Creating routes are limited per user (one window over all of them) and per client address;
 * login per address (auth.test.ts) and per account. A refused request is 429 RATE_LIMITED with
 * Retry-After and writes nothing.
 */

const A = DEMO_COMMUNITY.id;

/** Three different creating routes and a fourth, so a flood spread over routes is one window. */
const creates = (n: number) => [
  { path: "/api/v1/grids", body: { communityId: A, name: `限流网格${n}`, members: [{ buildingId: "b3" }] } },
  {
    path: "/api/v1/notices",
    body: {
      communityId: A,
      title: `限流通知${n}`,
      body: "限流测试",
      category: "notice",
      audience: { kind: "community" },
    },
  },
  {
    path: "/api/v1/deliberations",
    body: { communityId: A, title: `限流议题${n}`, body: "限流测试：这是议题的正文内容。" },
  },
  {
    path: "/api/v1/households",
    body: { communityId: A, buildingId: "b1", unit: "2", room: `9${n}1`, area: 80 },
  },
];

function expectRateLimited(result: Awaited<ReturnType<typeof call>>) {
  expect(result.status, result.text).toBe(429);
  expect(result.json.error).toMatchObject({ code: "RATE_LIMITED", message: expect.any(String) });
  expect(result.json.error.requestId).toEqual(expect.any(String));
  const retryAfter = Number(result.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

function routesWith(stack: TestStack, middleware: unknown): string[] {
  const found = stack.app.routes.filter((route) => {
    const handler = route.handler as { __COMPOSED_HANDLER?: unknown };
    return handler === middleware || handler.__COMPOSED_HANDLER === middleware;
  });
  return [...new Set(found.map((route) => `${route.method} ${route.path}`))].sort();
}

describe("creating routes, per user", () => {
  let stack: TestStack;
  let staff: string;
  let admin: string;
  beforeAll(async () => {
    stack = await createTestStack({ env: { CREATE_RATE_LIMIT_PER_USER_PER_MINUTE: "3" } });
    staff = await loginAs(stack.app, "demo-staff-1");
    admin = await loginAs(stack.app, "demo-admin");
  });
  afterAll(() => stack?.cleanup());

  it("is on exactly the routes that honour Idempotency-Key", () => {
    const limited = routesWith(stack, createRateLimit);
    expect(limited.length).toBeGreaterThan(10);
    expect(limited).toEqual(routesWith(stack, idempotency));
  });

  it("refuses a user's 4th create in a minute over any creating route, writes nothing, lets another user through", async () => {
    const [grid, notice, topic, household] = creates(1);
    for (const request of [grid, notice, topic]) {
      const result = await call(stack.app, "POST", request?.path ?? "", {
        token: staff,
        body: request?.body,
      });
      expect(result.status, result.text).toBe(201);
    }
    const before = await scanTable(stack.deps.db);
    const refused = await call(stack.app, "POST", household?.path ?? "", {
      token: staff,
      body: household?.body,
      headers: { "Idempotency-Key": "rate-limited-household" },
    });
    expectRateLimited(refused);
    expect(await scanTable(stack.deps.db)).toEqual(before);

    // Another user, from the same (in-process) address, still creates.
    const other = await call(stack.app, "POST", household?.path ?? "", {
      token: admin,
      body: household?.body,
    });
    expect(other.status, other.text).toBe(201);

    // Reads are not limited.
    expect((await call(stack.app, "GET", `/api/v1/grids?communityId=${A}`, { token: staff })).status).toBe(
      200,
    );
  });

  it("opens again when the minute is over", async () => {
    const [grid] = creates(2);
    // The previous test filled this user's window; a new minute starts a new one.
    expectRateLimited(await call(stack.app, "POST", grid?.path ?? "", { token: staff, body: grid?.body }));
    stack.clock.advance(61_000);
    const again = await call(stack.app, "POST", grid?.path ?? "", { token: staff, body: grid?.body });
    expect(again.status, again.text).toBe(201);
  });

  it("counts a resident's reports and disputes in one window: the 4th is refused before it takes a case number", async () => {
    const resident = await loginAs(stack.app, "demo-resident-1");
    const report = (n: number) => ({
      category: "noise",
      description: `限流测试：第${n}次噪音报告。`,
      location: { buildingId: "b1", unit: null, address: "", point: null },
    });
    for (const n of [1, 2, 3]) {
      const result = await call(stack.app, "POST", "/api/v1/reports", { token: resident, body: report(n) });
      expect(result.status, result.text).toBe(201);
    }
    const before = await scanTable(stack.deps.db);
    expectRateLimited(
      await call(stack.app, "POST", "/api/v1/disputes", {
        token: resident,
        body: {
          type: "neighbour",
          description: "限流测试：邻里纠纷。",
          parties: [{ side: "respondent", name: "楼上住户" }],
        },
        headers: { "Idempotency-Key": "rate-limited-dispute" },
      }),
    );
    expectRateLimited(await call(stack.app, "POST", "/api/v1/reports", { token: resident, body: report(4) }));
    // No case, no number, no counter moved.
    expect(await scanTable(stack.deps.db)).toEqual(before);
  });
});

describe("creating routes, per client address", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack({ env: { CREATE_RATE_LIMIT_PER_IP_PER_MINUTE: "3" } });
  });
  afterAll(() => stack?.cleanup());

  it("refuses the 4th create from one address whoever sends it, not another address; forged X-Forwarded-For changes nothing", async () => {
    const office = "198.51.100.7";
    const users = await Promise.all(
      ["demo-staff-1", "demo-admin", "demo-staff-2"].map((openid) => loginAs(stack.app, openid)),
    );
    const [grid, notice, topic, household] = creates(3);
    for (const [i, request] of [grid, notice, topic].entries()) {
      const result = await call(stack.app, "POST", request?.path ?? "", {
        token: users[i],
        body: request?.body,
        env: clientEnv(office),
      });
      expect(result.status, result.text).toBe(201);
    }
    const before = await scanTable(stack.deps.db);
    // Each user has made one create at most: it is the address that is full.
    expectRateLimited(
      await call(stack.app, "POST", household?.path ?? "", {
        token: users[0],
        body: household?.body,
        env: clientEnv(office),
        headers: { "X-Forwarded-For": "203.0.113.99" },
      }),
    );
    // The same address as API Gateway reports it to the Lambda.
    expectRateLimited(
      await call(stack.app, "POST", household?.path ?? "", {
        token: users[1],
        body: household?.body,
        env: { requestContext: { http: { sourceIp: office } } },
      }),
    );
    expect(await scanTable(stack.deps.db)).toEqual(before);

    const elsewhere = await call(stack.app, "POST", household?.path ?? "", {
      token: users[0],
      body: household?.body,
      env: clientEnv("192.0.2.10"),
    });
    expect(elsewhere.status, elsewhere.text).toBe(201);
  });
});

describe("login, per account", () => {
  let stack: TestStack;
  let wechat: Awaited<ReturnType<typeof startFakeWechat>>;
  beforeAll(async () => {
    wechat = await startFakeWechat("wx-test-app", "test-app-secret");
    stack = await createTestStack({
      seed: false,
      wechatBase: wechat.base,
      env: { AUTH_RATE_LIMIT_PER_MINUTE: "3" },
    });
  });
  afterAll(async () => {
    await stack?.cleanup();
    await wechat?.stop();
  });

  it("dev login: one account from many addresses is refused past the limit; another account still logs in", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await call(stack.app, "POST", "/api/v1/auth/dev-login", {
        body: { openid: "popular-account" },
        env: clientEnv(`198.51.100.${i + 1}`),
      });
      statuses.push(result.status);
      if (result.status === 429) expectRateLimited(result);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const other = await call(stack.app, "POST", "/api/v1/auth/dev-login", {
      body: { openid: "quiet-account" },
      env: clientEnv("198.51.100.9"),
    });
    expect(other.status).toBe(200);
  });

  it("WeChat login: limited per openid after the code exchange, writing nothing when refused", async () => {
    for (let i = 0; i < 3; i++) {
      const result = await call(stack.app, "POST", "/api/v1/auth/wechat", {
        body: { code: "good-wx-busy-openid" },
        env: clientEnv(`203.0.113.${i + 1}`),
      });
      expect(result.status, result.text).toBe(200);
    }
    const before = await scanTable(stack.deps.db);
    const refused = await call(stack.app, "POST", "/api/v1/auth/wechat", {
      body: { code: "good-wx-busy-openid" },
      env: clientEnv("203.0.113.4"),
    });
    expectRateLimited(refused);
    expect(await scanTable(stack.deps.db)).toEqual(before);
    const other = await call(stack.app, "POST", "/api/v1/auth/wechat", {
      body: { code: "good-wx-calm-openid" },
      env: clientEnv("203.0.113.4"),
    });
    expect(other.status, other.text).toBe(200);
  });
});
