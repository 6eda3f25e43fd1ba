import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../setup/local-stack.js";
import { assertH5Build, callApi, devToken, type H5, openH5 } from "./h5.js";

/**
 * Notices through the web build, as the "done when" tells it: staff publish an emergency
 * notice to 2栋 with an image (uploaded straight to the local object store with a presigned form),
 * asking residents to acknowledge it; a resident of 2栋 sees it pinned with the badge, opens it
 * (the image loads from its signed URL) and acknowledges; a resident of 1栋 never sees it; staff
 * see the reach move and download the follow-up list as CSV.
 */
const STAFF = "demo-staff-1";
const B2_RESIDENT = "demo-resident-29"; // tenant of 2栋1单元502
const B1_RESIDENT = "demo-resident-1"; // 王秀兰, 1栋1单元101
const TITLE = "2栋燃气管道抢修紧急通知";
/** A poster drawn on a canvas in the page, as the PNG a staff member would pick from the phone. */
async function poster(): Promise<Buffer> {
  const dataUrl = await h5.page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 600;
    canvas.height = 360;
    const g = canvas.getContext("2d") as CanvasRenderingContext2D;
    g.fillStyle = "#fff4e0";
    g.fillRect(0, 0, 600, 360);
    g.fillStyle = "#e8453c";
    g.fillRect(0, 0, 600, 90);
    g.fillStyle = "#ffffff";
    g.font = "bold 44px sans-serif";
    g.fillText("燃气抢修 暂停供气", 40, 62);
    g.fillStyle = "#1f2329";
    g.font = "32px sans-serif";
    g.fillText("时间：今天 14:00–18:00", 40, 160);
    g.fillText("范围：2栋 1单元、2单元", 40, 220);
    g.fillText("请关闭燃气阀门，注意通风", 40, 280);
    return canvas.toDataURL("image/png");
  });
  return Buffer.from(dataUrl.split(",")[1] as string, "base64");
}

let stack: LocalStack;
let h5: H5;
let staffToken: string;
let noticeId: string;

const api = <T>(path: string, init: { token?: string; body?: unknown; method?: string } = {}) =>
  callApi<T>(stack, path, init);
const shown = (selector: string) => h5.shown(selector);
const shot = (name: string, wholePage?: string) => h5.shot(name, wholePage);
const text = (selector: string) => h5.text(selector);
const token = (openid: string) => devToken(stack, openid);

beforeAll(async () => {
  assertH5Build();
  stack = await startLocalStack();
  staffToken = await token(STAFF);
  h5 = await openH5(stack, "notices");
}, 120_000);
afterAll(async () => {
  await h5?.close();
  await stack?.stop();
});

describe("an emergency notice in the web build", () => {
  it("staff write it for 2栋 with an image and publish it", async () => {
    await h5.loginAs(STAFF);
    await shown("#tile-notices-manage").click();
    await shown("#notices-manage-page").waitFor();
    await shown("#nm-new").click();
    await shown("#notice-compose-page").waitFor();
    await shown("#nc-title input").fill(TITLE);
    await shown("#nc-body textarea").fill(
      "# 抢修时间\n今天 14:00–18:00 抢修2栋燃气管道，期间**停止供气**。\n- 请关闭燃气阀门\n- 如闻到燃气味，请立即开窗并拨打抢修电话",
    );
    await shown("#nc-cat-emergency").click();
    await shown("#nc-aud-buildings").click();
    await shown("#nc-building-b2").click();
    expect(await text("#nc-aud-summary")).toBe("2栋 · 共20户");
    await shown("#nc-ack").click();
    const file = join(tmpdir(), `onedoor-notice-${Date.now()}.png`);
    writeFileSync(file, await poster());
    const chooser = h5.page.waitForEvent("filechooser");
    await shown("#nc-add-image").click();
    await (await chooser).setFiles(file);
    await shown("#nc-image-0").waitFor();
    await expect.poll(async () => shown("#nc-image-busy-0").count(), { timeout: 15_000 }).toBe(0);
    await shown("#nc-preview").click();
    await shown("#nc-preview-sheet").waitFor();
    await shot("compose", "#notice-compose-page");
    await shown("#nc-publish").click();
    await shown("#nc-confirm").waitFor();
    expect(await text("#nc-confirm-body")).toContain("2栋");
    await shown("#nc-confirm-ok").click();
    await shown("#notices-manage-page").waitFor();

    const published = await api<{ items: { id: string; title: string; pinned: boolean }[] }>(
      "/notices/manage?state=published",
      { token: staffToken },
    );
    const listed = published.json.items.find((n) => n.title === TITLE);
    expect(listed?.pinned).toBe(true);
    noticeId = listed?.id as string;
    const detail = await api<{
      notice: { images: { url: string }[]; category: string; ackRequired: boolean };
    }>(`/notices/${noticeId}`, { token: staffToken });
    expect(detail.json.notice).toMatchObject({ category: "emergency", ackRequired: true });
    expect(detail.json.notice.images).toHaveLength(1);
    await shot("manage", "#notices-manage-page");
  });

  it("a resident of 2栋 sees it pinned with the badge, opens it and acknowledges", async () => {
    await h5.loginAs(B2_RESIDENT);
    const badge = Number(await text("#tile-notices-badge"));
    expect(badge).toBeGreaterThanOrEqual(1);
    await shot("home-badge");
    await shown("#tile-notices").click();
    await shown("#notices-feed-page").waitFor();
    const first = shown('[id^="nf-item-"]').first();
    expect(await first.getAttribute("id")).toBe(`nf-item-${noticeId}`);
    await shown(`#nf-pin-${noticeId}`).waitFor();
    await shown(`#nf-unread-${noticeId}`).waitFor();
    await shot("feed", "#notices-feed-page");
    await shown(`#nf-item-${noticeId}`).click();
    await shown("#notice-page").waitFor();
    expect(await text("#nd-title")).toBe(TITLE);
    // The image comes from its signed URL on the local object store.
    await expect
      .poll(() => shown("#nd-image-0 img").evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBe(600);
    await shot("notice", "#notice-page");
    await shown("#nd-ack").click();
    await shown("#nd-acked").waitFor();
    await shot("notice-acked", "#notice-page");
    // Back in the feed it is read.
    await h5.home();
    await shown("#tile-notices").click();
    await shown(`#nf-item-${noticeId}`).waitFor();
    expect(await shown(`#nf-unread-${noticeId}`).count()).toBe(0);
  });

  it("a resident of 1栋 never sees it", async () => {
    await h5.loginAs(B1_RESIDENT);
    await shown("#tile-notices").click();
    await shown("#notices-feed-page").waitFor();
    await shown('[id^="nf-item-"]').first().waitFor();
    expect(await shown(`#nf-item-${noticeId}`).count()).toBe(0);
    const direct = await api(`/notices/${noticeId}`, { token: await token(B1_RESIDENT) });
    expect(direct.status).toBe(404);
  });

  it("staff see the reach move and download the follow-up list", async () => {
    await h5.loginAs(STAFF);
    await shown("#tile-notices-manage").click();
    await shown(`#nm-reach-${noticeId}`).click();
    await shown("#notice-reach-page").waitFor();
    expect((await text("#nx-audience")).trim()).toBe("20");
    expect((await text("#nx-reads")).trim()).toBe("1");
    expect((await text("#nx-acks")).trim()).toBe("1");
    expect(await shown("#nx-hh-hh-b2-1-502").count()).toBe(0);
    await shown("#nx-hh-hh-b2-1-101").waitFor();
    await shot("reach", "#notice-reach-page");
    // Another 2栋 household reads it; the page moves on refresh.
    await api(`/notices/${noticeId}`, { token: await token("demo-resident-21") });
    await shown("#nx-refresh").click();
    await expect.poll(async () => (await text("#nx-reads")).trim()).toBe("2");
    const download = h5.page.waitForEvent("download");
    await shown("#nx-csv").click();
    const saved = await (await download).path();
    const csv = readFileSync(saved, "utf8").replace(/^\ufeff/, "");
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toContain("楼栋,单元,房号");
    expect(lines).toHaveLength(19); // header + the 18 households that have not read
    expect(csv).not.toContain("2栋1单元502");
  });

  it("shows the feed and a notice in large text", async () => {
    await h5.loginAs(B1_RESIDENT);
    await shown("#tile-me").click();
    await shown("#large-text-switch").click();
    await h5.page.waitForFunction(() => document.querySelector("#me-page")?.classList.contains("large-text"));
    await h5.home();
    await shown("#tile-notices").click();
    await shown("#notices-feed-page").waitFor();
    expect(await shown("#notices-feed-page").getAttribute("class")).toContain("large-text");
    await shot("feed-large", "#notices-feed-page");
    await shown("#nf-item-demo-notice-insurance").click();
    await shown("#nd-ack").waitFor();
    expect(await shown("#notice-page").getAttribute("class")).toContain("large-text");
    await shot("notice-large", "#notice-page");
    await h5.home();
    await shown("#tile-me").click();
    await shown("#large-text-switch").click();
  });
});
