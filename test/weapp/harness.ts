import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { chromiumArgs, chromiumPath } from "../setup/chromium.js";

const require = createRequire(import.meta.url);

/** Where `npm run build:weapp -w miniapp` writes the mini-program. */
export const weappRoot = join(import.meta.dirname, "..", "..", "miniapp", "dist", "weapp");
/** Where the pictures go, next to the browser tests' own. */
const screenshots = join(import.meta.dirname, "..", "..", ".out", "screenshots");

export function assertWeappBuild(): void {
  if (!existsSync(join(weappRoot, "app.json"))) {
    throw new Error(
      `No mini-program build at ${weappRoot}: run \`npm run build:weapp -w miniapp\` ` +
        "(the test runner's prepare step normally does this).",
    );
  }
}

/** Every script and JSON file of the build, keyed as the simulator sees them ("/weapp/…"). */
export function readBuild(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(js|json)$/.test(name))
        files[`/weapp/${relative(weappRoot, full)}`] = readFileSync(full, "utf8");
    }
  };
  walk(weappRoot);
  return files;
}

/**
 * The build's style sheets added to `files`, for pictures: every .wxss, and for each page given
 * the app's own sheet first, as WeChat applies app.wxss to every page. miniprogram-simulate
 * prefixes the classes and turns rpx into px (so a 750 px wide window is a phone's 750 rpx).
 */
export function withStyles(files: Record<string, string>, pagePaths: string[]): Record<string, string> {
  const styled = { ...files };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".wxss"))
        styled[`/weapp/${relative(weappRoot, full)}`] = readFileSync(full, "utf8");
    }
  };
  walk(weappRoot);
  for (const pagePath of pagePaths) {
    const key = `/weapp/${pagePath}.wxss`;
    const toRoot = "../".repeat(pagePath.split("/").length - 1);
    styled[key] = `@import "${toRoot}app.wxss";\n${styled[key] ?? ""}`;
  }
  return styled;
}

/**
 * Compiles every .wxml of the build with WeChat's own wcc (the binary miniprogram-simulate uses)
 * into the source of a function returning `$gwx`.
 */
export function compileWxml(): string {
  const compiler = require("miniprogram-compiler") as { wxmlToJs(root: string): string };
  return compiler.wxmlToJs(weappRoot);
}

/** miniprogram-simulate's browser bundle; it sets `window.simulate`. */
export function simulateBundle(): string {
  return readFileSync(require.resolve("miniprogram-simulate/build.js"), "utf8");
}

export interface FakeResponse {
  statusCode: number;
  body: unknown;
}

export interface BootOptions {
  /** Page path without extension, e.g. "pages/login/index". */
  pagePath: string;
  files: Record<string, string>;
  gwxSource: string;
  /** Initial Taro storage (what wx.getStorageSync returns). */
  storage?: Record<string, unknown>;
  /** Answers for wx.request keyed by "METHOD /path"; anything else gets a 404 error body. */
  responses?: Record<string, FakeResponse>;
  /** The page's query, as WeChat passes it to onLoad (e.g. `{ id: "…" }`). */
  query?: Record<string, string>;
  /** What wx.scanCode reads from the camera. */
  scanResult?: string;
  /**
   * For pictures: WeChat's defaults for its elements (a view is a block, the page has no margin).
   * Pass the files through withStyles too.
   */
  styled?: boolean;
}

export interface WxCall {
  api: string;
  options: Record<string, unknown>;
}

/**
 * Runs in the browser page: a stand-in for WeChat's logic layer (wx, App, Page, getApp,
 * getCurrentPages) around miniprogram-simulate, then loads app.js and renders one page.
 * Kept free of outer references because Playwright sends its source to the page.
 */
function bootInPage(
  options: Omit<BootOptions, "files" | "gwxSource"> & { files: Record<string, string>; gwx: string },
) {
  type Handler = (opts: Record<string, unknown>) => unknown;
  type Sim = {
    load(path: string, options: Record<string, unknown>): string;
    render(id: string): {
      attach(parent: Element): void;
      querySelector(selector: string): { dispatchEvent(type: string): void } | null;
    };
  };
  const w = window as unknown as Record<string, unknown> & { simulate: Sim; Component(def: unknown): void };

  const gwx = new Function(options.gwx)() as (path: string) => unknown;
  w.__gwx = gwx;
  // The page on top, as the Page stand-in gives it to onLoad (openPage changes it).
  w.__route = { pagePath: options.pagePath, query: options.query ?? {} };
  const fileMap: Record<string, unknown> = { ...options.files };
  fileMap[`/weapp/${options.pagePath}.wxml`] = gwx(`${options.pagePath}.wxml`);
  fileMap["/weapp/comp.wxml"] = gwx("comp.wxml");
  w.__FILE_MAP__ = fileMap;

  // A CommonJS loader with a module cache, as in WeChat: taro.js must run once per app.
  const cache: Record<string, { exports: unknown }> = {};
  const load = (path: string): unknown => {
    const key = path.replace(/\.js$/, "");
    const hit = cache[key];
    if (hit) return hit.exports;
    const source = options.files[`${key}.js`];
    if (source === undefined) throw new Error(`No module ${key}`);
    const mod = { exports: {} as unknown };
    cache[key] = mod;
    const dir = key.slice(0, key.lastIndexOf("/"));
    const requireFrom = (rel: string) => {
      const out: string[] = [];
      for (const part of `${dir}/${rel}`.split("/")) {
        if (part === "..") out.pop();
        else if (part !== "." && part !== "") out.push(part);
      }
      return load(`/${out.join("/")}`);
    };
    new Function("require", "module", "exports", source)(requireFrom, mod, mod.exports);
    return mod.exports;
  };
  w.require = load;

  const calls: Array<{ api: string; options: Record<string, unknown> }> = [];
  const storage: Record<string, unknown> = { ...(options.storage ?? {}) };
  const responses = options.responses ?? {};
  const system = {
    windowWidth: 375,
    windowHeight: 812,
    screenWidth: 375,
    screenHeight: 812,
    pixelRatio: 2,
    platform: "devtools",
    language: "zh_CN",
    version: "8.0.50",
    SDKVersion: "3.5.0",
    statusBarHeight: 20,
  };
  const later = (fn: () => void) => setTimeout(fn, 0);
  const asyncApi =
    (api: string, result: (opts: Record<string, unknown>) => Record<string, unknown> = () => ({})): Handler =>
    (opts = {}) => {
      calls.push({ api, options: opts });
      const res = { errMsg: `${api}:ok`, ...result(opts) };
      later(() => {
        (opts.success as Handler | undefined)?.(res);
        (opts.complete as Handler | undefined)?.(res);
      });
    };
  const wx: Record<string, unknown> = {
    getSystemInfoSync: () => system,
    getWindowInfo: () => system,
    getDeviceInfo: () => system,
    getAppBaseInfo: () => system,
    getMenuButtonBoundingClientRect: () => ({
      top: 24,
      bottom: 56,
      left: 280,
      right: 367,
      width: 87,
      height: 32,
    }),
    canIUse: () => true,
    getStorageSync: (key: string) => storage[key] ?? "",
    setStorageSync: (key: string, value: unknown) => {
      storage[key] = value;
    },
    removeStorageSync: (key: string) => {
      delete storage[key];
    },
    login: asyncApi("login", () => ({ code: "wx-code-1" })),
    // The user data folder and file writes (export to a file); recorded like every other call.
    env: { USER_DATA_PATH: "wxfile://usr" },
    getFileSystemManager: () => ({ writeFile: asyncApi("fs.writeFile") }),
    scanCode: asyncApi("scanCode", () => ({ result: options.scanResult ?? "", scanType: "QR_CODE" })),
    request: asyncApi("request", (opts) => {
      const path = String(opts.url)
        .replace(/^https?:\/\/[^/]+/, "")
        .split("?")[0];
      const answer = responses[`${String(opts.method ?? "GET").toUpperCase()} ${path}`] ?? {
        statusCode: 404,
        body: { error: { code: "NOT_FOUND", message: "No such route.", requestId: "sim" } },
      };
      return {
        statusCode: answer.statusCode,
        header: { "Content-Type": "application/json" },
        data: JSON.stringify(answer.body),
      };
    }),
  };
  for (const api of [
    "reLaunch",
    "navigateTo",
    "redirectTo",
    "navigateBack",
    "showToast",
    "hideToast",
    "showModal",
    "showLoading",
    "hideLoading",
    "setNavigationBarTitle",
    "getStorage",
    "setStorage",
    "removeStorage",
    "shareFileMessage",
    "setClipboardData",
  ]) {
    wx[api] = asyncApi(api);
  }
  w.wx = wx;
  // WeChat's `global` is a small object of its own, not the window.
  w.global = {};

  let app: Record<string, (...args: unknown[]) => unknown> | undefined;
  const pages: unknown[] = [];
  w.App = (config: typeof app) => {
    app = config;
  };
  w.getApp = () => app;
  w.getCurrentPages = () => pages;
  // miniprogram-simulate renders components; a Taro page becomes one whose lifetimes call the
  // page hooks, with the page's handlers (such as the event handler `eh`) as methods.
  w.Page = (page: Record<string, unknown>) => {
    const methods: Record<string, Handler> = {};
    for (const [key, value] of Object.entries(page))
      if (typeof value === "function") methods[key] = value as Handler;
    w.Component({
      data: page.data ?? {},
      methods,
      lifetimes: {
        attached(this: Record<string, unknown>) {
          const route = w.__route as { pagePath: string; query: Record<string, string> };
          this.route = route.pagePath;
          this.__route__ = route.pagePath;
          pages.push(this);
          methods.onLoad?.call(this, { ...route.query });
          methods.onShow?.call(this, {});
          methods.onReady?.call(this, {});
        },
      },
    });
  };

  load("/weapp/app");
  app?.onLaunch?.call(app, { path: options.pagePath, query: {}, scene: 1001 });
  app?.onShow?.call(app, { path: options.pagePath, query: {}, scene: 1001 });

  if (options.styled) {
    const defaults = document.createElement("style");
    defaults.textContent = "body{margin:0} page,main,wx-view{display:block} page{min-height:100vh}";
    document.head.appendChild(defaults);
  }

  const id = w.simulate.load(`/weapp/${options.pagePath}`, { rootPath: "/weapp", compiler: "official" });
  const component = w.simulate.render(id);
  // Inside a <page>, WeChat's root element, which app.wxss styles (background, font).
  const holder = document.createElement("page");
  const parent = document.createElement("div");
  parent.id = "mp-root";
  holder.appendChild(parent);
  document.body.appendChild(holder);
  component.attach(parent);
  w.__mp = { component, calls, storage };
}

/**
 * Runs in the browser page: renders another page of the same running mini-program on top (its
 * module state, storage and recorded calls carry over), as after a wx.navigateTo; the page
 * underneath stays in the document, hidden, as WeChat keeps it.
 */
function openInPage(next: { pagePath: string; query: Record<string, string> }) {
  type Sim = {
    load(path: string, options: Record<string, unknown>): string;
    render(id: string): { attach(parent: Element): void };
  };
  const w = window as unknown as Record<string, unknown> & {
    simulate: Sim;
    __gwx(path: string): unknown;
    __FILE_MAP__: Record<string, unknown>;
    __mp: { component: unknown };
  };
  w.__route = next;
  w.__FILE_MAP__[`/weapp/${next.pagePath}.wxml`] = w.__gwx(`${next.pagePath}.wxml`);
  const below = document.getElementById("mp-root");
  if (below) {
    below.id = "";
    (below.parentElement as HTMLElement).style.display = "none";
  }
  const id = w.simulate.load(`/weapp/${next.pagePath}`, { rootPath: "/weapp", compiler: "official" });
  const component = w.simulate.render(id);
  const holder = document.createElement("page");
  const parent = document.createElement("div");
  parent.id = "mp-root";
  holder.appendChild(parent);
  document.body.appendChild(holder);
  component.attach(parent);
  w.__mp.component = component;
}

/** Opens `pagePath` on top of the booted one, in the same mini-program (see openInPage). */
export async function openPage(page: Page, pagePath: string, query: Record<string, string> = {}) {
  await page.evaluate(openInPage, { pagePath, query });
}

/** Boots the mini-program in `page` and renders `pagePath`. */
export async function bootPage(page: Page, options: BootOptions): Promise<void> {
  await page.setContent("<!doctype html><html><head></head><body></body></html>");
  // Transpilers may wrap named functions in `__name(...)`; the page has no such helper.
  await page.addScriptTag({ content: "window.__name = window.__name || function (f) { return f; };" });
  await page.addScriptTag({ content: simulateBundle() });
  const { gwxSource, ...rest } = options;
  await page.evaluate(bootInPage, { ...rest, gwx: gwxSource });
}

/** The rendered page's text, once it contains `expected` (or whatever it has after the timeout). */
export async function renderedText(page: Page, expected: string, timeoutMs = 5000): Promise<string> {
  await page
    .waitForFunction((text) => document.getElementById("mp-root")?.textContent?.includes(text), expected, {
      timeout: timeoutMs,
    })
    .catch(() => undefined);
  return page.evaluate(() => document.getElementById("mp-root")?.textContent ?? "");
}

/** Taps the first element matching `selector` inside the simulated page. */
export async function tap(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const mp = (
      window as unknown as {
        __mp: { component: { querySelector(s: string): { dispatchEvent(t: string): void } | null } };
      }
    ).__mp;
    const target = mp.component.querySelector(sel);
    if (!target) throw new Error(`Nothing matches ${sel}`);
    target.dispatchEvent("tap");
  }, selector);
}

/** Resolves once the page has called `wx[api]`. */
export async function waitForCall(page: Page, api: string): Promise<void> {
  await page.waitForFunction(
    (name) => (window as unknown as { __mp: { calls: WxCall[] } }).__mp.calls.some((c) => c.api === name),
    api,
  );
}

export async function wxCalls(page: Page): Promise<WxCall[]> {
  return page.evaluate(() =>
    JSON.parse(JSON.stringify((window as unknown as { __mp: { calls: WxCall[] } }).__mp.calls)),
  );
}

export async function storedValues(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() =>
    JSON.parse(
      JSON.stringify((window as unknown as { __mp: { storage: Record<string, unknown> } }).__mp.storage),
    ),
  );
}

/** Whether the element exists in the simulated page's DOM (classes get a "main--" prefix there). */
export async function hasClass(page: Page, className: string): Promise<boolean> {
  return page.evaluate((name) => Boolean(document.querySelector(`#mp-root .main--${name}`)), className);
}

/** The screen's CSS size for pictures: 750 px wide, WeChat's 750 rpx, so a phone at 2x. */
export const PHONE_SCREEN = { width: 750, height: 1624 };

/**
 * A picture of the page on top (booted with `styled` and withStyles), as
 * `.out/screenshots/weapp-<name>.png`.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.setViewportSize(PHONE_SCREEN);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(screenshots, `weapp-${name}.png`) });
}

/**
 * One test file's weapp build, compiled WXML and Chromium: read and launched in beforeAll, closed
 * (with its profile folder) in afterAll. The fields are there once beforeAll has run.
 */
export function weappSuite(profilePrefix: string): {
  files: Record<string, string>;
  gwxSource: string;
  context: BrowserContext;
} {
  const suite = {} as { files: Record<string, string>; gwxSource: string; context: BrowserContext };
  let profile = "";
  beforeAll(async () => {
    assertWeappBuild();
    suite.files = readBuild();
    suite.gwxSource = compileWxml();
    profile = mkdtempSync(join(tmpdir(), profilePrefix));
    suite.context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      args: chromiumArgs,
      headless: true,
    });
  });
  afterAll(async () => {
    await suite.context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });
  return suite;
}
