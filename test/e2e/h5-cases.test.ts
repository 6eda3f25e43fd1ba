import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/src/time/shanghai.js";
import { type LocalStack, startLocalStack } from "../setup/local-stack.js";
import { assertH5Build, callApi, devToken, type H5, openH5 } from "./h5.js";

/**
 * 随手拍 to the command center through the web build, as the issue tells it: a resident reports
 * a problem with a photo; staff find it first in the case desk's triage queue and dispatch it to a
 * department with one working day; the server's clock moves three days on (and past any weekend
 * in between) and the escalation job runs; the case lights up red on the command center (the
 * picture .out/screenshots/cases-command-center-overdue.png) and in the desk, and its CSV export
 * holds it; the department's handler resolves it from their own desk; the resident rates it, and
 * the command center counts the rating and no longer lists the case.
 *
 * The stack runs with ONEDOOR_TEST_CLOCK=1: POST /__test/clock moves the server's clock (every
 * handler and the job timer see it), POST /__test/jobs runs the jobs at once. The browser's own
 * clock does not move; the pages show what the server answers.
 */
const RESIDENT = "demo-resident-1"; // 王秀兰, 1栋1单元101, verified
const STAFF = "demo-staff-1"; // 刘敏, staff of 黄河西路社区, the demo's case supervisor
const HANDLER = "demo-handler-1"; // 王建国, handles the demo's urban management squad's cases
const DESCRIPTION = "3栋北侧绿化带有人私搭彩钢棚，占用消防通道，请尽快处理。";
const DAY_MS = 86_400_000;

interface Summary {
  id: string;
  number: string;
  status: string;
  overdue: boolean;
  overdueDays: number;
  escalationLevel: number;
  dueAt: string | null;
}
interface ReportView extends Summary {
  photos: string[];
  assignee: { kind: string; id: string; name: string } | null;
  rating: { satisfied: boolean } | null;
}
interface CommandCenter {
  open: { total: number; overdue: number };
  overdue: Summary[];
  departments: {
    id: string;
    name: string;
    finished: number;
    onTime: number;
    open: number;
    overdue: number;
  }[];
  reports: { rated: number; satisfied: number; finished: number };
}

let stack: LocalStack;
let h5: H5;
let staffToken: string;
let residentToken: string;
let handlerToken: string;
let handlerId: string;
let department: { id: string; name: string };
let reportId: string;
let caseNumber: string;

const api = <T>(path: string, init: { token?: string; body?: unknown; method?: string } = {}) =>
  callApi<T>(stack, path, init);
const shown = (selector: string) => h5.shown(selector);
const shot = (name: string, wholePage?: string) => h5.shot(name, wholePage);
const text = (selector: string) => h5.text(selector);
const report = async () =>
  (await api<{ report: ReportView }>(`/reports/${reportId}`, { token: staffToken })).json.report;
const commandCenter = async () =>
  (await api<CommandCenter>("/command-center?communityId=huanghe-west", { token: staffToken })).json;

/** The test-only routes of the local stack (not under /api/v1). */
async function testRoute<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${stack.baseUrl}/__test/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, `POST /__test/${path}`).toBe(200);
  return (await response.json()) as T;
}

/** A photo of the problem, drawn on a canvas in the page: the PNG a resident picks from the phone. */
async function photo(): Promise<string> {
  const dataUrl = await h5.page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 480;
    canvas.height = 320;
    const g = canvas.getContext("2d") as CanvasRenderingContext2D;
    g.fillStyle = "#9cc8a0";
    g.fillRect(0, 0, 480, 320);
    g.fillStyle = "#8a9099";
    g.fillRect(120, 90, 240, 150);
    g.fillStyle = "#e8453c";
    g.font = "bold 36px sans-serif";
    g.fillText("彩钢棚", 186, 180);
    return canvas.toDataURL("image/png");
  });
  const file = join(tmpdir(), `onedoor-case-${Date.now()}.png`);
  writeFileSync(file, Buffer.from(dataUrl.split(",")[1] as string, "base64"));
  return file;
}

beforeAll(async () => {
  assertH5Build();
  stack = await startLocalStack({ env: { ONEDOOR_TEST_CLOCK: "1" } });
  [staffToken, residentToken, handlerToken] = await Promise.all([
    devToken(stack, STAFF),
    devToken(stack, RESIDENT),
    devToken(stack, HANDLER),
  ]);
  const me = await api<{ id: string }>("/me", { token: handlerToken });
  handlerId = me.json.id;

  // The department the handler works for: the demo seeds one; if it did not, staff make one here.
  const listed = await api<{
    departments: { id: string; name: string; active: boolean; handlers: { id: string }[] }[];
  }>("/departments?communityId=huanghe-west", { token: staffToken });
  expect(listed.status, JSON.stringify(listed.json)).toBe(200);
  const theirs = listed.json.departments.find((d) => d.active && d.handlers.some((h) => h.id === handlerId));
  if (theirs) department = theirs;
  else {
    const made = await api<{ department: { id: string; name: string } }>("/departments", {
      token: staffToken,
      body: {
        communityId: "huanghe-west",
        name: "城管执法测试中队",
        kind: "urban_management",
        contacts: [{ name: "王队长", title: "中队长", phone: "0371-6556 0001" }],
        handlerIds: [handlerId],
      },
    });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    department = made.json.department;
  }

  h5 = await openH5(stack, "cases");
}, 180_000);

afterAll(async () => {
  await h5?.close();
  await stack?.stop();
});

describe("随手拍 to the command center in the web build", () => {
  it("a resident reports a problem with a photo", async () => {
    await h5.loginAs(RESIDENT);
    await h5.page.goto(`${stack.baseUrl}/#/pages/cases/report/index`);
    await shown("#case-report-page").waitFor();
    await shown("#report-category-illegal_construction").click();
    await shown("#report-description textarea").fill(DESCRIPTION);
    const file = await photo();
    const chooser = h5.page.waitForEvent("filechooser");
    await shown("#report-photo-input").click();
    await (await chooser).setFiles(file);
    await shown("#report-photo-image-0").waitFor();
    await expect.poll(async () => shown("#report-photo-image-busy-0").count(), { timeout: 15_000 }).toBe(0);
    await shot("report", "#case-report-page");
    await shown("#report-submit").click();
    await shown("#report-confirm-ok").click();
    await shown("#case-detail-page #case-number").waitFor();
    reportId = new URL(h5.page.url()).hash.match(/[?&]id=([^&]+)/)?.[1] ?? "";
    expect(reportId).not.toBe("");
    caseNumber = (await text("#case-number")).trim();
    expect(caseNumber).toMatch(/^HX-\d{8}-\d{4}$/);

    const stored = await report();
    expect(stored).toMatchObject({ number: caseNumber, status: "submitted", overdue: false });
    expect(stored.photos).toHaveLength(1);
  }, 90_000);

  it("staff add a department with its contact and handler on 部门与联系人", async () => {
    await h5.loginAs(STAFF);
    await shown("#tile-cases-departments").click();
    await shown("#cases-departments-page").waitFor();
    await shown(`#cd-department-${department.id}`).waitFor();
    // Who hears of a lit-up case: the demo's supervisor is 刘敏, as the settings say.
    const settings = await api<{ settings: { supervisors: { name: string }[] } }>(
      "/cases/settings?communityId=huanghe-west",
      { token: staffToken },
    );
    for (const supervisor of settings.json.settings.supervisors)
      expect(await text("#cd-supervisors")).toContain(supervisor.name);
    expect(settings.json.settings.supervisors.length).toBeGreaterThan(0);
    await shown("#cd-new").click();
    await shown("#cd-form").waitFor();
    // Nothing filled: the form says what is missing and sends nothing.
    await shown("#cd-save").click();
    expect(await text("#field-cd-name-error")).toBe("名称为 2 至 40 个字");
    expect(await text("#field-cd-kind-error")).toBe("请选择类型");
    await shown("#cd-name input").fill("区住建局测试科");
    await shown("#cd-kind-housing").click();
    await shown("#cd-add-contact").click();
    await shown("#cd-contact-0-name input").fill("李娟");
    await shown("#cd-contact-0-title input").fill("科长");
    await shown("#cd-contact-0-phone input").fill("12");
    await shown("#cd-handler-ids textarea").fill("u-nobody-here");
    await shown("#cd-save").click();
    expect(await text("#field-cd-contacts-error")).toContain("联系人 1 的电话格式不对");
    await shown("#cd-contact-0-phone input").fill("0371-6556 0002");
    // Whether an id is a user only the server knows: it refuses, the form points at the field.
    await shown("#cd-save").click();
    expect(await text("#field-cd-handlers-error")).toBe(
      "有的用户编号不存在（承办人需先登录过一次），或填了两次",
    );
    await shown("#cd-error").waitFor();
    await shown("#cd-handler-ids textarea").fill(handlerId);
    await shot("department-form", "#cases-departments-page");
    await shown("#cd-save").click();
    await shown("#cd-notice").waitFor();
    expect(await text("#cd-notice")).toBe("已保存“区住建局测试科”");

    const listed = await api<{
      departments: {
        id: string;
        name: string;
        kind: string;
        contacts: unknown[];
        handlers: { id: string }[];
      }[];
    }>("/departments?communityId=huanghe-west", { token: staffToken });
    const made = listed.json.departments.find((d) => d.name === "区住建局测试科");
    expect(made).toMatchObject({
      kind: "housing",
      contacts: [{ name: "李娟", title: "科长", phone: "0371-6556 0002" }],
      handlers: [{ id: handlerId }],
    });
    const card = shown(`#cd-department-${made?.id}`);
    await card.waitFor();
    expect(await text(`#cd-department-${made?.id}-contact-0`)).toContain("0371-6556 0002");
    await shot("departments", "#cases-departments-page");

    // Edit: the form opens with what is stored; making it inactive is saved with PUT.
    await card.click();
    await shown("#cd-form").waitFor();
    expect(await shown("#cd-name input").inputValue()).toBe("区住建局测试科");
    expect(await shown("#cd-handler-ids textarea").inputValue()).toBe(handlerId);
    await shown("#cd-active-off").click();
    await shown("#cd-save").click();
    await expect.poll(async () => text(`#cd-department-${made?.id}-status`)).toBe("停用");
    const edited = await api<{ departments: { id: string; active: boolean; contacts: unknown[] }[] }>(
      "/departments?communityId=huanghe-west",
      { token: staffToken },
    );
    expect(edited.json.departments.find((d) => d.id === made?.id)).toMatchObject({
      active: false,
      contacts: [{ name: "李娟", title: "科长", phone: "0371-6556 0002" }],
    });
  }, 90_000);

  it("staff find it first in the triage queue and dispatch it with one working day", async () => {
    await h5.loginAs(STAFF);
    await shown("#tile-cases-work").click();
    await shown("#cases-work-page").waitFor();
    const row = shown(`#cw-case-${reportId}`);
    await row.waitFor();
    // The triage queue comes first, and it holds the new report.
    await expect(shown("#cw-triage").locator(`#cw-case-${reportId}`).count()).resolves.toBe(1);
    expect(await shown(`#cw-case-${reportId}-number`).textContent()).toBe(caseNumber);
    expect(await shown(`#cw-case-${reportId}-overdue`).count()).toBe(0);
    await shot("desk-triage", "#cases-work-page");

    await row.click();
    await shown("#case-detail-page").waitFor();
    await shown("#action-dispatch").click();
    await shown(`#dispatch-department-${department.id}`).click();
    // The stepper starts at the default time limit: down to one working day.
    for (let i = 0; i < 60 && (await text("#dispatch-days")).trim() !== "1"; i++)
      await shown("#dispatch-days-minus").click();
    expect((await text("#dispatch-days")).trim()).toBe("1");
    await shot("dispatch");
    await shown("#dispatch-confirm").click();
    await expect.poll(async () => (await report()).status).toBe("dispatched");
    const dispatched = await report();
    expect(dispatched.assignee).toMatchObject({ kind: "department", id: department.id });
    expect(dispatched.dueAt).not.toBeNull();
    expect(dispatched.overdue).toBe(false);
  }, 90_000);

  it("three days on, past the deadline, the escalation job lights it up", async () => {
    const { now } = await testRoute<{ now: string }>("clock", { advanceMs: 0 });
    const dueAt = Date.parse((await report()).dueAt as string);
    // Three days, or more when a weekend or a holiday sits between: a whole day past the deadline.
    const advanceMs = Math.max(3 * DAY_MS, dueAt + DAY_MS + 60_000 - Date.parse(now));
    const moved = await testRoute<{ now: string }>("clock", { advanceMs });
    expect(Date.parse(moved.now)).toBeGreaterThan(dueAt + DAY_MS);
    await testRoute("jobs", {});
    // Tokens live a week on the server's clock: fresh ones, whatever the move was.
    [staffToken, residentToken, handlerToken] = await Promise.all([
      devToken(stack, STAFF),
      devToken(stack, RESIDENT),
      devToken(stack, HANDLER),
    ]);

    const lit = await report();
    expect(lit.overdue).toBe(true);
    expect(lit.overdueDays).toBeGreaterThanOrEqual(1);
    expect(lit.escalationLevel).toBeGreaterThanOrEqual(1);
    const center = await commandCenter();
    expect(center.overdue.map((c) => c.id)).toContain(reportId);
    expect(center.departments.find((d) => d.id === department.id)?.overdue).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it("the command center shows it red with its days and level, and exports it", async () => {
    const lit = await report();
    await h5.home();
    await shown("#tile-cases-command").click();
    await shown("#cases-command-page").waitFor();
    const row = shown(`#cc-overdue-${reportId}`);
    await row.waitFor();
    expect(await row.getAttribute("class")).toContain("cw-row-overdue");
    expect(await row.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(253, 236, 234)");
    expect(await text(`#cc-overdue-${reportId}-number`)).toBe(caseNumber);
    expect(await text(`#cc-overdue-${reportId}-overdue`)).toBe(`超期 ${lit.overdueDays} 天`);
    expect(await text(`#cc-overdue-${reportId}-level`)).toBe(lit.escalationLevel >= 2 ? "升级至区" : "亮灯");
    const center = await commandCenter();
    expect((await text("#cc-overdue .stats-tile-value")).trim()).toBe(String(center.open.overdue));
    expect(await shown("#cc-overdue").getAttribute("class")).toContain("stats-tile-alert");
    expect((await text("#cc-open .stats-tile-value")).trim()).toBe(String(center.open.total));
    await shown(`#cc-department-${department.id}`).waitFor();
    // The first screen (figures and the overdue list, the case among them) for the README; the
    // whole page as a second picture.
    await row.scrollIntoViewIfNeeded();
    await shot("command-center-overdue");
    await shot("command-center", "#cases-command-page");

    const download = h5.page.waitForEvent("download");
    await shown("#cc-overdue-csv").click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^超期案件-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync(await file.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes
      .toString("utf8")
      .replace(/^\ufeff/, "")
      .split("\r\n");
    expect(lines[0]).toBe("编号,类型,类别,状态,承办,上报时间,办结时限（当日）,超期天数,亮灯级别");
    const line = lines.find((l) => l.startsWith(`${caseNumber},`));
    expect(line?.split(",").slice(0, 5)).toEqual([
      caseNumber,
      "随手拍",
      "违法建设",
      "已派遣",
      department.name,
    ]);
    expect(line?.split(",").slice(6)).toEqual([
      // The last day to finish on: dueAt is the midnight that ends it.
      shanghaiDate(new Date(Date.parse(lit.dueAt as string) - 1)),
      String(lit.overdueDays),
      lit.escalationLevel >= 2 ? "升级至区" : "亮灯",
    ]);
    expect(lines.filter((l) => l !== "")).toHaveLength(center.overdue.length + 1);
  }, 90_000);

  it("the case desk shows it red too", async () => {
    await h5.home();
    await shown("#tile-cases-work").click();
    await shown("#cases-work-page").waitFor();
    const row = shown(`#cw-case-${reportId}`);
    await row.waitFor();
    expect(await row.getAttribute("class")).toContain("cw-row-overdue");
    await expect(shown("#cw-triage").locator(`#cw-case-${reportId}`).count()).resolves.toBe(0);
    expect(await text(`#cw-case-${reportId}-overdue`)).toMatch(/^超期 \d+ 天$/);
    await shot("desk-overdue", "#cases-work-page");
  }, 90_000);

  it("the district admin, who has no community of their own, picks one and sees it lit up too", async () => {
    await h5.loginAs("demo-admin");
    await shown("#tile-cases-command").click();
    await shown("#cases-command-page").waitFor();
    // The first community is shown at once; the case is in 黄河西路社区.
    await shown('[id^="cc-community-"].lw-chip-on').waitFor();
    await shown("#cc-community-huanghe-west").click();
    await shown(`#cc-overdue-${reportId}`).waitFor();
    expect(await shown("#cc-community-huanghe-west").getAttribute("class")).toContain("lw-chip-on");
    expect(await text(`#cc-overdue-${reportId}-number`)).toBe(caseNumber);
  }, 90_000);

  it("the department's handler resolves it from their own desk", async () => {
    await h5.loginAs(HANDLER);
    await shown("#tile-cases-work").click();
    await shown("#cases-work-page").waitFor();
    expect(await text("#cw-scope")).toContain(department.name);
    const row = shown(`#cw-case-${reportId}`);
    await row.waitFor();
    expect(await row.getAttribute("class")).toContain("cw-row-overdue");
    await shot("desk-handler", "#cases-work-page");
    const before = await commandCenter();
    await row.click();
    await shown("#case-detail-page").waitFor();
    await shown("#action-resolve").click();
    await shown("#resolve-text textarea").fill("已联系业主自行拆除彩钢棚，消防通道已恢复畅通。");
    await shown("#resolve-confirm").click();
    await expect.poll(async () => (await report()).status).toBe("resolved");
    // The page shows the resolution once it has its answer: let it settle before logging out.
    await shown("#case-resolution").waitFor();
    // Resolved is finished: no longer open, no longer lit up.
    const after = await commandCenter();
    expect(after.open.total).toBe(before.open.total - 1);
    expect(after.overdue.map((c) => c.id)).not.toContain(reportId);
    expect(after.departments.find((d) => d.id === department.id)?.finished).toBe(
      (before.departments.find((d) => d.id === department.id)?.finished ?? 0) + 1,
    );
  }, 90_000);

  it("the resident rates it satisfied; the command center counts the rating and lists it no more", async () => {
    const before = await commandCenter();
    await h5.loginAs(RESIDENT);
    await h5.page.goto(`${stack.baseUrl}/#/pages/cases/detail/index?id=${reportId}`);
    await shown("#rate-satisfied").click();
    await shown("#rate-submit").click();
    await expect.poll(async () => (await report()).status).toBe("closed");
    await shown("#case-rating").waitFor();
    expect((await report()).rating).toMatchObject({ satisfied: true });
    const ownView = await api<{ report: ReportView }>(`/reports/${reportId}`, { token: residentToken });
    expect(ownView.json.report.status).toBe("closed");

    const after = await commandCenter();
    expect(after.overdue.map((c) => c.id)).not.toContain(reportId);
    expect(after.reports.rated).toBe(before.reports.rated + 1);
    expect(after.reports.satisfied).toBe(before.reports.satisfied + 1);

    await h5.loginAs(STAFF);
    await shown("#tile-cases-command").click();
    await shown("#cases-command-page").waitFor();
    await shown("#cc-body").waitFor();
    expect(await shown(`#cc-overdue-${reportId}`).count()).toBe(0);
    // The page's period ends on the browser's today, which the moved server clock has passed: it
    // shows what the API answers for that same period.
    const [, from, to] = (await text("#cc-range")).match(/(\d{4}-\d{2}-\d{2}) 至 (\d{4}-\d{2}-\d{2})/) ?? [];
    const samePeriod = (
      await api<CommandCenter>(`/command-center?communityId=huanghe-west&from=${from}&to=${to}`, {
        token: staffToken,
      })
    ).json;
    expect(await text("#cc-satisfaction .stats-tile-note")).toBe(
      `${samePeriod.reports.satisfied}/${samePeriod.reports.rated} 件评价满意`,
    );
    expect((await text("#cc-open .stats-tile-value")).trim()).toBe(String(samePeriod.open.total));
  }, 90_000);

  it("mediation cases: the supervisor sees the community's; other staff only the command center's counts", async () => {
    // One dispute past its deadline, so the count that staff see without the lines is not 0: the
    // supervisor gives a filed one to the mediation studio with one working day, the clock moves on.
    const filed = (
      await api<{ items: Summary[] }>("/disputes?communityId=huanghe-west&scope=open", { token: staffToken })
    ).json.items.find((d) => d.status === "filed");
    expect(filed, "a filed dispute in the demo").toBeDefined();
    const studio = (
      await api<{ departments: { id: string; kind: string; active: boolean }[] }>(
        "/departments?communityId=huanghe-west",
        { token: staffToken },
      )
    ).json.departments.find((d) => d.kind === "mediation" && d.active);
    const assigned = await api<{ dispute: Summary }>(`/disputes/${filed?.id}/assign`, {
      token: staffToken,
      body: { mediator: { kind: "department", departmentId: studio?.id }, dueWorkingDays: 1 },
    });
    expect(assigned.status, JSON.stringify(assigned.json)).toBe(200);
    const { now } = await testRoute<{ now: string }>("clock", { advanceMs: 0 });
    const dueAt = Date.parse(assigned.json.dispute.dueAt as string);
    await testRoute("clock", { advanceMs: Math.max(DAY_MS, dueAt + DAY_MS + 60_000 - Date.parse(now)) });
    await testRoute("jobs", {});
    staffToken = await devToken(stack, STAFF);

    const supervised = await api<{ items: Summary[] }>("/disputes?communityId=huanghe-west&scope=open", {
      token: staffToken,
    });
    expect(supervised.json.items.find((d) => d.id === filed?.id)?.overdue).toBe(true);
    expect(supervised.status).toBe(200);
    expect(supervised.json.items.length).toBeGreaterThan(0);
    await h5.loginAs(STAFF);
    await shown("#tile-cases-work").click();
    await shown("#cases-work-page").waitFor();
    await shown("#cw-tab-disputes").click();
    for (const dispute of supervised.json.items) await shown(`#cw-case-${dispute.id}`).waitFor();
    expect(await shown("#cw-disputes-private").count()).toBe(0);

    const otherStaff = await devToken(stack, "demo-staff-2");
    const refused = await api<{ error: { code: string } }>("/disputes?communityId=huanghe-west", {
      token: otherStaff,
    });
    expect([refused.status, refused.json.error.code]).toEqual([403, "DISPUTES_PRIVATE"]);
    await h5.loginAs("demo-staff-2");
    await shown("#tile-cases-work").click();
    await shown("#cases-work-page").waitFor();
    await shown("#cw-tab-disputes").click();
    expect(await text("#cw-disputes-private")).toContain("调解案件仅对调解员和主管可见");
    const open = supervised.json.items.length;
    const overdue = supervised.json.items.filter((d) => d.overdue).length;
    await expect
      .poll(async () => text("#cw-disputes-counts"))
      .toContain(`在调解 ${open} 件，其中超期 ${overdue} 件`);
    expect(await shown('[id^="cw-case-"]').count()).toBe(0);
    await shot("desk-disputes-private", "#cases-work-page");
  }, 90_000);

  it("shows the command center, the case desk and the departments in large text", async () => {
    await h5.loginAs(STAFF);
    await shown("#tile-me").click();
    await shown("#large-text-switch").click();
    await h5.page.waitForFunction(() => document.querySelector("#me-page")?.classList.contains("large-text"));
    for (const [tile, page] of [
      ["#tile-cases-command", "#cases-command-page"],
      ["#tile-cases-work", "#cases-work-page"],
      ["#tile-cases-departments", "#cases-departments-page"],
    ] as const) {
      await h5.home();
      await shown(tile).click();
      await shown(page).waitFor();
      expect(await shown(page).getAttribute("class")).toContain("large-text");
    }
    await shown(`#cd-department-${department.id}`).waitFor();
    await shot("departments-large", "#cases-departments-page");
    await h5.home();
    await shown("#tile-cases-command").click();
    await shown("#cc-body").waitFor();
    await shot("command-center-large", "#cases-command-page");
    await h5.home();
    await shown("#tile-me").click();
    await shown("#large-text-switch").click();
  }, 90_000);
});
