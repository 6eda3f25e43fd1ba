import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  bootPage,
  hasClass,
  openPage,
  renderedText,
  shoot,
  storedValues,
  tap,
  waitForCall,
  weappRoot,
  weappSuite,
  withStyles,
  wxCalls,
} from "./harness.js";

// The weapp build rendered by miniprogram-simulate (j-component + exparser) with templates
// compiled by WeChat's wcc. exparser needs a DOM and no DOM library is installed for Node, so the
// simulator runs in Chromium's page; the mini-program code itself only sees our `wx` stand-in.

const me = {
  id: "u-demo-resident-1",
  nickname: "王秀兰",
  roles: ["resident"],
  community: { id: "huanghe-west", name: "黄河西路社区" },
  staffCommunityIds: [],
  verification: { status: "verified", reason: null, request: null },
  households: [
    {
      householdId: "hh-1",
      relation: "owner",
      buildingId: "b1",
      buildingName: "1栋",
      unit: "1",
      room: "101",
      area: 68.52,
      address: "1栋1单元101",
    },
  ],
};

const staffMe = {
  ...me,
  id: "u-demo-staff-1",
  nickname: "刘敏",
  roles: ["staff"],
  staffCommunityIds: ["huanghe-west"],
  lawyerCommunityIds: [],
  verification: { status: "unverified", reason: null, request: null },
  households: [],
};
const TICKET = "AbCdEfGhIjKlMnOpQrSt_-";
const TICKET_PATH = `/api/v1/auth/web-login/${TICKET}`;
const TICKET_VIEW = {
  ticketId: TICKET,
  browser: "Chrome 131 · Windows",
  createdAt: "2030-01-01T01:00:00.000Z",
  expiresAt: "2030-01-01T01:02:00.000Z",
  status: "pending",
};
const CONFIRM_PAGE = "pages/me/web-login/index";
const CONFIRM_URL = `/${CONFIRM_PAGE}`;
const NO_SCAN = "请从“我的 → 扫码登录电脑版”扫码";

const weapp = weappSuite("onedoor-weapp-");
let page: Page;

const errors: string[] = [];
beforeEach(async () => {
  errors.length = 0;
  page = await weapp.context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
});
afterEach(async () => {
  await page?.close();
});

/** A staff member's me page, 扫码登录电脑版 tapped and the web login code scanned (not yet opened). */
async function scanOnMePage(
  responses: Record<string, { statusCode: number; body: unknown }>,
  settings: Record<string, unknown> = {},
  styled = false,
) {
  await bootPage(page, {
    pagePath: "pages/me/index",
    files: styled ? withStyles(weapp.files, ["pages/me/index", CONFIRM_PAGE]) : weapp.files,
    styled,
    gwxSource: weapp.gwxSource,
    storage: { "onedoor.token": "token-staff", "onedoor.user": staffMe, "onedoor.settings": settings },
    responses: { "GET /api/v1/me": { statusCode: 200, body: staffMe }, ...responses },
    scanResult: `onedoor-web-login:${TICKET}`,
  });
  await renderedText(page, "扫码登录电脑版");
  await tap(page, ".me-scan-button");
  await waitForCall(page, "navigateTo");
}

/** The computed font size of the first element with this class on top, in px. */
async function fontSize(className: string): Promise<number> {
  return page.evaluate(
    (name) =>
      Number.parseFloat(
        getComputedStyle(document.querySelector(`#mp-root .main--${name}`) as Element).fontSize,
      ),
    className,
  );
}

/** The web login requests the mini-program sent, as "METHOD url". */
async function webLoginRequests(): Promise<string[]> {
  return (await wxCalls(page))
    .filter((c) => c.api === "request" && String(c.options.url).includes("/web-login/"))
    .map((c) => `${c.options.method} ${c.options.url}`);
}

describe("the weapp build under miniprogram-simulate", () => {
  it("declares the main pages and the staff, legal, window, deliberation, notices and cases subpackages", () => {
    const app = JSON.parse(readFileSync(join(weappRoot, "app.json"), "utf8"));
    expect(app.pages).toEqual([
      "pages/home/index",
      "pages/login/index",
      "pages/me/index",
      "pages/messages/index",
      "pages/me/web-login/index",
      "pages/me/data/index",
    ]);
    expect(app.subPackages).toEqual([
      { root: "pages/staff", pages: ["verify/index"] },
      {
        root: "pages/legal",
        pages: [
          "slots/index",
          "book/index",
          "booking/index",
          "mine/index",
          "lawyer/index",
          "rosters/index",
          "stats/index",
        ],
      },
      {
        root: "pages/window",
        pages: [
          "catalog/index",
          "matter/index",
          "book/index",
          "appointment/index",
          "mine/index",
          "queue/index",
          "manage/index",
          "stats/index",
        ],
      },
      {
        root: "pages/deliberation",
        pages: ["list/index", "topic/index", "propose/index", "manage/index", "turnout/index"],
      },
      {
        root: "pages/notices",
        pages: ["feed/index", "notice/index", "manage/index", "compose/index", "reach/index", "grids/index"],
      },
      {
        root: "pages/cases",
        pages: [
          "report/index",
          "mine/index",
          "detail/index",
          "file/index",
          "dispute/index",
          "work/index",
          "departments/index",
          "command/index",
        ],
      },
    ]);
    // 随手拍's map point: WeChat refuses chooseLocation unless the app declares it.
    expect(app.requiredPrivateInfos).toEqual(["chooseLocation"]);
  });

  it("compiles the templates with wcc", () => {
    expect(weapp.gwxSource).toContain("$gwx");
    expect(weapp.gwxSource.length).toBeGreaterThan(10_000);
  });

  it("renders the login page in Chinese with the WeChat button", async () => {
    await bootPage(page, { pagePath: "pages/login/index", files: weapp.files, gwxSource: weapp.gwxSource });
    const text = await renderedText(page, "微信一键登录");
    expect(text).toContain("一门通");
    expect(text).toContain("社区服务，一门通办");
    expect(text).toContain("微信一键登录");
    expect(text).not.toContain("演示账号");
    // The QR code to scan is for the web build; in WeChat this is the phone that scans.
    expect(text).not.toContain("扫码登录");
    expect(await hasClass(page, "od-page")).toBe(true);
    expect(errors).toEqual([]);
  });

  it("logs in with wx.login through the Hono client on Taro.request, then relaunches home", async () => {
    await bootPage(page, {
      pagePath: "pages/login/index",
      files: weapp.files,
      gwxSource: weapp.gwxSource,
      responses: {
        "POST /api/v1/auth/wechat": {
          statusCode: 200,
          body: { token: "token-1", expiresAt: "2030-01-01T00:00:00.000Z", user: me },
        },
      },
    });
    await renderedText(page, "微信一键登录");
    await tap(page, ".login-wechat-button");
    await waitForCall(page, "reLaunch");
    const calls = await wxCalls(page);
    const request = calls.find((c) => c.api === "request")?.options;
    expect(request).toMatchObject({
      url: "http://localhost:8787/api/v1/auth/wechat",
      method: "POST",
      data: JSON.stringify({ code: "wx-code-1" }),
      dataType: "text",
    });
    expect(request?.header).toMatchObject({ "content-type": "application/json" });
    expect(calls.find((c) => c.api === "reLaunch")?.options).toMatchObject({ url: "/pages/home/index" });
    expect(await storedValues(page)).toMatchObject({ "onedoor.token": "token-1" });
    expect(errors).toEqual([]);
  });

  it("renders home for a stored session and sends the bearer token", async () => {
    await bootPage(page, {
      pagePath: "pages/home/index",
      files: weapp.files,
      gwxSource: weapp.gwxSource,
      storage: { "onedoor.token": "token-1", "onedoor.user": me },
      responses: { "GET /api/v1/me": { statusCode: 200, body: me } },
    });
    const text = await renderedText(page, "您好，王秀兰");
    expect(text).toContain("您好，王秀兰");
    expect(text).toContain("黄河西路社区");
    expect(text).toContain("通知公告");
    const me1 = (await wxCalls(page)).find((c) => c.api === "request")?.options;
    expect(me1).toMatchObject({ url: "http://localhost:8787/api/v1/me", method: "GET" });
    expect(me1?.header).toMatchObject({ authorization: "Bearer token-1" });
    expect(errors).toEqual([]);
  });

  it("applies large-text mode from storage to the page wrapper", async () => {
    await bootPage(page, {
      pagePath: "pages/home/index",
      files: weapp.files,
      gwxSource: weapp.gwxSource,
      storage: { "onedoor.token": "token-1", "onedoor.user": me, "onedoor.settings": { largeText: true } },
      responses: { "GET /api/v1/me": { statusCode: 200, body: me } },
    });
    await renderedText(page, "您好，王秀兰");
    expect(await hasClass(page, "large-text")).toBe(true);
  });

  it("sends a signed-out visitor from home to login", async () => {
    await bootPage(page, { pagePath: "pages/home/index", files: weapp.files, gwxSource: weapp.gwxSource });
    await waitForCall(page, "reLaunch");
    const calls = await wxCalls(page);
    expect(calls.find((c) => c.api === "reLaunch")?.options).toMatchObject({ url: "/pages/login/index" });
    expect(calls.some((c) => c.api === "request")).toBe(false);
  });

  it("ends the session and relaunches login when the API answers 401", async () => {
    await bootPage(page, {
      pagePath: "pages/home/index",
      files: weapp.files,
      gwxSource: weapp.gwxSource,
      storage: { "onedoor.token": "stale", "onedoor.user": me },
      responses: {
        "GET /api/v1/me": {
          statusCode: 401,
          body: { error: { code: "UNAUTHORIZED", message: "x", requestId: "r" } },
        },
      },
    });
    await waitForCall(page, "reLaunch");
    const relaunch = (await wxCalls(page)).find((c) => c.api === "reLaunch")?.options;
    expect(relaunch).toMatchObject({ url: "/pages/login/index" });
    expect(await storedValues(page)).not.toHaveProperty("onedoor.token");
  });
  it("shows 扫码登录电脑版 on a staff member's me page; a scanned code opens the confirm page, which reads that ticket once", async () => {
    await scanOnMePage({ [`GET ${TICKET_PATH}`]: { statusCode: 200, body: TICKET_VIEW } }, {}, true);
    const calls = await wxCalls(page);
    expect(calls.find((c) => c.api === "scanCode")?.options).toMatchObject({
      onlyFromCamera: true,
      scanType: ["qrCode"],
    });
    // The id is handed over in memory: the URL carries none.
    expect(calls.find((c) => c.api === "navigateTo")?.options).toMatchObject({ url: CONFIRM_URL });

    await openPage(page, CONFIRM_PAGE);
    const text = await renderedText(page, "Chrome 131 · Windows");
    expect(text).toContain("在电脑上登录一门通？");
    expect(await webLoginRequests()).toEqual([`GET http://localhost:8787${TICKET_PATH}`]);
    // WeChat's templates with the build's styles: the picture of the phone's question.
    expect(await fontSize("wl-title")).toBe(44);
    await shoot(page, "web-login-confirm");

    // Opened again without a new scan: nothing to confirm, nothing asked.
    await openPage(page, CONFIRM_PAGE);
    const again = await renderedText(page, NO_SCAN);
    expect(again).toContain(NO_SCAN);
    expect(again).not.toContain("确认登录");
    expect(await webLoginRequests()).toEqual([`GET http://localhost:8787${TICKET_PATH}`]);
    expect(errors).toEqual([]);
  });

  it("says so when the scanned code is not a web login, and goes nowhere", async () => {
    await bootPage(page, {
      pagePath: "pages/me/index",
      files: weapp.files,
      gwxSource: weapp.gwxSource,
      storage: { "onedoor.token": "token-staff", "onedoor.user": staffMe },
      responses: { "GET /api/v1/me": { statusCode: 200, body: staffMe } },
      scanResult: "K7M2Q9XA",
    });
    await renderedText(page, "扫码登录电脑版");
    await tap(page, ".me-scan-button");
    const text = await renderedText(page, "这不是一门通电脑版的登录二维码");
    expect(text).toContain("这不是一门通电脑版的登录二维码");
    expect((await wxCalls(page)).some((c) => c.api === "navigateTo")).toBe(false);
  });

  it("has no scan button on a resident's me page", async () => {
    await bootPage(page, {
      pagePath: "pages/me/index",
      files: weapp.files,
      gwxSource: weapp.gwxSource,
      storage: { "onedoor.token": "token-1", "onedoor.user": me },
      responses: { "GET /api/v1/me": { statusCode: 200, body: me } },
    });
    const text = await renderedText(page, "住户认证");
    expect(text).toContain("住户认证");
    expect(text).not.toContain("扫码登录电脑版");
  });

  it("renders the confirm page with the browser and the warning, and approves through the API", async () => {
    await scanOnMePage(
      {
        [`GET ${TICKET_PATH}`]: { statusCode: 200, body: TICKET_VIEW },
        [`POST ${TICKET_PATH}/approve`]: { statusCode: 200, body: { ...TICKET_VIEW, status: "approved" } },
      },
      { largeText: true },
      true,
    );
    await openPage(page, CONFIRM_PAGE);
    const text = await renderedText(page, "Chrome 131 · Windows");
    expect(text).toContain("在电脑上登录一门通？");
    expect(text).toContain("Chrome 131 · Windows");
    expect(text).toContain("2030-01-01 09:00");
    expect(text).toContain("刘敏");
    expect(text).toContain("请只确认您本人在自己电脑上打开并扫描的二维码");
    expect(text).toContain("确认登录");
    expect(await hasClass(page, "large-text")).toBe(true);
    // Large text, as the me page switches it: the question at least 1.3 times its usual 44 px.
    expect((await fontSize("wl-title")) / 44).toBeGreaterThanOrEqual(1.3);
    await shoot(page, "web-login-confirm-large");

    await tap(page, ".wl-approve");
    const after = await renderedText(page, "已确认，电脑上将自动登录");
    expect(after).toContain("已确认，电脑上将自动登录");
    const requests = (await wxCalls(page))
      .filter((c) => c.api === "request" && String(c.options.url).includes("/web-login/"))
      .map((c) => c.options);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET http://localhost:8787${TICKET_PATH}`,
      `POST http://localhost:8787${TICKET_PATH}/approve`,
    ]);
    expect(requests[1]?.header).toMatchObject({ authorization: "Bearer token-staff" });
    expect(errors).toEqual([]);
  });

  it("ignores an id in the page's query (another mini-program opening the page): asks for a scan, sends nothing", async () => {
    await bootPage(page, {
      pagePath: CONFIRM_PAGE,
      files: weapp.files,
      gwxSource: weapp.gwxSource,
      query: { id: TICKET },
      storage: { "onedoor.token": "token-staff", "onedoor.user": staffMe },
      responses: { [`GET ${TICKET_PATH}`]: { statusCode: 200, body: TICKET_VIEW } },
    });
    const text = await renderedText(page, NO_SCAN);
    expect(text).toContain(NO_SCAN);
    expect(text).not.toContain("确认登录");
    expect(text).not.toContain("Chrome 131");
    expect((await wxCalls(page)).some((c) => c.api === "request")).toBe(false);
    expect(errors).toEqual([]);
  });

  it("tells the phone when the code has expired", async () => {
    await scanOnMePage({
      [`GET ${TICKET_PATH}`]: {
        statusCode: 404,
        body: { error: { code: "WEB_LOGIN_EXPIRED", message: "x", requestId: "r" } },
      },
    });
    await openPage(page, CONFIRM_PAGE);
    const text = await renderedText(page, "二维码已过期");
    expect(text).toContain("二维码已过期，请在电脑上刷新后重新扫码");
    expect(text).not.toContain("确认登录");
  });

  it("asks for a new login when the API wants a WeChat login (a session from before tokens said how)", async () => {
    await scanOnMePage({
      [`GET ${TICKET_PATH}`]: {
        statusCode: 403,
        body: { error: { code: "WEB_LOGIN_PHONE_ONLY", message: "x", requestId: "r" } },
      },
    });
    await openPage(page, CONFIRM_PAGE);
    const text = await renderedText(page, "重新登录");
    expect(text).toContain("请在“我的”页退出登录，重新登录后再扫码确认");
    expect(text).not.toContain("确认登录");
  });
});
