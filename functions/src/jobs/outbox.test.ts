import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeWechat } from "../../../test/setup/fake-wechat.js";
import { createTestStack, type TestStack } from "../../../test/setup/harness.js";
import { type Notification, notify, withdrawNotification } from "../messages/notify.js";
import {
  claimOutboxEntry,
  getOutboxEntry,
  listFailedOutbox,
  oldestDueOutboxAt,
} from "../messages/outbox-repo.js";
import { listInbox } from "../messages/repo.js";
import { backoffMs, KEEP_DONE_SECONDS, LEASE_MS, MAX_ATTEMPTS, runOutboxJob } from "./outbox.js";
import { runJobs } from "./run.js";

let wechat: Awaited<ReturnType<typeof startFakeWechat>>;
let stack: TestStack;
let seq = 0;

beforeAll(async () => {
  wechat = await startFakeWechat("wx-test-app", "test-app-secret");
  stack = await createTestStack({
    wechatBase: wechat.base,
    env: {
      WECHAT_SUBSCRIBE_TEMPLATES:
        "legal.booking_confirmed=tmplConfirmed,legal.reminder_day_before=tmplDay,legal.promoted=tmplP[thing5:title time6:startsAt thing7:place]",
    },
  });
});
afterAll(async () => {
  await stack.cleanup();
  await wechat.stop();
});
beforeEach(() => {
  wechat.subscribe.mode = "ok";
  wechat.subscribe.delayMs = 0;
  stack.clock.set(new Date().toISOString());
});

/** Demo residents exist after seeding; their user id is u-<openid>, their openid the demo name. */
const resident = "u-demo-resident-1";
const params = {
  bookingId: "b1",
  slotId: "s1",
  lawyerName: "周律师",
  startsAt: "2026-03-05T06:30:00.000Z",
  endsAt: "2026-03-05T07:00:00.000Z",
  mode: "in_person",
  place: "黄河西路社区服务中心二楼法律咨询室（东侧）",
  category: "婚姻家庭",
};

async function tell(overrides: Partial<Notification> = {}): Promise<string> {
  seq += 1;
  const id = `n-${Date.now()}-${seq}`;
  const now = stack.clock.now().toISOString();
  await stack.deps.db.doc.send(
    new TransactWriteCommand({
      TransactItems: notify(
        stack.deps.db,
        {
          id,
          userId: resident,
          kind: "legal.booking_confirmed",
          params,
          link: "/pages/legal/booking/index?id=b1",
          ...overrides,
        },
        now,
      ),
    }),
  );
  return id;
}

const run = () => runOutboxJob(stack.deps);
const sendsFor = (id: string) =>
  wechat.subscribe.sends.filter((s) => s.body.page === `pages/legal/booking/index?id=${id}`);

describe("outbox job", () => {
  it("pushes a due entry through WeChat with the template's data, then marks it sent with a TTL", async () => {
    const id = await tell({ link: `/pages/legal/booking/index?id=${"ok-1"}` });
    const summary = await run();
    expect(summary).toMatchObject({ sent: 1, skipped: 0, retried: 0, failed: 0 });
    const [send] = sendsFor("ok-1");
    expect(send?.body).toEqual({
      touser: "demo-resident-1",
      template_id: "tmplConfirmed",
      page: "pages/legal/booking/index?id=ok-1",
      data: {
        thing1: { value: "法律咨询预约成功" },
        time2: { value: "2026年3月5日 14:30" },
        thing3: { value: "周律师" },
        thing4: { value: "黄河西路社区服务中心二楼法律咨询室（东…" },
      },
      miniprogram_state: "formal",
      lang: "zh_CN",
    });
    // WeChat's thing keyword takes at most 20 characters.
    expect(Array.from(send?.body.data.thing4?.value ?? "")).toHaveLength(20);
    const entry = await getOutboxEntry(stack.deps.db, id);
    expect(entry).toMatchObject({ status: "sent", outcome: "pushed" });
    const nowSeconds = Math.floor(stack.clock.now().getTime() / 1000);
    expect((entry as unknown as { expiresAt: number }).expiresAt).toBeGreaterThan(
      nowSeconds + KEEP_DONE_SECONDS - 60,
    );
    expect(entry).not.toHaveProperty("leaseToken");
    // Out of the due index: another run finds nothing.
    expect((await run()).due).toBe(0);
  });

  it("uses a layout given in the config", async () => {
    await tell({ kind: "legal.promoted", link: "/pages/legal/booking/index?id=promoted" });
    await run();
    expect(sendsFor("promoted")[0]?.body).toMatchObject({
      template_id: "tmplP",
      data: {
        thing5: { value: "候补成功，已为您预约" },
        time6: { value: "2026年3月5日 14:30" },
        thing7: { value: "黄河西路社区服务中心二楼法律咨询室（东…" },
      },
    });
  });

  it("skips a kind without a template, and a user with no openid", async () => {
    const noTemplate = await tell({ kind: "legal.waitlist_closed" });
    const noUser = await tell({ userId: "u-nobody" });
    const before = wechat.subscribe.sends.length;
    const summary = await run();
    expect(summary).toMatchObject({ skipped: 2, sent: 0 });
    expect(wechat.subscribe.sends.length).toBe(before);
    expect(await getOutboxEntry(stack.deps.db, noTemplate)).toMatchObject({
      status: "skipped",
      outcome: "no_template",
    });
    expect(await getOutboxEntry(stack.deps.db, noUser)).toMatchObject({
      status: "skipped",
      outcome: "no_openid",
    });
  });

  it("skips a user who refused (43101) without retrying", async () => {
    wechat.subscribe.mode = "refused";
    const id = await tell();
    expect(await run()).toMatchObject({ skipped: 1, retried: 0 });
    expect(await getOutboxEntry(stack.deps.db, id)).toMatchObject({
      status: "skipped",
      outcome: "refused",
      attempts: 0,
    });
  });

  it("fetches the token once, keeps it, and refreshes it when WeChat says it expired (40001)", async () => {
    await tell();
    await run();
    const tokensBefore = wechat.subscribe.tokenRequests;
    await tell();
    await run();
    expect(wechat.subscribe.tokenRequests).toBe(tokensBefore);
    wechat.expireTokens();
    const id = await tell({ link: "/pages/legal/booking/index?id=refresh" });
    expect(await run()).toMatchObject({ sent: 1 });
    expect(wechat.subscribe.tokenRequests).toBe(tokensBefore + 1);
    expect(sendsFor("refresh").map((s) => s.errcode)).toEqual([40001, 0]);
    expect(await getOutboxEntry(stack.deps.db, id)).toMatchObject({ status: "sent" });
  });

  it("retries a transient failure with backoff, then fails for good after 5 attempts", async () => {
    wechat.subscribe.mode = "busy";
    const id = await tell();
    const start = stack.clock.now().getTime();
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await run()).toMatchObject({ retried: 1 });
      const entry = await getOutboxEntry(stack.deps.db, id);
      expect(entry).toMatchObject({ status: "pending", attempts: attempt, lastError: "errcode -1" });
      const next = Date.parse(entry?.nextAttemptAt ?? "");
      expect(next - stack.clock.now().getTime()).toBeGreaterThan(backoffMs(attempt) - 5000);
      expect(next - stack.clock.now().getTime()).toBeLessThanOrEqual(backoffMs(attempt));
      // Not due yet: a run now leaves it alone.
      expect((await run()).due).toBe(0);
      stack.clock.set(new Date(next + 1000).toISOString());
    }
    expect(backoffMs(1)).toBe(60_000);
    expect(backoffMs(4)).toBe(64 * 60_000);
    expect(await run()).toMatchObject({ failed: 1 });
    const failed = await getOutboxEntry(stack.deps.db, id);
    expect(failed).toMatchObject({
      status: "failed",
      attempts: 5,
      outcome: "gave_up",
      lastError: "errcode -1",
    });
    expect(failed).not.toHaveProperty("expiresAt");
    expect((await listFailedOutbox(stack.deps.db)).map((e) => e.id)).toContain(id);
    expect(stack.logLines.some((line) => line.includes("outbox entry failed") && line.includes(id))).toBe(
      true,
    );
    expect(stack.clock.now().getTime() - start).toBeGreaterThan(84 * 60_000);
    expect((await run()).due).toBe(0);
  });

  it("fails at once when WeChat rejects the message itself (47003)", async () => {
    wechat.subscribe.mode = "invalid";
    const id = await tell();
    expect(await run()).toMatchObject({ failed: 1 });
    expect(await getOutboxEntry(stack.deps.db, id)).toMatchObject({
      status: "failed",
      outcome: "errcode_47003",
    });
  });

  it("delivers a reminder to the message list and WeChat only when it is due", async () => {
    const now = stack.clock.now().getTime();
    const dueAt = new Date(now + 3600_000).toISOString();
    const id = await tell({
      kind: "legal.reminder_day_before",
      dueAt,
      link: "/pages/legal/booking/index?id=rem",
    });
    expect((await run()).due).toBe(0);
    expect((await listInbox(stack.deps.db, resident, { limit: 50 })).items.some((m) => m.id === id)).toBe(
      false,
    );
    stack.clock.set(new Date(now + 3600_000 + 1000).toISOString());
    expect(await run()).toMatchObject({ sent: 1 });
    const inbox = await listInbox(stack.deps.db, resident, { limit: 50 });
    expect(inbox.items.find((m) => m.id === id)).toMatchObject({
      kind: "legal.reminder_day_before",
      readAt: null,
    });
    expect(sendsFor("rem")[0]?.body.template_id).toBe("tmplDay");
  });

  it("keeps one list message when the push is retried", async () => {
    wechat.subscribe.mode = "busy";
    const dueAt = new Date(stack.clock.now().getTime() + 1000).toISOString();
    const id = await tell({ kind: "legal.reminder_day_before", dueAt });
    stack.clock.advance(2000);
    expect(await run()).toMatchObject({ retried: 1 });
    wechat.subscribe.mode = "ok";
    stack.clock.advance(backoffMs(1) + 1000);
    expect(await run()).toMatchObject({ sent: 1 });
    const inbox = await listInbox(stack.deps.db, resident, { limit: 100 });
    expect(inbox.items.filter((m) => m.id === id)).toHaveLength(1);
  });

  it("never sends an entry twice when runs overlap", async () => {
    wechat.subscribe.delayMs = 30;
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) => tell({ link: `/pages/legal/booking/index?id=race-${i}` })),
    );
    const summaries = await Promise.all([run(), run(), run(), run()]);
    expect(summaries.reduce((sum, s) => sum + s.sent, 0)).toBe(12);
    // The runs really did overlap: they saw the same entries and lost claims to each other.
    expect(summaries.reduce((sum, s) => sum + s.notClaimed, 0)).toBeGreaterThan(0);
    for (let i = 0; i < 12; i++) expect(sendsFor(`race-${i}`), `race-${i}`).toHaveLength(1);
    for (const id of ids) expect(await getOutboxEntry(stack.deps.db, id)).toMatchObject({ status: "sent" });
  });
});

describe("outbox backlog age", () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const withdraw = (id: string) =>
    stack.deps.db.doc.send(
      new TransactWriteCommand({ TransactItems: [withdrawNotification(stack.deps.db, id)] }),
    );
  /** An entry that became due `agoMs` before the test clock's now (notify() never dates one back). */
  async function tellDueAgo(agoMs: number, overrides: Partial<Notification> = {}) {
    const now = stack.clock.now().getTime();
    stack.clock.set(iso(now - agoMs));
    const id = await tell(overrides);
    stack.clock.set(iso(now));
    return id;
  }

  it("is 0 when the run delivered everything due, and entries due later do not count", async () => {
    const later = await tell({
      kind: "legal.reminder_day_before",
      dueAt: iso(stack.clock.now().getTime() + 3600_000),
    });
    await tellDueAgo(10 * 60_000);
    const summary = await run();
    expect(summary).toEqual({
      due: 1,
      sent: 1,
      skipped: 0,
      retried: 0,
      failed: 0,
      notClaimed: 0,
      leaseLost: 0,
      backlogAgeSeconds: 0,
    });
    expect(await oldestDueOutboxAt(stack.deps.db, stack.clock.now().toISOString())).toBeNull();
    await withdraw(later);
  });

  it("is how long the oldest entry left due after the run has waited past its due time", async () => {
    const later = await tell({
      kind: "legal.reminder_day_before",
      dueAt: iso(stack.clock.now().getTime() + 3600_000),
    });
    const stuck = await tellDueAgo(10 * 60_000, { link: "/pages/legal/booking/index?id=stuck" });
    const newer = await tellDueAgo(2 * 60_000);
    // A run that claimed it and then stopped (a timeout): its lease keeps other runs off for a minute.
    const now = stack.clock.now().getTime();
    const lease = { token: "stopped-run", now: iso(now), until: iso(now + LEASE_MS) };
    expect(await claimOutboxEntry(stack.deps.db, stuck, lease)).not.toBeNull();

    const held = await run();
    expect(held).toMatchObject({ due: 2, sent: 1, notClaimed: 1 });
    expect(await getOutboxEntry(stack.deps.db, newer)).toMatchObject({ status: "sent" });
    // Measured from dueAt after the run: not from the newer entry, nor the reminder due later.
    expect(held.backlogAgeSeconds).toBeGreaterThanOrEqual(600);
    expect(held.backlogAgeSeconds).toBeLessThan(620);

    stack.clock.advance(LEASE_MS + 1000);
    expect(await run()).toMatchObject({ sent: 1, backlogAgeSeconds: 0 });
    expect(sendsFor("stuck")).toHaveLength(1);
    await withdraw(later);
  });

  it("counts a retried entry from its next attempt, and not while it waits out its backoff", async () => {
    wechat.subscribe.mode = "busy";
    const id = await tellDueAgo(30 * 60_000);
    // Retried: due again in a minute, so nothing is left due.
    expect(await run()).toMatchObject({ retried: 1, backlogAgeSeconds: 0 });
    const nextAttemptAt = (await getOutboxEntry(stack.deps.db, id))?.nextAttemptAt as string;
    expect(Date.parse(nextAttemptAt)).toBeGreaterThan(stack.clock.now().getTime());

    // No run for 10 minutes past its next attempt (the schedule stopped).
    stack.clock.set(iso(Date.parse(nextAttemptAt) + 10 * 60_000));
    expect(await oldestDueOutboxAt(stack.deps.db, stack.clock.now().toISOString())).toBe(nextAttemptAt);
    wechat.subscribe.mode = "ok";
    expect(await run()).toMatchObject({ sent: 1, backlogAgeSeconds: 0 });
  });
});

describe("runJobs", () => {
  it("runs every job and reports each, a failing one included", async () => {
    await tell();
    const summary = await runJobs(stack.deps, [
      { name: "broken", run: async () => Promise.reject(new Error("boom")) },
      { name: "outbox", run: runOutboxJob },
    ]);
    expect(summary.jobs).toEqual([
      expect.objectContaining({ name: "broken", ok: false, error: "Error: boom" }),
      expect.objectContaining({ name: "outbox", ok: true, result: expect.objectContaining({ sent: 1 }) }),
    ]);
    expect((await runJobs(stack.deps)).jobs.map((j) => j.name)).toEqual([
      "window-no-shows",
      "deliberation-votes",
      "notices",
      "case-escalation",
      "outbox",
    ]);
  });
});
