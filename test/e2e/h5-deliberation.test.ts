import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../setup/local-stack.js";
import { assertH5Build, callApi, devToken, type H5, openH5 } from "./h5.js";

/**
 * The deliberation hall through the web build, as the issue's "done when" tells it: staff create
 * a topic for building 1 and open an owners' major-matter vote on it (secret, early close
 * allowed); 王秀兰 votes from her phone after a clear confirmation; twelve more owners vote
 * through the API; staff record two paper ballots at the center; staff close the vote and the
 * published result states the quorum and the thresholds; the resident sees it too.
 *
 * The local stack's clock cannot be moved, so closing on time by the job is proven by the API
 * tests (deliberation.test.ts); here staff close it early, which this vote allows.
 */
const STAFF = "demo-staff-1";
const RESIDENT = "demo-resident-1";
const TITLE = "1栋2单元加装电梯";

let stack: LocalStack;
let h5: H5;
let staffToken: string;
let topicId: string;

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
  h5 = await openH5(stack, "deliberation");
}, 120_000);
afterAll(async () => {
  await h5?.close();
  await stack?.stop();
});

describe("an owners' major-matter vote in the web build", () => {
  it("staff create the topic and open the vote", async () => {
    await h5.loginAs(STAFF);
    await shown("#tile-deliberation-manage").click();
    await shown("#deliberation-manage-page").waitFor();
    await shown("#dw-new-topic").click();
    await shown("#dw-topic-title input").fill(TITLE);
    await shown("#dw-topic-body textarea").fill(
      "1栋2单元住户联名申请加装电梯，费用按楼层分摊，一楼不分摊。请1栋业主表决。",
    );
    await shown("#dw-scope-b1").click();
    await shot("manage-new-topic", "#deliberation-manage-page");
    await shown("#dw-topic-submit").click();
    await shown("#dw-tab-discussion").click();
    const listed = await api<{ items: { id: string; title: string }[] }>("/deliberations?status=discussion", {
      token: staffToken,
    });
    topicId = listed.json.items.find((t) => t.title === TITLE)?.id as string;
    expect(topicId).toBeTruthy();
    await shown(`#dw-vote-open-${topicId}`).click();
    await shown("#dw-vote-form").waitFor();
    await shown("#dw-rule-owners_major").click();
    await shown("#dw-closes-3d").click();
    await shown("#dw-early").click();
    await shot("manage-vote-form", "#deliberation-manage-page");
    await shown("#dw-vote-submit").click();
    await shown("#dw-vote-confirm").waitFor();
    await shown("#dw-vote-confirm-ok").click();
    await expect
      .poll(
        async () =>
          (
            await api<{ topic: { vote: { status: string } | null } }>(`/deliberations/${topicId}`, {
              token: staffToken,
            })
          ).json.topic.vote?.status,
      )
      .toBe("open");
    const opened = await api<{
      topic: {
        vote: {
          rule: string;
          eligible: { count: number; area: number };
          earlyClose: boolean;
          secret: boolean;
        };
      };
    }>(`/deliberations/${topicId}`, { token: staffToken });
    expect(opened.json.topic.vote).toMatchObject({
      rule: "owners_major",
      eligible: { count: 20, area: 1437 },
      earlyClose: true,
      secret: true,
    });
  });

  it("王秀兰 votes from her phone after a clear confirmation", async () => {
    await h5.loginAs(RESIDENT);
    await shown("#tile-deliberation").click();
    await shown("#deliberation-list-page").waitFor();
    await shown(`#dl-topic-${topicId}`).click();
    await shown("#deliberation-topic-page").waitFor();
    await expect.poll(() => text("#dl-vote-rule"), { timeout: 10_000 }).toContain("四分之三");
    await shown("#dl-choice-approve").click();
    await shown("#dl-confirm").waitFor();
    await shot("confirm-ballot");
    await shown("#dl-confirm-ok").click();
    await expect.poll(() => text("#dl-my-ballot"), { timeout: 10_000 }).toContain("已投票");
    await shown("#dl-results-hidden").waitFor();
    await shot("voted", "#deliberation-topic-page");
  });

  it("twelve more owners vote from their phones (through the API)", async () => {
    for (const n of [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]) {
      const cast = await api(`/deliberations/${topicId}/ballots`, {
        token: await token(`demo-resident-${n}`),
        body: { choice: n === 7 ? "reject" : "approve" },
      });
      expect(cast.status, JSON.stringify(cast.json)).toBe(200);
    }
  });

  it("staff record two paper ballots and close the vote; the result states quorum and thresholds", async () => {
    await h5.loginAs(STAFF);
    await h5.page.goto(`${stack.baseUrl}/#/pages/deliberation/turnout/index?id=${topicId}`);
    await shown("#deliberation-turnout-page").waitFor();
    await expect.poll(() => text("#dw-turnout-summary"), { timeout: 10_000 }).toContain("13");
    for (const household of ["hh-b1-2-401", "hh-b1-2-402"]) {
      await shown(`#dw-paper-${household}`).click();
      await shown("#dw-paper-sheet").waitFor();
      await shown("#dw-paper-choice-approve").click();
      await shown("#dw-paper-collector input").fill("网格员 孙丽");
      await shown("#dw-paper-submit").click();
      await shown("#dw-paper-confirm-ok").click();
      await expect.poll(() => shown(`#dw-paper-${household}`).count(), { timeout: 10_000 }).toBe(0);
    }
    // A secret vote's count stays sealed from staff until it closes.
    await expect.poll(() => text("#dw-results-sealed"), { timeout: 10_000 }).toContain("截止后公布");
    await shot("turnout", "#deliberation-turnout-page");
    await shown("#dw-close-vote").click();
    await shown("#dw-close-confirm-ok").click();
    await shown("#dw-results-passed").waitFor();
    const results = await api<{
      status: string;
      quorumMet: boolean;
      passed: boolean;
      participated: { count: number };
      approve: { count: number };
      explanation: string;
    }>(`/deliberations/${topicId}/results`, { token: staffToken });
    // 15 of 20 owners took part (≥ 2/3), 14 approve (≥ 3/4 of 15) and the area agrees.
    expect(results.json).toMatchObject({
      status: "closed",
      quorumMet: true,
      passed: true,
      participated: { count: 15 },
      approve: { count: 14 },
    });
    expect(results.json.explanation).toContain("三分之二以上");
    expect(results.json.explanation).toContain("四分之三以上");
    await expect.poll(() => text("#dw-results-explanation"), { timeout: 10_000 }).toContain("表决通过");
    await shot("closed", "#deliberation-turnout-page");
  });

  it("the resident sees the published result on the topic", async () => {
    await h5.loginAs(RESIDENT);
    await h5.page.goto(`${stack.baseUrl}/#/pages/deliberation/topic/index?id=${topicId}`);
    await shown("#deliberation-topic-page").waitFor();
    await shown("#dl-results-passed").waitFor();
    await expect.poll(() => text("#dl-results-explanation"), { timeout: 10_000 }).toContain("四分之三以上");
    await expect.poll(() => text("#dl-status"), { timeout: 10_000 }).toContain("通过");
    await shot("result", "#deliberation-topic-page");
  });

  it("shows the hall and the lift vote in large text", async () => {
    await h5.home();
    await shown("#tile-me").click();
    await shown("#large-text-switch").click();
    await h5.page.waitForFunction(() => document.querySelector("#me-page")?.classList.contains("large-text"));
    await h5.home();
    await shown("#tile-deliberation").click();
    await shown("#deliberation-list-page").waitFor();
    expect(await shown("#deliberation-list-page").getAttribute("class")).toContain("large-text");
    await shot("list-large", "#deliberation-list-page");
    // The demo's live vote: 王秀兰 has not voted there yet, so the choice buttons are offered.
    await shown("#dl-topic-demo-lift-b1").click();
    await shown("#dl-choice-approve").waitFor();
    expect(await shown("#deliberation-topic-page").getAttribute("class")).toContain("large-text");
    await shot("topic-large", "#deliberation-topic-page");
    await h5.home();
    await shown("#tile-me").click();
    await shown("#large-text-switch").click();
  });
});
