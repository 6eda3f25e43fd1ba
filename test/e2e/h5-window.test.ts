import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  minutesOf,
  shanghaiDate,
  shanghaiInstant,
  shanghaiTime,
} from "../../functions/src/time/shanghai.js";
import { type LocalStack, startLocalStack } from "../setup/local-stack.js";
import { assertH5Build, callApi, decodeQr, type H5, openH5 } from "./h5.js";

/**
 * The window appointment through the web build, as the "done when" tells it: a resident
 * finds 生育保险报销, confirms the materials, books a slot and sees the QR code (decoded here with
 * jsQR: it must carry exactly the ticket code); staff type the code at the window, check it in
 * and mark "materials missing"; the resident sees what to bring and the matter page says it too.
 *
 * Check-in takes only today's tickets and the local stack has no clock to move, so set-up opens
 * the demo center every day from 00:00 with 5-minute slots and no holiday calendar (through the
 * staff API, in this test's own table). In the last minutes of a Shanghai day it waits for midnight.
 */
const RESIDENT = "demo-resident-1";
const STAFF = "demo-staff-1";
const MATTER = "maternity-reimbursement";

let stack: LocalStack;
let h5: H5;
let staffToken: string;
let today: string;
/** The slot the resident picks: the first one starting at least 3 minutes from now. */
let slot: { startsAt: string; hhmm: string };
let materials: { id: string; name: string; required: boolean }[];
let appointmentId: string;
let ticketCode: string;

const api = <T>(path: string, init: { token?: string; body?: unknown; method?: string } = {}) =>
  callApi<T>(stack, path, init);
const shown = (selector: string) => h5.shown(selector);
const shot = (name: string, wholePage?: string) => h5.shot(name, wholePage);

beforeAll(async () => {
  assertH5Build();
  // The last 5-minute slot of the day starts at 23:50: after 23:46 wait for the next day (at most
  // 14 minutes, within the hook's time).
  if (minutesOf(shanghaiTime(new Date())) >= 23 * 60 + 46) {
    const midnight = Date.parse(shanghaiInstant(addDays(shanghaiDate(new Date()), 1), "00:00")) + 5_000;
    await new Promise((wait) => setTimeout(wait, Math.max(0, midnight - Date.now())));
  }
  stack = await startLocalStack();
  const login = await api<{ token: string }>("/auth/dev-login", { body: { openid: STAFF } });
  staffToken = login.json.token;

  const matter = await api<{
    matter: { centerId: string; materials: typeof materials };
    center: Record<string, unknown> & { id: string };
  }>(`/matters/${MATTER}`, { token: staffToken });
  expect(matter.status, JSON.stringify(matter.json)).toBe(200);
  materials = matter.json.matter.materials;
  expect(materials.filter((m) => m.required).length).toBeGreaterThanOrEqual(2);
  const allDay = [{ open: "00:00", close: "23:59" }];
  const hours = Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((day) => [day, allDay]));
  const { id, communityId, updatedAt: _updatedAt, ...center } = matter.json.center;
  expect(communityId).toBe("huanghe-west");
  const opened = await api(`/window/centers/${id}`, {
    token: staffToken,
    method: "PUT",
    body: { ...center, hours, slotMinutes: 5, followsHolidayCalendar: false },
  });
  expect(opened.status, JSON.stringify(opened.json)).toBe(200);

  today = shanghaiDate(new Date());
  const slots = await api<{ slots: { startsAt: string; available: number }[] }>(
    `/window/slots?matterId=${MATTER}&date=${today}`,
    { token: staffToken },
  );
  const first = slots.json.slots.find(
    (s) => s.available > 0 && Date.parse(s.startsAt) >= Date.now() + 3 * 60_000,
  );
  if (!first) throw new Error(`No slot left today (${today}) after the midnight wait`);
  slot = { startsAt: first.startsAt, hhmm: shanghaiTime(first.startsAt).replace(":", "") };

  h5 = await openH5(stack, "window-flow");
}, 20 * 60_000);

afterAll(async () => {
  await h5?.close();
  await stack?.stop();
});

describe("H5: a window appointment from the catalog to 'materials missing'", () => {
  it("the resident finds 生育保险报销 by searching the catalog", async () => {
    await h5.loginAs(RESIDENT);
    await shown("#tile-window").click();
    await shown("#window-catalog-page").waitFor();
    await shot("catalog", "#window-catalog-page");
    await shown("#window-search input").fill("生育保险");
    const row = shown(`#matter-${MATTER}`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain("生育保险报销");
    await row.click();
    await shown("#window-matter-page").waitFor();
  });

  it("cannot go on before every required material is confirmed", async () => {
    const next = shown("#matter-continue");
    await next.waitFor();
    const required = materials.filter((m) => m.required);
    for (const material of required.slice(0, -1)) await shown(`#material-${material.id}`).click();
    await next.click();
    await h5.settle();
    expect(await shown("#window-book-page").count()).toBe(0);
    await shown(`#material-${required.at(-1)?.id}`).click();
    await shot("matter", "#window-matter-page");
    await next.click();
    await shown("#window-book-page").waitFor();
  });

  it("picks today and a slot, confirms, and gets the QR code carrying only the ticket code", async () => {
    await shown(`#day-${today}`).click();
    const cell = shown(`#slot-${slot.hhmm}`);
    await cell.waitFor();
    await cell.click();
    await shot("book", "#window-book-page");
    await shown("#book-confirm").click();
    await shown("#window-appointment-page").waitFor();
    await shown("#ticket-qr").waitFor();
    appointmentId = new URL(h5.page.url()).hash.match(/[?&]id=([^&]+)/)?.[1] ?? "";
    expect(appointmentId).not.toBe("");
    ticketCode = ((await shown("#ticket-code").textContent()) ?? "").replace(/\s/g, "");
    expect(ticketCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    await expect(decodeQr(h5, "#ticket-qr")).resolves.toBe(ticketCode);
    await shot("appointment", "#window-appointment-page");
  });

  it("staff type the code at the window, check it in and mark materials missing", async () => {
    await h5.loginAs(STAFF);
    await shown("#tile-window-queue").click();
    await shown("#window-queue-page").waitFor();
    await shown("#checkin-code input").fill(ticketCode.toLowerCase());
    await shown("#checkin-submit").click();
    const missingButton = shown(`#result-missing-${appointmentId}`);
    await missingButton.waitFor();
    await shot("queue-checked-in", "#window-queue-page");
    await missingButton.click();
    const missing = materials.filter((m) => m.required).at(-1) as (typeof materials)[number];
    await shown(`#missing-${missing.id}`).click();
    await shown("#missing-note textarea").fill("请携带原件，复印件需清晰。");
    await shot("missing-dialog");
    await shown("#missing-confirm").click();
    await expect
      .poll(
        async () =>
          (
            await api<{ appointment: { status: string } }>(`/window/appointments/${appointmentId}`, {
              token: staffToken,
            })
          ).json.appointment.status,
      )
      .toBe("materials_missing");
  });

  it("the resident sees exactly what to bring, on the appointment and on the matter page", async () => {
    const missing = materials.filter((m) => m.required).at(-1) as (typeof materials)[number];
    await h5.loginAs(RESIDENT);
    await shown("#tile-window").click();
    await shown("#window-catalog-page").waitFor();
    await h5.page.goto(`${stack.baseUrl}/#/pages/window/appointment/index?id=${appointmentId}`);
    const box = shown("#appointment-missing");
    await box.waitFor();
    await expect(box.textContent()).resolves.toContain(missing.name);
    await expect(box.textContent()).resolves.toContain("请携带原件");
    await expect(shown("#appointment-status").textContent()).resolves.toContain("材料不全");
    await shot("appointment-missing", "#window-appointment-page");

    await h5.page.goto(`${stack.baseUrl}/#/pages/window/matter/index?id=${MATTER}`);
    const last = shown("#last-missing");
    await last.waitFor();
    await expect(last.textContent()).resolves.toContain(missing.name);
    await shot("matter-prefill", "#window-matter-page");
  });

  it("shows the catalog in large text", async () => {
    await h5.home();
    await shown("#tile-me").click();
    await shown("#large-text-switch").click();
    await h5.page.waitForFunction(() => document.querySelector("#me-page")?.classList.contains("large-text"));
    await h5.home();
    await shown("#tile-window").click();
    await shown("#window-catalog-page").waitFor();
    expect(await shown("#window-catalog-page").getAttribute("class")).toContain("large-text");
    await shot("catalog-large", "#window-catalog-page");
    await h5.home();
    await shown("#tile-me").click();
    await shown("#large-text-switch").click();
  });
});
