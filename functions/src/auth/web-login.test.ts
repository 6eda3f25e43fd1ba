import { createHash } from "node:crypto";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeWechat } from "../../../test/setup/fake-wechat.js";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { keys } from "../db/keys.js";
import { issueToken } from "./tokens.js";

const CHROME_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const COMMUNITY = "huanghe-west";

let stack: TestStack;
let staff: string;
let staff2: string;
let lawyer: string;
let admin: string;
let resident: string;

beforeAll(async () => {
  stack = await createTestStack();
  const token = (openid: string) => loginAs(stack.app, openid);
  staff = await token("demo-staff-1");
  staff2 = await token("demo-staff-2");
  lawyer = await token("demo-lawyer-1");
  admin = await token("demo-admin");
  resident = await token("demo-resident-1");
});
afterAll(() => stack.cleanup());

interface Created {
  ticketId: string;
  pollSecret: string;
  qr: string;
  expiresAt: string;
}

async function createTicket(userAgent = CHROME_WINDOWS, on: TestStack = stack): Promise<Created> {
  const result = await call(on.app, "POST", "/api/v1/auth/web-login", {
    headers: { "User-Agent": userAgent },
  });
  expect(result.status, result.text).toBe(201);
  return result.json;
}

const base = (ticketId: string) => `/api/v1/auth/web-login/${ticketId}`;
/** A token's claims, read without checking it (the API checks). */
const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString()) as Record<string, unknown>;
const read = (ticketId: string, token?: string) => call(stack.app, "GET", base(ticketId), { token });
const approve = (ticketId: string, token?: string) =>
  call(stack.app, "POST", `${base(ticketId)}/approve`, { token });
const deny = (ticketId: string, token?: string) =>
  call(stack.app, "POST", `${base(ticketId)}/deny`, { token });
const collect = (ticketId: string, pollSecret: string) =>
  call(stack.app, "POST", `${base(ticketId)}/token`, { body: { pollSecret } });

async function storedTicket(ticketId: string) {
  const { db } = stack.deps;
  return (
    await db.doc.send(
      new GetCommand({ TableName: db.tableName, Key: keys.webLoginTicket(ticketId), ConsistentRead: true }),
    )
  ).Item;
}

/** The web login entries of a community's audit log (approve, deny, collect), newest first. */
async function webLoginAudits(communityId: string, token = admin) {
  const page = await call(stack.app, "GET", `/api/v1/audit?communityId=${communityId}&limit=100`, { token });
  expect(page.status, page.text).toBe(200);
  return (page.json.items as { action: string; target: string }[]).filter((entry) =>
    entry.action.startsWith("auth.web_login_"),
  );
}

/** Moves the test clock for the body only. */
async function later<T>(seconds: number, body: () => Promise<T>): Promise<T> {
  stack.clock.advance(seconds * 1000);
  try {
    return await body();
  } finally {
    stack.clock.advance(-seconds * 1000);
  }
}

describe("scan to log in on a computer", () => {
  it("goes from a QR code to a staff session: create, look, approve, collect once", async () => {
    const created = await createTicket();
    expect(created.ticketId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created.pollSecret).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created.pollSecret).not.toBe(created.ticketId);
    expect(created.qr).toBe(`onedoor-web-login:${created.ticketId}`);
    const lifetime = Date.parse(created.expiresAt) - stack.clock.now().getTime();
    expect(lifetime).toBeGreaterThan(115_000);
    expect(lifetime).toBeLessThanOrEqual(120_000);

    // Stored: the secret's hash only, a browser summary and no raw header, a TTL in epoch seconds.
    const item = await storedTicket(created.ticketId);
    expect(item).toMatchObject({
      status: "pending",
      browser: "Chrome 131 · Windows",
      pollSecretHash: createHash("sha256").update(created.pollSecret).digest("base64url"),
    });
    expect(typeof item?.expiresAt).toBe("number");
    expect(item?.expiresAt).toBe(Math.floor(Date.parse(created.expiresAt) / 1000));
    expect(JSON.stringify(item)).not.toContain(created.pollSecret);
    expect(JSON.stringify(item)).not.toContain("Mozilla");

    const pending = await collect(created.ticketId, created.pollSecret);
    expect(pending.status).toBe(202);
    expect(pending.json).toEqual({ status: "pending" });
    expect(pending.headers.get("cache-control")).toBe("no-store");

    const shown = await read(created.ticketId, staff);
    expect(shown.status).toBe(200);
    expect(shown.json).toEqual({
      ticketId: created.ticketId,
      browser: "Chrome 131 · Windows",
      createdAt: expect.any(String),
      expiresAt: created.expiresAt,
      status: "pending",
    });

    const approved = await approve(created.ticketId, staff);
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.status).toBe("approved");
    expect(await storedTicket(created.ticketId)).toMatchObject({
      status: "approved",
      approvedBy: "u-demo-staff-1",
    });

    const session = await collect(created.ticketId, created.pollSecret);
    expect(session.status, session.text).toBe(200);
    // The same shape as /auth/wechat, for the approver.
    const wechatShape = await call(stack.app, "POST", "/api/v1/auth/dev-login", {
      body: { openid: "demo-staff-1" },
    });
    expect(Object.keys(session.json).sort()).toEqual(Object.keys(wechatShape.json).sort());
    expect(session.json.user).toEqual(wechatShape.json.user);
    expect(session.json.user).toMatchObject({ id: "u-demo-staff-1", roles: ["staff"] });
    const me = await call(stack.app, "GET", "/api/v1/me", { token: session.json.token });
    expect(me.status).toBe(200);
    expect(me.json.id).toBe("u-demo-staff-1");

    // Exactly once: the secret no longer buys anything, and the ticket cannot be decided again.
    const again = await collect(created.ticketId, created.pollSecret);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("WEB_LOGIN_USED");
    expect((await approve(created.ticketId, staff)).status).toBe(409);
    expect((await deny(created.ticketId, staff)).status).toBe(409);
    expect((await read(created.ticketId, staff)).json.status).toBe("consumed");

    // Audited in the staff member's community, with the browser and not the secret: the approval
    // and the handout of the token (newest first).
    const audits = (await webLoginAudits(COMMUNITY, staff)).filter((a) => a.target === created.ticketId);
    const entry = {
      actorId: "u-demo-staff-1",
      actorRole: "staff",
      subjectUserId: "u-demo-staff-1",
      details: { browser: "Chrome 131 · Windows" },
    };
    expect(audits).toEqual([
      expect.objectContaining({ ...entry, action: "auth.web_login_collect" }),
      expect.objectContaining({ ...entry, action: "auth.web_login_approve" }),
    ]);
    expect(stack.logLines.join("\n")).not.toContain(created.pollSecret);
  });

  it("lets lawyers and admins approve too; an admin without a community is audited in the deployment log", async () => {
    const forLawyer = await createTicket();
    expect((await approve(forLawyer.ticketId, lawyer)).status).toBe(200);
    const lawyerSession = await collect(forLawyer.ticketId, forLawyer.pollSecret);
    expect(lawyerSession.json.user.id).toBe("u-demo-lawyer-1");
    const lawyerAudits = (await webLoginAudits(COMMUNITY)).filter((a) => a.target === forLawyer.ticketId);
    expect(lawyerAudits.map((a) => a.action)).toEqual(["auth.web_login_collect", "auth.web_login_approve"]);
    for (const audit of lawyerAudits) expect(audit).toMatchObject({ actorRole: "lawyer" });

    const forAdmin = await createTicket();
    expect((await approve(forAdmin.ticketId, admin)).status).toBe(200);
    expect((await collect(forAdmin.ticketId, forAdmin.pollSecret)).json.user.id).toBe("u-demo-admin");
    const adminAudits = (await webLoginAudits("_deployment")).filter((a) => a.target === forAdmin.ticketId);
    expect(adminAudits.map((a) => a.action)).toEqual(["auth.web_login_collect", "auth.web_login_approve"]);
    for (const audit of adminAudits) expect(audit).toMatchObject({ actorRole: "admin" });
    // Staff cannot read the deployment's log.
    const staffReads = await call(stack.app, "GET", "/api/v1/audit?communityId=_deployment", {
      token: staff,
    });
    expect(staffReads.status).toBe(403);
  });

  it("refuses residents (403) and callers without a token (401), and the ticket stays pending", async () => {
    const created = await createTicket();
    for (const response of [
      await read(created.ticketId, resident),
      await approve(created.ticketId, resident),
      await deny(created.ticketId, resident),
    ]) {
      expect(response.status).toBe(403);
      expect(response.json.error.code).toBe("WEB_LOGIN_STAFF_ONLY");
    }
    // Even for a ticket that does not exist: a resident learns nothing about tickets.
    expect((await read("AAAAAAAAAAAAAAAAAAAAAA", resident)).status).toBe(403);
    for (const response of [
      await read(created.ticketId),
      await approve(created.ticketId),
      await deny(created.ticketId),
    ]) {
      expect(response.status).toBe(401);
    }
    expect((await storedTicket(created.ticketId))?.status).toBe("pending");
    expect((await collect(created.ticketId, created.pollSecret)).status).toBe(202);
  });

  it("answers a wrong poll secret like an unknown ticket (404), without spending the ticket", async () => {
    const created = await createTicket();
    const other = await createTicket();
    const unknown = await collect("AAAAAAAAAAAAAAAAAAAAAA", created.pollSecret);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("WEB_LOGIN_EXPIRED");

    const wrongPending = await collect(created.ticketId, other.pollSecret);
    expect(wrongPending.status).toBe(404);
    expect(wrongPending.json.error).toMatchObject({ code: unknown.json.error.code });
    expect(wrongPending.json.error.message).toBe(unknown.json.error.message);

    expect((await approve(created.ticketId, staff)).status).toBe(200);
    const wrongApproved = await collect(created.ticketId, other.pollSecret);
    expect(wrongApproved.status).toBe(404);
    expect(wrongApproved.json.error.code).toBe("WEB_LOGIN_EXPIRED");
    expect((await storedTicket(created.ticketId))?.status).toBe("approved");
    // The browser that holds the right secret still gets its session.
    expect((await collect(created.ticketId, created.pollSecret)).status).toBe(200);
  });

  it("expires after 2 minutes (injected clock): nothing can be seen, decided or collected", async () => {
    const created = await createTicket();
    const approvedInTime = await createTicket();
    expect((await approve(approvedInTime.ticketId, staff)).status).toBe(200);
    // Still there at 1:55.
    expect((await later(115, () => read(created.ticketId, staff))).status).toBe(200);

    await later(121, async () => {
      for (const response of [
        await read(created.ticketId, staff),
        await approve(created.ticketId, staff),
        await deny(created.ticketId, staff),
        await collect(created.ticketId, created.pollSecret),
        // Approved in time but not collected in time.
        await collect(approvedInTime.ticketId, approvedInTime.pollSecret),
      ]) {
        expect(response.status).toBe(404);
        expect(response.json.error.code).toBe("WEB_LOGIN_EXPIRED");
      }
    });
    // The late approval wrote nothing, and no audit entry.
    expect((await storedTicket(created.ticketId))?.status).toBe("pending");
    expect((await webLoginAudits(COMMUNITY)).some((a) => a.target === created.ticketId)).toBe(false);
  });

  it("hands out exactly one token when 20 polls arrive together", async () => {
    const created = await createTicket();
    expect((await approve(created.ticketId, staff)).status).toBe(200);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => collect(created.ticketId, created.pollSecret)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(results.filter((r) => r.json?.token)).toHaveLength(1);
    expect((await storedTicket(created.ticketId))?.status).toBe("consumed");
    const collected = (await webLoginAudits(COMMUNITY)).filter(
      (a) => a.target === created.ticketId && a.action === "auth.web_login_collect",
    );
    expect(collected).toHaveLength(1);
  });

  it("lets exactly one of 10 simultaneous approvals and refusals win, with one audit entry", async () => {
    const created = await createTicket();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? approve(created.ticketId, i % 4 === 0 ? staff : staff2)
          : deny(created.ticketId, staff2),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    // One audit entry, the winner's: approve or deny, as the ticket says.
    const stored = await storedTicket(created.ticketId);
    const audits = (await webLoginAudits(COMMUNITY)).filter((a) => a.target === created.ticketId);
    expect(audits.map((a) => a.action)).toEqual([
      stored?.status === "approved" ? "auth.web_login_approve" : "auth.web_login_deny",
    ]);
  });

  it("refuses on deny (audited): the browser gets 403 WEB_LOGIN_DENIED and the ticket cannot be approved after", async () => {
    const created = await createTicket();
    const denied = await deny(created.ticketId, staff);
    expect(denied.status).toBe(200);
    expect(denied.json.status).toBe("denied");
    const polled = await collect(created.ticketId, created.pollSecret);
    expect(polled.status).toBe(403);
    expect(polled.json.error.code).toBe("WEB_LOGIN_DENIED");
    const late = await approve(created.ticketId, staff);
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe("WEB_LOGIN_NOT_PENDING");
    expect((await deny(created.ticketId, staff)).status).toBe(409);
    expect(await storedTicket(created.ticketId)).toMatchObject({
      status: "denied",
      deniedBy: "u-demo-staff-1",
    });
    // The refusal is audited like an approval, in the same transaction; nothing else is.
    const audits = (await webLoginAudits(COMMUNITY)).filter((a) => a.target === created.ticketId);
    expect(audits).toEqual([
      expect.objectContaining({
        action: "auth.web_login_deny",
        actorId: "u-demo-staff-1",
        actorRole: "staff",
        subjectUserId: "u-demo-staff-1",
        details: { browser: "Chrome 131 · Windows" },
      }),
    ]);
  });

  it("gives no session when the approver lost their role before the browser collected: spent, not audited as a handout", async () => {
    const created = await createTicket();
    expect((await approve(created.ticketId, staff2)).status).toBe(200);
    const { db } = stack.deps;
    const setRoles = (roles: string[], staffCommunityIds: string[]) =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: keys.user("u-demo-staff-2"),
          UpdateExpression: "SET #roles = :roles, staffCommunityIds = :communities",
          ExpressionAttributeNames: { "#roles": "roles" },
          ExpressionAttributeValues: { ":roles": roles, ":communities": staffCommunityIds },
        }),
      );
    await setRoles(["resident"], []);
    try {
      const polled = await collect(created.ticketId, created.pollSecret);
      expect(polled.status).toBe(403);
      expect(polled.json.error.code).toBe("WEB_LOGIN_DENIED");
      expect(polled.json.token).toBeUndefined();
      expect((await storedTicket(created.ticketId))?.status).toBe("consumed");
      const audits = (await webLoginAudits(COMMUNITY)).filter((a) => a.target === created.ticketId);
      expect(audits.map((a) => a.action)).toEqual(["auth.web_login_approve"]);
    } finally {
      await setRoles(["staff"], [COMMUNITY]);
    }
  });

  it("answers bad input with 400 and field details, and writes nothing", async () => {
    const created = await createTicket();
    const auditsBefore = (await webLoginAudits(COMMUNITY)).length;
    for (const body of [
      {},
      { pollSecret: "short" },
      { pollSecret: 42 },
      { pollSecret: created.pollSecret, x: 1 },
    ]) {
      const result = await call(stack.app, "POST", `${base(created.ticketId)}/token`, { body });
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.json.error.code).toBe("VALIDATION_FAILED");
      expect(result.json.error.details.length).toBeGreaterThan(0);
    }
    const missing = await call(stack.app, "POST", `${base(created.ticketId)}/token`, { body: {} });
    expect(missing.json.error.details.map((d: { path: string }) => d.path)).toContain("pollSecret");
    const notJson = await call(stack.app, "POST", `${base(created.ticketId)}/token`, { body: "{nope" });
    expect(notJson.status).toBe(400);

    for (const badId of ["short", "AAAAAAAAAAAAAAAAAAAAA%23", `${created.ticketId}x`]) {
      for (const result of [
        await read(badId, staff),
        await approve(badId, staff),
        await deny(badId, staff),
        await collect(badId, created.pollSecret),
      ]) {
        expect(result.status, badId).toBe(400);
        expect(result.json.error.details.map((d: { path: string }) => d.path)).toContain("param.ticketId");
      }
    }
    expect(await storedTicket(created.ticketId)).toMatchObject({ status: "pending" });
    expect((await webLoginAudits(COMMUNITY)).length).toBe(auditsBefore);
    expect((await collect(created.ticketId, created.pollSecret)).status).toBe(202);
  });

  it("keeps no browser summary when the User-Agent says nothing it knows", async () => {
    const created = await createTicket("curl/8.5.0");
    expect((await read(created.ticketId, staff)).json.browser).toBeNull();
  });

  it("documents the five routes", async () => {
    const doc = await call(stack.app, "GET", "/api/openapi.json");
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/auth/web-login",
        "/api/v1/auth/web-login/{ticketId}",
        "/api/v1/auth/web-login/{ticketId}/approve",
        "/api/v1/auth/web-login/{ticketId}/deny",
        "/api/v1/auth/web-login/{ticketId}/token",
      ]),
    );
  });
});

describe("only the phone that scanned decides (a WeChat login)", () => {
  const decisions = (ticketId: string, token: string) =>
    Promise.all([read(ticketId, token), approve(ticketId, token), deny(ticketId, token)]);

  async function expectRefusedAndUntouched(ticket: Created, token: string) {
    for (const response of await decisions(ticket.ticketId, token)) {
      expect(response.status, response.text).toBe(403);
      expect(response.json.error.code).toBe("WEB_LOGIN_PHONE_ONLY");
    }
    expect((await storedTicket(ticket.ticketId))?.status).toBe("pending");
    expect((await webLoginAudits(COMMUNITY)).some((a) => a.target === ticket.ticketId)).toBe(false);
    expect((await collect(ticket.ticketId, ticket.pollSecret)).status).toBe(202);
  }

  it("says in the token how it was issued: dev login, WeChat login, web login", async () => {
    expect(claims(staff).amr).toBe("dev");
    const created = await createTicket();
    expect((await approve(created.ticketId, staff)).status).toBe(200);
    const web = (await collect(created.ticketId, created.pollSecret)).json.token as string;
    expect(claims(web)).toMatchObject({ sub: "u-demo-staff-1", amr: "web" });
  });

  it("refuses a session the web build got by scanning: a lured browser cannot approve someone else's code", async () => {
    const mine = await createTicket();
    expect((await approve(mine.ticketId, staff)).status).toBe(200);
    const webSession = (await collect(mine.ticketId, mine.pollSecret)).json.token as string;
    // An ordinary session everywhere else.
    expect((await call(stack.app, "GET", "/api/v1/me", { token: webSession })).status).toBe(200);

    // The attacker's code, opened through a link in the logged-in staff member's browser.
    const attackers = await createTicket();
    await expectRefusedAndUntouched(attackers, webSession);
  });

  it("refuses a token from before tokens said how they were issued, on these routes only", async () => {
    const { config } = stack.deps;
    const now = Math.floor(stack.clock.now().getTime() / 1000);
    const legacy = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject("u-demo-staff-1")
      .setIssuer("onedoor")
      .setAudience("onedoor-api")
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(config.JWT_SECRET));
    expect((await call(stack.app, "GET", "/api/v1/me", { token: legacy })).status).toBe(200);
    await expectRefusedAndUntouched(await createTicket(), legacy);
  });

  it("outside the local stage: a WeChat login approves, the dev login's kind of token does not", async () => {
    const wechat = await startFakeWechat("wx-test-app", "test-app-secret");
    const remote = await createTestStack({ stage: "dev", wechatBase: wechat.base });
    try {
      const login = await call(remote.app, "POST", "/api/v1/auth/wechat", {
        body: { code: "good-demo-staff-1" },
      });
      expect(login.status, login.text).toBe(200);
      const phone = login.json.token as string;
      expect(claims(phone).amr).toBe("wechat");

      const dev = (
        await issueToken(remote.deps.config.JWT_SECRET, "u-demo-staff-1", 3600, remote.clock.now(), "dev")
      ).token;
      const ticket = await createTicket(CHROME_WINDOWS, remote);
      for (const response of [
        await call(remote.app, "GET", base(ticket.ticketId), { token: dev }),
        await call(remote.app, "POST", `${base(ticket.ticketId)}/approve`, { token: dev }),
        await call(remote.app, "POST", `${base(ticket.ticketId)}/deny`, { token: dev }),
      ]) {
        expect(response.status).toBe(403);
        expect(response.json.error.code).toBe("WEB_LOGIN_PHONE_ONLY");
      }

      expect((await call(remote.app, "GET", base(ticket.ticketId), { token: phone })).status).toBe(200);
      const approved = await call(remote.app, "POST", `${base(ticket.ticketId)}/approve`, { token: phone });
      expect(approved.status, approved.text).toBe(200);
      const session = await call(remote.app, "POST", `${base(ticket.ticketId)}/token`, {
        body: { pollSecret: ticket.pollSecret },
      });
      expect(session.status).toBe(200);

      // The computer's new session approves nothing either.
      const next = await createTicket(CHROME_WINDOWS, remote);
      const refused = await call(remote.app, "POST", `${base(next.ticketId)}/approve`, {
        token: session.json.token,
      });
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe("WEB_LOGIN_PHONE_ONLY");
    } finally {
      await remote.cleanup();
      await wechat.stop();
    }
  });
});

describe("rate limits", () => {
  it("limits ticket creation like the login routes, and polling to 60 a minute per client over all tickets", async () => {
    const limited = await createTestStack({ seed: false, env: { AUTH_RATE_LIMIT_PER_MINUTE: "3" } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await call(limited.app, "POST", "/api/v1/auth/web-login")).status);
      }
      expect(statuses).toEqual([201, 201, 201, 429, 429]);

      const stack2 = await createTestStack({ seed: false, env: { AUTH_RATE_LIMIT_PER_MINUTE: "3" } });
      try {
        const first = (await call(stack2.app, "POST", "/api/v1/auth/web-login")).json as Created;
        const second = (await call(stack2.app, "POST", "/api/v1/auth/web-login")).json as Created;
        const poll = async (ticket: Created) =>
          (
            await call(stack2.app, "POST", `${base(ticket.ticketId)}/token`, {
              body: { pollSecret: ticket.pollSecret },
            })
          ).status;
        const polls = [];
        // Two tickets (two tabs, say), 30 polls each: a browser polling every 2 s makes 30 a minute.
        for (let i = 0; i < 30; i++) polls.push(await poll(first), await poll(second));
        expect(polls).toEqual(Array(60).fill(202));
        // The window is the client's, not a ticket's: neither ticket, nor a fresh one, nor an id
        // that does not exist opens a new one.
        const third = (await call(stack2.app, "POST", "/api/v1/auth/web-login")).json as Created;
        expect([
          await poll(first),
          await poll(second),
          await poll(third),
          await poll({ ...first, ticketId: "AAAAAAAAAAAAAAAAAAAAAA" }),
        ]).toEqual([429, 429, 429, 429]);
        // Creating tickets has a window of its own (the 4th in this minute).
        expect((await call(stack2.app, "POST", "/api/v1/auth/web-login")).status).toBe(429);
      } finally {
        await stack2.cleanup();
      }
    } finally {
      await limited.cleanup();
    }
  });
});
