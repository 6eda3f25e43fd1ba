import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, type TestStack } from "../../test/setup/harness.js";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack({ seed: false });
});
afterAll(() => stack.cleanup());

describe("API skeleton", () => {
  it("reports health with a real database round trip", async () => {
    const ok = await call(stack.app, "GET", "/api/v1/health");
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ status: "ok", db: "ok" });
  });

  it("reports the database unreachable when its table is gone", async () => {
    const broken = await createTestStack({ seed: false });
    await broken.cleanup();
    const result = await call(broken.app, "GET", "/api/v1/health");
    expect(result.status).toBe(503);
    expect(result.json).toEqual({ status: "degraded", db: "unreachable" });
  });

  it("serves a valid OpenAPI 3 document listing the routes, and the docs page", async () => {
    const doc = await call(stack.app, "GET", "/api/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toMatch(/^3\./);
    expect(doc.json.info.title).toContain("OneDoor");
    for (const path of [
      "/api/v1/health",
      "/api/v1/me",
      "/api/v1/auth/wechat",
      "/api/v1/households",
      "/api/v1/residents/{userId}/verify",
    ]) {
      expect(Object.keys(doc.json.paths)).toContain(path);
    }
    expect(doc.json.components.schemas.Error).toBeDefined();
    const docs = await call(stack.app, "GET", "/api/docs");
    expect(docs.status).toBe(200);
    expect(docs.text).toContain("swagger");
  });

  it("answers an unknown route with 404 in the error shape and a request id", async () => {
    const result = await call(stack.app, "GET", "/api/v1/no-such-thing");
    expect(result.status).toBe(404);
    expect(result.json.error).toMatchObject({ code: "NOT_FOUND", message: expect.any(String) });
    expect(result.json.error.requestId).toBe(result.headers.get("x-request-id"));
  });

  it("turns malformed JSON and schema violations into 400 VALIDATION_FAILED with field details", async () => {
    const malformed = await call(stack.app, "POST", "/api/v1/auth/dev-login", { body: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("VALIDATION_FAILED");

    const wrong = await call(stack.app, "POST", "/api/v1/auth/dev-login", {
      body: { openid: 42, extra: true },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe("VALIDATION_FAILED");
    const paths = wrong.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain("openid");

    const missing = await call(stack.app, "POST", "/api/v1/auth/dev-login", { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details[0].path).toBe("openid");
  });

  it("refuses a body over 64 KB with 413 and writes nothing", async () => {
    const result = await call(stack.app, "POST", "/api/v1/auth/dev-login", {
      body: { openid: "big-body-user", nickname: "x".repeat(70 * 1024) },
    });
    expect(result.status).toBe(413);
    expect(result.json.error.code).toBe("PAYLOAD_TOO_LARGE");
    const after = await call(stack.app, "POST", "/api/v1/auth/dev-login", {
      body: { openid: "big-body-user" },
    });
    expect(after.json.user.nickname).toBe("微信用户");
  });

  it("refuses a non-JSON content type with 400 naming the header", async () => {
    const result = await call(stack.app, "POST", "/api/v1/auth/dev-login", {
      body: "openid=abc",
      headers: { "Content-Type": "text/plain" },
    });
    expect(result.status).toBe(400);
    expect(result.json.error.code).toBe("VALIDATION_FAILED");
    expect(result.json.error.details[0].path).toBe("header.Content-Type");
  });

  it("answers a transaction conflict with 409 CONFLICT_RETRY, not 500", async () => {
    const { TransactionCanceledException } = await import("@aws-sdk/client-dynamodb");
    const send = stack.deps.db.doc.send.bind(stack.deps.db.doc);
    // DynamoDB Local never produces TransactionConflict under load, so inject one.
    stack.deps.db.doc.send = (async (command: { constructor: { name: string } }) => {
      if (command.constructor.name === "TransactWriteCommand") {
        throw new TransactionCanceledException({
          message: "Transaction cancelled",
          $metadata: {},
          CancellationReasons: [{ Code: "None" }, { Code: "TransactionConflict" }],
        });
      }
      return send(command as never);
    }) as typeof stack.deps.db.doc.send;
    try {
      const result = await call(stack.app, "POST", "/api/v1/auth/dev-login", {
        body: { openid: "conflicted-user" },
      });
      expect(result.status).toBe(409);
      expect(result.json.error.code).toBe("CONFLICT_RETRY");
    } finally {
      stack.deps.db.doc.send = send;
    }
  });

  it("sets a request id and security headers on every response", async () => {
    for (const path of ["/api/v1/health", "/api/v1/nope", "/api/v1/me"]) {
      const result = await call(stack.app, "GET", path);
      expect(result.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(result.headers.get("x-content-type-options")).toBe("nosniff");
      expect(result.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(result.headers.get("strict-transport-security")).toContain("max-age");
    }
  });

  it("allows CORS only for configured origins", async () => {
    const allowed = await call(stack.app, "OPTIONS", "/api/v1/health", {
      headers: { Origin: "https://admin.onedoor.example", "Access-Control-Request-Method": "GET" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://admin.onedoor.example");
    const other = await call(stack.app, "OPTIONS", "/api/v1/health", {
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "GET" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("never leaks internals on a 500", async () => {
    const failing = await createTestStack({ seed: false });
    await failing.cleanup();
    // The table is gone: login hits a DynamoDB ResourceNotFoundException.
    const result = await call(failing.app, "POST", "/api/v1/auth/dev-login", { body: { openid: "someone" } });
    expect(result.status).toBe(500);
    expect(result.json.error.code).toBe("INTERNAL");
    expect(result.text).not.toMatch(/ResourceNotFound|dynamodb|at .*\.ts/i);
  });
});

describe("logs", () => {
  it("are JSON lines without phone or ID numbers", async () => {
    const token = (
      await call(stack.app, "POST", "/api/v1/auth/dev-login", { body: { openid: "log-check-user" } })
    ).json.token;
    await call(stack.app, "GET", "/api/v1/nope/13812345678/110101199003077777", { token });
    expect(stack.logLines.length).toBeGreaterThan(0);
    for (const line of stack.logLines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain("13812345678");
      expect(line).not.toContain("110101199003077777");
    }
    expect(stack.logLines.some((line) => line.includes("[phone]") && line.includes("[id-number]"))).toBe(
      true,
    );
  });
});
