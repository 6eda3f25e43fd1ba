import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, chromiumPath } from "../setup/chromium.js";
import { type LocalStack, startLocalStack } from "../setup/local-stack.js";

const repoRoot = join(import.meta.dirname, "..", "..");
const h5Index = join(repoRoot, "miniapp", "dist", "h5", "index.html");
const screenshots = join(repoRoot, ".out", "screenshots");
const RESIDENT = "demo-resident-1";

let stack: LocalStack;
let profile: string;
let context: BrowserContext;
let page: Page;
let nickname: string;

/** Taro animates page changes; let the new page settle before measuring or taking a picture. */
const settle = () => page.waitForTimeout(400);

const fontSize = (selector: string) =>
  page.locator(selector).evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize));

beforeAll(async () => {
  if (!existsSync(h5Index)) {
    throw new Error(`No H5 build at ${h5Index}: run \`npm run build:h5 -w miniapp\` first.`);
  }
  mkdirSync(screenshots, { recursive: true });
  stack = await startLocalStack();
  const accounts = await fetch(`${stack.baseUrl}/api/v1/auth/dev-accounts`).then((r) => r.json());
  nickname = accounts.accounts.find((a: { openid: string }) => a.openid === RESIDENT).nickname;
  profile = mkdtempSync(join(tmpdir(), "onedoor-e2e-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    headless: true,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: "zh-CN",
  });
  page = context.pages()[0] ?? (await context.newPage());
}, 180_000);

afterAll(async () => {
  await context?.close();
  await stack?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe("H5: from the demo login to large text", () => {
  it("opens on the login page with the demo accounts", async () => {
    await page.goto(stack.baseUrl);
    await page.locator("#login-page").waitFor({ state: "visible", timeout: 30_000 });
    const card = page.locator(`#demo-account-${RESIDENT}`);
    await card.waitFor({ state: "visible" });
    await expect(card.textContent()).resolves.toContain(nickname);
    await expect(page.locator("#login-page").textContent()).resolves.toContain("选择演示账号登录");
    await settle();
    await page.screenshot({ path: join(screenshots, "login.png") });
  });

  it("reaches home with one tap on the resident's card", async () => {
    await page.locator(`#demo-account-${RESIDENT}`).click();
    await page.locator("#home-page").waitFor({ state: "visible" });
    await page.waitForFunction(
      (name) => document.querySelector("#home-greeting")?.textContent?.includes(name),
      nickname,
    );
    await expect(page.locator("#home-page").textContent()).resolves.toContain("通知公告");
    expect(await page.locator("#tile-notices").isVisible()).toBe(true);
    expect(await page.locator("#tile-me").isVisible()).toBe(true);
    expect(await page.locator("#tile-staff-verify").count()).toBe(0);
    await settle();
    await page.screenshot({ path: join(screenshots, "home.png") });
  });

  it("turns on large text on the me page and every page grows", async () => {
    const greetingBefore = await fontSize("#home-greeting");
    await page.locator("#tile-me").click();
    await page.locator("#me-page").waitFor({ state: "visible" });
    await page.locator("#me-nickname").waitFor({ state: "visible" });
    await expect(page.locator("#me-nickname").textContent()).resolves.toContain(nickname);
    await settle();

    const nameBefore = await fontSize("#me-nickname");
    const pageBefore = await fontSize("#me-page");
    await page.locator("#large-text-switch").click();
    await page.waitForFunction(() => document.querySelector("#me-page")?.classList.contains("large-text"));
    expect((await fontSize("#me-nickname")) / nameBefore).toBeGreaterThanOrEqual(1.3);
    expect((await fontSize("#me-page")) / pageBefore).toBeGreaterThanOrEqual(1.3);

    await settle();
    const height = await page.locator("#me-page").evaluate((element) => element.scrollHeight);
    await page.setViewportSize({ width: 390, height: Math.max(844, Math.ceil(height)) });
    await settle();
    await page.screenshot({ path: join(screenshots, "me-large-text.png") });
    await page.setViewportSize({ width: 390, height: 844 });

    // The setting is global: the home page underneath is enlarged too.
    await page.goBack();
    await page.locator("#home-page").waitFor({ state: "visible" });
    await settle();
    expect(await page.locator("#home-page").getAttribute("class")).toContain("large-text");
    expect((await fontSize("#home-greeting")) / greetingBefore).toBeGreaterThanOrEqual(1.3);
  });

  it("keeps large text after a reload (stored)", async () => {
    await page.reload();
    await page.locator("#home-page").waitFor({ state: "visible" });
    expect(await page.locator("#home-page").getAttribute("class")).toContain("large-text");
  });
});
