import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../setup/local-stack.js";

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack?.stop());

const json = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${stack.baseUrl}${path}`, init);
  return { status: response.status, headers: response.headers, body: await response.json() };
};

describe("the local stack over HTTP (npm start's entry)", () => {
  it("serves health, the API and the web build from one address", async () => {
    expect((await json("/api/v1/health")).body).toEqual({ status: "ok", db: "ok" });
    const page = await fetch(`${stack.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain('<div id="app"');
    const deepLink = await fetch(`${stack.baseUrl}/pages/home/index`);
    expect(deepLink.status).toBe(200);
    const traversal = await fetch(`${stack.baseUrl}/..%2f..%2fpackage.json`);
    expect(await traversal.text()).not.toContain("workspaces");
  });

  it("logs in a demo resident in one call and answers /me", async () => {
    const accounts = await json("/api/v1/auth/dev-accounts");
    expect(accounts.body.accounts[0].openid).toBe("demo-resident-1");
    const login = await json("/api/v1/auth/dev-login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ openid: "demo-resident-1" }),
    });
    expect(login.status).toBe(200);
    const me = await json("/api/v1/me", { headers: { Authorization: `Bearer ${login.body.token}` } });
    expect(me.body).toMatchObject({ nickname: "王秀兰", verification: { status: "verified" } });
    expect(me.headers.get("x-request-id")).toBeTruthy();
  });

  it("answers unknown API routes with the JSON error shape, not the web page", async () => {
    const result = await json("/api/v1/nothing-here");
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe("NOT_FOUND");
  });
});
