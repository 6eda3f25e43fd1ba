import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeWechat } from "../../../test/setup/fake-wechat.js";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { applyRolePlan, planRevoke } from "../admin/setup.js";
import { DEMO_COMMUNITY } from "../demo/data.js";

let stack: TestStack;
let wechat: Awaited<ReturnType<typeof startFakeWechat>>;

beforeAll(async () => {
  wechat = await startFakeWechat("wx-test-app", "test-app-secret");
  stack = await createTestStack({ wechatBase: wechat.base });
});
afterAll(async () => {
  await stack.cleanup();
  await wechat.stop();
});

describe("WeChat login", () => {
  it("exchanges the code through code2session and creates the user on first login", async () => {
    const first = await call(stack.app, "POST", "/api/v1/auth/wechat", {
      body: { code: "good-wx-openid-abc" },
    });
    expect(first.status).toBe(200);
    expect(first.json.token).toEqual(expect.any(String));
    expect(first.json.user).toMatchObject({
      nickname: "微信用户",
      roles: ["resident"],
      verification: { status: "unverified" },
    });
    expect(wechat.calls.at(-1)?.get("grant_type")).toBe("authorization_code");

    const again = await call(stack.app, "POST", "/api/v1/auth/wechat", {
      body: { code: "good-wx-openid-abc" },
    });
    expect(again.json.user.id).toBe(first.json.user.id);
    const me = await call(stack.app, "GET", "/api/v1/me", { token: again.json.token });
    expect(me.json.id).toBe(first.json.user.id);
  });

  it("logs in a seeded openid as its demo account", async () => {
    const result = await call(stack.app, "POST", "/api/v1/auth/wechat", {
      body: { code: "good-demo-resident-1" },
    });
    expect(result.json.user).toMatchObject({ nickname: "王秀兰", verification: { status: "verified" } });
  });

  it("answers an invalid or used code with 401 and a WeChat outage with 502", async () => {
    const invalid = await call(stack.app, "POST", "/api/v1/auth/wechat", { body: { code: "nonsense" } });
    expect(invalid.status).toBe(401);
    expect(invalid.json.error.code).toBe("WECHAT_CODE_INVALID");
    const used = await call(stack.app, "POST", "/api/v1/auth/wechat", { body: { code: "used" } });
    expect(used.status).toBe(401);
    const busy = await call(stack.app, "POST", "/api/v1/auth/wechat", { body: { code: "busy" } });
    expect(busy.status).toBe(502);
    expect(busy.json.error.code).toBe("WECHAT_UNAVAILABLE");
  });

  it("never logs the app secret or the session key", () => {
    const all = stack.logLines.join("\n");
    expect(all).not.toContain("test-app-secret");
    expect(all).not.toContain("secret-session-key");
  });

  it("creates exactly one user when the same account logs in 20 times at once", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(stack.app, "POST", "/api/v1/auth/wechat", { body: { code: "good-race-openid" } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.json.user.id)).size).toBe(1);
  });
});

describe("tokens", () => {
  it("accepts a valid token and rejects a missing, tampered or foreign one with 401", async () => {
    const token = await loginAs(stack.app, "demo-resident-1");
    expect((await call(stack.app, "GET", "/api/v1/me", { token })).status).toBe(200);

    const missing = await call(stack.app, "GET", "/api/v1/me");
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toBe("UNAUTHENTICATED");

    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload as string, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: "u-demo-admin" })).toString("base64url");
    const tampered = await call(stack.app, "GET", "/api/v1/me", {
      token: `${header}.${forged}.${signature}`,
    });
    expect(tampered.status).toBe(401);
    expect(tampered.json.error.code).toBe("TOKEN_INVALID");

    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u-demo-admin")
      .setIssuer("onedoor")
      .setAudience("onedoor-api")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-that-is-long-enough-000000"));
    expect((await call(stack.app, "GET", "/api/v1/me", { token: foreign })).status).toBe(401);
  });

  it("expires: a token past its expiry is 401 TOKEN_EXPIRED", async () => {
    const token = await loginAs(stack.app, "demo-resident-3");
    stack.clock.advance((stack.deps.config.JWT_TTL_SECONDS + 60) * 1000);
    try {
      const result = await call(stack.app, "GET", "/api/v1/me", { token });
      expect(result.status).toBe(401);
      expect(result.json.error.code).toBe("TOKEN_EXPIRED");
    } finally {
      stack.clock.advance(-(stack.deps.config.JWT_TTL_SECONDS + 60) * 1000);
    }
  });
});

describe("tokens: every bad one is 401 in the error shape", () => {
  const key = () => new TextEncoder().encode(stack.deps.config.JWT_SECRET);
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  /** Signed with the app's own secret, with any claims and algorithm. */
  const signed = (claims: { sub?: string; iss?: string; aud?: string }, alg = "HS256") => {
    const jwt = new SignJWT({}).setProtectedHeader({ alg, typ: "JWT" }).setIssuedAt().setExpirationTime("1h");
    if (claims.sub) jwt.setSubject(claims.sub);
    jwt.setIssuer(claims.iss ?? "onedoor");
    jwt.setAudience(claims.aud ?? "onedoor-api");
    return jwt.sign(key());
  };

  it("refuses tampered, unsigned, other-algorithm, foreign-claim and malformed tokens", async () => {
    const valid = await loginAs(stack.app, "demo-resident-2");
    const [header, payload, signature] = valid.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    const cases: Array<[string, string, string]> = [
      ["tampered signature", `Bearer ${header}.${payload}.${flipped}`, "TOKEN_INVALID"],
      ["signature dropped", `Bearer ${header}.${payload}.`, "TOKEN_INVALID"],
      [
        "tampered payload (a later expiry)",
        `Bearer ${header}.${b64({ ...claims, exp: claims.exp + 365 * 86400 })}.${signature}`,
        "TOKEN_INVALID",
      ],
      ["alg none, unsigned", `Bearer ${b64({ alg: "none", typ: "JWT" })}.${payload}.`, "TOKEN_INVALID"],
      [
        "alg none with the real signature kept",
        `Bearer ${b64({ alg: "none", typ: "JWT" })}.${payload}.${signature}`,
        "TOKEN_INVALID",
      ],
      [
        "RS256 header over the HS256 signature",
        `Bearer ${b64({ alg: "RS256", typ: "JWT" })}.${payload}.${signature}`,
        "TOKEN_INVALID",
      ],
      [
        "HS512 with the right secret",
        `Bearer ${await signed({ sub: claims.sub }, "HS512")}`,
        "TOKEN_INVALID",
      ],
      ["wrong issuer", `Bearer ${await signed({ sub: claims.sub, iss: "someone-else" })}`, "TOKEN_INVALID"],
      ["wrong audience", `Bearer ${await signed({ sub: claims.sub, aud: "another-api" })}`, "TOKEN_INVALID"],
      ["no sub", `Bearer ${await signed({})}`, "TOKEN_INVALID"],
      ["sub of no user", `Bearer ${await signed({ sub: "u-nobody-at-all" })}`, "TOKEN_INVALID"],
      ["garbage", "Bearer garbage", "TOKEN_INVALID"],
      ["three garbage parts", "Bearer aaa.bbb.ccc", "TOKEN_INVALID"],
      ["Bearer with no token", "Bearer ", "UNAUTHENTICATED"],
      ["Bearer alone", "Bearer", "UNAUTHENTICATED"],
      ["two tokens", `Bearer ${valid} ${valid}`, "UNAUTHENTICATED"],
      ["another scheme", `Basic ${Buffer.from("demo:demo").toString("base64")}`, "UNAUTHENTICATED"],
      ["a token without a scheme", valid, "UNAUTHENTICATED"],
      ["lowercase scheme, tampered token", `bearer ${header}.${payload}.${flipped}`, "TOKEN_INVALID"],
    ];
    const wrong: string[] = [];
    for (const [name, authorization, code] of cases) {
      const result = await call(stack.app, "GET", "/api/v1/me", {
        headers: { Authorization: authorization },
      });
      const error = result.json?.error;
      if (
        result.status !== 401 ||
        error?.code !== code ||
        typeof error?.message !== "string" ||
        typeof error?.requestId !== "string"
      )
        wrong.push(`${name}: ${result.status} ${result.text}`);
    }
    expect(wrong).toEqual([]);
    // The auth scheme is case-insensitive (RFC 9110 §11.1): a valid token under "bearer" is accepted.
    const lower = await call(stack.app, "GET", "/api/v1/me", {
      headers: { Authorization: `bearer ${valid}` },
    });
    expect(lower.status).toBe(200);
    // And a refused token writes nothing: a create with a forged one is 401 before any work.
    const forged = await call(stack.app, "POST", "/api/v1/deliberations/proposals", {
      headers: { Authorization: `Bearer ${header}.${payload}.${flipped}` },
      body: { title: "伪造令牌", body: "伪造令牌提交的提议不应写入。" },
    });
    expect(forged.status).toBe(401);
  });
});

describe("tokens: a revoked role stops working on the very next request", () => {
  const operator = () => ({
    db: stack.deps.db,
    clock: stack.clock,
    newId: stack.deps.newId,
    actor: "operator:auth-test",
  });
  const cases = [
    {
      role: "staff" as const,
      openid: "demo-staff-2",
      communityId: DEMO_COMMUNITY.id,
      path: `/api/v1/households?communityId=${DEMO_COMMUNITY.id}`,
    },
    {
      role: "admin" as const,
      openid: "demo-admin",
      communityId: undefined,
      path: "/api/v1/households?communityId=changjiang-east",
    },
    {
      role: "lawyer" as const,
      openid: "demo-lawyer-1",
      communityId: DEMO_COMMUNITY.id,
      path: "/api/v1/legal/lawyer/bookings",
    },
  ];
  for (const { role, openid, communityId, path } of cases) {
    it(`${role}: the same token gets 403 right after the operator revokes the role`, async () => {
      const token = await loginAs(stack.app, openid);
      const before = await call(stack.app, "GET", path, { token });
      expect(before.status, before.text).toBe(200);
      const plan = await planRevoke(operator(), { openid, role, communityId });
      expect(plan.unchanged).toBe(false);
      await applyRolePlan(operator(), plan);
      const after = await call(stack.app, "GET", path, { token });
      expect(after.status, after.text).toBe(403);
      expect(after.json.error.code).toEqual(expect.any(String));
      // Still a valid login: only the role is gone.
      expect((await call(stack.app, "GET", "/api/v1/me", { token })).status).toBe(200);
    });
  }
});

describe("dev login", () => {
  it("behaves like a WeChat login for that openid and lists the demo accounts locally", async () => {
    const viaDev = await call(stack.app, "POST", "/api/v1/auth/dev-login", {
      body: { openid: "demo-resident-2" },
    });
    const viaWechat = await call(stack.app, "POST", "/api/v1/auth/wechat", {
      body: { code: "good-demo-resident-2" },
    });
    expect(viaDev.json.user).toEqual(viaWechat.json.user);
    const accounts = await call(stack.app, "GET", "/api/v1/auth/dev-accounts");
    expect(accounts.status).toBe(200);
    const openids = accounts.json.accounts.map((a: { openid: string }) => a.openid);
    expect(openids).toEqual(
      expect.arrayContaining(["demo-resident-1", "demo-staff-1", "demo-lawyer-1", "demo-admin"]),
    );
  });

  it("does not exist outside STAGE=local: 404 like any unknown route, and absent from the docs", async () => {
    for (const stage of ["dev", "prod"]) {
      const remote = await createTestStack({ stage, seed: false });
      try {
        const login = await call(remote.app, "POST", "/api/v1/auth/dev-login", {
          body: { openid: "demo-admin" },
        });
        expect(login.status).toBe(404);
        expect(login.json.error.code).toBe("NOT_FOUND");
        expect((await call(remote.app, "GET", "/api/v1/auth/dev-accounts")).status).toBe(404);
        const doc = await call(remote.app, "GET", "/api/openapi.json");
        expect(Object.keys(doc.json.paths)).not.toContain("/api/v1/auth/dev-login");
        expect(Object.keys(doc.json.paths)).toContain("/api/v1/auth/wechat");
      } finally {
        await remote.cleanup();
      }
    }
  });

  it("rate-limits login per client with 429", async () => {
    const limited = await createTestStack({ seed: false, env: { AUTH_RATE_LIMIT_PER_MINUTE: "3" } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        // A forged X-Forwarded-For does not make a new client.
        const headers = { "X-Forwarded-For": `203.0.113.${i}` };
        const result = await call(limited.app, "POST", "/api/v1/auth/dev-login", {
          body: { openid: "busy-user" },
          headers,
        });
        statuses.push(result.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // Per route: the WeChat login, behind the same limiter, still has its own window (its code
      // is refused by WeChat here, which is not a 429).
      const wechat = await call(limited.app, "POST", "/api/v1/auth/wechat", { body: { code: "nonsense" } });
      expect(wechat.status).not.toBe(429);
    } finally {
      await limited.cleanup();
    }
  });
});
