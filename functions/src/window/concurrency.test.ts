import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { addVerifiedResidents } from "../../../test/setup/residents.js";
import { getWindowLedger, listCenterAppointments, listSlotCounters } from "./repo.js";
import { appointmentRequest, at, MONDAY, MONDAY_8AM, setUpWindow } from "./test-helpers.js";

let stack: TestStack;
let centerId: string;
let matterId: string;
const WINDOWS = 3;

beforeAll(async () => {
  stack = await createTestStack();
  stack.clock.set(MONDAY_8AM);
  const staff = await loginAs(stack.app, "demo-staff-1");
  ({ centerId, matterId } = await setUpWindow(stack, staff, { center: { windows: WINDOWS } }));
});
afterAll(() => stack.cleanup());

const book = (token: string, slot: string) =>
  call(stack.app, "POST", "/api/v1/window/appointments", { token, body: appointmentRequest(matterId, slot) });

describe("races at the window", () => {
  it(`200 residents at one slot with ${WINDOWS} windows: exactly ${WINDOWS} booked, the rest SLOT_FULL`, async () => {
    const slot = at(MONDAY, "10:00");
    const residents = await addVerifiedResidents(stack, 200, "wrush");
    const results = await Promise.all(residents.map((resident) => book(resident.token, slot)));
    const booked = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 409);
    expect(booked).toHaveLength(WINDOWS);
    expect(refused).toHaveLength(200 - WINDOWS);
    expect(new Set(refused.map((r) => r.json.error.code))).toEqual(new Set(["SLOT_FULL"]));
    const counters = await listSlotCounters(stack.deps.db, centerId, slot, slot);
    expect(counters.get(slot)).toBe(WINDOWS);
    const stored = await listCenterAppointments(stack.deps.db, centerId, slot, at(MONDAY, "10:15"));
    expect(stored.map((a) => a.id).sort()).toEqual(booked.map((r) => r.json.appointment.id).sort());
    expect(new Set(stored.map((a) => a.ticketCode)).size).toBe(WINDOWS);
  });

  it("one resident sending 20 requests at once: one per matter per day, three upcoming at most", async () => {
    const [resident] = await addVerifiedResidents(stack, 1, "wgreedy");
    const token = resident?.token as string;
    const sameDay = await Promise.all(
      ["13:30", "13:45", "14:00", "14:15", "14:30", "14:45", "15:00", "15:15", "15:30", "15:45"].map((time) =>
        book(token, at(MONDAY, time)),
      ),
    );
    expect(sameDay.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(sameDay.filter((r) => r.status !== 201).map((r) => r.json.error.code))).toEqual(
      new Set(["BOOKING_LIMIT"]),
    );
    const days = ["2026-09-29", "2026-09-30", "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12"];
    const manyDays = await Promise.all(
      days.flatMap((date) => [book(token, at(date, "09:00")), book(token, at(date, "09:15"))]),
    );
    // One was already booked on Monday: two more fit.
    expect(manyDays.filter((r) => r.status === 201)).toHaveLength(2);
    const ledger = await getWindowLedger(stack.deps.db, resident?.id as string);
    expect(Object.keys(ledger.active)).toHaveLength(3);
  });

  it("cancellations racing bookings on a full slot never overbook", async () => {
    const slot = at("2026-09-29", "11:00");
    const holders = await addVerifiedResidents(stack, WINDOWS, "wholder");
    const held = await Promise.all(holders.map((holder) => book(holder.token, slot)));
    expect(held.every((r) => r.status === 201)).toBe(true);
    const challengers = await addVerifiedResidents(stack, 60, "wchallenger");
    const results = await Promise.all([
      ...challengers.map((challenger) => book(challenger.token, slot)),
      ...held.map((r, i) =>
        call(stack.app, "POST", `/api/v1/window/appointments/${r.json.appointment.id}/cancel`, {
          token: holders[i]?.token,
        }),
      ),
    ]);
    const cancels = results.slice(challengers.length);
    expect(cancels.every((r) => r.status === 200)).toBe(true);
    const newlyBooked = results.slice(0, challengers.length).filter((r) => r.status === 201).length;
    expect(newlyBooked).toBeLessThanOrEqual(WINDOWS);
    const live = (
      await listCenterAppointments(stack.deps.db, centerId, slot, at("2026-09-29", "11:15"))
    ).filter((a) => a.status === "booked");
    expect(live).toHaveLength(newlyBooked);
    expect((await listSlotCounters(stack.deps.db, centerId, slot, slot)).get(slot)).toBe(newlyBooked);
  });
});
