/** The rules of legal consultations, without I/O. */
import { AppError, conflict, forbidden, validationFailed } from "../http/errors.js";
import { maskPhone } from "../http/redact.js";
import {
  addDays,
  addMinutes,
  daysBetween,
  isoWeekday,
  minutesOf,
  shanghaiDate,
  shanghaiInstant,
  timeOf,
} from "../time/shanghai.js";
import type {
  Booking,
  BookingView,
  LawyerProfile,
  Ledger,
  LedgerEntry,
  LegalCategory,
  LegalSettings,
  Outcome,
  Roster,
  RosterInput,
  Slot,
  SlotView,
} from "./schemas.js";
import { legalCategorySchema, outcomeSchema } from "./schemas.js";

export const DEFAULT_LOCATION = "社区党群服务中心一楼 法律服务窗口";
/** The "place" of a phone consultation. */
export const PHONE_LOCATION = "电话咨询";
export const MAX_ROSTER_DAYS = 92;
export const MAX_ROSTER_SLOTS = 400;

export function defaultSettings(communityId: string): LegalSettings {
  return {
    communityId,
    cancelCutoffMinutes: 120,
    maxUpcomingBookings: 3,
    waitlistLimit: 20,
    location: DEFAULT_LOCATION,
    noShowLimit: 3,
    noShowWindowDays: 90,
    suspensionDays: 30,
    updatedAt: null,
  };
}

// ——— Rosters ———

/**
 * The slots a roster generates: every chosen weekday in [from, to], back to back from the start
 * time while a whole slot fits before the end time. Refuses what staff could not have meant.
 */
export function planRoster(
  input: RosterInput,
  context: { rosterId: string; communityId: string; lawyer: LawyerProfile; location: string; now: Date },
): { roster: Roster; slots: Slot[] } {
  const issues: { path: string; message: string }[] = [];
  const today = shanghaiDate(context.now);
  const span = daysBetween(input.from, input.to);
  if (span < 0) issues.push({ path: "to", message: "The end date is before the start date" });
  if (span >= MAX_ROSTER_DAYS)
    issues.push({ path: "to", message: `At most ${MAX_ROSTER_DAYS} days per roster` });
  if (input.from < today) issues.push({ path: "from", message: "The start date has passed" });
  const start = minutesOf(input.startTime);
  const end = minutesOf(input.endTime);
  if (end <= start) issues.push({ path: "endTime", message: "The end time is not after the start time" });
  else if (end - start < input.slotMinutes)
    issues.push({ path: "slotMinutes", message: "Not even one slot fits between the start and end times" });
  if (issues.length) throw validationFailed(issues);

  const nowIso = context.now.toISOString();
  const weekdays = [...new Set(input.weekdays)].sort();
  const slots: Slot[] = [];
  for (let date = input.from; date <= input.to; date = addDays(date, 1)) {
    if (!weekdays.includes(isoWeekday(date))) continue;
    for (let minute = start; minute + input.slotMinutes <= end; minute += input.slotMinutes) {
      const startsAt = shanghaiInstant(date, timeOf(minute));
      // A roster made at 10:00 today offers no 09:00 slot today.
      if (startsAt <= nowIso) continue;
      slots.push({
        id: `${context.rosterId}-${date.replace(/-/g, "")}${timeOf(minute).replace(":", "")}`,
        communityId: context.communityId,
        rosterId: context.rosterId,
        lawyerId: context.lawyer.userId,
        lawyerName: context.lawyer.name,
        firm: context.lawyer.firm,
        date,
        startsAt,
        endsAt: addMinutes(startsAt, input.slotMinutes),
        mode: input.mode,
        location: context.location,
        seats: input.seats,
        booked: 0,
        waitlistCount: 0,
        bookings: {},
        status: "open",
        cancelReason: null,
        cancelledAt: null,
        createdAt: nowIso,
      });
    }
  }
  if (slots.length === 0)
    throw validationFailed([{ path: "weekdays", message: "These dates and times give no future slot" }]);
  if (slots.length > MAX_ROSTER_SLOTS)
    throw validationFailed([
      {
        path: "to",
        message: `This roster gives ${slots.length} slots; at most ${MAX_ROSTER_SLOTS} at a time`,
      },
    ]);
  return {
    roster: {
      id: context.rosterId,
      communityId: context.communityId,
      lawyerId: context.lawyer.userId,
      from: input.from,
      to: input.to,
      weekdays,
      startTime: input.startTime,
      endTime: input.endTime,
      slotMinutes: input.slotMinutes,
      mode: input.mode,
      seats: input.seats,
      location: context.location,
      slotCount: slots.length,
      createdBy: "",
      createdAt: nowIso,
    },
    slots,
  };
}

/** The first existing slot of the lawyer that a new one overlaps, if any. */
export function findOverlap(
  planned: Slot[],
  existing: Pick<Slot, "id" | "startsAt" | "endsAt" | "status">[],
) {
  const open = existing.filter((slot) => slot.status === "open");
  for (const slot of planned) {
    const clash = open.find((other) => other.startsAt < slot.endsAt && slot.startsAt < other.endsAt);
    if (clash) return { planned: slot, existing: clash };
  }
  return null;
}

// ——— The ledger: booking limits and no-shows ———

export function emptyLedger(userId: string): Ledger {
  return { userId, version: 0, active: {}, noShows: {} };
}

/** Drops bookings whose day is over and no-shows too old to count. */
export function pruneLedger(ledger: Ledger, now: Date, settings: LegalSettings): Ledger {
  const today = shanghaiDate(now);
  const oldest = new Date(now.getTime() - settings.noShowWindowDays * 86_400_000).toISOString();
  return {
    ...ledger,
    active: Object.fromEntries(Object.entries(ledger.active).filter(([, entry]) => entry.date >= today)),
    noShows: Object.fromEntries(Object.entries(ledger.noShows).filter(([, at]) => at >= oldest)),
  };
}

/**
 * Until when online booking is suspended: `noShowLimit` no-shows within `noShowWindowDays`
 * suspend it for `suspensionDays` from the last of them. Null when not suspended now.
 */
export function suspendedUntil(ledger: Ledger, now: Date, settings: LegalSettings): string | null {
  const times = Object.values(ledger.noShows).sort();
  const windowMs = settings.noShowWindowDays * 86_400_000;
  let until: string | null = null;
  for (let i = settings.noShowLimit - 1; i < times.length; i++) {
    const first = times[i - settings.noShowLimit + 1] as string;
    const last = times[i] as string;
    if (Date.parse(last) - Date.parse(first) <= windowMs) {
      const end = new Date(Date.parse(last) + settings.suspensionDays * 86_400_000).toISOString();
      if (!until || end > until) until = end;
    }
  }
  return until && until > now.toISOString() ? until : null;
}

/**
 * Whether this resident may take a seat in this slot, decided on a version-locked ledger: the
 * transaction that books also requires the ledger to be unchanged, so two requests of the same
 * resident cannot both pass on the same picture.
 */
export function checkMayBook(
  ledger: Ledger,
  slot: Pick<Slot, "id" | "lawyerId" | "date" | "startsAt">,
  now: Date,
  settings: LegalSettings,
  options: { byStaff: boolean },
): void {
  if (!options.byStaff) {
    const until = suspendedUntil(ledger, now, settings);
    if (until) {
      throw new AppError(
        403,
        "BOOKING_SUSPENDED",
        `Online booking is suspended until ${until} after ${settings.noShowLimit} missed consultations; staff can still book for you.`,
      );
    }
  }
  const entries = Object.values(ledger.active);
  if (entries.some((entry) => entry.slotId === slot.id))
    throw conflict("ALREADY_BOOKED", "You have already booked this slot.");
  if (entries.some((entry) => entry.lawyerId === slot.lawyerId && entry.date === slot.date)) {
    throw conflict("BOOKING_LIMIT", "You already have a consultation with this lawyer on that day.");
  }
  const nowIso = now.toISOString();
  const upcoming = entries.filter((entry) => entry.startsAt > nowIso).length;
  if (upcoming >= settings.maxUpcomingBookings) {
    throw conflict(
      "BOOKING_LIMIT",
      `You already have ${upcoming} upcoming consultations, the most one resident may hold.`,
    );
  }
}

// ——— Bookings ———

export interface BookingRequest {
  category: LegalCategory;
  description: string;
  contactPhone?: string | null;
}

/** A confirmed booking of a seat in a slot (the slot's lawyer, time and place copied onto it). */
export function newBooking(
  id: string,
  slot: Slot,
  resident: { id: string; nickname: string },
  request: BookingRequest,
  via: Booking["bookedVia"],
  bookedBy: string,
  now: string,
): Booking {
  return {
    id,
    slotId: slot.id,
    communityId: slot.communityId,
    userId: resident.id,
    residentName: resident.nickname,
    lawyerId: slot.lawyerId,
    lawyerName: slot.lawyerName,
    firm: slot.firm,
    date: slot.date,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    mode: slot.mode,
    location: slot.location,
    category: request.category,
    description: request.description,
    // The minimum: a number is kept only when the lawyer has to call it.
    contactPhone: slot.mode === "phone" ? (request.contactPhone ?? null) : null,
    status: "confirmed",
    cancelReason: null,
    cancelledAt: null,
    bookedVia: via,
    bookedBy,
    attendance: null,
    outcome: null,
    notes: null,
    recordedAt: null,
    createdAt: now,
  };
}

/** What the resident's ledger keeps of a booking. */
export function ledgerEntry(booking: Booking): LedgerEntry {
  return {
    slotId: booking.slotId,
    lawyerId: booking.lawyerId,
    date: booking.date,
    startsAt: booking.startsAt,
  };
}

// ——— Time rules ———

export function cancelDeadline(startsAt: string, settings: LegalSettings): string {
  return addMinutes(startsAt, -settings.cancelCutoffMinutes);
}

export interface Reminder {
  suffix: "r1d" | "r1h";
  kind: "legal.reminder_day_before" | "legal.reminder_hour_before";
  dueAt: string;
}

/** The day-before and hour-before reminders still ahead of now. */
export function reminders(startsAt: string, now: Date): Reminder[] {
  const nowIso = now.toISOString();
  const all: Reminder[] = [
    { suffix: "r1d", kind: "legal.reminder_day_before", dueAt: addMinutes(startsAt, -24 * 60) },
    { suffix: "r1h", kind: "legal.reminder_hour_before", dueAt: addMinutes(startsAt, -60) },
  ];
  return all.filter((reminder) => reminder.dueAt > nowIso);
}

export const reminderId = (bookingId: string, suffix: Reminder["suffix"]) => `${bookingId}-${suffix}`;

/** Where the consultation happens, as told to the resident. */
export function placeOf(booking: Pick<Booking, "mode" | "location" | "contactPhone">): string {
  return booking.mode === "phone"
    ? `电话咨询：律师将致电 ${booking.contactPhone ? maskPhone(booking.contactPhone) : "您的手机"}`
    : booking.location;
}

// ——— Views ———

export type Viewer = "resident" | "lawyer" | "staff";

/** What each side may see: description and notes belong to the resident and the lawyer only. */
export function bookingView(booking: Booking, viewer: Viewer, settings: LegalSettings): BookingView {
  const privateFields = viewer !== "staff";
  return {
    id: booking.id,
    slotId: booking.slotId,
    communityId: booking.communityId,
    residentName: booking.residentName,
    lawyer: { id: booking.lawyerId, name: booking.lawyerName, firm: booking.firm },
    date: booking.date,
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    mode: booking.mode,
    location: booking.location,
    category: booking.category,
    description: privateFields ? booking.description : null,
    contactPhone: booking.contactPhone
      ? privateFields
        ? booking.contactPhone
        : maskPhone(booking.contactPhone)
      : null,
    status: booking.status,
    cancelReason: booking.cancelReason,
    cancelledAt: booking.cancelledAt,
    bookedVia: booking.bookedVia,
    attendance: booking.attendance,
    outcome: booking.outcome,
    notes: privateFields ? booking.notes : null,
    cancelDeadline: cancelDeadline(booking.startsAt, settings),
    createdAt: booking.createdAt,
  };
}

/** A lawyer as residents see them. */
export function lawyerView(profile: Omit<LawyerProfile, "communityId" | "updatedAt">) {
  return {
    id: profile.userId,
    name: profile.name,
    firm: profile.firm,
    specialties: profile.specialties,
    intro: profile.intro,
  };
}

/** A day's slots, each with its bookings (already shaped for the viewer). */
export function slotsWithBookings(slots: Slot[], bookings: BookingView[]) {
  return slots.map((slot) => ({
    slot: slotView(slot),
    bookings: bookings.filter((booking) => booking.slotId === slot.id),
  }));
}

export function slotView(slot: Slot, mine: SlotView["mine"] = null): SlotView {
  return {
    id: slot.id,
    communityId: slot.communityId,
    lawyer: { id: slot.lawyerId, name: slot.lawyerName, firm: slot.firm },
    date: slot.date,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    mode: slot.mode,
    location: slot.location,
    seats: slot.seats,
    booked: slot.booked,
    available: slot.status === "open" ? Math.max(0, slot.seats - slot.booked) : 0,
    waitlisted: slot.waitlistCount,
    status: slot.status,
    cancelReason: slot.cancelReason,
    mine,
  };
}

// ——— Statistics ———

const CATEGORIES = legalCategorySchema.options;
const OUTCOMES = outcomeSchema.options;

/** Counts over the bookings and slots of a period; categories and counts only, never content. */
export function computeStats(
  communityId: string,
  range: { from: string; to: string },
  slots: Slot[],
  bookings: Booking[],
) {
  const live = bookings.filter((booking) => booking.status === "confirmed");
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<LegalCategory, number>;
  const outcomes = Object.fromEntries([...OUTCOMES, "unrecorded"].map((o) => [o, 0])) as Record<
    Outcome | "unrecorded",
    number
  >;
  for (const booking of live) {
    byCategory[booking.category] += 1;
    if (booking.attendance === "attended") outcomes[booking.outcome ?? "unrecorded"] += 1;
    else if (booking.attendance === null) outcomes.unrecorded += 1;
  }
  const attended = live.filter((b) => b.attendance === "attended").length;
  const noShows = live.filter((b) => b.attendance === "no_show").length;

  const lawyers = new Map<
    string,
    {
      lawyerId: string;
      name: string;
      slots: number;
      seats: number;
      booked: number;
      attended: number;
      noShows: number;
    }
  >();
  const row = (lawyerId: string, name: string) => {
    let entry = lawyers.get(lawyerId);
    if (!entry) {
      entry = { lawyerId, name, slots: 0, seats: 0, booked: 0, attended: 0, noShows: 0 };
      lawyers.set(lawyerId, entry);
    }
    return entry;
  };
  for (const slot of slots) {
    if (slot.status !== "open") continue;
    const entry = row(slot.lawyerId, slot.lawyerName);
    entry.slots += 1;
    entry.seats += slot.seats;
  }
  for (const booking of live) {
    const entry = row(booking.lawyerId, booking.lawyerName);
    entry.booked += 1;
    if (booking.attendance === "attended") entry.attended += 1;
    if (booking.attendance === "no_show") entry.noShows += 1;
  }
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
  return {
    communityId,
    from: range.from,
    to: range.to,
    bookings: live.length,
    cancelled: {
      byResident: bookings.filter((b) => b.status === "cancelled").length,
      byCenter: bookings.filter((b) => b.status === "cancelled_by_center").length,
    },
    byCategory,
    outcomes,
    attended,
    noShows,
    noShowRate: ratio(noShows, attended + noShows),
    lawyers: [...lawyers.values()]
      .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"))
      .map((entry) => ({ ...entry, utilisation: ratio(entry.booked, entry.seats) })),
  };
}

/** A resident booking for themselves must be verified in the slot's community. */
export function assertMayBookIn(
  user: { communityId: string | null; householdCount: number },
  communityId: string,
): void {
  if (!user.communityId || user.householdCount < 1 || user.communityId !== communityId) {
    throw forbidden("Only verified residents of this community can book a consultation.", "NOT_VERIFIED");
  }
}
