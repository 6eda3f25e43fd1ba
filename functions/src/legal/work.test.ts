import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { addVerifiedResidents, type TestResident } from "../../../test/setup/residents.js";
import { keys } from "../db/keys.js";
import { bookingRequest, FRIDAY_10AM, MONDAY, makeRoster } from "./test-helpers.js";

let stack: TestStack;
/** A token issued on the test clock as it is now (the clock jumps weeks ahead in some tests). */
const as = (openid: string) => loginAs(stack.app, openid);

beforeAll(async () => {
  stack = await createTestStack();
  stack.clock.set(FRIDAY_10AM);
});
afterAll(() => stack.cleanup());
beforeEach(() => stack.clock.set(FRIDAY_10AM));

const post = (token: string | undefined, path: string, body?: unknown) =>
  call(stack.app, "POST", path, { token, body });
const get = (token: string | undefined, path: string) => call(stack.app, "GET", path, { token });

async function bookAs(resident: TestResident, slotId: string, extra: Record<string, unknown> = {}) {
  const result = await post(resident.token, "/api/v1/legal/bookings", bookingRequest(slotId, extra));
  expect(result.status, result.text).toBe(201);
  return result.json.booking as { id: string };
}

describe("rosters", () => {
  const roster = {
    lawyerId: "u-demo-lawyer-2",
    from: "2030-02-04",
    to: "2030-02-15",
    weekdays: [1, 3],
    startTime: "09:00",
    endTime: "11:00",
    slotMinutes: 40,
    mode: "in_person",
  };

  it("generates back-to-back slots on the chosen weekdays only, and refuses an overlapping roster", async () => {
    const created = await post(await as("demo-staff-1"), "/api/v1/legal/rosters", roster);
    expect(created.status, created.text).toBe(201);
    // Mon 4th, Wed 6th, Mon 11th, Wed 13th × 09:00, 09:40, 10:20 (11:00 leaves no room for a fourth).
    expect(created.json.roster).toMatchObject({ slotCount: 12, seats: 1, weekdays: [1, 3] });
    const slots = await get(
      await as("demo-staff-1"),
      "/api/v1/legal/slots?from=2030-02-04&to=2030-02-15&lawyerId=u-demo-lawyer-2",
    );
    expect(slots.json.slots.map((s: { date: string }) => s.date)).toEqual(
      ["2030-02-04", "2030-02-06", "2030-02-11", "2030-02-13"].flatMap((d) => [d, d, d]),
    );
    expect(slots.json.slots[1]).toMatchObject({
      startsAt: "2030-02-04T01:40:00.000Z",
      endsAt: "2030-02-04T02:20:00.000Z",
    });
    const overlap = await post(await as("demo-staff-1"), "/api/v1/legal/rosters", {
      ...roster,
      startTime: "10:00",
      endTime: "12:00",
      weekdays: [3],
    });
    expect(overlap.status).toBe(409);
    expect(overlap.json.error.code).toBe("ROSTER_OVERLAP");
    const listed = await get(await as("demo-staff-1"), "/api/v1/legal/rosters");
    expect(listed.json.rosters.some((r: { id: string }) => r.id === created.json.roster.id)).toBe(true);
    const audit = await get(await as("demo-staff-1"), "/api/v1/audit?communityId=huanghe-west");
    expect(audit.json.items[0]).toMatchObject({
      action: "legal.roster.create",
      target: created.json.roster.id,
    });
  });

  it("refuses bad rosters with field details, non-lawyers with 404 and non-staff with 403", async () => {
    const bad = await post(await as("demo-staff-1"), "/api/v1/legal/rosters", {
      ...roster,
      from: "2030-01-01",
      to: "2029-12-01",
      endTime: "08:00",
      weekdays: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path)).toContain("weekdays");
    const backwards = await post(await as("demo-staff-1"), "/api/v1/legal/rosters", {
      ...roster,
      to: "2030-02-01",
    });
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.details[0].path).toBe("to");
    const notLawyer = await post(await as("demo-staff-1"), "/api/v1/legal/rosters", {
      ...roster,
      lawyerId: "u-demo-resident-1",
    });
    expect(notLawyer.status).toBe(404);
    expect((await post(await as("demo-resident-1"), "/api/v1/legal/rosters", roster)).status).toBe(403);
    expect(
      (
        await post(await as("demo-staff-other"), "/api/v1/legal/rosters", {
          ...roster,
          communityId: "huanghe-west",
        })
      ).status,
    ).toBe(403);
    expect((await post(undefined, "/api/v1/legal/rosters", roster)).status).toBe(401);
  });
});

describe("the lawyer's day, outcomes and privacy", () => {
  it("shows the lawyer their bookings with descriptions; staff and other lawyers never see them", async () => {
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-1",
      from: "2030-01-14",
      to: "2030-01-14",
    });
    const [resident] = await addVerifiedResidents(stack, 1, "private");
    const booking = await bookAs(resident as TestResident, slotId as string);

    const day = await get(await as("demo-lawyer-1"), "/api/v1/legal/lawyer/bookings?date=2030-01-14");
    expect(day.status).toBe(200);
    const seen = day.json.slots.flatMap((s: { bookings: unknown[] }) => s.bookings);
    expect(seen).toEqual([
      expect.objectContaining({ id: booking.id, description: bookingRequest("x").description }),
    ]);

    const staffView = await get(await as("demo-staff-1"), `/api/v1/legal/bookings/${booking.id}`);
    expect(staffView.status).toBe(200);
    expect(staffView.json.booking).toMatchObject({ description: null, notes: null, category: "labour" });
    const schedule = await get(await as("demo-staff-1"), "/api/v1/legal/schedule?date=2030-01-14");
    expect(JSON.stringify(schedule.json)).not.toContain(bookingRequest("x").description);
    expect((await get(await as("demo-lawyer-2"), `/api/v1/legal/bookings/${booking.id}`)).status).toBe(404);
    expect((await get(await as("demo-resident-1"), `/api/v1/legal/bookings/${booking.id}`)).status).toBe(404);
    expect((await get(await as("demo-staff-other"), `/api/v1/legal/bookings/${booking.id}`)).status).toBe(
      404,
    );
    const lawyer2Day = await get(await as("demo-lawyer-2"), "/api/v1/legal/lawyer/bookings?date=2030-01-14");
    expect(JSON.stringify(lawyer2Day.json)).not.toContain(booking.id);
    expect((await get(await as("demo-resident-1"), "/api/v1/legal/lawyer/bookings")).status).toBe(403);
  });

  it("records an outcome with private notes once the consultation has started, by its lawyer only", async () => {
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-1",
      from: "2030-01-15",
      to: "2030-01-15",
      weekdays: [2],
    });
    const [resident] = await addVerifiedResidents(stack, 1, "outcome");
    const booking = await bookAs(resident as TestResident, slotId as string);
    const record = {
      attendance: "attended",
      outcome: "referred_mediation",
      notes: "建议先申请人民调解，保留欠薪证据。",
    };
    const early = await post(
      await as("demo-lawyer-1"),
      `/api/v1/legal/bookings/${booking.id}/outcome`,
      record,
    );
    expect(early.json.error.code).toBe("NOT_STARTED");
    stack.clock.set("2030-01-15T01:10:00.000Z");
    const other = await post(
      await as("demo-lawyer-2"),
      `/api/v1/legal/bookings/${booking.id}/outcome`,
      record,
    );
    expect(other.status).toBe(403);
    const missingOutcome = await post(
      await as("demo-lawyer-1"),
      `/api/v1/legal/bookings/${booking.id}/outcome`,
      {
        attendance: "attended",
      },
    );
    expect(missingOutcome.status).toBe(400);
    expect(missingOutcome.json.error.details[0].path).toBe("outcome");
    const ok = await post(await as("demo-lawyer-1"), `/api/v1/legal/bookings/${booking.id}/outcome`, record);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.booking).toMatchObject({
      attendance: "attended",
      outcome: "referred_mediation",
      notes: record.notes,
    });
    const residentView = await get(resident?.token, `/api/v1/legal/bookings/${booking.id}`);
    expect(residentView.json.booking.notes).toBe(record.notes);
    const staffView = await get(await as("demo-staff-1"), `/api/v1/legal/bookings/${booking.id}`);
    expect(staffView.json.booking).toMatchObject({ outcome: "referred_mediation", notes: null });
  });

  it("three no-shows in 90 days suspend online booking for 30 days; staff can still book, audited", async () => {
    const [resident] = await addVerifiedResidents(stack, 1, "absent");
    const days = ["2030-01-21", "2030-01-22", "2030-01-23"];
    const slotIds: string[] = [];
    for (const [i, day] of days.entries()) {
      const [id] = await makeRoster(stack, {
        lawyerId: "u-demo-lawyer-2",
        from: day,
        to: day,
        weekdays: [i + 1],
        startTime: "14:00",
        endTime: "14:30",
      });
      slotIds.push(id as string);
    }
    const bookings = [];
    for (const slotId of slotIds) bookings.push(await bookAs(resident as TestResident, slotId));
    stack.clock.set("2030-01-23T07:00:00.000Z");
    const lawyer = await loginAs(stack.app, "demo-lawyer-2");
    for (const booking of bookings) {
      const marked = await post(lawyer, `/api/v1/legal/bookings/${booking.id}/outcome`, {
        attendance: "no_show",
      });
      expect(marked.status, marked.text).toBe(200);
    }
    const [later] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-3",
      from: "2030-01-28",
      to: "2030-01-28",
      weekdays: [1],
      startTime: "16:00",
      endTime: "16:30",
    });
    const residentToken = resident?.token;
    const refused = await post(residentToken, "/api/v1/legal/bookings", bookingRequest(later as string));
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("BOOKING_SUSPENDED");
    const mine = await get(residentToken, "/api/v1/legal/bookings/mine");
    expect(mine.json.suspendedUntil).toBe("2030-02-22T06:00:00.000Z");

    const staff = await loginAs(stack.app, "demo-staff-1");
    const walkIn = await post(
      staff,
      "/api/v1/legal/bookings",
      bookingRequest(later as string, { onBehalfOf: resident?.id }),
    );
    expect(walkIn.status, walkIn.text).toBe(201);
    expect(walkIn.json.booking).toMatchObject({ bookedVia: "staff", description: null });
    const audit = await get(staff, "/api/v1/audit?communityId=huanghe-west");
    expect(audit.json.items[0]).toMatchObject({
      action: "legal.book_on_behalf",
      subjectUserId: resident?.id,
      target: walkIn.json.booking.id,
    });
    expect(JSON.stringify(audit.json.items[0])).not.toContain(bookingRequest("x").description);
    const otherStaff = await loginAs(stack.app, "demo-staff-other");
    const foreign = await post(
      otherStaff,
      "/api/v1/legal/bookings",
      bookingRequest(later as string, { onBehalfOf: resident?.id }),
    );
    expect(foreign.status).toBe(403);

    // Correcting one no-show lifts the suspension.
    const corrected = await post(lawyer, `/api/v1/legal/bookings/${bookings[0]?.id}/outcome`, {
      attendance: "attended",
      outcome: "answered",
    });
    expect(corrected.status).toBe(200);
    expect((await get(residentToken, "/api/v1/legal/bookings/mine")).json.suspendedUntil).toBeNull();
  });
});

describe("statistics and settings", () => {
  it("counts bookings by category, outcomes, no-show rate and utilisation per lawyer", async () => {
    const slotIds = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-1",
      from: "2030-03-04",
      to: "2030-03-04",
      seats: 2,
    });
    const residents = await addVerifiedResidents(stack, 4, "stats");
    const made = [];
    for (const [i, resident] of residents.entries()) {
      made.push(
        await bookAs(resident, slotIds[i] as string, { category: i < 3 ? "marriage_family" : "inheritance" }),
      );
    }
    const cancelled = await post(residents[3]?.token, `/api/v1/legal/bookings/${made[3]?.id}/cancel`);
    expect(cancelled.status).toBe(200);
    stack.clock.set("2030-03-04T05:00:00.000Z");
    const lawyer = await loginAs(stack.app, "demo-lawyer-1");
    await post(lawyer, `/api/v1/legal/bookings/${made[0]?.id}/outcome`, {
      attendance: "attended",
      outcome: "answered",
    });
    await post(lawyer, `/api/v1/legal/bookings/${made[1]?.id}/outcome`, {
      attendance: "attended",
      outcome: "referred_legal_aid",
    });
    await post(lawyer, `/api/v1/legal/bookings/${made[2]?.id}/outcome`, { attendance: "no_show" });
    const staff = await loginAs(stack.app, "demo-staff-1");
    const stats = await get(staff, "/api/v1/legal/stats?from=2030-03-01&to=2030-03-31");
    expect(stats.status, stats.text).toBe(200);
    expect(stats.json).toMatchObject({
      bookings: 3,
      cancelled: { byResident: 1, byCenter: 0 },
      attended: 2,
      noShows: 1,
      noShowRate: 0.333,
    });
    expect(stats.json.byCategory).toMatchObject({ marriage_family: 3, inheritance: 0 });
    expect(stats.json.outcomes).toMatchObject({ answered: 1, referred_legal_aid: 1, unrecorded: 0 });
    // 6 slots × 2 seats on that day; 3 seats taken.
    expect(stats.json.lawyers).toEqual([
      expect.objectContaining({
        lawyerId: "u-demo-lawyer-1",
        slots: 6,
        seats: 12,
        booked: 3,
        utilisation: 0.25,
        attended: 2,
        noShows: 1,
      }),
    ]);
    expect(JSON.stringify(stats.json)).not.toContain(bookingRequest("x").description);
    expect(
      (await get(await as("demo-resident-1"), "/api/v1/legal/stats?from=2030-03-01&to=2030-03-31")).status,
    ).toBe(403);
    const tooLong = await get(staff, "/api/v1/legal/stats?from=2030-01-01&to=2031-06-01");
    expect(tooLong.status).toBe(400);
    const badDate = await get(staff, "/api/v1/legal/stats?from=2030-02-30&to=2030-03-01");
    expect(badDate.status).toBe(400);
  });

  it("staff change the cancellation cut-off, and it applies to bookings", async () => {
    const staff = await loginAs(stack.app, "demo-staff-1");
    const saved = await call(stack.app, "PUT", "/api/v1/legal/settings", {
      token: staff,
      body: { cancelCutoffMinutes: 24 * 60 },
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.settings.cancelCutoffMinutes).toBe(1440);
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-3",
      from: "2030-01-05",
      to: "2030-01-05",
      weekdays: [6],
      startTime: "09:00",
      endTime: "09:30",
    });
    const [resident] = await addVerifiedResidents(stack, 1, "cutoff");
    const booking = await bookAs(resident as TestResident, slotId as string);
    // Now is Friday 10:00; the consultation is Saturday 09:00: inside the 24-hour cut-off.
    const late = await post(resident?.token, `/api/v1/legal/bookings/${booking.id}/cancel`);
    expect(late.json.error.code).toBe("CANCEL_CUTOFF_PASSED");
    const residentSettings = await get(resident?.token, "/api/v1/legal/settings");
    expect(residentSettings.json.settings.cancelCutoffMinutes).toBe(1440);
    const reset = await call(stack.app, "PUT", "/api/v1/legal/settings", {
      token: staff,
      body: { cancelCutoffMinutes: 120 },
    });
    expect(reset.status).toBe(200);
    expect(
      (
        await call(stack.app, "PUT", "/api/v1/legal/settings", {
          token: await as("demo-resident-1"),
          body: { cancelCutoffMinutes: 0 },
        })
      ).status,
    ).toBe(403);
    const invalid = await call(stack.app, "PUT", "/api/v1/legal/settings", {
      token: staff,
      body: { maxUpcomingBookings: 0 },
    });
    expect(invalid.status).toBe(400);
  });

  it("staff cancel a whole day of one lawyer", async () => {
    await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-3",
      from: MONDAY,
      to: MONDAY,
      startTime: "14:00",
      endTime: "16:00",
    });
    const [resident] = await addVerifiedResidents(stack, 1, "day");
    const slots = await get(
      resident?.token,
      `/api/v1/legal/slots?from=${MONDAY}&to=${MONDAY}&lawyerId=u-demo-lawyer-3`,
    );
    const booking = await bookAs(resident as TestResident, slots.json.slots[0].id);
    const staff = await loginAs(stack.app, "demo-staff-1");
    const cancelled = await post(staff, `/api/v1/legal/days/${MONDAY}/cancel`, {
      lawyerId: "u-demo-lawyer-3",
      reason: "律师临时出庭",
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.json).toMatchObject({ cancelledSlots: 4, cancelledBookings: 1 });
    const view = await get(resident?.token, `/api/v1/legal/bookings/${booking.id}`);
    expect(view.json.booking).toMatchObject({ status: "cancelled_by_center", cancelReason: "律师临时出庭" });
    const inbox = await stack.deps.db.doc.send(
      new QueryCommand({
        TableName: stack.deps.db.tableName,
        KeyConditionExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": keys.inboxMessage(resident?.id as string, "", "").PK },
      }),
    );
    expect((inbox.Items ?? []).map((m) => m.kind)).toContain("legal.cancelled_by_center");
  });
});

describe("acting for a walk-in resident", () => {
  it("staff list a household's verified residents; others may not", async () => {
    const staff = await as("demo-staff-1");
    const members = await get(staff, "/api/v1/households/hh-b1-1-101/members");
    expect(members.status, members.text).toBe(200);
    expect(members.json.members).toEqual(
      expect.arrayContaining([
        { userId: "u-demo-resident-1", nickname: "王秀兰", relation: "owner", offline: false },
        { userId: "u-demo-resident-32", nickname: "曹敏", relation: "member", offline: false },
      ]),
    );
    expect((await get(await as("demo-staff-other"), "/api/v1/households/hh-b1-1-101/members")).status).toBe(
      403,
    );
    expect((await get(await as("demo-resident-1"), "/api/v1/households/hh-b1-1-101/members")).status).toBe(
      403,
    );
    expect((await get(staff, "/api/v1/households/nope/members")).status).toBe(404);
  });
});
