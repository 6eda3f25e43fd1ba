import type { Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../setup/local-stack.js";
import { assertH5Build, callApi, decodeQr, devToken, type H5, openH5 } from "./h5.js";

/**
 * 扫码登录电脑版 through the web build: the login page on a computer shows a QR code (decoded here
 * from a picture with jsQR: it carries the ticket id and nothing else), after waiting out a 429 by
 * itself; a resident cannot approve it; the web build's own confirm page refuses to confirm
 * anything (only the mini-program does: its confirm page is tested and pictured in test/weapp);
 * a refusal and an approval — sent to the API as the mini-program sends them, with a dev-login
 * token, which the local stage accepts in place of a WeChat login — reach the computer; an
 * expired code is refreshed; the approval logs the computer in as the staff member, once, and
 * that session cannot approve another code.
 */
const STAFF = "demo-staff-1";
const STAFF_NAME = "刘敏";
const PHONE_STAFF = "demo-staff-2";
const QR = /^onedoor-web-login:([A-Za-z0-9_-]{22})$/;

interface Created {
  ticketId: string;
  pollSecret: string;
  qr: string;
  expiresAt: string;
}

let stack: LocalStack;
let computer: H5;
let phone: H5;
/** Every ticket the computer's page asked for, as the API answered (the poll secret stays in the page). */
const created: Created[] = [];
let ticketId: string;

const api = <T>(path: string, init: { token?: string; body?: unknown; method?: string } = {}) =>
  callApi<T>(stack, path, init);
const status = () => computer.text("#web-login-status");

/** The code on the computer's screen, once one is there, decoded from a picture of it. */
async function scanComputerScreen(): Promise<string> {
  await computer.shown("#web-login-qr").waitFor();
  const text = await decodeQr(computer, "#web-login-qr");
  const match = QR.exec(text ?? "");
  expect(match, `decoded: ${text}`).not.toBeNull();
  return match?.[1] as string;
}

beforeAll(async () => {
  assertH5Build();
  stack = await startLocalStack();
  computer = await openH5(stack, "web-login");
  await computer.page.setViewportSize({ width: 1280, height: 900 });
  computer.page.on("response", (response: Response) => {
    const request = response.request();
    if (
      request.method() === "POST" &&
      request.url().endsWith("/api/v1/auth/web-login") &&
      response.status() === 201
    ) {
      void response.json().then((body: Created) => created.push(body));
    }
  });
  phone = await openH5(stack, "web-login-phone");
}, 180_000);

afterAll(async () => {
  await computer?.close();
  await phone?.close();
  await stack?.stop();
});

describe("H5: scan to log in on a computer", () => {
  it("waits out a 429 by itself, then shows a QR code that carries the ticket id only, next to the demo accounts (local stage)", async () => {
    // The first ticket request is refused as too many; the card says so and tries again in 5 s.
    const createCalls = `${stack.baseUrl}/api/v1/auth/web-login`;
    let refused = 0;
    await computer.page.route(createCalls, (route) => {
      if (route.request().method() !== "POST" || refused > 0) return route.continue();
      refused++;
      return route.fulfill({
        status: 429,
        contentType: "application/json",
        headers: { "Retry-After": "30" },
        body: JSON.stringify({ error: { code: "RATE_LIMITED", message: "busy", requestId: "e2e" } }),
      });
    });
    await computer.page.goto(stack.baseUrl);
    await computer.page.waitForFunction(
      () =>
        document.querySelector("#web-login-status")?.textContent?.includes("请求过于频繁，5 秒后自动重试"),
      undefined,
      { timeout: 30_000 },
    );
    expect(refused).toBe(1);
    expect(await computer.shown("#web-login-refresh").count()).toBe(0);

    await computer.shown("#login-page").waitFor({ timeout: 30_000 });
    const card = computer.shown("#web-login-card");
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain("扫码登录");
    await expect(card.textContent()).resolves.toContain(
      "用一门通小程序“我的”页中的“扫码登录电脑版”扫描此码（工作人员、律师）",
    );
    await computer.shown(`#demo-account-${STAFF}`).waitFor();

    ticketId = await scanComputerScreen();
    await computer.page.unroute(createCalls);
    expect(created.at(-1)?.ticketId).toBe(ticketId);
    expect(created.at(-1)?.qr).toBe(`onedoor-web-login:${ticketId}`);
    await expect(status()).resolves.toContain("在手机上确认登录");
    await computer.shot("qr");
  });

  it("refuses a resident's approval with 403, and the computer keeps waiting", async () => {
    const resident = await devToken(stack, "demo-resident-1");
    const look = await api<{ error: { code: string } }>(`/auth/web-login/${ticketId}`, { token: resident });
    expect(look.status).toBe(403);
    const approve = await api<{ error: { code: string } }>(`/auth/web-login/${ticketId}/approve`, {
      token: resident,
      method: "POST",
    });
    expect(approve.status).toBe(403);
    expect(approve.json.error.code).toBe("WEB_LOGIN_STAFF_ONLY");

    await computer.page.waitForTimeout(2500);
    expect(await computer.shown("#web-login-qr").count()).toBe(1);
    expect(await computer.page.evaluate(() => localStorage.getItem("onedoor.token"))).toBeNull();
  });

  it("refuses on the web build's confirm page, asking nothing; a refusal from the phone reaches the computer", async () => {
    // A staff member logged in on the web, lured to a confirm link for someone else's code.
    await phone.loginAs(PHONE_STAFF);
    const asked: string[] = [];
    phone.page.on("request", (request) => {
      if (request.url().includes("/api/v1/auth/web-login"))
        asked.push(`${request.method()} ${request.url()}`);
    });
    await phone.page.goto(`${stack.baseUrl}/#/pages/me/web-login/index?id=${ticketId}`);
    const refusal = phone.shown("#web-login-phone-only");
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain("请在手机上的一门通小程序中扫码确认");
    expect(await phone.shown("#web-login-approve").count()).toBe(0);
    await phone.shot("refused", "#web-login-confirm-page");
    expect(asked).toEqual([]);

    // The refusal as the mini-program sends it (pages/me/web-login in WeChat, see test/weapp).
    const fromPhone = await devToken(stack, PHONE_STAFF);
    const look = await api<{ browser: string }>(`/auth/web-login/${ticketId}`, { token: fromPhone });
    expect(look.status).toBe(200);
    expect(look.json.browser).toMatch(/^Chrome \d+ · Linux$/);
    const deny = await api(`/auth/web-login/${ticketId}/deny`, { token: fromPhone, method: "POST" });
    expect(deny.status).toBe(200);

    await computer.page.waitForFunction(
      () => document.querySelector("#web-login-status")?.textContent?.includes("已在手机上取消登录"),
      undefined,
      { timeout: 10_000 },
    );
    await computer.shown("#web-login-refresh").waitFor();
    expect(await computer.shown("#web-login-qr").count()).toBe(0);
    await computer.shot("denied");
  });

  it("says 二维码已过期 when the API says the ticket expired, and 刷新 brings a new code", async () => {
    await computer.shown("#web-login-refresh").click();
    const fresh = await scanComputerScreen();
    expect(fresh).not.toBe(ticketId);

    // Expiry itself is the server's (tested with an injected clock in functions/src/auth); here the
    // page's answer to it: the API's 404 WEB_LOGIN_EXPIRED, as it sends it after two minutes.
    const tokenCalls = `${stack.baseUrl}/api/v1/auth/web-login/${fresh}/token`;
    await computer.page.route(tokenCalls, (route) =>
      route.fulfill({
        status: 404,
        contentType: "application/json",
        body: JSON.stringify({
          error: { code: "WEB_LOGIN_EXPIRED", message: "expired", requestId: "e2e" },
        }),
      }),
    );
    await computer.page.waitForFunction(
      () => document.querySelector("#web-login-status")?.textContent?.includes("二维码已过期"),
      undefined,
      { timeout: 10_000 },
    );
    await computer.page.unroute(tokenCalls);
    await computer.shot("expired");

    await computer.shown("#web-login-refresh").click();
    ticketId = await scanComputerScreen();
    expect(ticketId).not.toBe(fresh);
  });

  it("logs the computer in as the staff member who approved, as the mini-program approves", async () => {
    // The local stage's dev login stands in for the phone's WeChat login (amr "dev"; refused as
    // an approver anywhere but STAGE=local).
    const staff = await devToken(stack, STAFF);
    expect(JSON.parse(Buffer.from(staff.split(".")[1] ?? "", "base64url").toString()).amr).toBe("dev");
    const look = await api<{ status: string; browser: string }>(`/auth/web-login/${ticketId}`, {
      token: staff,
    });
    expect(look.status).toBe(200);
    expect(look.json).toMatchObject({
      status: "pending",
      browser: expect.stringMatching(/^Chrome \d+ · Linux$/),
    });
    const approve = await api(`/auth/web-login/${ticketId}/approve`, { token: staff, method: "POST" });
    expect(approve.status).toBe(200);

    await computer.shown("#home-page").waitFor({ timeout: 10_000 });
    await computer.page.waitForFunction(
      (name) => document.querySelector("#home-greeting")?.textContent?.includes(name),
      STAFF_NAME,
    );
    await computer.shown("#tile-window-queue").waitFor();
    await computer.shown("#tile-staff-verify").waitFor();
    await computer.shown("#tile-window-queue").scrollIntoViewIfNeeded();
    await computer.settle();
    await computer.shot("home");

    // Stored exactly as the other logins store it, and a token of the staff member.
    const stored = await computer.page.evaluate(() => localStorage.getItem("onedoor.token"));
    const token = (JSON.parse(stored ?? "{}") as { data?: string }).data ?? "";
    const me = await api<{ id: string }>("/me", { token });
    expect(me.json.id).toBe(`u-${STAFF}`);

    // Collected once: the page's own secret gets nothing more.
    const ticket = created.find((c) => c.ticketId === ticketId);
    expect(ticket).toBeDefined();
    const again = await api<{ error: { code: string } }>(`/auth/web-login/${ticketId}/token`, {
      body: { pollSecret: ticket?.pollSecret },
    });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("WEB_LOGIN_USED");

    // The computer's session (a web login) cannot approve another code: the lured-browser attack.
    const another = await api<Created>("/auth/web-login", { method: "POST" });
    expect(another.status).toBe(201);
    const lured = await api<{ error: { code: string } }>(`/auth/web-login/${another.json.ticketId}/approve`, {
      token,
      method: "POST",
    });
    expect(lured.status).toBe(403);
    expect(lured.json.error.code).toBe("WEB_LOGIN_PHONE_ONLY");
  });
});
