import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { addVerifiedResidents, type TestResident } from "../../../test/setup/residents.js";
import { keys } from "../db/keys.js";
import { runJobs } from "../jobs/run.js";
import { getAppointment, getWindowLedger, listSlotCounters } from "./repo.js";
import { appointmentRequest, at, MONDAY, MONDAY_8AM, setUpWindow } from "./test-helpers.js";

let stack: TestStack;
let tokens: Record<string, string>;
let centerId: string;
let matterId: string;
let residents: TestResident[];

beforeAll(async () => {
  stack = await createTestStack();
  stack.clock.set(MONDAY_8AM);
  tokens = {};
  for (const openid of ["demo-resident-1", "demo-resident-40", "demo-staff-1", "demo-staff-other"]) {
    tokens[openid] = await loginAs(stack.app, openid);
  }
  ({ centerId, matterId } = await setUpWindow(stack, tokens["demo-staff-1"] as string));
  residents = await addVerifiedResidents(stack, 12, "win");
});
afterAll(() => stack.cleanup());
beforeEach(() => stack.clock.set(MONDAY_8AM));

const token = (who: string) =>
  tokens[who] ?? (residents.find((r) => r.id === `u-win-${who}`)?.token as string);
const staff = () => token("demo-staff-1");
const book = (who: string, body: unknown, headers: Record<string, string> = {}) =>
  call(stack.app, "POST", "/api/v1/window/appointments", { token: token(who), body, headers });
const get = (who: string, path: string) => call(stack.app, "GET", `/api/v1${path}`, { token: token(who) });
const post = (who: string, path: string, body?: unknown) =>
  call(stack.app, "POST", `/api/v1${path}`, { token: token(who), body });

async function inbox(userId: string) {
  const result = await stack.deps.db.doc.send(
    new QueryCommand({
      TableName: stack.deps.db.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.inboxMessage(userId, "", "").PK },
    }),
  );
  return (result.Items ?? []).map((item) => ({
    kind: item.kind as string,
    params: item.params as Record<string, string>,
  }));
}

async function booked(startsAt: string) {
  return (await listSlotCounters(stack.deps.db, centerId, startsAt, startsAt)).get(startsAt) ?? 0;
}

describe("the catalog", () => {
  it("lets residents browse by category and search, and hides retired matters", async () => {
    const other = await post("demo-staff-1", "/matters", {
      centerId,
      name: "高龄津贴申领",
      category: "elderly_disability",
      description: "80周岁以上老年人按月领取高龄津贴。",
      materials: [{ name: "居民身份证", required: true }],
      processingDays: 15,
      proxyAllowed: true,
    });
    expect(other.status, other.text).toBe(201);
    const byCategory = await get("demo-resident-1", "/matters?category=elderly_disability");
    expect(byCategory.status).toBe(200);
    expect(byCategory.json.matters.map((m: { id: string }) => m.id)).toContain(other.json.matter.id);
    expect(
      byCategory.json.matters.every((m: { category: string }) => m.category === "elderly_disability"),
    ).toBe(true);
    const searched = await get("demo-resident-1", `/matters?q=${encodeURIComponent("生育 结婚证")}`);
    expect(searched.json.matters.map((m: { id: string }) => m.id)).toContain(matterId);
    expect(searched.json.matters.map((m: { id: string }) => m.id)).not.toContain(other.json.matter.id);

    const retired = await call(stack.app, "PUT", `/api/v1/matters/${other.json.matter.id}`, {
      token: staff(),
      body: {
        ...other.json.matter,
        status: "retired",
        id: undefined,
        communityId: undefined,
        updatedAt: undefined,
      },
    });
    expect(retired.status, retired.text).toBe(400);
    const { id: _id, communityId: _c, updatedAt: _u, createdAt: _ca, ...editable } = other.json.matter;
    const retire = await call(stack.app, "PUT", `/api/v1/matters/${other.json.matter.id}`, {
      token: staff(),
      body: { ...editable, status: "retired" },
    });
    expect(retire.status, retire.text).toBe(200);
    expect(
      (await get("demo-resident-1", "/matters?category=elderly_disability")).json.matters.map(
        (m: { id: string }) => m.id,
      ),
    ).not.toContain(other.json.matter.id);
    expect((await get("demo-resident-1", `/matters/${other.json.matter.id}`)).status).toBe(404);
    const withRetired = await get("demo-staff-1", "/matters?includeRetired=true");
    expect(withRetired.json.matters.map((m: { id: string }) => m.id)).toContain(other.json.matter.id);
    const refused = await book(
      "demo-resident-1",
      appointmentRequest(other.json.matter.id, at("2026-09-29", "09:00"), { confirmedMaterials: ["m1"] }),
    );
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("MATTER_RETIRED");
  });

  it("keeps matter editing to the community's staff", async () => {
    const resident = await post("demo-resident-1", "/matters", { name: "x" });
    expect(resident.status).toBe(400);
    const matter = await get("demo-staff-1", `/matters/${matterId}`);
    const {
      id: _id,
      communityId: _c,
      updatedAt: _u,
      createdAt: _ca,
      status: _s,
      ...editable
    } = matter.json.matter;
    const asResident = await call(stack.app, "PUT", `/api/v1/matters/${matterId}`, {
      token: token("demo-resident-1"),
      body: editable,
    });
    expect(asResident.status).toBe(403);
    // Another community's center cannot take this community's matter.
    const otherCenter = await call(stack.app, "POST", "/api/v1/window/centers", {
      token: token("demo-staff-other"),
      body: { name: "长江东路受理窗口二", address: "二楼", windows: 1, slotMinutes: 30, hours: {} },
    });
    const moved = await call(stack.app, "PUT", `/api/v1/matters/${matterId}`, {
      token: staff(),
      body: { ...editable, centerId: otherCenter.json.center.id },
    });
    expect(moved.status).toBe(400);
    expect(moved.json.error.details).toEqual([
      { path: "centerId", message: "Not a center of this community" },
    ]);
    const stale = await call(stack.app, "PUT", `/api/v1/matters/${matterId}`, {
      token: staff(),
      body: { ...editable, updatedAt: "2026-01-01T00:00:00.000Z" },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("EDIT_CONFLICT");
    const current = await call(stack.app, "PUT", `/api/v1/matters/${matterId}`, {
      token: staff(),
      body: { ...editable, updatedAt: matter.json.matter.updatedAt },
    });
    expect(current.status, current.text).toBe(200);
    const asOther = await call(stack.app, "PUT", `/api/v1/matters/${matterId}`, {
      token: token("demo-staff-other"),
      body: editable,
    });
    expect(asOther.status).toBe(403);
    expect((await get("demo-staff-other", `/matters/${matterId}`)).status).toBe(403);
  });
});

describe("days and slots", () => {
  it("shows the National Day holiday closed with its name and the make-up Saturday open", async () => {
    const result = await get("demo-resident-1", `/window/days?matterId=${matterId}`);
    expect(result.status, result.text).toBe(200);
    expect(result.json.from).toBe(MONDAY);
    expect(result.json.to).toBe("2026-10-11");
    const day = (date: string) => result.json.days.find((d: { date: string }) => d.date === date);
    expect(day("2026-09-28")).toMatchObject({ open: true, available: 26 * 2 });
    for (const date of ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-07"]) {
      expect(day(date), date).toMatchObject({
        open: false,
        closedBecause: "holiday",
        reason: "国庆节",
        available: 0,
      });
    }
    expect(day("2026-10-04")).toMatchObject({ open: false, closedBecause: "holiday" });
    expect(day("2026-10-10")).toMatchObject({ open: true, makeUpFor: "国庆节", calendarKnown: true });
    expect(day("2026-10-11")).toMatchObject({ open: false, closedBecause: "weekend" });

    const closed = await get("demo-resident-1", `/window/slots?matterId=${matterId}&date=2026-10-01`);
    expect(closed.json).toMatchObject({ slots: [], day: { open: false, reason: "国庆节" } });
    const makeUp = await get("demo-resident-1", `/window/slots?matterId=${matterId}&date=2026-10-10`);
    expect(makeUp.json.slots).toHaveLength(26);
    expect(makeUp.json.slots[0]).toEqual({
      startsAt: at("2026-10-10", "09:00"),
      endsAt: at("2026-10-10", "09:15"),
      windows: 2,
      booked: 0,
      available: 2,
    });
  });

  it("refuses a booking on a holiday with CENTER_CLOSED and writes nothing", async () => {
    const result = await book("demo-resident-1", appointmentRequest(matterId, at("2026-10-01", "09:00")));
    expect(result.status).toBe(409);
    expect(result.json.error.code).toBe("CENTER_CLOSED");
    expect(result.json.error.message).toContain("国庆节");
    expect(await booked(at("2026-10-01", "09:00"))).toBe(0);
  });
});

describe("booking", () => {
  it("refuses unconfirmed required materials with MATERIALS_INCOMPLETE naming them, writing nothing", async () => {
    const result = await book(
      "0",
      appointmentRequest(matterId, at(MONDAY, "09:00"), { confirmedMaterials: ["m3"] }),
    );
    expect(result.status).toBe(400);
    expect(result.json.error.code).toBe("MATERIALS_INCOMPLETE");
    expect(result.json.error.details).toEqual([
      { path: "confirmedMaterials.m1", message: "居民身份证" },
      { path: "confirmedMaterials.m2", message: "结婚证" },
    ]);
    expect(await booked(at(MONDAY, "09:00"))).toBe(0);
    expect((await getWindowLedger(stack.deps.db, "u-win-0")).version).toBe(0);
    expect(await inbox("u-win-0")).toEqual([]);
  });

  it("books with a ticket code, counts the seat, tells the resident and lists it as upcoming", async () => {
    const slot = at(MONDAY, "09:15");
    const result = await book("0", appointmentRequest(matterId, slot));
    expect(result.status, result.text).toBe(201);
    const appointment = result.json.appointment;
    expect(appointment).toMatchObject({
      status: "booked",
      matterId,
      matterName: "生育保险报销",
      centerId,
      date: MONDAY,
      startsAt: slot,
      endsAt: at(MONDAY, "09:30"),
      confirmedMaterials: ["m1", "m2"],
      cancellableUntil: at(MONDAY, "08:15"),
      bookedVia: "self",
    });
    expect(appointment.ticketCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(appointment.bookedBy).toBeUndefined();
    expect(await booked(slot)).toBe(1);
    const messages = await inbox("u-win-0");
    expect(messages).toEqual([
      expect.objectContaining({
        kind: "window.booked",
        params: expect.objectContaining({ ticketCode: appointment.ticketCode }),
      }),
    ]);
    const mine = await get("0", "/window/appointments/mine");
    expect(mine.json.items.map((a: { id: string }) => a.id)).toEqual([appointment.id]);
    expect((await get("1", `/window/appointments/${appointment.id}`)).status).toBe(404);
    expect((await get("demo-staff-1", `/window/appointments/${appointment.id}`)).status).toBe(200);
  });

  it("holds one appointment per matter per day and three upcoming", async () => {
    const first = await book("2", appointmentRequest(matterId, at("2026-09-29", "09:00")));
    expect(first.status, first.text).toBe(201);
    const sameDay = await book("2", appointmentRequest(matterId, at("2026-09-29", "14:00")));
    expect(sameDay.status).toBe(409);
    expect(sameDay.json.error).toMatchObject({
      code: "BOOKING_LIMIT",
      details: [{ path: "limit", message: "same_matter_same_day" }],
    });
    expect((await book("2", appointmentRequest(matterId, at("2026-09-30", "09:00")))).status).toBe(201);
    expect((await book("2", appointmentRequest(matterId, at("2026-10-08", "09:00")))).status).toBe(201);
    const fourth = await book("2", appointmentRequest(matterId, at("2026-10-09", "09:00")));
    expect(fourth.status).toBe(409);
    expect(fourth.json.error.message).toContain("3 upcoming");
    expect(fourth.json.error.details).toEqual([{ path: "limit", message: "max_upcoming:3" }]);
  });

  it("replays an Idempotency-Key retry without booking twice", async () => {
    const slot = at("2026-09-29", "10:00");
    const headers = { "Idempotency-Key": "win-retry-0001" };
    const first = await book("3", appointmentRequest(matterId, slot), headers);
    const again = await book("3", appointmentRequest(matterId, slot), headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.json.appointment.id).toBe(first.json.appointment.id);
    expect(await booked(slot)).toBe(1);
  });

  it("refuses a slot that is not one of the center's, or already started, or beyond the horizon", async () => {
    expect((await book("4", appointmentRequest(matterId, at(MONDAY, "09:07")))).status).toBe(400);
    stack.clock.set(at(MONDAY, "10:01"));
    const started = await book("4", appointmentRequest(matterId, at(MONDAY, "10:00")));
    expect(started.json.error.code).toBe("SLOT_STARTED");
    const far = await book("4", appointmentRequest(matterId, at("2026-10-19", "09:00")));
    expect(far.json.error.code).toBe("BEYOND_HORIZON");
  });

  it("lets only verified residents of the community book", async () => {
    const unverified = await book("demo-resident-40", appointmentRequest(matterId, at(MONDAY, "11:00")));
    expect(unverified.status).toBe(403);
    expect(unverified.json.error.code).toBe("NOT_VERIFIED");
    const otherStaff = await book("demo-staff-other", appointmentRequest(matterId, at(MONDAY, "11:00")));
    expect(otherStaff.status).toBe(403);
  });
});

describe("cancelling", () => {
  it("frees the seat until the cut-off and refuses after it", async () => {
    const slot = at("2026-09-29", "11:00");
    const made = await book("5", appointmentRequest(matterId, slot));
    expect(await booked(slot)).toBe(1);
    const cancelled = await post("5", `/window/appointments/${made.json.appointment.id}/cancel`);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.json.appointment).toMatchObject({ status: "cancelled", cancellableUntil: null });
    expect(await booked(slot)).toBe(0);
    expect((await post("5", `/window/appointments/${made.json.appointment.id}/cancel`)).json.error.code).toBe(
      "NOT_CANCELLABLE",
    );
    // Booking again is possible: the ledger let go of it.
    const again = await book("5", appointmentRequest(matterId, slot));
    expect(again.status).toBe(201);
    stack.clock.set(at("2026-09-29", "10:01"));
    const late = await post("5", `/window/appointments/${again.json.appointment.id}/cancel`);
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe("CANCEL_CUTOFF_PASSED");
    expect((await post("6", `/window/appointments/${again.json.appointment.id}/cancel`)).status).toBe(404);
  });
});

describe("closing a day", () => {
  it("cancels the day's appointments with the reason, tells residents, blocks bookings until reopened", async () => {
    const date = "2026-09-30";
    const made = await book("6", appointmentRequest(matterId, at(date, "15:00")));
    expect(made.status).toBe(201);
    const closed = await post("demo-staff-1", `/window/centers/${centerId}/closures`, {
      date,
      reason: "系统升级停办",
    });
    expect(closed.status, closed.text).toBe(201);
    expect(closed.json.cancelled).toBeGreaterThanOrEqual(1);
    const appointment = await getAppointment(stack.deps.db, made.json.appointment.id);
    expect(appointment).toMatchObject({ status: "cancelled_by_center", cancelReason: "系统升级停办" });
    expect(await booked(at(date, "15:00"))).toBe(0);
    expect(await inbox("u-win-6")).toContainEqual(
      expect.objectContaining({
        kind: "window.cancelled_by_center",
        params: expect.objectContaining({ reason: "系统升级停办" }),
      }),
    );
    const refused = await book("7", appointmentRequest(matterId, at(date, "16:00")));
    expect(refused.json.error.code).toBe("CENTER_CLOSED");
    const days = await get("7", `/window/days?matterId=${matterId}&from=${date}&to=${date}`);
    expect(days.json.days[0]).toMatchObject({
      open: false,
      closedBecause: "closure",
      reason: "系统升级停办",
    });
    expect(
      (await post("demo-resident-1", `/window/centers/${centerId}/closures`, { date, reason: "xx" })).status,
    ).toBe(403);
    const reopened = await call(stack.app, "DELETE", `/api/v1/window/centers/${centerId}/closures/${date}`, {
      token: staff(),
    });
    expect(reopened.status).toBe(200);
    expect((await book("7", appointmentRequest(matterId, at(date, "16:00")))).status).toBe(201);
  });
});

describe("at the window", () => {
  it("checks in today's ticket, refuses another day's or another center's, then records materials missing", async () => {
    const today = await book("8", appointmentRequest(matterId, at(MONDAY, "14:00")));
    const tomorrow = await book("9", appointmentRequest(matterId, at("2026-09-29", "14:00")));
    stack.clock.set(at(MONDAY, "13:50"));
    const staffToken = await loginAs(stack.app, "demo-staff-1");
    const checkIn = (code: string, who = staffToken) =>
      call(stack.app, "POST", "/api/v1/window/check-in", {
        token: who,
        body: { ticketCode: code, centerId },
      });

    const wrongDay = await checkIn(tomorrow.json.appointment.ticketCode);
    expect(wrongDay.status).toBe(409);
    expect(wrongDay.json.error).toMatchObject({ code: "WRONG_DAY" });
    expect(wrongDay.json.error.message).toContain("2026-09-29");
    expect((await checkIn("ZZZZZZZZ")).json.error.code).toBe("TICKET_NOT_FOUND");

    // Staff of another community, at their own center, scanning this ticket.
    const otherStaff = await loginAs(stack.app, "demo-staff-other");
    const otherCenter = await call(stack.app, "POST", "/api/v1/window/centers", {
      token: otherStaff,
      body: { name: "长江东路受理窗口", address: "一楼", windows: 1, slotMinutes: 30, hours: {} },
    });
    expect(otherCenter.status).toBe(201);
    const wrongCenter = await call(stack.app, "POST", "/api/v1/window/check-in", {
      token: otherStaff,
      body: { ticketCode: today.json.appointment.ticketCode, centerId: otherCenter.json.center.id },
    });
    expect(wrongCenter.json.error.code).toBe("WRONG_CENTER");
    const notTheirs = await call(stack.app, "POST", "/api/v1/window/check-in", {
      token: otherStaff,
      body: { ticketCode: today.json.appointment.ticketCode, centerId },
    });
    expect(notTheirs.status).toBe(403);

    const code = today.json.appointment.ticketCode as string;
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    const checked = await checkIn(typed);
    expect(checked.status, checked.text).toBe(200);
    expect(checked.json.appointment, checked.text).toMatchObject({
      status: "checked_in",
      checkedInAt: expect.stringMatching(/^2026-09-28T05:50/),
    });
    expect((await checkIn(code)).json.error.code).toBe("ALREADY_CHECKED_IN");

    const queue = await call(stack.app, "GET", `/api/v1/window/queue?centerId=${centerId}`, {
      token: staffToken,
    });
    expect(queue.status).toBe(200);
    const slot = queue.json.slots.find((s: { startsAt: string }) => s.startsAt === at(MONDAY, "14:00"));
    expect(slot.entries).toContainEqual(
      expect.objectContaining({ ticketCode: code, status: "checked_in", residentName: "win8" }),
    );
    expect(queue.json.slots.length).toBeGreaterThanOrEqual(26);

    stack.clock.set(at(MONDAY, "14:02"));
    const id = today.json.appointment.id;
    const noList = await call(stack.app, "POST", `/api/v1/window/appointments/${id}/result`, {
      token: staffToken,
      body: { result: "materials_missing" },
    });
    expect(noList.status).toBe(400);
    const missing = await call(stack.app, "POST", `/api/v1/window/appointments/${id}/result`, {
      token: staffToken,
      body: { result: "materials_missing", missing: ["m2"], note: "结婚证需带原件" },
    });
    expect(missing.status, missing.text).toBe(200);
    expect(missing.json.appointment).toMatchObject({
      status: "materials_missing",
      missing: [{ id: "m2", name: "结婚证", nameEn: null }],
      note: "结婚证需带原件",
      firstVisit: null,
    });
    expect(
      (
        await call(stack.app, "POST", `/api/v1/window/appointments/${id}/result`, {
          token: staffToken,
          body: { result: "done" },
        })
      ).json.error.code,
    ).toBe("NOT_CHECKED_IN");

    // The resident sees what to bring, and the next booking's checklist knows it.
    const mine = await get("8", `/window/appointments/${id}`);
    expect(mine.json.appointment.missing.map((m: { name: string }) => m.name)).toEqual(["结婚证"]);
    const matter = await get("8", `/matters/${matterId}`);
    expect(matter.json.lastVisit).toMatchObject({
      result: "materials_missing",
      missing: [{ id: "m2" }],
      note: "结婚证需带原件",
    });
    expect(await inbox("u-win-8")).toContainEqual(
      expect.objectContaining({
        kind: "window.materials_missing",
        params: expect.objectContaining({ missing: "结婚证" }),
      }),
    );

    // The second visit the same afternoon completes it, not on the first visit.
    const second = await book("8", appointmentRequest(matterId, at(MONDAY, "16:00")));
    expect(second.status, second.text).toBe(201);
    stack.clock.set(at(MONDAY, "15:55"));
    expect((await checkIn(second.json.appointment.ticketCode)).status).toBe(200);
    stack.clock.set(at(MONDAY, "16:07"));
    const done = await call(
      stack.app,
      "POST",
      `/api/v1/window/appointments/${second.json.appointment.id}/result`,
      {
        token: staffToken,
        body: { result: "done" },
      },
    );
    expect(done.json.appointment).toMatchObject({ status: "done", firstVisit: false });

    const stats = await call(
      stack.app,
      "GET",
      `/api/v1/window/stats?from=${MONDAY}&to=${MONDAY}&centerId=${centerId}`,
      {
        token: staffToken,
      },
    );
    expect(stats.status, stats.text).toBe(200);
    expect(stats.json).toMatchObject({
      completed: 1,
      firstVisitCompletions: 0,
      firstVisitRate: 0,
      materialsMissing: 1,
    });
    // 13:50 → 14:02 and 15:55 → 16:07.
    expect(stats.json.averageWaitMinutes).toBe(12);
    expect(
      (
        await call(stack.app, "GET", `/api/v1/window/stats?from=${MONDAY}&to=${MONDAY}`, {
          token: token("8"),
        })
      ).status,
    ).toBe(403);
  });

  it("marks a no-show once when the slot ends unchecked, and a late arrival can still be checked in", async () => {
    const made = await book("10", appointmentRequest(matterId, at(MONDAY, "11:00")));
    expect(made.status).toBe(201);
    stack.clock.set(at(MONDAY, "11:14"));
    await runJobs(stack.deps);
    expect((await getAppointment(stack.deps.db, made.json.appointment.id))?.status).toBe("booked");
    stack.clock.set(at(MONDAY, "11:16"));
    const [first, second] = await Promise.all([runJobs(stack.deps), runJobs(stack.deps)]);
    const marked = [first, second].map(
      (run) =>
        (run.jobs.find((j) => j.name === "window-no-shows")?.result as { marked: number } | undefined)
          ?.marked,
    );
    expect((marked[0] ?? 0) + (marked[1] ?? 0)).toBe(1);
    expect((await getAppointment(stack.deps.db, made.json.appointment.id))?.status).toBe("no_show");
    expect((await inbox("u-win-10")).filter((m) => m.kind === "window.no_show")).toHaveLength(1);
    await runJobs(stack.deps);
    expect((await inbox("u-win-10")).filter((m) => m.kind === "window.no_show")).toHaveLength(1);

    const staffToken = await loginAs(stack.app, "demo-staff-1");
    const late = await call(stack.app, "POST", "/api/v1/window/check-in", {
      token: staffToken,
      body: { ticketCode: made.json.appointment.ticketCode, centerId },
    });
    expect(late.json.appointment?.status).toBe("checked_in");
  });

  it("takes a matter in by proxy and shows the resident each status", async () => {
    const made = await book("11", appointmentRequest(matterId, at(MONDAY, "09:45")));
    stack.clock.set(at(MONDAY, "09:40"));
    const staffToken = await loginAs(stack.app, "demo-staff-1");
    await call(stack.app, "POST", "/api/v1/window/check-in", {
      token: staffToken,
      body: { ticketCode: made.json.appointment.ticketCode, centerId },
    });
    const taken = await call(stack.app, "POST", "/api/v1/window/proxy", {
      token: staffToken,
      body: { appointmentId: made.json.appointment.id, note: "材料已收齐，代为递交区医保中心" },
    });
    expect(taken.status, taken.text).toBe(201);
    // Ten working days from Monday 28 September: the National Day week does not count, the
    // make-up Saturday 10 October does.
    expect(taken.json.proxyCase).toMatchObject({ status: "received", expectedBy: "2026-10-16" });
    expect(
      (
        await call(stack.app, "POST", "/api/v1/window/proxy", {
          token: staffToken,
          body: { appointmentId: made.json.appointment.id },
        })
      ).json.error.code,
    ).toBe("ALREADY_TAKEN_IN");
    const proxyId = taken.json.proxyCase.id;
    const move = (status: string) =>
      call(stack.app, "POST", `/api/v1/window/proxy/${proxyId}/status`, {
        token: staffToken,
        body: { status, note: null },
      });
    expect((await move("in_progress")).status).toBe(200);
    expect((await move("done")).json.proxyCase.status).toBe("done");
    expect((await move("returned")).json.error.code).toBe("PROXY_STATUS");
    const mine = await get("11", "/window/appointments/mine");
    expect(mine.json.proxyCases[0]).toMatchObject({ id: proxyId, status: "done" });
    const queue = await call(stack.app, "GET", `/api/v1/window/queue?centerId=${centerId}`, {
      token: staffToken,
    });
    const entries = queue.json.slots.flatMap((slot: { entries: { id: string }[] }) => slot.entries);
    expect(entries.find((entry: { id: string }) => entry.id === made.json.appointment.id)).toMatchObject({
      proxyCaseId: proxyId,
    });
    expect(mine.json.proxyCases[0].history.map((h: { status: string }) => h.status)).toEqual([
      "received",
      "in_progress",
      "done",
    ]);
    expect(mine.json.items.find((a: { id: string }) => a.id === made.json.appointment.id).proxyCaseId).toBe(
      proxyId,
    );
    expect((await inbox("u-win-11")).map((m) => m.kind)).toEqual(
      expect.arrayContaining(["window.proxy_received", "window.proxy_in_progress", "window.proxy_done"]),
    );
    expect(
      (
        await call(stack.app, "POST", `/api/v1/window/proxy/${proxyId}/status`, {
          token: token("11"),
          body: { status: "done" },
        })
      ).status,
    ).toBe(403);
  });

  it("books on behalf of a resident, audited, past the booking horizon", async () => {
    const range = "from=2026-10-19&to=2026-10-20";
    const forStaff = await get("demo-staff-1", `/window/days?matterId=${matterId}&${range}`);
    expect(forStaff.json.days.map((d: { open: boolean }) => d.open)).toEqual([true, true]);
    const forResident = await get("1", `/window/days?matterId=${matterId}&${range}`);
    expect(forResident.json.days.map((d: { closedBecause: string }) => d.closedBecause)).toEqual([
      "beyond_horizon",
      "beyond_horizon",
    ]);
    const result = await call(stack.app, "POST", "/api/v1/window/appointments", {
      token: staff(),
      body: appointmentRequest(matterId, at("2026-10-20", "09:00"), { onBehalfOf: "u-win-1" }),
    });
    expect(result.status, result.text).toBe(201);
    expect(result.json.appointment).toMatchObject({ userId: "u-win-1", bookedVia: "staff" });
    const audit = await call(stack.app, "GET", "/api/v1/audit?communityId=huanghe-west&limit=20", {
      token: staff(),
    });
    expect(audit.json.items).toContainEqual(
      expect.objectContaining({
        action: "window.book_on_behalf",
        subjectUserId: "u-win-1",
        target: result.json.appointment.id,
      }),
    );
    const asResident = await book(
      "1",
      appointmentRequest(matterId, at("2026-10-20", "10:00"), { onBehalfOf: "u-win-2" }),
    );
    expect(asResident.status).toBe(403);
  });

  it("registers a resident without a phone and books for them; they cannot log in, WeChat is not tried", async () => {
    const household = "hh-b2-2-501";
    const path = `/api/v1/households/${household}/members`;
    const body = { name: "赵桂芬", relation: "owner" };
    expect((await call(stack.app, "POST", path, { token: token("1"), body })).status).toBe(403);
    expect((await call(stack.app, "POST", path, { token: token("demo-staff-other"), body })).status).toBe(
      403,
    );
    expect(
      (await call(stack.app, "POST", path, { token: staff(), body: { name: "赵", relation: "owner" } }))
        .status,
    ).toBe(400);
    expect(
      (await call(stack.app, "POST", "/api/v1/households/hh-nowhere/members", { token: staff(), body }))
        .status,
    ).toBe(404);
    const registered = await call(stack.app, "POST", path, { token: staff(), body });
    expect(registered.status, registered.text).toBe(201);
    const member = registered.json.member;
    expect(member).toMatchObject({ nickname: "赵桂芬", relation: "owner", offline: true });
    const members = await call(stack.app, "GET", path, { token: staff() });
    expect(members.json.members).toContainEqual(member);

    const booked = await call(stack.app, "POST", "/api/v1/window/appointments", {
      token: staff(),
      body: appointmentRequest(matterId, at("2026-09-29", "15:30"), { onBehalfOf: member.userId }),
    });
    expect(booked.status, booked.text).toBe(201);
    expect(booked.json.appointment).toMatchObject({ residentName: "赵桂芬", bookedVia: "staff" });
    // A messenger with a template for every kind, that records what it was asked to push.
    const pushed: string[] = [];
    const messenger = {
      handles: () => true,
      send: async (message: { openid: string }) => {
        pushed.push(message.openid);
        return { outcome: "sent" as const };
      },
    };
    const sent = await runJobs({ ...stack.deps, messenger });
    expect(sent.jobs.find((j) => j.name === "outbox")?.ok).toBe(true);
    expect(pushed).not.toContain("");
    const outbox = await stack.deps.db.doc.send(
      new QueryCommand({
        TableName: stack.deps.db.tableName,
        KeyConditionExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": keys.outbox(`${booked.json.appointment.id}-booked`).PK },
      }),
    );
    expect(outbox.Items?.[0]).toMatchObject({ status: "skipped", outcome: "no_openid" });
    // Nobody can log in as them: the dev login of an empty openid is refused.
    expect((await call(stack.app, "POST", "/api/v1/auth/dev-login", { body: { openid: "" } })).status).toBe(
      400,
    );
    const audit = await call(stack.app, "GET", "/api/v1/audit?communityId=huanghe-west&limit=20", {
      token: staff(),
    });
    expect(audit.json.items).toContainEqual(
      expect.objectContaining({
        action: "resident.register_offline",
        subjectUserId: member.userId,
        target: household,
      }),
    );
  });
});
