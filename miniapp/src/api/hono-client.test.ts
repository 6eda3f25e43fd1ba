import { Hono } from "hono";
import { hc } from "hono/client";
import { validator } from "hono/validator";
import { afterEach, describe, expect, it } from "vitest";
import { withUnauthorizedHandler } from "./auth-fetch";
import { unwrap } from "./errors";
import { HeadersShim } from "./headers";
import { createTaroFetch, type TaroRequest } from "./taro-fetch";

// A stand-in for the real API, reached through the adapter exactly as the mini-program does.
const app = new Hono()
  .get("/api/v1/me", (c) => {
    if (c.req.header("authorization") !== "Bearer good")
      return c.json({ error: { code: "UNAUTHORIZED", message: "x" } }, 401);
    return c.json({ id: "u1", nickname: "王阿姨" }, 200);
  })
  .get(
    "/api/v1/verification-requests",
    validator("query", (q) => q as { status: string; cursor?: string }),
    (c) => c.json({ status: c.req.query("status") ?? null, cursor: c.req.query("cursor") ?? null }, 200),
  )
  .post(
    "/api/v1/residents/:userId/verify",
    validator("json", (body) => body as { householdId: string }),
    (c) =>
      c.json(
        {
          userId: c.req.param("userId"),
          body: c.req.valid("json"),
          key: c.req.header("idempotency-key") ?? null,
        },
        200,
      ),
  );

// Plays Taro.request: hands the call to the Hono app and reports what came back.
const request: TaroRequest = async (options) => {
  const init: RequestInit = { method: options.method, headers: options.header };
  if (options.data !== undefined) init.body = options.data;
  const res = await app.request(options.url, init);
  const header: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    header[key] = value;
  });
  return { statusCode: res.status, data: await res.text(), header };
};

const realHeaders = globalThis.Headers;
afterEach(() => {
  globalThis.Headers = realHeaders;
});

describe("hc over the Taro adapter", () => {
  it("works without a native Headers (as in WeChat) and sends token, params, query and JSON", async () => {
    globalThis.Headers = HeadersShim as unknown as typeof Headers;
    let token = "good";
    const client = hc<typeof app>("http://api.test", {
      fetch: createTaroFetch(request) as unknown as typeof fetch,
      headers: () => ({ Authorization: `Bearer ${token}` }),
    });
    await expect(unwrap(client.api.v1.me.$get())).resolves.toEqual({ id: "u1", nickname: "王阿姨" });
    await expect(
      unwrap(client.api.v1["verification-requests"].$get({ query: { status: "pending", cursor: "c 1" } })),
    ).resolves.toEqual({ status: "pending", cursor: "c 1" });
    await expect(
      unwrap(
        client.api.v1.residents[":userId"].verify.$post(
          { param: { userId: "u9" }, json: { householdId: "h1" } },
          { headers: { "Idempotency-Key": "k1" } },
        ),
      ),
    ).resolves.toEqual({ userId: "u9", body: { householdId: "h1" }, key: "k1" });
    token = "stale";
    await expect(unwrap(client.api.v1.me.$get())).rejects.toMatchObject({
      status: 401,
      code: "UNAUTHORIZED",
    });
  });

  it("lets a 401 from any call trigger the session handler", async () => {
    let loggedOut = 0;
    const client = hc<typeof app>("http://api.test", {
      fetch: withUnauthorizedHandler(createTaroFetch(request), () => {
        loggedOut++;
      }) as unknown as typeof fetch,
    });
    const res = await client.api.v1.me.$get();
    expect(res.status).toBe(401);
    expect(loggedOut).toBe(1);
  });
});
