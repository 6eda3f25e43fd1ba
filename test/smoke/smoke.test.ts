import { spawn } from "node:child_process";
import { createServer as createTcpServer, type Server } from "node:net";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginWithOpenid } from "../../functions/src/auth/service.js";
import { freePort, repoRoot } from "../../functions/src/db/dynamodb-local.js";
import { createTestStack, type TestStack } from "../setup/harness.js";
import { main, runSmoke } from "./smoke.js";

interface Listening {
  base: string;
  close(): Promise<void>;
}

/** Serves `fetch` over real HTTP on a free loopback port, as @hono/node-server does for `npm start`. */
function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<Listening> {
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
      resolve({
        base: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}

/** A stand-in for the CloudFront distribution: the H5 page with headers, /api/* forwarded to the API. */
function webSite(api: TestStack["app"], options: { csp: boolean }) {
  const site = new Hono();
  site.all("/api/*", (c) => api.fetch(c.req.raw));
  site.use(
    "*",
    secureHeaders({ contentSecurityPolicy: options.csp ? { defaultSrc: ["'self'"] } : undefined }),
  );
  site.get("/", (c) => c.html('<!DOCTYPE html><html><body><div id="app"></div></body></html>'));
  return site;
}

/** Runs the operator's entry (npm run smoke) as a child process. */
function runCli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    let output = "";
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(repoRoot, "infra/scripts/smoke.ts"), ...args],
      {
        cwd: repoRoot,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout.on("data", (chunk) => {
      output += String(chunk);
    });
    child.stderr.on("data", (chunk) => {
      output += String(chunk);
    });
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("smoke test against a deployed-like stage (STAGE=staging, dev login absent)", () => {
  let stack: TestStack;
  let api: Listening;
  let web: Listening;
  let token: string;
  beforeAll(async () => {
    stack = await createTestStack({ stage: "staging" });
    api = await listen(stack.app.fetch);
    web = await listen(webSite(stack.app, { csp: true }).fetch);
    // What a WeChat login ends in, without WeChat: a token for a seeded staff member.
    token = (await loginWithOpenid(stack.deps, "wechat", "demo-staff-1")).token;
  });
  afterAll(async () => {
    await api?.close();
    await web?.close();
    await stack?.cleanup();
  });

  it("passes every check, the table read included when given a token", async () => {
    const report = await runSmoke({ url: api.base, web: web.base, token });
    expect(report.results.map((r) => [r.name, r.ok, r.skipped ?? false, r.status])).toEqual([
      ["API health (round trip to the table)", true, false, 200],
      ["dev login absent", true, false, 404],
      ["auth gate (no token → 401 error shape)", true, false, 401],
      ["read through the table (communities)", true, false, 200],
      ["web page and security headers", true, false, 200],
      ["API through the web host", true, false, 200],
    ]);
    expect(report.ok).toBe(true);
    expect(report.results[3]?.detail).toBe("2 communities");
  });

  it("skips the table read without a token and still passes", async () => {
    const report = await runSmoke({ url: `${api.base}/api/v1/` });
    expect(report.ok).toBe(true);
    expect(report.results.find((r) => r.skipped)?.name).toBe("read through the table (communities)");
  });

  it("fails the web check when a security header is missing", async () => {
    const bare = await listen(webSite(stack.app, { csp: false }).fetch);
    try {
      const report = await runSmoke({ url: api.base, web: bare.base });
      const page = report.results.find((r) => r.name === "web page and security headers");
      expect(page).toMatchObject({
        ok: false,
        status: 200,
        detail: "missing header(s): content-security-policy",
      });
      expect(report.ok).toBe(false);
    } finally {
      await bare.close();
    }
  });

  it("runs as `npm run smoke` runs it: exit 0, one line per check", async () => {
    const { code, output } = await runCli(["--url", api.base, "--web", web.base], { SMOKE_TOKEN: token });
    expect(output).toContain("All checks passed.");
    expect(output.split("\n").filter((line) => line.startsWith("✓"))).toHaveLength(6);
    expect(code).toBe(0);
  });
});

describe("smoke test against the local stage (dev login present)", () => {
  let stack: TestStack;
  let api: Listening;
  beforeAll(async () => {
    stack = await createTestStack({ stage: "local" });
    api = await listen(stack.app.fetch);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.cleanup();
  });

  it("fails the dev-login check, and only that one, and exits 1", async () => {
    const report = await runSmoke({ url: api.base });
    expect(report.ok).toBe(false);
    expect(report.results.filter((r) => !r.ok)).toEqual([
      expect.objectContaining({ name: "dev login absent", status: 400 }),
    ]);
    const lines: string[] = [];
    expect(await main(["--url", api.base], { print: (line) => lines.push(line), env: {} })).toBe(1);
    expect(lines.find((line) => line.startsWith("✗"))).toContain("dev login absent");
    expect(lines.at(-1)).toBe("1 check(s) failed.");
  });
});

describe("smoke test against an address that does not answer", () => {
  it("fails cleanly when nothing listens, without waiting for the other checks", async () => {
    const base = `http://127.0.0.1:${await freePort()}`;
    const lines: string[] = [];
    const started = Date.now();
    expect(await main(["--url", base], { print: (line) => lines.push(line), env: {} })).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(lines[1]).toMatch(/^✗ API health .*connection refused/);
    expect(lines).toContain(
      `No answer from ${base}: connection refused (nothing listens there). Is the URL right (the stack's outputs) and the stage deployed?`,
    );
  });

  it("gives up on a host that accepts but never answers after the timeout", async () => {
    const sockets: import("node:net").Socket[] = [];
    const silent: Server = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((done) => silent.listen(0, "127.0.0.1", done));
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const report = await runSmoke({ url: `http://127.0.0.1:${port}`, timeoutMs: 300 });
      expect(report.ok).toBe(false);
      expect(report.results[0]).toMatchObject({ unreachable: true, detail: "no answer within 0.3 s" });
      expect(report.results[0]?.ms).toBeLessThan(2000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => silent.close(() => done()));
    }
  });

  it("answers --help and refuses a missing --url", async () => {
    const lines: string[] = [];
    expect(await main(["--help"], { print: (line) => lines.push(line) })).toBe(0);
    expect(lines[0]).toContain("Usage: npm run smoke -- --url");
    expect(await main([], { print: (line) => lines.push(line) })).toBe(2);
    expect(await main(["--url", "x", "--nope"], { print: (line) => lines.push(line) })).toBe(2);
  });
});
