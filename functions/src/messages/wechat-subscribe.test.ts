import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeWechat } from "../../../test/setup/fake-wechat.js";
import { loadConfig } from "../config.js";
import { createWechatMessenger, type WechatMessengerOptions } from "./wechat-subscribe.js";
import {
  formatShanghaiTime,
  formatValue,
  parseTemplateConfig,
  renderTemplateData,
  truncate,
} from "./wechat-templates.js";

let wechat: Awaited<ReturnType<typeof startFakeWechat>>;
beforeAll(async () => {
  wechat = await startFakeWechat("wx-app", "wx-secret");
});
afterAll(() => wechat.stop());
beforeEach(() => {
  wechat.subscribe.mode = "ok";
});

const options = (overrides: Partial<WechatMessengerOptions> = {}): WechatMessengerOptions => ({
  apiBase: wechat.base,
  appId: "wx-app",
  appSecret: "wx-secret",
  templates: ["legal.promoted=tmplP"],
  miniprogramState: "trial",
  ...overrides,
});
const push = {
  openid: "o-1",
  kind: "legal.promoted",
  params: { startsAt: "2026-01-01T16:05:00Z" },
  link: null,
};

describe("WeChat subscription sender", () => {
  it("handles only kinds with a template, and nothing when WeChat is not configured", () => {
    expect(createWechatMessenger(options()).handles("legal.promoted")).toBe(true);
    expect(createWechatMessenger(options()).handles("legal.waitlist_closed")).toBe(false);
    expect(createWechatMessenger(options({ appSecret: "" })).handles("legal.promoted")).toBe(false);
  });

  it("sends without a page when there is no link, in the configured mini-program state", async () => {
    const result = await createWechatMessenger(options()).send(push);
    expect(result).toEqual({ outcome: "sent" });
    const body = wechat.subscribe.sends.at(-1)?.body;
    expect(body).not.toHaveProperty("page");
    expect(body).toMatchObject({
      miniprogram_state: "trial",
      data: { time2: { value: "2026年1月2日 00:05" } },
    });
  });

  it("shares one token fetch between concurrent sends and caches it until near expiry", async () => {
    let clock = 1_000_000;
    const messenger = createWechatMessenger(options({ now: () => clock }));
    const before = wechat.subscribe.tokenRequests;
    await Promise.all([messenger.send(push), messenger.send(push), messenger.send(push)]);
    expect(wechat.subscribe.tokenRequests).toBe(before + 1);
    clock += 7200_000 - 6 * 60_000;
    await messenger.send(push);
    expect(wechat.subscribe.tokenRequests).toBe(before + 1);
    clock += 2 * 60_000;
    await messenger.send(push);
    expect(wechat.subscribe.tokenRequests).toBe(before + 2);
  });

  it("maps WeChat's answers to outcomes", async () => {
    const messenger = createWechatMessenger(options());
    wechat.subscribe.mode = "refused";
    expect(await messenger.send(push)).toEqual({ outcome: "refused" });
    wechat.subscribe.mode = "busy";
    expect(await messenger.send(push)).toEqual({ outcome: "retry", reason: "errcode -1" });
    wechat.subscribe.mode = "invalid";
    expect(await messenger.send(push)).toMatchObject({ outcome: "rejected", errcode: 47003 });
  });

  it("asks for a retry when WeChat is unreachable or the secret is wrong", async () => {
    const down = createWechatMessenger(options({ apiBase: "http://127.0.0.1:9", timeoutMs: 500 }));
    expect(await down.send(push)).toMatchObject({ outcome: "retry" });
    const wrong = createWechatMessenger(options({ appSecret: "nope" }));
    expect(await wrong.send(push)).toEqual({ outcome: "retry", reason: "token errcode 40125" });
  });
});

describe("template values", () => {
  it("cuts thing values to 20 characters and formats times in Asia/Shanghai", () => {
    expect(truncate("一二三四五六七八九十一二三四五六七八九十", 20)).toHaveLength(20);
    expect(Array.from(formatValue("thing3", "一二三四五六七八九十一二三四五六七八九十一")).length).toBe(20);
    expect(formatValue("thing3", "一二三四五六七八九十一二三四五六七八九十一").endsWith("…")).toBe(true);
    expect(formatValue("phrase1", "已经取消了的")).toBe("已经取消…");
    expect(formatShanghaiTime("2026-03-04T16:30:00.000Z")).toBe("2026年3月5日 00:30");
    expect(formatValue("time2", "not a time")).toBe("-");
    expect(formatValue("thing4", undefined)).toBe("-");
    expect(formatValue("date2", "2026-03-04T16:30:00.000Z")).toBe("2026年3月5日");
  });

  it("parses the template config and refuses a bad entry at config load", () => {
    const choices = parseTemplateConfig([
      "legal.promoted=tmpl_A-1",
      "notice.new=tmplN[thing1:title time3:publishedAt]",
    ]);
    expect(choices.get("legal.promoted")?.templateId).toBe("tmpl_A-1");
    expect(choices.get("notice.new")?.layout).toEqual({ thing1: "title", time3: "publishedAt" });
    const base = { STAGE: "local", TABLE_NAME: "t-1", JWT_SECRET: "x".repeat(40) };
    expect(loadConfig(base).WECHAT_SUBSCRIBE_TEMPLATES).toEqual([]);
    expect(loadConfig(base).WECHAT_MINIPROGRAM_STATE).toBe("formal");
    expect(() => loadConfig({ ...base, WECHAT_SUBSCRIBE_TEMPLATES: "legal.promoted" })).toThrow(
      /WECHAT_SUBSCRIBE_TEMPLATES/,
    );
    expect(() => loadConfig({ ...base, WECHAT_SUBSCRIBE_TEMPLATES: "notice.new=tmplN" })).toThrow(
      /no default layout/,
    );
    expect(() => loadConfig({ ...base, WECHAT_MINIPROGRAM_STATE: "beta" })).toThrow(
      /WECHAT_MINIPROGRAM_STATE/,
    );
  });

  it("fills a window appointment's template with the title, matter, time, place and ticket code", () => {
    const choice = parseTemplateConfig(["window.booked=tmplW"]).get("window.booked");
    const data = renderTemplateData(
      "window.booked",
      {
        matterName: "生育保险报销",
        startsAt: "2026-11-23T01:30:00.000Z",
        place: "黄河西路社区党群服务中心一楼受理窗口",
        ticketCode: "ABCD2345",
      },
      choice?.layout ?? {},
    );
    expect(data).toEqual({
      thing1: { value: "办事预约成功" },
      thing2: { value: "生育保险报销" },
      time3: { value: "2026年11月23日 09:30" },
      thing4: { value: "黄河西路社区党群服务中心一楼受理窗口" },
      character_string5: { value: "ABCD2345" },
    });
    const proxy = parseTemplateConfig(["window.proxy_received=tmplP"]).get("window.proxy_received");
    expect(
      renderTemplateData(
        "window.proxy_received",
        { matterName: "高龄津贴申领", expectedBy: "2026-10-16" },
        proxy?.layout ?? {},
      ).date3,
    ).toEqual({
      value: "2026年10月16日",
    });
  });
});
