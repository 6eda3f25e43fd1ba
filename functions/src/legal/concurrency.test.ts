import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, type TestStack } from "../../../test/setup/harness.js";
import { addVerifiedResidents } from "../../../test/setup/residents.js";
import { getLedger, getSlot, listWaitlist } from "./repo.js";
import { bookingRequest, FRIDAY_10AM, makeRoster } from "./test-helpers.js";

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
  stack.clock.set(FRIDAY_10AM);
});
afterAll(() => stack.cleanup());

describe("races", () => {
  it("200 residents at one 1-seat slot: exactly one confirmed, the rest 409, booked == 1", async () => {
    const [slotId] = await makeRoster(stack, { startTime: "09:00", endTime: "09:30" });
    const residents = await addVerifiedResidents(stack, 200, "rush");
    const results = await Promise.all(
      residents.map((resident) =>
        call(stack.app, "POST", "/api/v1/legal/bookings", {
          token: resident.token,
          body: bookingRequest(slotId as string),
        }),
      ),
    );
    const confirmed = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 409);
    expect(confirmed).toHaveLength(1);
    expect(refused).toHaveLength(199);
    expect(new Set(refused.map((r) => r.json.error.code))).toEqual(new Set(["SLOT_FULL"]));
    const slot = await getSlot(stack.deps.db, slotId as string, true);
    expect(slot?.booked).toBe(1);
    expect(Object.keys(slot?.bookings ?? {})).toEqual([confirmed[0]?.json.booking.id]);
  });

  it("cancellations racing waitlist joins: every freed seat goes to exactly one person", async () => {
    // Three 1-seat slots, each booked; 15 residents try to join each queue while the bookers cancel.
    const slotIds = (await makeRoster(stack, { startTime: "10:00", endTime: "11:30" })).slice(0, 3);
    const holders = await addVerifiedResidents(stack, 3, "holder");
    const bookings: string[] = [];
    for (const [i, slotId] of slotIds.entries()) {
      const booked = await call(stack.app, "POST", "/api/v1/legal/bookings", {
        token: holders[i]?.token,
        body: bookingRequest(slotId),
      });
      expect(booked.status).toBe(201);
      bookings.push(booked.json.booking.id);
    }
    const joiners = await addVerifiedResidents(stack, 45, "joiner");
    const requests = [
      ...joiners.map((joiner, i) =>
        call(stack.app, "POST", `/api/v1/legal/slots/${slotIds[i % 3]}/waitlist`, {
          token: joiner.token,
          body: { category: "other", description: "想咨询物业服务合同的问题。" },
        }),
      ),
      ...holders.map((holder, i) =>
        call(stack.app, "POST", `/api/v1/legal/bookings/${bookings[i]}/cancel`, { token: holder.token }),
      ),
    ];
    const results = await Promise.all(requests);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    const cancels = results.slice(joiners.length);
    for (const cancel of cancels) expect(cancel.status, cancel.text).toBe(200);
    // A join that lost to a cancel that freed the seat is told to book instead.
    for (const join of results.slice(0, joiners.length)) {
      if (join.status !== 201) expect(["SLOT_AVAILABLE", "CONFLICT_RETRY"]).toContain(join.json.error.code);
    }

    for (const slotId of slotIds) {
      const slot = await getSlot(stack.deps.db, slotId, true);
      const queue = await listWaitlist(stack.deps.db, slotId);
      const holdersOfSeat = Object.values(slot?.bookings ?? {});
      // The seat is either free with nobody waiting, or held by exactly one person who is not queued.
      expect(slot?.booked).toBe(holdersOfSeat.length);
      expect(slot?.booked).toBeLessThanOrEqual(1);
      expect(slot?.waitlistCount).toBe(queue.length);
      if (slot?.booked === 0) expect(queue).toEqual([]);
      for (const userId of holdersOfSeat) {
        expect(queue.map((e) => e.userId)).not.toContain(userId);
        const ledger = await getLedger(stack.deps.db, userId);
        expect(Object.values(ledger.active).filter((e) => e.slotId === slotId)).toHaveLength(1);
      }
    }
  });

  it("a resident racing to book the same lawyer twice on one day gets one booking", async () => {
    const slotIds = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-3",
      from: "2030-01-08",
      to: "2030-01-08",
      weekdays: [2],
      seats: 2,
    });
    const [resident] = await addVerifiedResidents(stack, 1, "double");
    const results = await Promise.all(
      slotIds.map((slotId) =>
        call(stack.app, "POST", "/api/v1/legal/bookings", {
          token: resident?.token,
          body: bookingRequest(slotId),
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 201)) expect(r.json.error.code).toBe("BOOKING_LIMIT");
  });
});
