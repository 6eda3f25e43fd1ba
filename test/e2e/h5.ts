/**
 * What the browser tests share: the H5 build check, Chromium with a fresh profile, the API of the
 * local stack, and the ways to move through the pages (only the page on top counts: Taro keeps
 * the pages underneath in the document, hidden).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { chromiumArgs, chromiumPath } from "../setup/chromium.js";
import type { LocalStack } from "../setup/local-stack.js";

const repoRoot = join(import.meta.dirname, "..", "..");
const jsqrPath = createRequire(import.meta.url).resolve("jsqr/dist/jsQR.js");
const h5Index = join(repoRoot, "miniapp", "dist", "h5", "index.html");
export const screenshots = join(repoRoot, ".out", "screenshots");

export function assertH5Build(): void {
  if (!existsSync(h5Index)) {
    throw new Error(`No H5 build at ${h5Index}: run \`npm run build:h5 -w miniapp\` first.`);
  }
  mkdirSync(screenshots, { recursive: true });
}

/** A token for a demo account, through the dev login. */
export async function devToken(stack: LocalStack, openid: string): Promise<string> {
  return (await callApi<{ token: string }>(stack, "/auth/dev-login", { body: { openid } })).json.token;
}

/** JSON in and out of the local stack's API. */
export async function callApi<T>(
  stack: LocalStack,
  path: string,
  init: { token?: string; body?: unknown; method?: string } = {},
) {
  const response = await fetch(`${stack.baseUrl}/api/v1${path}`, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers: {
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  return { status: response.status, json: (await response.json()) as T };
}

export interface H5 {
  page: Page;
  /** Only the page on top. */
  shown(selector: string): ReturnType<Page["locator"]>;
  /** The text of the first such element on top, once it is there. */
  text(selector: string): Promise<string>;
  /** Taro animates page changes; let the new page settle before measuring or taking a picture. */
  settle(): Promise<void>;
  /** A picture of the screen, or of the whole of the page with this id (the viewport grown to fit). */
  shot(name: string, wholePage?: string): Promise<unknown>;
  home(): Promise<void>;
  /** Out through the me page's button, in with one tap on the demo account. */
  loginAs(openid: string): Promise<void>;
  close(): Promise<void>;
}

/** Chromium on a phone-sized screen with a fresh profile; pictures are `<prefix>-<name>.png`. */
export async function openH5(stack: LocalStack, prefix: string): Promise<H5> {
  const profile = mkdtempSync(join(tmpdir(), "onedoor-e2e-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    headless: true,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: "zh-CN",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const shown = (selector: string) => page.locator(`${selector} >> visible=true`);
  const settle = () => page.waitForTimeout(400);
  const home = async () => {
    await page.goto(stack.baseUrl);
    await shown("#home-page").waitFor();
  };
  return {
    page,
    shown,
    async text(selector) {
      await shown(selector).first().waitFor();
      return (await shown(selector).first().textContent()) ?? "";
    },
    settle,
    home,
    async shot(name, wholePage) {
      // A toast (已登记, 已取消…) would cover what the picture is about: Taro hides it after 1.5 s.
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll(".taro__toast")).every(
          (toast) => getComputedStyle(toast).display === "none",
        ),
      );
      await settle();
      const path = join(screenshots, `${prefix}-${name}.png`);
      if (!wholePage) return page.screenshot({ path });
      const height = await shown(wholePage).evaluate((element) => element.scrollHeight);
      await page.setViewportSize({ width: 390, height: Math.max(844, Math.ceil(height)) });
      await settle();
      await page.screenshot({ path });
      await page.setViewportSize({ width: 390, height: 844 });
    },
    async loginAs(openid) {
      await page.goto(stack.baseUrl);
      if (await page.evaluate(() => localStorage.getItem("onedoor.token") !== null)) {
        await shown("#home-page #tile-me").click();
        await shown("#logout").click();
      }
      await shown("#login-page").waitFor();
      await shown(`#demo-account-${openid}`).click();
      await shown("#home-page").waitFor();
      await settle();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Decodes the QR code on screen from a picture of it, in the page (jsQR on the pixels). */
export async function decodeQr(h5: H5, selector: string): Promise<string | null> {
  const png = (await h5.shown(selector).screenshot()).toString("base64");
  await h5.page.addScriptTag({ path: jsqrPath });
  return h5.page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context2d = canvas.getContext("2d") as CanvasRenderingContext2D;
    context2d.drawImage(image, 0, 0);
    const pixels = context2d.getImageData(0, 0, canvas.width, canvas.height);
    const decode = (
      window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }
    ).jsQR;
    return decode(pixels.data, pixels.width, pixels.height)?.data ?? null;
  }, png);
}
