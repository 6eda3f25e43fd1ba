/**
 * Booking rushes: every bench resident at once at one legal consultation slot with `seats` seats,
 * then at one window slot of a new center with `windows` windows. Exactly the seats are filled,
 * the rest refused with 409, nothing 5xx; the slot's counter equals the bookings stored.
 */
import type { Db } from "../../functions/src/db/client.js";
import { DEMO_COMMUNITY } from "../../functions/src/demo/data.js";
import { getSlot, listCommunityBookings } from "../../functions/src/legal/repo.js";
import { getSlotBooked, listCenterAppointments } from "../../functions/src/window/repo.js";
import type { BenchResident } from "./crowd.js";
import { type ApiClient, burst, type Row, rowOf, Tally } from "./measure.js";

export interface Check {
  check: string;
  pass: boolean;
  detail: string;
}

const is409: (status: number) => boolean = (status) => status === 409;
const shanghaiDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** A consultation slot holds at most 10 seats (legal/schemas.ts). */
const MAX_SEATS_PER_SLOT = 10;

/**
 * `seats` seats in consecutive 30-minute slots of one lawyer (10 at most per slot, so 20 seats are
 * two slots of 10); resident i asks for slot i mod slots, all at once.
 */
export async function legalRush(
  api: ApiClient,
  db: Db,
  staffToken: string,
  residents: BenchResident[],
  seats: number,
): Promise<{ row: Row; checks: Check[] }> {
  const slotCount = Math.ceil(seats / MAX_SEATS_PER_SLOT);
  const perSlot = seats / slotCount;
  if (!Number.isInteger(perSlot))
    throw new Error(`BENCH_SEATS ${seats} does not split into slots of ≤ 10 evenly`);
  // A day past the demo's rosters, evening slots.
  const day = shanghaiDay(Date.now() + 60 * 86_400_000);
  const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const lawyerId = "u-demo-lawyer-3";
  const end = 18 * 60 + 30 * slotCount;
  const { roster } = await api.json<{ roster: { id: string } }>(
    api.post("/legal/rosters", staffToken, {
      lawyerId,
      from: day,
      to: day,
      weekdays: [weekday],
      startTime: "18:00",
      endTime: `${String(Math.floor(end / 60)).padStart(2, "0")}:${String(end % 60).padStart(2, "0")}`,
      slotMinutes: 30,
      mode: "in_person",
      seats: perSlot,
    }),
    "POST /legal/rosters",
  );
  const { slots } = await api.json<{ slots: { id: string }[] }>(
    api.get(`/legal/slots?from=${day}&to=${day}&lawyerId=${lawyerId}`, staffToken),
    "GET /legal/slots",
  );
  const slotIds = slots.filter((slot) => slot.id.startsWith(roster.id)).map((slot) => slot.id);
  if (slotIds.length !== slotCount)
    throw new Error(`the bench roster made ${slotIds.length} slots, not ${slotCount}`);

  const tally = new Tally(is409);
  const answers = await burst(
    tally,
    residents.map(
      (resident, i) => () =>
        api.fresh.post("/legal/bookings", resident.token, {
          slotId: slotIds[i % slotCount],
          category: "labour",
          description: "压测：同一时段的并发预约。",
        }),
    ),
  );
  const won = await Promise.all(
    answers
      .filter((a): a is Response => a !== null)
      .map(async (a) => ((await a.json()) as { booking: { id: string } }).booking.id),
  );
  let counters = 0;
  let onSlots = 0;
  const stored: string[] = [];
  const perSlotBooked: number[] = [];
  for (const slotId of slotIds) {
    const slot = await getSlot(db, slotId, true);
    if (!slot) throw new Error("a bench slot is gone");
    counters += slot.booked;
    perSlotBooked.push(slot.booked);
    onSlots += Object.keys(slot.bookings).length;
    stored.push(
      ...(await listCommunityBookings(db, DEMO_COMMUNITY.id, slot.startsAt, slot.endsAt))
        .filter((booking) => booking.slotId === slotId && booking.status !== "cancelled")
        .map((booking) => booking.id),
    );
  }
  const row = rowOf(
    `rush: legal, ${seats} seats (${slotCount} slot${slotCount > 1 ? "s" : ""} of ${perSlot}), ${residents.length.toLocaleString("en")} residents at once`,
    tally,
  );
  const checks: Check[] = [
    {
      check: "legal rush: seats filled == seats, the rest 409",
      pass:
        tally.ok === seats &&
        perSlotBooked.every((booked) => booked === perSlot) &&
        tally.refused === residents.length - seats &&
        tally.errors === 0,
      detail: `201: ${tally.ok} of ${seats} seats (per slot ${perSlotBooked.join(", ")}); 409: ${tally.refused}; other: ${tally.errors} ${JSON.stringify(tally.codes)}`,
    },
    {
      check: "legal rush: booked counters == bookings stored == bookings answered",
      pass: counters === tally.ok && onSlots === counters && sameSet(stored, won),
      detail: `counters ${counters}, on the slots ${onSlots}, stored ${stored.length}, answered 201 ${won.length}`,
    },
    { check: "legal rush: no 5xx", pass: tally.serverErrors === 0, detail: `${tally.serverErrors} 5xx` },
  ];
  return { row, checks };
}

export async function windowRush(
  api: ApiClient,
  db: Db,
  staffToken: string,
  residents: BenchResident[],
  windows: number,
): Promise<{ row: Row; checks: Check[] }> {
  const hours = [{ open: "09:00", close: "12:00" }];
  const { center } = await api.json<{ center: { id: string } }>(
    api.post("/window/centers", staffToken, {
      name: "压测受理窗口",
      address: "压测",
      windows,
      slotMinutes: 15,
      hours: { "1": hours, "2": hours, "3": hours, "4": hours, "5": hours },
    }),
    "POST /window/centers",
  );
  const { matter } = await api.json<{ matter: { id: string } }>(
    api.post("/matters", staffToken, {
      centerId: center.id,
      name: "压测事项",
      category: "certificates",
      description: "压测用事项。",
      materials: [{ id: "m1", name: "居民身份证", required: true }],
      processingDays: 0,
      proxyAllowed: false,
    }),
    "POST /matters",
  );
  const { days } = await api.json<{ days: { date: string; open: boolean }[] }>(
    api.get(`/window/days?matterId=${matter.id}`, staffToken),
    "GET /window/days",
  );
  const day = days.find((d) => d.open && d.date > shanghaiDay(Date.now()))?.date;
  if (!day) throw new Error("the bench center has no open day in its horizon");
  const { slots } = await api.json<{ slots: { startsAt: string; endsAt: string }[] }>(
    api.get(`/window/slots?matterId=${matter.id}&date=${day}`, staffToken),
    "GET /window/slots",
  );
  const slot = slots[0];
  if (!slot) throw new Error("the bench center has no slot");

  const tally = new Tally(is409);
  const answers = await burst(
    tally,
    residents.map(
      (resident) => () =>
        api.fresh.post("/window/appointments", resident.token, {
          matterId: matter.id,
          slotStartsAt: slot.startsAt,
          confirmedMaterials: ["m1"],
        }),
    ),
  );
  const won = await Promise.all(
    answers
      .filter((a): a is Response => a !== null)
      .map(async (a) => ((await a.json()) as { appointment: { id: string } }).appointment.id),
  );
  const booked = await getSlotBooked(db, center.id, slot.startsAt);
  const stored = (await listCenterAppointments(db, center.id, slot.startsAt, slot.endsAt)).filter(
    (appointment) => appointment.status === "booked",
  );
  const row = rowOf(
    `rush: window slot with ${windows} windows, ${residents.length.toLocaleString("en")} residents at once`,
    tally,
  );
  const checks: Check[] = [
    {
      check: "window rush: seats filled == windows, the rest 409",
      pass: tally.ok === windows && tally.refused === residents.length - windows && tally.errors === 0,
      detail: `201: ${tally.ok} of ${windows} windows; 409: ${tally.refused}; other: ${tally.errors} ${JSON.stringify(tally.codes)}`,
    },
    {
      check: "window rush: booked counter == appointments stored == appointments answered",
      pass:
        booked === tally.ok &&
        sameSet(
          stored.map((a) => a.id),
          won,
        ),
      detail: `counter ${booked}, stored ${stored.length}, answered 201 ${won.length}`,
    },
    { check: "window rush: no 5xx", pass: tally.serverErrors === 0, detail: `${tally.serverErrors} 5xx` },
  ];
  return { row, checks };
}
