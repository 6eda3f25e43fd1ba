import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);

/** Where `npm run build:weapp -w miniapp` writes the mini-program. */
export const weappRoot = join(import.meta.dirname, "..", "..", "miniapp", "dist", "weapp");

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
          this.route = options.pagePath;
          this.__route__ = options.pagePath;
          pages.push(this);
          methods.onLoad?.call(this, { ...(options.query ?? {}) });
          methods.onShow?.call(this, {});
          methods.onReady?.call(this, {});
        },
      },
    });
  };

  load("/weapp/app");
  app?.onLaunch?.call(app, { path: options.pagePath, query: {}, scene: 1001 });
  app?.onShow?.call(app, { path: options.pagePath, query: {}, scene: 1001 });

  const id = w.simulate.load(`/weapp/${options.pagePath}`, { rootPath: "/weapp", compiler: "official" });
  const component = w.simulate.render(id);
  const parent = document.createElement("div");
  parent.id = "mp-root";
  document.body.appendChild(parent);
  component.attach(parent);
  w.__mp = { component, calls, storage };
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
