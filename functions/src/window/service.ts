/**
 * The rules of the window, without I/O: which days a center opens and which slots they have, the
 * booking limits, the materials checklist, ticket codes, the views and the statistics.
 */
import { randomInt } from "node:crypto";
import { AppError, conflict, forbidden, validationFailed } from "../http/errors.js";
import {
  addDays,
  addMinutes,
  isoWeekday,
  minutesOf,
  shanghaiDate,
  shanghaiInstant,
  timeOf,
} from "../time/shanghai.js";
import { dayKind } from "../time/working-days.js";
import type {
  Appointment,
  Center,
  CenterBody,
  Material,
  MaterialRef,
  Matter,
  MatterBody,
  OpeningPeriod,
  ProxyCase,
  ProxyStatus,
  WindowLedger,
} from "./schemas.js";

// ——— Days and slots ———

export type ClosedBecause = "holiday" | "weekend" | "closure" | "no_hours" | "past" | "beyond_horizon";

export interface CenterDay {
  date: string;
  open: boolean;
  closedBecause: ClosedBecause | null;
  reason: string | null;
  makeUpFor: string | null;
  calendarKnown: boolean;
  periods: OpeningPeriod[];
}

/** The periods of a usual working day: what a make-up working day (调休) on a weekend opens with. */
function workingDayHours(center: Center): OpeningPeriod[] {
  for (const weekday of ["1", "2", "3", "4", "5"]) {
    const periods = center.hours[weekday];
    if (periods?.length) return periods;
  }
  return [];
}

/**
 * Whether the center opens on a date and with which periods: official holidays close it and
 * make-up working days open it with working-day hours (unless the center opted out of the
 * calendar), an ad-hoc closure closes it, a weekday without hours is closed.
 */
export function centerDay(center: Center, date: string, closureReason: string | null): CenterDay {
  const kind = dayKind(date);
  const base = { date, makeUpFor: null, calendarKnown: kind.calendarKnown, periods: [] };
  if (closureReason !== null)
    return { ...base, open: false, closedBecause: "closure", reason: closureReason };
  const weekday = String(isoWeekday(date));
  if (center.followsHolidayCalendar) {
    if (kind.holiday) return { ...base, open: false, closedBecause: "holiday", reason: kind.holiday };
    if (kind.makeUpFor) {
      // A make-up day (调休) is a full working day, whatever the center does on that weekend day.
      const periods = workingDayHours(center);
      if (periods.length)
        return { ...base, open: true, closedBecause: null, reason: null, makeUpFor: kind.makeUpFor, periods };
    }
  }
  const periods = center.hours[weekday] ?? [];
  if (!periods.length) {
    const because = isoWeekday(date) >= 6 ? "weekend" : "no_hours";
    return { ...base, open: false, closedBecause: because, reason: null };
  }
  return { ...base, open: true, closedBecause: null, reason: null, periods };
}

export interface SlotTime {
  startsAt: string;
  endsAt: string;
}

/** The slots of an open day: each period cut into slot lengths that fit entirely. */
export function slotsOf(
  center: Pick<Center, "slotMinutes">,
  day: Pick<CenterDay, "date" | "periods">,
): SlotTime[] {
  const slots: SlotTime[] = [];
  for (const period of day.periods) {
    const close = minutesOf(period.close);
    for (
      let start = minutesOf(period.open);
      start + center.slotMinutes <= close;
      start += center.slotMinutes
    ) {
      const startsAt = shanghaiInstant(day.date, timeOf(start));
      slots.push({ startsAt, endsAt: addMinutes(startsAt, center.slotMinutes) });
    }
  }
  return slots;
}

/** The first and last day a resident may book now (today included). */
export function bookingHorizon(center: Pick<Center, "bookingDays">, now: Date): { from: string; to: string } {
  const from = shanghaiDate(now);
  return { from, to: addDays(from, center.bookingDays - 1) };
}

/**
 * The slot a resident asks for, checked against the rules: an open day within the booking
 * horizon, a real slot start, not already started. Returns its end.
 */
export function assertBookableSlot(
  center: Center,
  startsAt: string,
  closureReason: string | null,
  now: Date,
  options: { byStaff: boolean },
): SlotTime & { date: string } {
  const normalized = new Date(startsAt).toISOString();
  const date = shanghaiDate(normalized);
  const day = centerDay(center, date, closureReason);
  if (!day.open) {
    const why = day.reason ? `: ${day.reason}` : "";
    throw new AppError(409, "CENTER_CLOSED", `The center is closed on ${date}${why}.`, [
      { path: "slotStartsAt", message: day.closedBecause ?? "closed" },
    ]);
  }
  const slot = slotsOf(center, day).find((candidate) => candidate.startsAt === normalized);
  if (!slot)
    throw validationFailed([{ path: "slotStartsAt", message: "Not the start of one of the center's slots" }]);
  if (slot.startsAt <= now.toISOString()) throw conflict("SLOT_STARTED", "This slot has already started.");
  const horizon = bookingHorizon(center, now);
  if (!options.byStaff && date > horizon.to)
    throw conflict("BEYOND_HORIZON", `Appointments can be booked up to ${center.bookingDays} days ahead.`);
  return { ...slot, date };
}

// ——— The checklist ———

/** Required materials the resident did not confirm; unknown ids are a validation error. */
export function unconfirmedMaterials(matter: Matter, confirmed: readonly string[]): Material[] {
  const known = new Set(matter.materials.map((material) => material.id));
  const unknown = confirmed.filter((id) => !known.has(id));
  if (unknown.length)
    throw validationFailed(
      unknown.map((id) => ({ path: "confirmedMaterials", message: `Not a material of this matter: ${id}` })),
    );
  const ticked = new Set(confirmed);
  return matter.materials.filter((material) => material.required && !ticked.has(material.id));
}

export function materialsIncomplete(missing: Material[]): AppError {
  return new AppError(
    400,
    "MATERIALS_INCOMPLETE",
    `Please confirm you have every required material: ${missing.map((m) => m.name).join("、")}.`,
    missing.map((material) => ({ path: `confirmedMaterials.${material.id}`, message: material.name })),
  );
}

export const materialRef = (material: Material): MaterialRef => ({
  id: material.id,
  name: material.name,
  nameEn: material.nameEn,
});

/** The materials staff marked missing, by id, from the checklist the appointment was booked with. */
export function missingRefs(appointment: Appointment, ids: readonly string[]): MaterialRef[] {
  const byId = new Map(appointment.materials.map((material) => [material.id, material]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length)
    throw validationFailed(
      unknown.map((id) => ({ path: "missing", message: `Not a material of this matter: ${id}` })),
    );
  return [...new Set(ids)].map((id) => materialRef(byId.get(id) as Material));
}

// ——— The resident's limits ———

export function emptyWindowLedger(userId: string): WindowLedger {
  return { userId, version: 0, active: {} };
}

/** Appointments over (their slot ended) no longer count. */
export function pruneWindowLedger(ledger: WindowLedger, now: Date): WindowLedger {
  const nowIso = now.toISOString();
  return {
    ...ledger,
    active: Object.fromEntries(Object.entries(ledger.active).filter(([, entry]) => entry.endsAt > nowIso)),
  };
}

/**
 * One appointment per day per matter and at most `maxUpcoming` not yet over. Once a visit is
 * over the resident may book the same matter again the same day (to come back with what was
 * missing).
 */
export function checkMayBookWindow(
  ledger: WindowLedger,
  request: { matterId: string; date: string },
  center: Pick<Center, "maxUpcoming">,
): void {
  const entries = Object.values(ledger.active);
  // One code for both limits (the API names it); `details` says which one, for the app's wording.
  if (entries.some((entry) => entry.matterId === request.matterId && entry.date === request.date)) {
    throw new AppError(409, "BOOKING_LIMIT", "You already have an appointment for this matter on that day.", [
      { path: "limit", message: "same_matter_same_day" },
    ]);
  }
  if (entries.length >= center.maxUpcoming) {
    throw new AppError(
      409,
      "BOOKING_LIMIT",
      `You already have ${entries.length} upcoming appointments, the most one resident may hold.`,
      [{ path: "limit", message: `max_upcoming:${center.maxUpcoming}` }],
    );
  }
}

export function assertMayBookWindow(
  user: { communityId: string | null; householdCount: number },
  communityId: string,
): void {
  if (!user.communityId || user.householdCount < 1 || user.communityId !== communityId) {
    throw forbidden("Only verified residents of this community can book an appointment.", "NOT_VERIFIED");
  }
}

// ——— Ticket codes ———

/** No 0/O, 1/I/L: read aloud and typed from a phone screen without mistakes. */
const TICKET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const TICKET_LENGTH = 8;

export function newTicketCode(random: (max: number) => number = randomInt): string {
  let code = "";
  for (let i = 0; i < TICKET_LENGTH; i++) code += TICKET_ALPHABET[random(TICKET_ALPHABET.length)];
  return code;
}

/** What staff type or scan: spaces and dashes ignored, case-insensitive. */
export function normalizeTicketCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

export const isTicketCode = (code: string) =>
  code.length === TICKET_LENGTH && [...code].every((char) => TICKET_ALPHABET.includes(char));

// ——— Matters and centers ———

/** The stored matter from an edit: existing materials keep their ids, new ones get the next free one. */
export function matterFromBody(
  id: string,
  communityId: string,
  centerId: string,
  body: MatterBody,
  now: string,
  previous: Matter | null,
): Matter {
  const used = new Set(body.materials.flatMap((material) => (material.id ? [material.id] : [])));
  const duplicated = body.materials.filter(
    (material, index) => material.id && body.materials.findIndex((m) => m.id === material.id) !== index,
  );
  if (duplicated.length)
    throw validationFailed([{ path: "materials", message: `Duplicate material id: ${duplicated[0]?.id}` }]);
  let next = 1;
  const freshId = () => {
    while (used.has(`m${next}`)) next++;
    used.add(`m${next}`);
    return `m${next}`;
  };
  return {
    id,
    communityId,
    centerId,
    name: body.name,
    nameEn: body.nameEn ?? null,
    category: body.category,
    description: body.description,
    descriptionEn: body.descriptionEn ?? null,
    materials: body.materials.map((material) => ({
      id: material.id ?? freshId(),
      name: material.name,
      nameEn: material.nameEn ?? null,
      note: material.note ?? null,
      noteEn: material.noteEn ?? null,
      required: material.required,
    })),
    processingDays: body.processingDays,
    proxyAllowed: body.proxyAllowed,
    fee: body.fee,
    feeNote: body.feeNote ?? null,
    status: body.status,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
  };
}

/** Residents search by words of the name, description or materials, in either language. */
export function matchesQuery(matter: Matter, q: string | undefined): boolean {
  if (!q) return true;
  const haystack = [
    matter.name,
    matter.nameEn,
    matter.description,
    matter.descriptionEn,
    ...matter.materials.map((m) => m.name),
  ]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

const CATEGORY_ORDER = [
  "civil_affairs",
  "social_security",
  "medical_insurance",
  "employment",
  "family_births",
  "elderly_disability",
  "certificates",
];

export function sortMatters(matters: Matter[]): Matter[] {
  return [...matters].sort(
    (a, b) =>
      CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
      a.name.localeCompare(b.name, "zh-CN"),
  );
}

export function centerFromBody(id: string, communityId: string, body: CenterBody, now: string): Center {
  const hours: Record<string, OpeningPeriod[]> = {};
  for (const [weekday, periods] of Object.entries(body.hours)) {
    const sorted = [...(periods ?? [])].sort((a, b) => a.open.localeCompare(b.open));
    sorted.forEach((period, index) => {
      if (period.close <= period.open)
        throw validationFailed([{ path: `hours.${weekday}.${index}`, message: "Closes before it opens" }]);
      const previous = sorted[index - 1];
      if (previous && period.open < previous.close)
        throw validationFailed([
          { path: `hours.${weekday}.${index}`, message: "Overlaps the period before" },
        ]);
      if (minutesOf(period.close) - minutesOf(period.open) < body.slotMinutes)
        throw validationFailed([{ path: `hours.${weekday}.${index}`, message: "Shorter than one slot" }]);
    });
    if (sorted.length) hours[weekday] = sorted;
  }
  return {
    id,
    communityId,
    name: body.name,
    nameEn: body.nameEn ?? null,
    address: body.address,
    phone: body.phone ?? null,
    windows: body.windows,
    slotMinutes: body.slotMinutes,
    hours,
    followsHolidayCalendar: body.followsHolidayCalendar,
    cancelCutoffMinutes: body.cancelCutoffMinutes,
    maxUpcoming: body.maxUpcoming,
    bookingDays: body.bookingDays,
    updatedAt: now,
  };
}

// ——— Views ———

export function cancelDeadline(
  appointment: Pick<Appointment, "startsAt">,
  center: Pick<Center, "cancelCutoffMinutes">,
) {
  return addMinutes(appointment.startsAt, -center.cancelCutoffMinutes);
}

export function appointmentView(
  appointment: Appointment,
  center: Pick<Center, "cancelCutoffMinutes"> | null,
  now: Date,
) {
  const deadline = center ? cancelDeadline(appointment, center) : null;
  const { bookedBy: _by, handledBy: _handled, ...rest } = appointment;
  return {
    ...rest,
    cancellableUntil:
      appointment.status === "booked" && deadline && deadline > now.toISOString() ? deadline : null,
    proxyCaseId: appointment.proxyCaseId ?? null,
  };
}

export function proxyView(proxy: ProxyCase) {
  const { receivedBy: _by, history, ...rest } = proxy;
  return { ...rest, history: history.map(({ status, at, note }) => ({ status, at, note })) };
}

const NEXT_PROXY: Record<ProxyStatus, ProxyStatus[]> = {
  received: ["in_progress", "done", "returned"],
  in_progress: ["done", "returned"],
  done: [],
  returned: [],
};

export function assertProxyTransition(from: ProxyStatus, to: ProxyStatus): void {
  if (!NEXT_PROXY[from].includes(to))
    throw conflict("PROXY_STATUS", `A case that is ${from} cannot become ${to}.`);
}

// ——— Statistics ———

const HELD = new Set(["checked_in", "done", "materials_missing", "no_show"]);

export function computeWindowStats(appointments: Appointment[], from: string, to: string, centerId: string) {
  const live = appointments.filter((a) => a.status !== "cancelled" && a.status !== "cancelled_by_center");
  const byMatter = new Map<string, { matterId: string; matterName: string; appointments: number }>();
  const byDay = new Map<string, number>();
  for (const appointment of live) {
    const entry = byMatter.get(appointment.matterId) ?? {
      matterId: appointment.matterId,
      matterName: appointment.matterName,
      appointments: 0,
    };
    entry.appointments++;
    byMatter.set(appointment.matterId, entry);
    byDay.set(appointment.date, (byDay.get(appointment.date) ?? 0) + 1);
  }
  const held = live.filter((a) => HELD.has(a.status));
  const noShows = held.filter((a) => a.status === "no_show").length;
  const completed = live.filter((a) => a.status === "done");
  const firstVisit = completed.filter((a) => a.firstVisit).length;
  const waits = live
    .filter((a) => a.checkedInAt && a.completedAt)
    .map((a) => (Date.parse(a.completedAt as string) - Date.parse(a.checkedInAt as string)) / 60_000);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    from,
    to,
    centerId,
    appointments: live.length,
    cancelled: appointments.length - live.length,
    byMatter: [...byMatter.values()].sort((a, b) => b.appointments - a.appointments),
    byDay: [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, n]) => ({ date, appointments: n })),
    noShows,
    noShowRate: held.length ? round(noShows / held.length) : null,
    completed: completed.length,
    firstVisitCompletions: firstVisit,
    firstVisitRate: completed.length ? round(firstVisit / completed.length) : null,
    materialsMissing: live.filter((a) => a.status === "materials_missing").length,
    averageWaitMinutes: waits.length
      ? Math.round((waits.reduce((a, b) => a + b, 0) / waits.length) * 10) / 10
      : null,
  };
}
