import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../setup/local-stack.js";
import { assertH5Build, callApi, devToken, type H5, openH5 } from "./h5.js";

/**
 * 我的数据与账号 through the web build against the local stack: a tenant (demo-resident-29)
 * downloads their data as a .json file, then deletes the account in two confirmations, lands on
 * the login page, and a new login with the same account is a new, unverified one.
 */
const RESIDENT = "demo-resident-29";

let stack: LocalStack;
let h5: H5;

beforeAll(async () => {
  assertH5Build();
  stack = await startLocalStack();
  h5 = await openH5(stack, "my-data");
}, 120_000);
afterAll(async () => {
  await h5?.close();
  await stack?.stop();
});

describe("H5: my data and account", () => {
  it("downloads everything about me as a JSON file", async () => {
    await h5.loginAs(RESIDENT);
    await h5.shown("#home-page #tile-me").click();
    await h5.shown("#my-data-entry").click();
    await h5.shown("#my-data-page").waitFor();
    await h5.shot("page", "#my-data-page");
    const [download] = await Promise.all([
      h5.page.waitForEvent("download"),
      h5.shown("#my-data-export-button").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^onedoor-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await download.path()) as string, "utf8"));
    expect(data.formatVersion).toBe(1);
    expect(data.profile.id).toBe(`u-${RESIDENT}`);
    expect(data.memberships[0].relation).toBe("tenant");
    expect(await h5.text("#my-data-saved")).toContain(download.suggestedFilename());
  });

  it("deletes the account after two confirmations and logs out; the next login is a new account", async () => {
    const oldToken = await devToken(stack, RESIDENT);
    await h5.shown("#my-data-delete-button").click();
    expect(await h5.text("#my-data-confirm-1")).toContain("确定要注销账号吗？");
    await h5.shown("#my-data-continue").click();
    expect(await h5.text("#my-data-confirm-2")).toContain("最后确认：注销后无法恢复");
    expect((await callApi(stack, "/me", { token: oldToken })).status).toBe(200);
    await h5.shot("confirm");
    await h5.shown("#my-data-confirm-delete").click();
    await h5.shown("#login-page").waitFor();
    expect((await callApi(stack, "/me", { token: oldToken })).status).toBe(401);

    await h5.shown(`#demo-account-${RESIDENT}`).click();
    await h5.shown("#home-page").waitFor();
    const me = await callApi<{ id: string; households: unknown[]; verification: { status: string } }>(
      stack,
      "/me",
      { token: await devToken(stack, RESIDENT) },
    );
    expect(me.json.id).not.toBe(`u-${RESIDENT}`);
    expect(me.json.households).toEqual([]);
    expect(me.json.verification.status).toBe("unverified");
  });
});
