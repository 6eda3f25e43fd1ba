import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  isoWeekday,
  minutesOf,
  shanghaiDate,
  shanghaiInstant,
  shanghaiTime,
  timeOf,
} from "../../functions/src/time/shanghai.js";
import { type LocalStack, startLocalStack } from "../setup/local-stack.js";
import { assertH5Build, callApi, type H5, openH5 } from "./h5.js";

/**
 * The legal consultation through the web build, as people use it: a resident books a seat, a
 * second one finds it full and queues, the first cancels, the second is promoted and told; a
 * lawyer records the outcome of a consultation that has started; staff see it in the statistics.
 *
 * Only the login page's demo accounts can be used in the browser: 29 and 32 are verified residents
 * without any seeded booking. Rosters are made through the API (that page has its own test) for
 * 郑律师 in the evening, when the seed has nothing, within the 14 days the slots page shows.
 */
const RESIDENT_X = "demo-resident-29";
const RESIDENT_Y = "demo-resident-32";
/** Not on the login page: books the consultation that starts during the test through the API. */
const RESIDENT_Z = "demo-resident-33";
const STAFF = "demo-staff-1";
/** 郑律师 first; another duty lawyer only if the seed already has 郑律师 on duty right now. */
const LAWYERS = ["demo-lawyer-3", "demo-lawyer-1", "demo-lawyer-2"];
const DESCRIPTION = "公司拖欠三个月工资，没有签劳动合同，怎样维权？";

let stack: LocalStack;
let h5: H5;
let page: Page;
let staffToken: string;

/** The evening slot X books and Y queues for. */
let day: string;
let slotId: string;
let bookingX: string;
/** The consultation starting a minute or so after set-up, booked by Z, for the lawyer to record. */
let now: { lawyer: string; date: string; slotId: string; startsAt: string; bookingId: string };
let statsBefore: Stats;

interface Stats {
  bookings: number;
  attended: number;
  outcomes: Record<string, number>;
  cancelled: { byResident: number; byCenter: number };
}

const api = <T>(path: string, init: { token?: string; body?: unknown; method?: string } = {}) =>
  callApi<T>(stack, path, init);

async function tokenOf(openid: string): Promise<string> {
  const login = await api<{ token: string }>("/auth/dev-login", { body: { openid } });
  expect(login.status).toBe(200);
  return login.json.token;
}

async function createRoster(
  lawyer: string,
  date: string,
  startTime: string,
  endTime: string,
  slotMinutes: number,
) {
  return api<{ roster: { id: string }; error?: { code: string } }>("/legal/rosters", {
    token: staffToken,
    body: {
      lawyerId: `u-${lawyer}`,
      from: date,
      to: date,
      weekdays: [isoWeekday(date)],
      startTime,
      endTime,
      slotMinutes,
      seats: 1,
      mode: "in_person",
    },
  });
}

const slotIdOf = (rosterId: string, date: string, time: string) =>
  `${rosterId}-${date.replace(/-/g, "")}${time.replace(":", "")}`;

const shown = (selector: string) => h5.shown(selector);
const shot = (name: string, wholePage?: string) => h5.shot(name, wholePage);
const home = () => h5.home();
const loginAs = (openid: string) => h5.loginAs(openid);

async function openSlots() {
  await shown("#tile-legal").click();
  await shown("#legal-slots-page").waitFor();
  await shown(`#legal-day-${day}`).click();
  await shown(`#legal-slot-${slotId}`).waitFor();
}

async function fillRequest() {
  await shown("#legal-category-labour").click();
  await shown("#legal-description textarea").fill(DESCRIPTION);
  await expect(shown("#legal-description-count").textContent()).resolves.toContain(
    String(Array.from(DESCRIPTION).length),
  );
}

async function openMine() {
  await shown("#tile-legal").click();
  await shown("#legal-mine-link").click();
  await shown("#legal-mine-page").waitFor();
}

beforeAll(async () => {
  assertH5Build();
  // A consultation starting in a minute must end before midnight: in the last minutes of a
  // Shanghai day, wait for the next day instead of failing (at most 12 minutes, once a day).
  const late = shanghaiDate(new Date());
  if (minutesOf(shanghaiTime(new Date())) >= 24 * 60 - 12) {
    const midnight = Date.parse(shanghaiInstant(addDays(late, 1), "00:00")) + 5_000;
    await new Promise((wait) => setTimeout(wait, Math.max(0, midnight - Date.now())));
  }
  stack = await startLocalStack();
  staffToken = await tokenOf(STAFF);
  const today = shanghaiDate(new Date());

  // Ten days ahead, 19:00–20:00: inside the slots page's 14 days, outside every seeded roster.
  day = addDays(today, 10);
  const evening = await createRoster("demo-lawyer-3", day, "19:00", "20:00", 30);
  expect(evening.status, JSON.stringify(evening.json)).toBe(201);
  slotId = slotIdOf(evening.json.roster.id, day, "19:00");

  // Outcomes are refused before the start and the stack has no clock to move: a ten-minute
  // consultation starting at the next whole minute at least 5 s away, booked now by Z; the
  // steps before the lawyer's take about that long.
  const startsAt = new Date(Math.ceil((Date.now() + 5_000) / 60_000) * 60_000);
  const date = shanghaiDate(startsAt);
  const start = shanghaiTime(startsAt);
  if (minutesOf(start) + 10 >= 24 * 60) throw new Error("Set-up ran past the midnight wait above.");
  const end = timeOf(minutesOf(start) + 10);
  let made: { lawyer: string; rosterId: string } | undefined;
  for (const lawyer of LAWYERS) {
    const roster = await createRoster(lawyer, date, start, end, 10);
    if (roster.status === 201) {
      made = { lawyer, rosterId: roster.json.roster.id };
      break;
    }
    expect(roster.json.error?.code, JSON.stringify(roster.json)).toBe("ROSTER_OVERLAP");
  }
  if (!made) throw new Error(`Every duty lawyer is busy at ${date} ${start}`);
  const nowSlot = slotIdOf(made.rosterId, date, start);
  const booked = await api<{ booking: { id: string } }>("/legal/bookings", {
    token: await tokenOf(RESIDENT_Z),
    body: { slotId: nowSlot, category: "consumer_rights", description: "预付卡健身房关门跑路，怎么退钱？" },
  });
  expect(booked.status, JSON.stringify(booked.json)).toBe(201);
  now = {
    lawyer: made.lawyer,
    date,
    slotId: nowSlot,
    startsAt: shanghaiInstant(date, start),
    bookingId: booked.json.booking.id,
  };

  // The stats page opens on this month, up to today: the figures before the lawyer records.
  const before = await api<Stats>(`/legal/stats?from=${today.slice(0, 8)}01&to=${today}`, {
    token: staffToken,
  });
  expect(before.status).toBe(200);
  statsBefore = before.json;

  h5 = await openH5(stack, "legal-flow");
  page = h5.page;
}, 15 * 60_000);

afterAll(async () => {
  await h5?.close();
  await stack?.stop();
});

describe("H5: a legal consultation from booking to statistics", () => {
  it("resident X books the evening slot and sees the confirmation", async () => {
    await loginAs(RESIDENT_X);
    await openSlots();
    const slot = shown(`#legal-slot-${slotId}`);
    await expect(slot.textContent()).resolves.toContain("余 1 位");
    await expect(shown(`#legal-group-u-demo-lawyer-3`).textContent()).resolves.toContain("郑律师");
    await shot("slots");

    await slot.click();
    await shown("#legal-book-form").waitFor();
    await expect(shown("#legal-book-slot").textContent()).resolves.toContain("郑律师");
    await fillRequest();
    await shot("book-form");

    await shown("#legal-book-submit").click();
    await shown("#legal-booking-new").waitFor();
    await expect(shown("#legal-booking-new").textContent()).resolves.toContain("预约成功");
    await expect(shown("#legal-booking-status").textContent()).resolves.toBe("已预约");
    await expect(shown("#legal-booking-card").textContent()).resolves.toContain("劳动争议");
    bookingX = new URL(page.url()).hash.match(/[?&]id=([^&]+)/)?.[1] ?? "";
    expect(bookingX).not.toBe("");
    await shot("booking-new");
  });

  it("resident Y finds the slot full, joins the waitlist and sees the place in 我的预约", async () => {
    await loginAs(RESIDENT_Y);
    await openSlots();
    await expect(shown(`#legal-slot-${slotId}`).textContent()).resolves.toContain("已满");
    await shown(`#legal-slot-${slotId}`).click();
    await shown("#legal-book-full").waitFor();
    await fillRequest();
    await shown("#legal-waitlist-join").click();
    await shown("#legal-book-waitlisted").waitFor();
    await expect(shown("#legal-book-waitlisted").textContent()).resolves.toContain("第 1 位");

    await shown("#legal-open-mine").click();
    const waiting = shown(`#legal-waitlist-${slotId}`);
    await waiting.waitFor();
    await expect(shown("#legal-waitlist-section").textContent()).resolves.toContain("候补中");
    await expect(waiting.textContent()).resolves.toContain("第 1 位");
    await expect(waiting.textContent()).resolves.toContain("郑律师");
    await shot("mine-waitlist");
  });

  it("resident X cancels from 我的预约 and sees it cancelled", async () => {
    await loginAs(RESIDENT_X);
    await openMine();
    const item = shown(`#legal-booking-${bookingX}`);
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain("已预约");
    await item.click();
    await shown("#legal-booking-page #legal-cancel").click();
    await shown("#legal-cancel-dialog").waitFor();
    await shot("cancel-dialog");
    await shown("#legal-cancel-confirm").click();
    await page.waitForFunction(() => document.querySelector("#legal-cancel-dialog") === null, undefined, {
      timeout: 10_000,
    });
    await expect(shown("#legal-booking-status").textContent()).resolves.toBe("已取消");
    expect(await shown("#legal-cancel").count()).toBe(0);
    await shot("booking-cancelled");
  });

  it("resident Y is promoted from the waitlist and told in 消息", async () => {
    await loginAs(RESIDENT_Y);
    await openMine();
    const items = shown("#legal-mine-page [id^='legal-booking-']");
    await items.first().waitFor();
    expect(await items.count()).toBe(1);
    expect(await shown(`#legal-waitlist-${slotId}`).count()).toBe(0);
    await expect(items.first().textContent()).resolves.toContain("已预约");
    await expect(items.first().textContent()).resolves.toContain("郑律师");
    const promoted = ((await items.first().getAttribute("id")) ?? "").replace("legal-booking-", "");
    await shot("mine-promoted");

    await items.first().click();
    await shown("#legal-booking-card").waitFor();
    await expect(shown("#legal-booking-status").textContent()).resolves.toBe("已预约");
    await expect(shown("#legal-booking-card").textContent()).resolves.toContain("由候补自动转为预约");

    await home();
    await shown("#tile-messages-badge").waitFor();
    await shown("#tile-messages").click();
    await shown("#messages-page").waitFor();
    const message = shown(`#message-${promoted}-new`);
    await message.waitFor();
    await expect(message.textContent()).resolves.toContain("候补成功，已为您预约");
    await expect(message.textContent()).resolves.toContain("郑律师");
    await shot("messages");
  });

  it("shows the slots page in large text", async () => {
    await home();
    await shown("#tile-me").click();
    await shown("#large-text-switch").click();
    await page.waitForFunction(() => document.querySelector("#me-page")?.classList.contains("large-text"));
    await home();
    await openSlots();
    expect(await shown("#legal-slots-page").getAttribute("class")).toContain("large-text");
    await shot("slots-large", "#legal-slots-page");
    // Back to normal text for the pictures that follow.
    await home();
    await shown("#tile-me").click();
    await shown("#large-text-switch").click();
    await page.waitForFunction(() => !document.querySelector("#me-page")?.classList.contains("large-text"));
  });

  it("the lawyer records the outcome once the consultation has started", async () => {
    await loginAs(now.lawyer);
    await shown("#tile-lawyer-duty").click();
    await shown("#lawyer-page").waitFor();
    // Past days are reached only through the date picker; this one is in the strip (today).
    expect(await shown("#lawyer-day-pick").count()).toBe(1);
    await shown(`#lawyer-day-${now.date}`).click();
    const card = shown(`#booking-${now.bookingId}`);
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain("预付卡健身房关门跑路");

    const wait = Date.parse(now.startsAt) - Date.now();
    if (wait > 0) {
      // Before the start the page says so and offers no form.
      await shown(`#outcome-wait-${now.bookingId}`).waitFor();
      await page.waitForTimeout(wait + 500);
      await shown(`#lawyer-day-${now.date}`).click();
    }
    await shown(`#outcome-form-${now.bookingId}`).waitFor();
    await shown(`#outcome-attended-${now.bookingId}`).click();
    await shown(`#outcome-option-${now.bookingId}-answered`).click();
    await shown(`#outcome-notes-${now.bookingId} textarea`).fill(
      "已告知申请退款及向市场监管部门投诉的途径。",
    );
    await shot("lawyer-form");
    await shown(`#outcome-save-${now.bookingId}`).click();
    const result = shown(`#outcome-result-${now.bookingId}`);
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain("已登记：已到场 · 已解答");
    await shot("lawyer");
  }, 120_000);

  it("staff see the recorded outcome in 咨询统计", async () => {
    await loginAs(STAFF);
    await shown("#tile-legal-stats").click();
    await shown("#stats-body").waitFor();
    const value = async (selector: string) => Number(await shown(selector).textContent());
    await expect(shown("#stats-preset-this_month").getAttribute("class")).resolves.toContain("lw-chip-on");
    expect(await value("#stats-total .stats-tile-value")).toBe(statsBefore.bookings);
    expect(await value("#stats-attended .stats-tile-value")).toBe(statsBefore.attended + 1);
    expect(await value("#stats-outcome-answered .stats-bar-count")).toBe(
      (statsBefore.outcomes.answered ?? 0) + 1,
    );
    expect(await value("#stats-outcome-unrecorded .stats-bar-count")).toBe(
      (statsBefore.outcomes.unrecorded ?? 0) - 1,
    );
    await expect(shown(`#stats-lawyer-u-${now.lawyer}`).textContent()).resolves.toMatch(/律师/);
    await shot("stats", "#stats-page");
  });
});
