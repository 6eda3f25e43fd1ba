/**
 * The web build under the content security policy CloudFront sends in production (infra/lib/web.ts):
 * every response of the local stack gets that header here, and residents, staff and lawyers go
 * through their pages. A violation (a script, style, image or request the policy refuses) fails
 * the test: the policy must not break the app it protects.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentSecurityPolicy, H5_DIR, inlineScriptHashes } from "../../infra/lib/web.js";
import { type LocalStack, startLocalStack } from "../setup/local-stack.js";
import { assertH5Build, type H5, openH5 } from "./h5.js";

let stack: LocalStack;
let h5: H5;
let csp: string;

/** Violations the page reported, collected in the page itself. */
const violations = () =>
  h5.page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []);

beforeAll(async () => {
  assertH5Build();
  stack = await startLocalStack();
  // Locally images and uploads come from the same origin (/files); in AWS from the bucket's host.
  csp = contentSecurityPolicy(
    stack.baseUrl,
    inlineScriptHashes(readFileSync(join(H5_DIR, "index.html"), "utf8")),
  );
  h5 = await openH5(stack, "csp");
  await h5.page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI || "inline"} ${event.sample}`);
    });
  });
  await h5.page.route(`${stack.baseUrl}/**`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": csp } });
  });
}, 180_000);

afterAll(async () => {
  await h5?.close();
  await stack?.stop();
});

/** Tile on the home page → the page it opens. */
const tour: Record<string, [string, string][]> = {
  "demo-resident-1": [
    ["#tile-notices", "#notices-feed-page"],
    ["#tile-legal", "#legal-slots-page"],
    ["#tile-window", "#window-catalog-page"],
    ["#tile-deliberation", "#deliberation-list-page"],
    ["#tile-messages", "#messages-page"],
    ["#tile-me", "#me-page"],
  ],
  "demo-staff-1": [
    ["#tile-notices-manage", "#notices-manage-page"],
    ["#tile-window-queue", "#window-queue-page"],
    ["#tile-staff-verify", "#staff-verify-page"],
    ["#tile-deliberation-manage", "#deliberation-manage-page"],
  ],
  "demo-lawyer-1": [["#tile-lawyer-duty", "#lawyer-page"]],
};

describe("H5 under the production content security policy", () => {
  it("runs the login page and the page's own inline script with no violation", async () => {
    await h5.page.goto(stack.baseUrl);
    await h5.shown("#login-page").waitFor({ timeout: 30_000 });
    // Taro's inline font-size snippet ran (its hash is allowed): the root font size is set.
    const rootFont = await h5.page.evaluate(() => document.documentElement.style.fontSize);
    expect(rootFont).toMatch(/px$/);
    expect(await violations()).toEqual([]);
  });

  for (const [openid, pages] of Object.entries(tour)) {
    it(`lets ${openid} open every page of the tour with no violation`, async () => {
      await h5.loginAs(openid);
      for (const [tile, pageId] of pages) {
        await h5.home();
        await h5.shown(`#home-page ${tile}`).click();
        await h5.shown(pageId).waitFor({ timeout: 15_000 });
        await h5.settle();
        expect(await violations(), `${openid} ${pageId}`).toEqual([]);
      }
    }, 120_000);
  }

  it("is enforced: an injected inline script is refused and reported", async () => {
    const ran = await h5.page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true;";
      document.head.appendChild(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(async () => (await violations()).length).toBe(1);
    expect((await violations())[0]).toMatch(/^script-src/);
  });
});
