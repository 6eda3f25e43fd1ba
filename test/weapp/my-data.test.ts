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
  weappSuite,
  withStyles,
  wxCalls,
} from "./harness.js";

// 我的数据与账号 in the weapp build under miniprogram-simulate (see render.test.ts): export to a
// file in the user data folder, then send it to a chat or copy it; delete in two confirmations.

const me = {
  id: "u-demo-resident-1",
  nickname: "王秀兰",
  roles: ["resident"],
  community: { id: "huanghe-west", name: "黄河西路社区" },
  staffCommunityIds: [],
  lawyerCommunityIds: [],
  verification: { status: "verified", reason: null, request: null },
  households: [],
};
const staffMe = { ...me, id: "u-demo-staff-1", nickname: "刘敏", roles: ["staff"] };
const EXPORT = {
  formatVersion: 1,
  exportedAt: "2030-01-01T01:00:00.000Z",
  profile: { id: me.id, nickname: me.nickname },
  legal: { bookings: [{ id: "b-1", description: "邻里纠纷咨询" }], waitlist: [], ledger: null },
};
const PAGE = "pages/me/data/index";
const FILE = "onedoor-my-data-2030-01-01.json";

const weapp = weappSuite("onedoor-weapp-data-");
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

/** The me page, 我的数据与账号 tapped, and the data page opened on top of it. */
async function openFromMe(user: typeof me, settings: Record<string, unknown> = {}, styled = false) {
  await bootPage(page, {
    pagePath: "pages/me/index",
    files: styled ? withStyles(weapp.files, ["pages/me/index", PAGE]) : weapp.files,
    styled,
    gwxSource: weapp.gwxSource,
    storage: { "onedoor.token": "token-1", "onedoor.user": user, "onedoor.settings": settings },
    responses: {
      "GET /api/v1/me": { statusCode: 200, body: user },
      "GET /api/v1/me/export": { statusCode: 200, body: EXPORT },
      "DELETE /api/v1/me": {
        statusCode: 200,
        body: {
          deleted: true,
          summary: {
            bookingsCancelled: 1,
            appointmentsCancelled: 0,
            waitlistLeft: 0,
            recordsAnonymised: 3,
            itemsDeleted: 9,
          },
        },
      },
    },
  });
  await renderedText(page, "我的数据与账号", 15_000);
  await tap(page, "#my-data-entry");
  await waitForCall(page, "navigateTo");
  expect((await wxCalls(page)).find((c) => c.api === "navigateTo")?.options).toMatchObject({
    url: `/${PAGE}`,
  });
  await openPage(page, PAGE);
  await renderedText(page, "导出我的数据", 15_000);
}

/** Waits until this text has left the page (a question closed). */
const gone = (text: string) =>
  page.waitForFunction((t) => !document.getElementById("mp-root")?.textContent?.includes(t), text, {
    timeout: 15_000,
  });

const requests = async () =>
  (await wxCalls(page))
    .filter((c) => c.api === "request")
    .map((c) => c.options as { method: string; url: string; header: Record<string, string> });

describe("我的数据与账号 (weapp)", () => {
  it("exports to a file in the user data folder, then sends it to a chat or copies it; large text", async () => {
    await openFromMe(me, { largeText: true }, true);
    const text = await renderedText(page, "注销后无法恢复", 15_000);
    expect(text).toContain("尚未开始的窗口预约和法律咨询会取消");
    expect(await hasClass(page, "large-text")).toBe(true);
    const size = await page.evaluate(() =>
      Number.parseFloat(
        getComputedStyle(document.querySelector("#mp-root .main--pd-item") as Element).fontSize,
      ),
    );
    // --od-fs-md is 32 px at the usual scale: large text makes it at least 1.3 times that.
    expect(size / 32).toBeGreaterThanOrEqual(1.3);
    await shoot(page, "my-data-large");

    await tap(page, "#my-data-export-button");
    await waitForCall(page, "fs.writeFile");
    const write = (await wxCalls(page)).find((c) => c.api === "fs.writeFile")?.options ?? {};
    expect(write.filePath).toBe(`wxfile://usr/${FILE}`);
    expect(write.encoding).toBe("utf8");
    expect(JSON.parse(String(write.data))).toEqual(EXPORT);
    expect(await renderedText(page, "已生成文件", 15_000)).toContain(FILE);
    expect((await requests()).map((r) => `${r.method} ${r.url}`)).toContain(
      "GET http://localhost:8787/api/v1/me/export",
    );

    await tap(page, "#my-data-share");
    await waitForCall(page, "shareFileMessage");
    expect((await wxCalls(page)).find((c) => c.api === "shareFileMessage")?.options).toMatchObject({
      filePath: `wxfile://usr/${FILE}`,
      fileName: FILE,
    });
    await tap(page, "#my-data-copy");
    await waitForCall(page, "setClipboardData");
    const copied = (await wxCalls(page)).find((c) => c.api === "setClipboardData")?.options ?? {};
    expect(JSON.parse(String(copied.data))).toEqual(EXPORT);
    expect(errors).toEqual([]);
  });

  it("deletes only after two confirmations, with the confirmation header, then logs out to login", async () => {
    await openFromMe(me);
    await tap(page, "#my-data-delete-button");
    expect(await renderedText(page, "确定要注销账号吗？", 15_000)).toContain("记录会被匿名处理");
    // The first step sends nothing; keeping the account closes the question.
    expect((await requests()).some((r) => r.method === "DELETE")).toBe(false);
    await tap(page, "#my-data-keep");
    await gone("确定要注销账号吗？");
    await tap(page, "#my-data-delete-button");
    await renderedText(page, "确定要注销账号吗？", 15_000);
    await tap(page, "#my-data-continue");
    expect(await renderedText(page, "最后确认：注销后无法恢复", 15_000)).toContain("确认注销");
    expect((await requests()).some((r) => r.method === "DELETE")).toBe(false);

    await tap(page, "#my-data-confirm-delete");
    await waitForCall(page, "reLaunch");
    const deletes = (await requests()).filter((r) => r.method === "DELETE");
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.url).toBe("http://localhost:8787/api/v1/me");
    expect(deletes[0]?.header).toMatchObject({
      authorization: "Bearer token-1",
      "x-confirm-delete": "delete-my-account",
    });
    expect((await wxCalls(page)).find((c) => c.api === "reLaunch")?.options).toMatchObject({
      url: "/pages/login/index",
    });
    const stored = await storedValues(page);
    expect(stored["onedoor.token"] ?? "").toBe("");
    expect(errors).toEqual([]);
  });

  it("tells staff to have the role revoked first and offers no delete button", async () => {
    await openFromMe(staffMe as typeof me);
    const text = await renderedText(page, "请先联系运维人员取消该身份", 15_000);
    expect(text).toContain("导出数据");
    expect(await page.evaluate(() => Boolean(document.querySelector("#mp-root .main--pd-delete")))).toBe(
      false,
    );
    expect(errors).toEqual([]);
  });
});
