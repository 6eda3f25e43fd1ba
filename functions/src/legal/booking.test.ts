import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { addVerifiedResidents } from "../../../test/setup/residents.js";
import { keys } from "../db/keys.js";
import { runJobs } from "../jobs/run.js";
import { bookingRequest, FRIDAY_10AM, makeRoster } from "./test-helpers.js";

let stack: TestStack;
let tokens: Record<string, string>;

beforeAll(async () => {
  stack = await createTestStack();
  // Tokens are issued on the test clock, which lives in 2030.
  stack.clock.set(FRIDAY_10AM);
  tokens = {};
  for (const openid of [
    "demo-resident-1",
    "demo-resident-2",
    "demo-resident-3",
    "demo-resident-40",
    "demo-staff-1",
    "demo-staff-other",
    "demo-lawyer-1",
    "demo-lawyer-2",
  ]) {
    tokens[openid] = await loginAs(stack.app, openid);
  }
});
afterAll(() => stack.cleanup());
beforeEach(() => stack.clock.set(FRIDAY_10AM));

const token = (openid: string) => tokens[openid] as string;
const book = (who: string, body: unknown, headers: Record<string, string> = {}) =>
  call(stack.app, "POST", "/api/v1/legal/bookings", { token: token(who), body, headers });

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

async function slot(id: string, who = "demo-resident-1") {
  const result = await call(stack.app, "GET", `/api/v1/legal/slots/${id}`, { token: token(who) });
  expect(result.status, result.text).toBe(200);
  return result.json.slot;
}

describe("booking a seat", () => {
  it("confirms a booking with the place, counts the seat and queues the reminders", async () => {
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-2",
      startTime: "14:00",
      endTime: "15:00",
    });
    const result = await book("demo-resident-1", bookingRequest(slotId as string));
    expect(result.status, result.text).toBe(201);
    expect(result.json.booking).toMatchObject({
      status: "confirmed",
      slotId,
      category: "labour",
      location: "社区党群服务中心一楼 法律服务窗口",
      bookedVia: "self",
      contactPhone: null,
      lawyer: { id: "u-demo-lawyer-2" },
    });
    expect(await slot(slotId as string)).toMatchObject({
      booked: 1,
      available: 0,
      mine: { bookingId: result.json.booking.id },
    });
    const messages = await inbox("u-demo-resident-1");
    expect(
      messages.some(
        (m) => m.kind === "legal.booking_confirmed" && m.params.bookingId === result.json.booking.id,
      ),
    ).toBe(true);
    const outbox = await stack.deps.db.doc.send(
      new QueryCommand({
        TableName: stack.deps.db.tableName,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk",
        ExpressionAttributeValues: { ":pk": "OUTBOX#PENDING" },
      }),
    );
    const mine = (outbox.Items ?? []).filter((item) => String(item.id).startsWith(result.json.booking.id));
    expect(mine.map((item) => item.kind).sort()).toEqual([
      "legal.booking_confirmed",
      "legal.reminder_day_before",
      "legal.reminder_hour_before",
    ]);
  });

  it("refuses a full slot with 409 SLOT_FULL and writes nothing", async () => {
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-3",
      startTime: "09:00",
      endTime: "09:30",
    });
    expect((await book("demo-resident-1", bookingRequest(slotId as string))).status).toBe(201);
    const second = await book("demo-resident-2", bookingRequest(slotId as string));
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe("SLOT_FULL");
    expect(await slot(slotId as string)).toMatchObject({ booked: 1 });
    const mine = await call(stack.app, "GET", "/api/v1/legal/bookings/mine", {
      token: token("demo-resident-2"),
    });
    expect(mine.json.items.filter((b: { slotId: string }) => b.slotId === slotId)).toEqual([]);
  });

  it("allows one booking per day with the same lawyer (409 BOOKING_LIMIT)", async () => {
    const slots = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-1",
      from: "2030-01-08",
      to: "2030-01-08",
      weekdays: [2],
    });
    expect((await book("demo-resident-3", bookingRequest(slots[0] as string))).status).toBe(201);
    const again = await book("demo-resident-3", bookingRequest(slots[1] as string));
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("BOOKING_LIMIT");
    const same = await book("demo-resident-3", bookingRequest(slots[0] as string));
    expect(same.json.error.code).toBe("ALREADY_BOOKED");
  });

  it("allows at most 3 upcoming bookings, even when requested all at once", async () => {
    const [resident] = await addVerifiedResidents(stack, 1, "limit");
    // Five different days with the same lawyer: only the upcoming limit can refuse.
    const days = ["2030-01-14", "2030-01-15", "2030-01-16", "2030-01-17", "2030-01-18"];
    const slotIds: string[] = [];
    for (const [i, day] of days.entries()) {
      const [id] = await makeRoster(stack, {
        lawyerId: "u-demo-lawyer-2",
        from: day,
        to: day,
        weekdays: [i + 1],
        startTime: "16:00",
        endTime: "16:30",
      });
      slotIds.push(id as string);
    }
    const results = await Promise.all(
      slotIds.map((slotId) =>
        call(stack.app, "POST", "/api/v1/legal/bookings", {
          token: resident?.token,
          body: bookingRequest(slotId),
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409]);
    for (const refused of results.filter((r) => r.status === 409))
      expect(refused.json.error.code).toBe("BOOKING_LIMIT");
    let booked = 0;
    for (const id of slotIds) booked += (await slot(id)).booked;
    expect(booked).toBe(3);
  });

  it("refuses a slot that has started (409 SLOT_STARTED) and unverified residents (403)", async () => {
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-3",
      startTime: "10:00",
      endTime: "10:30",
    });
    const unverified = await book("demo-resident-40", bookingRequest(slotId as string));
    expect(unverified.status).toBe(403);
    expect(unverified.json.error.code).toBe("NOT_VERIFIED");
    stack.clock.set("2030-01-07T02:00:30.000Z");
    const late = await book("demo-resident-2", bookingRequest(slotId as string));
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe("SLOT_STARTED");
  });

  it("rejects bad input with field details and needs a phone number for a phone consultation", async () => {
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-3",
      mode: "phone",
      startTime: "15:00",
      endTime: "15:30",
    });
    const [caller] = await addVerifiedResidents(stack, 1, "phone");
    const as = (body: unknown) =>
      call(stack.app, "POST", "/api/v1/legal/bookings", { token: caller?.token, body });
    const bad = await as({ slotId, category: "tax", description: "短" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "category",
      "description",
    ]);
    const noPhone = await as(bookingRequest(slotId as string));
    expect(noPhone.status).toBe(400);
    expect(noPhone.json.error.details[0].path).toBe("contactPhone");
    const ok = await as(bookingRequest(slotId as string, { contactPhone: "13800001234" }));
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json.booking.contactPhone).toBe("13800001234");
    const missing = await as(bookingRequest("no-such-slot"));
    expect(missing.status).toBe(404);
  });

  it("replays a retried booking with the same Idempotency-Key and creates nothing new", async () => {
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-1",
      from: "2030-01-09",
      to: "2030-01-09",
      weekdays: [3],
    });
    const headers = { "Idempotency-Key": "book-retry-0001" };
    const first = await book("demo-resident-2", bookingRequest(slotId as string), headers);
    const retry = await book("demo-resident-2", bookingRequest(slotId as string), headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.json.booking.id).toBe(first.json.booking.id);
    expect(await slot(slotId as string)).toMatchObject({ booked: 1 });
  });
});

describe("cancelling and the waitlist", () => {
  it("cancels before the cut-off and gives the seat to the first on the waitlist, who is told", async () => {
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-2",
      from: "2030-01-10",
      to: "2030-01-10",
      weekdays: [4],
    });
    const [a, b, c] = await addVerifiedResidents(stack, 3, "wait");
    const post = (who: { token: string }, path: string, body?: unknown) =>
      call(stack.app, "POST", path, { token: who.token, body });
    const booked = await post(
      a as { token: string },
      "/api/v1/legal/bookings",
      bookingRequest(slotId as string),
    );
    expect(booked.status).toBe(201);
    const available = await post(
      b as { token: string },
      "/api/v1/legal/bookings",
      bookingRequest(slotId as string),
    );
    expect(available.json.error.code).toBe("SLOT_FULL");
    const join1 = await post(b as { token: string }, `/api/v1/legal/slots/${slotId}/waitlist`, {
      category: "inheritance",
      description: "父亲去世后房产如何继承？",
    });
    expect(join1.status, join1.text).toBe(201);
    expect(join1.json.waitlist.position).toBe(1);
    stack.clock.advance(5);
    const join2 = await post(c as { token: string }, `/api/v1/legal/slots/${slotId}/waitlist`, {
      category: "other",
      description: "咨询租房押金纠纷。",
    });
    expect(join2.json.waitlist.position).toBe(2);
    const twice = await post(c as { token: string }, `/api/v1/legal/slots/${slotId}/waitlist`, {
      category: "other",
      description: "咨询租房押金纠纷。",
    });
    expect(twice.json.error.code).toBe("ALREADY_WAITLISTED");

    const cancelled = await post(
      a as { token: string },
      `/api/v1/legal/bookings/${booked.json.booking.id}/cancel`,
    );
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.json.booking.status).toBe("cancelled");

    const after = await slot(slotId as string);
    expect(after).toMatchObject({ booked: 1, waitlisted: 1 });
    const bMine = await call(stack.app, "GET", "/api/v1/legal/bookings/mine", {
      token: (b as { token: string }).token,
    });
    const promoted = bMine.json.items.find((x: { slotId: string }) => x.slotId === slotId);
    expect(promoted).toMatchObject({ status: "confirmed", bookedVia: "waitlist", category: "inheritance" });
    expect((await inbox((b as { id: string }).id)).map((m) => m.kind)).toContain("legal.promoted");
    const cMine = await call(stack.app, "GET", "/api/v1/legal/bookings/mine", {
      token: (c as { token: string }).token,
    });
    expect(cMine.json.waitlist[0]).toMatchObject({ slotId, position: 1 });

    const left = await call(stack.app, "DELETE", `/api/v1/legal/slots/${slotId}/waitlist`, {
      token: (c as { token: string }).token,
    });
    expect(left.status).toBe(200);
    expect(await slot(slotId as string)).toMatchObject({ waitlisted: 0 });
    const leftAgain = await call(stack.app, "DELETE", `/api/v1/legal/slots/${slotId}/waitlist`, {
      token: (c as { token: string }).token,
    });
    expect(leftAgain.json.error.code).toBe("NOT_WAITLISTED");
  });

  it("refuses the waitlist while a seat is free (409 SLOT_AVAILABLE)", async () => {
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-3",
      startTime: "11:00",
      endTime: "11:30",
    });
    const [caller] = await addVerifiedResidents(stack, 1, "free");
    const join = await call(stack.app, "POST", `/api/v1/legal/slots/${slotId}/waitlist`, {
      token: caller?.token,
      body: { category: "other", description: "咨询一下物业费的问题。" },
    });
    expect(join.status).toBe(409);
    expect(join.json.error.code).toBe("SLOT_AVAILABLE");
  });

  it("refuses a cancellation after the cut-off with 409 CANCEL_CUTOFF_PASSED", async () => {
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-1",
      from: "2030-01-11",
      to: "2030-01-11",
      weekdays: [5],
    });
    const booked = await book("demo-resident-1", bookingRequest(slotId as string));
    expect(booked.status).toBe(201);
    // 09:00 start, 2-hour cut-off: 07:01 is too late.
    stack.clock.set("2030-01-10T23:01:00.000Z");
    const late = await call(stack.app, "POST", `/api/v1/legal/bookings/${booked.json.booking.id}/cancel`, {
      token: token("demo-resident-1"),
    });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe("CANCEL_CUTOFF_PASSED");
    const other = await call(stack.app, "POST", `/api/v1/legal/bookings/${booked.json.booking.id}/cancel`, {
      token: token("demo-resident-2"),
    });
    expect(other.status).toBe(404);
  });

  it("staff cancel a slot: bookings show as cancelled by the center with the reason, everyone is told", async () => {
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-2",
      from: "2030-01-21",
      to: "2030-01-21",
      startTime: "09:00",
      endTime: "09:30",
    });
    const [x, y] = await addVerifiedResidents(stack, 2, "ill");
    const booked = await call(stack.app, "POST", "/api/v1/legal/bookings", {
      token: x?.token,
      body: bookingRequest(slotId as string),
    });
    expect(booked.status).toBe(201);
    const joined = await call(stack.app, "POST", `/api/v1/legal/slots/${slotId}/waitlist`, {
      token: y?.token,
      body: { category: "other", description: "想咨询一下邻居噪音问题。" },
    });
    expect(joined.status).toBe(201);
    const notStaff = await call(stack.app, "POST", `/api/v1/legal/slots/${slotId}/cancel`, {
      token: token("demo-staff-other"),
      body: { reason: "律师生病" },
    });
    expect(notStaff.status).toBe(403);
    const cancel = await call(stack.app, "POST", `/api/v1/legal/slots/${slotId}/cancel`, {
      token: token("demo-staff-1"),
      body: { reason: "值班律师生病，改期另行通知" },
    });
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.json).toMatchObject({
      cancelledBookings: 1,
      waitlistClosed: 1,
      slot: { status: "cancelled", booked: 0, waitlisted: 0 },
    });
    const view = await call(stack.app, "GET", `/api/v1/legal/bookings/${booked.json.booking.id}`, {
      token: x?.token,
    });
    expect(view.json.booking).toMatchObject({
      status: "cancelled_by_center",
      cancelReason: "值班律师生病，改期另行通知",
    });
    expect((await inbox(x?.id as string)).map((m) => m.kind)).toContain("legal.cancelled_by_center");
    expect((await inbox(y?.id as string)).map((m) => m.kind)).toContain("legal.waitlist_closed");
    const again = await book("demo-resident-1", bookingRequest(slotId as string));
    expect(again.json.error.code).toBe("SLOT_CANCELLED");
  });
});

describe("reminders", () => {
  it("the day-before and hour-before reminders reach the message list when due, and not after a cancel", async () => {
    const [slotId, otherSlotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-3",
      from: "2030-01-23",
      to: "2030-01-23",
      weekdays: [3],
      startTime: "14:00",
      endTime: "15:00",
    });
    const [keeper, canceller] = await addVerifiedResidents(stack, 2, "remind");
    const kept = await call(stack.app, "POST", "/api/v1/legal/bookings", {
      token: keeper?.token,
      body: bookingRequest(slotId as string),
    });
    const dropped = await call(stack.app, "POST", "/api/v1/legal/bookings", {
      token: canceller?.token,
      body: bookingRequest(otherSlotId as string),
    });
    expect(kept.status).toBe(201);
    expect(dropped.status).toBe(201);
    expect(
      (
        await call(stack.app, "POST", `/api/v1/legal/bookings/${dropped.json.booking.id}/cancel`, {
          token: canceller?.token,
        })
      ).status,
    ).toBe(200);
    const kinds = async (userId: string) => (await inbox(userId)).map((m) => m.kind).sort();

    // The day before, 14:05 in Shanghai: the day-before reminder only.
    stack.clock.set("2030-01-22T06:05:00.000Z");
    await runJobs(stack.deps);
    expect(await kinds(keeper?.id as string)).toEqual([
      "legal.booking_confirmed",
      "legal.reminder_day_before",
    ]);
    // 13:05 on the day: the hour-before reminder too; running the job again sends nothing twice.
    stack.clock.set("2030-01-23T05:05:00.000Z");
    await runJobs(stack.deps);
    await runJobs(stack.deps);
    expect(await kinds(keeper?.id as string)).toEqual([
      "legal.booking_confirmed",
      "legal.reminder_day_before",
      "legal.reminder_hour_before",
    ]);
    expect(await kinds(canceller?.id as string)).toEqual(["legal.booking_confirmed"]);
  });
});
