import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, shanghaiDate, shanghaiInstant } from "../../functions/src/time/shanghai.js";
import { type LocalStack, startLocalStack } from "../setup/local-stack.js";
import { assertH5Build, callApi, devToken, type H5, openH5 } from "./h5.js";

/**
 * 纠纷调解 through the web build, as the issue tells it: a resident files a neighbour dispute from
 * 我的诉求 and lands on its page with its TJ number; the community's case supervisor gives it to the
 * mediation studio 老段说事, schedules a session for tomorrow, records it as cancelled, and closes
 * the dispute as settled with the agreement; the resident then reads 调解成功 and the agreement on
 * their own page (the picture .out/screenshots/disputes-closed.png). Staff who do not supervise
 * are refused the dispute's page in words, as the API refuses them.
 */
const RESIDENT = "demo-resident-1"; // 王秀兰, 1栋1单元101, verified
const SUPERVISOR = "demo-staff-1"; // 刘敏, staff of 黄河西路社区, the demo's case supervisor
const OTHER_STAFF = "demo-staff-2"; // staff of the same community, not a supervisor
const STUDIO = "dept-laoduan"; // 老段说事, the demo's mediation studio
const DESCRIPTION = "楼上住户装修改动卫生间防水，导致我家天花板持续渗水，协商多次未果，申请社区调解。";
const OTHER_PARTY = "张建军";
const PLACE = "社区党群服务中心二楼调解室";
const CANCELLED = "对方临时出差，双方同意改期。";
const AGREEMENT = "楼上住户于两周内重做卫生间防水，并承担楼下天花板修复费用 1800 元。";

interface DisputeView {
  id: string;
  number: string;
  status: string;
  type: string;
  description: string;
  parties: { side: string; name: string; isUser: boolean }[];
  dueWorkingDays: number | null;
  sessions: { n: number; scheduledAt: string; place: string; status: string; summary: string | null }[];
  outcome: string | null;
  agreement: string | null;
}

let stack: LocalStack;
let h5: H5;
let supervisorToken: string;
let residentToken: string;
let disputeId: string;
let caseNumber: string;

const api = <T>(path: string, init: { token?: string; body?: unknown; method?: string } = {}) =>
  callApi<T>(stack, path, init);
const shown = (selector: string) => h5.shown(selector);
const text = (selector: string) => h5.text(selector);
const dispute = async (token = supervisorToken) =>
  (await api<{ dispute: DisputeView }>(`/disputes/${disputeId}`, { token })).json.dispute;
const openDispute = async () => {
  await h5.page.goto(`${stack.baseUrl}/#/pages/cases/dispute/index?id=${disputeId}`);
  await shown("#case-dispute-page #dispute-summary").waitFor();
};

beforeAll(async () => {
  assertH5Build();
  stack = await startLocalStack();
  [supervisorToken, residentToken] = await Promise.all([
    devToken(stack, SUPERVISOR),
    devToken(stack, RESIDENT),
  ]);
  h5 = await openH5(stack, "disputes");
}, 180_000);

afterAll(async () => {
  await h5?.close();
  await stack?.stop();
});

describe("纠纷调解 in the web build", () => {
  it("a resident files a neighbour dispute from 我的诉求 and lands on its page", async () => {
    await h5.loginAs(RESIDENT);
    await shown("#home-page #tile-cases-mine").click();
    await shown("#cases-mine-page").waitFor();
    await shown("#mine-file-link").click();
    await shown("#case-file-page").waitFor();
    // Nothing filled: the form says what is missing and asks nothing yet.
    await shown("#file-submit").click();
    await shown("#field-file-type-error").waitFor();
    expect(await shown("#file-confirm").count()).toBe(0);

    await shown("#file-type-neighbour").click();
    await shown("#file-description textarea").fill(DESCRIPTION);
    await shown("#file-party-0-side-respondent").click();
    await shown("#file-party-0-name input").fill(OTHER_PARTY);
    expect(await shown("#file-party-0-side-respondent").getAttribute("class")).toContain("chip-on");
    await shown("#file-submit").click();
    expect(await text("#file-confirm")).toContain(OTHER_PARTY);
    await shown("#file-confirm-ok").click();

    await shown("#case-dispute-page #case-number").waitFor();
    disputeId = new URL(h5.page.url()).hash.match(/[?&]id=([^&]+)/)?.[1] ?? "";
    expect(disputeId).not.toBe("");
    caseNumber = (await text("#case-number")).trim();
    expect(caseNumber).toMatch(/^TJ-\d{8}-\d{4}$/);
    expect(await text("#case-new-banner")).toContain(caseNumber);
    expect(await text("#case-status")).toBe("待受理");
    expect(await text("#dispute-parties")).toContain(OTHER_PARTY);

    const stored = await dispute(residentToken);
    expect(stored).toMatchObject({
      number: caseNumber,
      status: "filed",
      type: "neighbour",
      description: DESCRIPTION,
      outcome: null,
    });
    expect(stored.parties).toContainEqual(expect.objectContaining({ side: "respondent", name: OTHER_PARTY }));
    // The resident mediates nothing: no actions on their page.
    expect(await shown('[id^="action-"]').count()).toBe(0);
  }, 90_000);

  it("staff who do not supervise are refused the dispute's page, as by the API", async () => {
    const refused = await api<{ error: { code: string } }>(`/disputes/${disputeId}`, {
      token: await devToken(stack, OTHER_STAFF),
    });
    expect([refused.status, refused.json.error.code]).toEqual([403, "DISPUTE_PRIVATE"]);
    await h5.loginAs(OTHER_STAFF);
    await h5.page.goto(`${stack.baseUrl}/#/pages/cases/dispute/index?id=${disputeId}`);
    expect(await text("#case-dispute-page #case-dispute-error")).toContain(
      "只有当事人、调解员和社区负责人能查看这条调解",
    );
    // A refusal: no retry, and nothing of the dispute.
    expect(await shown("#case-dispute-retry").count()).toBe(0);
    expect(await shown("#dispute-summary").count()).toBe(0);
    expect(await h5.page.locator("body").textContent()).not.toContain(caseNumber);
  }, 90_000);

  it("the supervisor gives it to the mediation studio and schedules a session for tomorrow", async () => {
    await h5.loginAs(SUPERVISOR);
    await openDispute();
    expect((await text("#case-number")).trim()).toBe(caseNumber);

    await shown("#action-assign").click();
    await shown("#assign").waitFor();
    await shown("#assign-kind-department").click();
    await shown(`#assign-department-${STUDIO}`).click();
    expect(await shown(`#assign-department-${STUDIO}`).getAttribute("class")).toContain("chip-on");
    // Down from the default to ten working days.
    for (let i = 0; i < 60 && (await text("#assign-days")).trim() !== "10"; i++)
      await shown("#assign-days-minus").click();
    expect((await text("#assign-days")).trim()).toBe("10");
    await shown("#assign-confirm").click();
    await expect.poll(async () => (await dispute()).status).toBe("assigned");
    expect(await dispute()).toMatchObject({ dueWorkingDays: 10 });
    await expect.poll(async () => text("#dispute-mediator")).toContain("老段说事");
    await shown("#action-schedule").waitFor();

    await shown("#action-schedule").click();
    await shown("#schedule").waitFor();
    // The sheet starts on tomorrow (Shanghai) at 09:30; only the place is left to fill.
    const tomorrow = addDays(shanghaiDate(new Date()), 1);
    expect((await text("#schedule-date")).replace("›", "").trim()).toBe(tomorrow);
    expect((await text("#schedule-time")).replace("›", "").trim()).toBe("09:30");
    await shown("#schedule-confirm").click();
    await shown("#schedule-error").waitFor();
    await shown("#schedule-place input").fill(PLACE);
    await shown("#schedule-confirm").click();
    await shown("#dispute-session-1").waitFor();
    expect(await text("#dispute-session-1-status")).toBe("待进行");
    expect(await text("#dispute-session-1")).toContain(PLACE);

    const scheduled = await dispute();
    expect(scheduled.status).toBe("in_mediation");
    expect(scheduled.sessions).toHaveLength(1);
    expect(scheduled.sessions[0]).toMatchObject({ n: 1, place: PLACE, status: "scheduled" });
    expect(Date.parse(scheduled.sessions[0]?.scheduledAt ?? "")).toBe(
      Date.parse(shanghaiInstant(tomorrow, "09:30")),
    );
  }, 90_000);

  it("records the session as cancelled, then closes it settled with the agreement", async () => {
    await openDispute();
    await shown("#action-record").click();
    await shown("#record").waitFor();
    await shown("#record-session-1").click();
    await shown("#record-status-cancelled").click();
    expect(await shown("#record-status-cancelled").getAttribute("class")).toContain("chip-on");
    await shown("#record-summary textarea").fill(CANCELLED);
    await shown("#record-confirm").click();
    await expect.poll(async () => text("#dispute-session-1-status")).toBe("已取消");
    expect(await text("#dispute-session-1")).toContain(CANCELLED);
    expect((await dispute()).sessions[0]).toMatchObject({ status: "cancelled", summary: CANCELLED });
    // No session left ahead: nothing to record.
    await expect.poll(async () => shown("#action-record").count()).toBe(0);

    await shown("#action-close").click();
    await shown("#close").waitFor();
    await shown("#close-outcome-settled").click();
    await shown("#close-agreement textarea").fill(AGREEMENT);
    await shown("#close-confirm").click();
    await shown("#dispute-outcome").waitFor();
    expect(await text("#dispute-outcome-value")).toBe("调解成功");
    expect(await text("#case-status")).toBe("已结案");

    const closed = await dispute();
    expect(closed).toMatchObject({ status: "closed", outcome: "settled", agreement: AGREEMENT });
    // Closed: no more actions.
    await expect.poll(async () => shown('[id^="action-"]').count()).toBe(0);
  }, 90_000);

  it("the resident reads 调解成功 and the agreement on their dispute", async () => {
    await h5.loginAs(RESIDENT);
    await shown("#home-page #tile-cases-mine").click();
    await shown("#cases-mine-page").waitFor();
    await shown("#mine-tab-disputes").click();
    await shown(`#case-${disputeId}`).waitFor();
    expect(await text(`#case-${disputeId}-status`)).toContain("已结案");
    await shown(`#case-${disputeId}`).click();
    await shown("#case-dispute-page #dispute-outcome").waitFor();
    expect((await text("#case-number")).trim()).toBe(caseNumber);
    expect(await text("#dispute-outcome-value")).toBe("调解成功");
    expect(await text("#dispute-agreement")).toContain(AGREEMENT);
    expect(await text("#dispute-session-1-status")).toBe("已取消");
    expect(await text("#dispute-mediator")).toContain("老段说事");
    expect(await shown('[id^="action-"]').count()).toBe(0);

    const own = await dispute(residentToken);
    expect(own).toMatchObject({ status: "closed", outcome: "settled", agreement: AGREEMENT });
    await h5.shot("closed", "#case-dispute-page");
  }, 90_000);
});
