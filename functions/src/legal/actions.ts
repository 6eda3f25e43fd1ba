/**
 * The writes of legal consultations. Every rule that must hold under concurrency is a condition
 * in the transaction that does the write: seats on the slot item, the per-resident limits on the
 * version of the resident's ledger, the queue on the slot's waitlist count. A condition that fails
 * because someone else moved first makes us read again and decide again; a rule that fails is a
 * clear error and nothing is written.
 */
import { type AuditEntry, auditPut, buildAudit } from "../audit/repo.js";
import { cancelledConditionIndexes } from "../db/errors.js";
import { keys } from "../db/keys.js";
import { Retry, withRetries } from "../db/retry.js";
import type { AppDeps } from "../deps.js";
import { AppError, conflict, notFound } from "../http/errors.js";
import { type MessageParams, notify, withdrawNotification } from "../messages/notify.js";
import { DELETED_USER_ID, type UserProfile } from "../users/schemas.js";
import {
  bookingItem,
  getBooking,
  getLedger,
  getSettings,
  getSlot,
  ledgerCheck,
  ledgerPut,
  listWaitlist,
  type TransactItem,
  transact,
  waitlistItem,
} from "./repo.js";
import type { Attendance, Booking, Ledger, LegalSettings, Outcome, Slot, WaitlistEntry } from "./schemas.js";
import {
  type BookingRequest,
  cancelDeadline,
  checkMayBook,
  ledgerEntry,
  newBooking,
  placeOf,
  pruneLedger,
  reminderId,
  reminders,
} from "./service.js";

/** Why a slot refused a seat, read after the refusal; null when it was only a race. */
function slotRefusal(slot: Slot | null, now: string): AppError | null {
  if (!slot) return notFound("This slot does not exist.", "SLOT_NOT_FOUND");
  if (slot.status !== "open")
    return conflict("SLOT_CANCELLED", `This slot was cancelled: ${slot.cancelReason ?? ""}`);
  if (slot.startsAt <= now) return conflict("SLOT_STARTED", "This consultation has already started.");
  if (slot.booked >= slot.seats)
    return conflict("SLOT_FULL", "This slot is fully booked; you can join its waitlist.");
  return null;
}

export const bookingLink = (bookingId: string) => `/pages/legal/booking/index?id=${bookingId}`;

function messageParams(booking: Booking, extra: MessageParams = {}): MessageParams {
  return {
    bookingId: booking.id,
    slotId: booking.slotId,
    lawyerName: booking.lawyerName,
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    mode: booking.mode,
    place: placeOf(booking),
    category: booking.category,
    ...extra,
  };
}

/** The confirmation (or promotion notice) and the reminders of a new booking. */
function bookingNotifications(deps: AppDeps, booking: Booking, kind: string, now: Date): TransactItem[] {
  const nowIso = now.toISOString();
  return [
    ...notify(
      deps.db,
      {
        id: `${booking.id}-new`,
        userId: booking.userId,
        kind,
        params: messageParams(booking),
        link: bookingLink(booking.id),
      },
      nowIso,
    ),
    ...reminders(booking.startsAt, now).flatMap((reminder) =>
      notify(
        deps.db,
        {
          id: reminderId(booking.id, reminder.suffix),
          userId: booking.userId,
          kind: reminder.kind,
          params: messageParams(booking),
          link: bookingLink(booking.id),
          dueAt: reminder.dueAt,
        },
        nowIso,
      ),
    ),
  ];
}

function withdrawReminders(deps: AppDeps, bookingId: string): TransactItem[] {
  return (["r1d", "r1h"] as const).map((suffix) =>
    withdrawNotification(deps.db, reminderId(bookingId, suffix)),
  );
}

function withEntry(ledger: Ledger, booking: Booking): Omit<Ledger, "version"> {
  return {
    userId: ledger.userId,
    noShows: ledger.noShows,
    active: {
      ...ledger.active,
      [booking.id]: ledgerEntry(booking),
    },
  };
}

function withoutEntry(ledger: Ledger, bookingId: string): Omit<Ledger, "version"> {
  const { [bookingId]: _gone, ...active } = ledger.active;
  return { userId: ledger.userId, noShows: ledger.noShows, active };
}

/** Booking ids start with the day they were made, for people reading logs. */
const newBookingId = (deps: AppDeps, now: string) => `${now.slice(0, 10).replace(/-/g, "")}-${deps.newId()}`;

// ——— Booking ———

export interface BookInput extends BookingRequest {
  /** Read consistently by the caller just before; a retry reads it again. */
  slot: Slot;
  resident: UserProfile;
  actor: UserProfile;
  via: "self" | "staff";
  audit?: (booking: Booking) => AuditEntry;
  /** Writes to commit with the booking, given its result (the idempotency record). */
  alsoWrite?: (booking: Booking, settings: LegalSettings) => TransactItem[];
}

export async function book(
  deps: AppDeps,
  input: BookInput,
): Promise<{ booking: Booking; settings: LegalSettings }> {
  const settings = await getSettings(deps.db, input.slot.communityId);
  // The caller has just read the slot consistently: only a retry needs to read it again.
  let known: Slot | null = input.slot;
  return withRetries(async () => {
    const now = deps.clock.now();
    const nowIso = now.toISOString();
    const slot = known ?? (await getSlot(deps.db, input.slot.id, true));
    known = null;
    const refusal = slotRefusal(slot, nowIso);
    if (!slot || (refusal && refusal.code !== "SLOT_FULL")) throw refusal;
    const ledger = pruneLedger(await getLedger(deps.db, input.resident.id), now, settings);
    // "You already booked this" tells more than "it is full".
    checkMayBook(ledger, slot, now, settings, { byStaff: input.via === "staff" });
    if (refusal) throw refusal;
    const booking = newBooking(
      newBookingId(deps, nowIso),
      slot,
      input.resident,
      input,
      input.via,
      input.actor.id,
      nowIso,
    );
    const items: TransactItem[] = [
      {
        Update: {
          TableName: deps.db.tableName,
          Key: keys.slot(slot.id),
          UpdateExpression: "SET booked = booked + :one, bookings.#booking = :user",
          ConditionExpression: "#status = :open AND booked < seats AND startsAt > :now",
          ExpressionAttributeNames: { "#status": "status", "#booking": booking.id },
          ExpressionAttributeValues: { ":one": 1, ":open": "open", ":now": nowIso, ":user": booking.userId },
        },
      },
      {
        Put: {
          TableName: deps.db.tableName,
          Item: bookingItem(booking),
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      ledgerPut(deps.db, ledger, withEntry(ledger, booking)),
      ...bookingNotifications(deps, booking, "legal.booking_confirmed", now),
      ...(input.audit ? [auditPut(deps.db, input.audit(booking))] : []),
      ...(input.alsoWrite?.(booking, settings) ?? []),
    ];
    try {
      await transact(deps.db, items);
    } catch (error) {
      const failed = cancelledConditionIndexes(error);
      if (failed?.includes(0)) {
        const refusal = slotRefusal(await getSlot(deps.db, slot.id, true), deps.clock.now().toISOString());
        if (refusal) throw refusal;
        throw new Retry();
      }
      if (failed?.includes(2)) throw new Retry();
      throw error;
    }
    return { booking, settings };
  });
}

// ——— Cancelling ———

interface Promotion {
  entry: WaitlistEntry;
  ledger: Ledger;
  booking: Booking;
}

/**
 * A resident cancels before the cut-off. The seat goes, in the same transaction, to the first
 * person on the waitlist who may still take it; those ahead of them who may not (they reached
 * their limit, were suspended, booked the same lawyer that day) leave the queue and are told.
 */
export async function cancelByResident(
  deps: AppDeps,
  user: UserProfile,
  bookingId: string,
  /** Account deletion cancels up to the start: the person is gone, the seat is better given on. */
  options: { ignoreCutoff?: boolean } = {},
): Promise<{ booking: Booking; settings: LegalSettings; promoted: string | null }> {
  return withRetries(async () => {
    const now = deps.clock.now();
    const nowIso = now.toISOString();
    const booking = await getBooking(deps.db, bookingId, true);
    if (!booking || booking.userId !== user.id) throw notFound("No such booking.", "BOOKING_NOT_FOUND");
    if (booking.status !== "confirmed")
      throw conflict("ALREADY_CANCELLED", "This booking is already cancelled.");
    const settings = await getSettings(deps.db, booking.communityId);
    const cutoffMinutes = options.ignoreCutoff ? 0 : settings.cancelCutoffMinutes;
    const deadline = options.ignoreCutoff ? booking.startsAt : cancelDeadline(booking.startsAt, settings);
    if (nowIso >= deadline) {
      throw conflict(
        "CANCEL_CUTOFF_PASSED",
        `Bookings can be cancelled until ${settings.cancelCutoffMinutes} minutes before the start; please call the community instead.`,
      );
    }
    const slot = (await getSlot(deps.db, booking.slotId, true)) as Slot;
    const ledger = pruneLedger(await getLedger(deps.db, user.id), now, settings);

    const skipped: WaitlistEntry[] = [];
    let promotion: Promotion | null = null;
    const queue =
      slot.status === "open" && slot.waitlistCount > 0 ? await listWaitlist(deps.db, slot.id) : [];
    for (const entry of queue.slice(0, 10)) {
      const theirs = pruneLedger(await getLedger(deps.db, entry.userId), now, settings);
      try {
        if (entry.userId === user.id) throw conflict("ALREADY_BOOKED", "Already booked");
        checkMayBook(theirs, slot, now, settings, { byStaff: false });
        const promoted = newBooking(
          newBookingId(deps, nowIso),
          slot,
          { id: entry.userId, nickname: entry.residentName },
          entry,
          "waitlist",
          entry.userId,
          nowIso,
        );
        promotion = { entry, ledger: theirs, booking: promoted };
        break;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        skipped.push(entry);
      }
    }

    const cancelled: Booking = { ...booking, status: "cancelled", cancelledAt: nowIso, cancelReason: null };
    const leaving = skipped.length + (promotion ? 1 : 0);
    const items: TransactItem[] = [
      {
        Update: {
          TableName: deps.db.tableName,
          Key: keys.booking(booking.id),
          UpdateExpression: "SET #status = :cancelled, cancelledAt = :now",
          // The cut-off holds in the database too: startsAt must still be after now + cut-off.
          ConditionExpression: "#status = :confirmed AND startsAt > :limit",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":cancelled": "cancelled",
            ":confirmed": "confirmed",
            ":now": nowIso,
            ":limit": new Date(now.getTime() + cutoffMinutes * 60_000).toISOString(),
          },
        },
      },
      ledgerPut(deps.db, ledger, withoutEntry(ledger, booking.id)),
      {
        Update: {
          TableName: deps.db.tableName,
          Key: keys.slot(slot.id),
          UpdateExpression: promotion
            ? "SET waitlistCount = waitlistCount - :leaving, bookings.#promoted = :promotedUser REMOVE bookings.#old"
            : "SET booked = booked - :one, waitlistCount = waitlistCount - :leaving REMOVE bookings.#old",
          // The queue we read must be the queue that is there: a join or leave since means read again.
          ConditionExpression: "waitlistCount = :queued AND booked = :booked",
          ExpressionAttributeNames: {
            "#old": booking.id,
            ...(promotion ? { "#promoted": promotion.booking.id } : {}),
          },
          ExpressionAttributeValues: {
            ":leaving": leaving,
            ":queued": slot.waitlistCount,
            ":booked": slot.booked,
            ...(promotion ? { ":promotedUser": promotion.entry.userId } : { ":one": 1 }),
          },
        },
      },
      ...withdrawReminders(deps, booking.id),
    ];
    if (promotion) {
      items.push(
        {
          Put: {
            TableName: deps.db.tableName,
            Item: bookingItem(promotion.booking),
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        {
          Delete: {
            TableName: deps.db.tableName,
            Key: keys.waitlistEntry(slot.id, promotion.entry.userId),
            ConditionExpression: "attribute_exists(PK)",
          },
        },
        ledgerPut(deps.db, promotion.ledger, withEntry(promotion.ledger, promotion.booking)),
        ...bookingNotifications(deps, promotion.booking, "legal.promoted", now),
      );
    }
    for (const entry of skipped) items.push(...closeWaitlistEntry(deps, slot, entry, "not_eligible", nowIso));

    try {
      await transact(deps.db, items);
    } catch (error) {
      const failed = cancelledConditionIndexes(error);
      if (failed?.length) {
        if (failed.includes(0)) {
          const now2 = deps.clock.now().toISOString();
          const fresh = await getBooking(deps.db, booking.id, true);
          if (fresh?.status !== "confirmed")
            throw conflict("ALREADY_CANCELLED", "This booking is already cancelled.");
          if (now2 >= deadline)
            throw conflict("CANCEL_CUTOFF_PASSED", "The cancellation cut-off has passed.");
        }
        throw new Retry();
      }
      throw error;
    }
    return { booking: cancelled, settings, promoted: promotion?.booking.id ?? null };
  });
}

/** Removes someone from a slot's queue and tells them why (the slot count is adjusted by the caller). */
function closeWaitlistEntry(
  deps: AppDeps,
  slot: Slot,
  entry: WaitlistEntry,
  reason: "not_eligible" | "slot_cancelled",
  nowIso: string,
): TransactItem[] {
  return [
    {
      Delete: {
        TableName: deps.db.tableName,
        Key: keys.waitlistEntry(slot.id, entry.userId),
        ConditionExpression: "attribute_exists(PK)",
      },
    },
    ...notify(
      deps.db,
      {
        id: `${slot.id}-${entry.userId}-wl`,
        userId: entry.userId,
        kind: "legal.waitlist_closed",
        params: {
          slotId: slot.id,
          lawyerName: slot.lawyerName,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          mode: slot.mode,
          reason: reason === "slot_cancelled" ? (slot.cancelReason ?? reason) : reason,
        },
        link: "/pages/legal/slots/index",
      },
      nowIso,
    ),
  ];
}

/**
 * Staff cancel a slot (a lawyer is ill): the slot closes first, so nobody books it meanwhile; then
 * every booking on it is cancelled by the center with the reason, and the queue is closed, each
 * person told. Running it again finishes what a crash left half done.
 */
export async function cancelSlot(
  deps: AppDeps,
  staff: UserProfile,
  slotId: string,
  reason: string,
  /** Set when the slot goes because the whole day is cancelled. */
  wholeDay?: string,
): Promise<{ slot: Slot; cancelledBookings: number; waitlistClosed: number }> {
  const nowIso = deps.clock.now().toISOString();
  let slot = await getSlot(deps.db, slotId, true);
  if (!slot) throw notFound("This slot does not exist.", "SLOT_NOT_FOUND");
  if (slot.status === "open") {
    if (slot.endsAt <= nowIso) throw conflict("SLOT_ENDED", "This consultation is already over.");
    try {
      await transact(deps.db, [
        {
          Update: {
            TableName: deps.db.tableName,
            Key: keys.slot(slotId),
            UpdateExpression: "SET #status = :cancelled, cancelReason = :reason, cancelledAt = :now",
            ConditionExpression: "#status = :open",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":cancelled": "cancelled",
              ":open": "open",
              ":reason": reason,
              ":now": nowIso,
            },
          },
        },
        auditPut(
          deps.db,
          buildAudit(deps.newId(), nowIso, {
            communityId: slot.communityId,
            actor: staff,
            action: "legal.slot.cancel",
            target: slot.id,
            details: {
              lawyer: slot.lawyerName,
              startsAt: slot.startsAt,
              booked: slot.booked,
              reason,
              ...(wholeDay ? { wholeDay } : {}),
            },
          }),
        ),
      ]);
    } catch (error) {
      // Cancelled by someone else a moment ago: carry on and finish the job.
      if (!cancelledConditionIndexes(error)?.includes(0)) throw error;
    }
    slot = (await getSlot(deps.db, slotId, true)) as Slot;
  }

  let cancelledBookings = 0;
  for (const bookingId of Object.keys(slot.bookings ?? {})) {
    if (await cancelByCenter(deps, bookingId, slot.cancelReason ?? reason)) cancelledBookings += 1;
  }
  let waitlistClosed = 0;
  for (const entry of await listWaitlist(deps.db, slotId)) {
    try {
      await transact(deps.db, [
        ...closeWaitlistEntry(deps, slot, entry, "slot_cancelled", deps.clock.now().toISOString()),
        {
          Update: {
            TableName: deps.db.tableName,
            Key: keys.slot(slotId),
            UpdateExpression: "SET waitlistCount = waitlistCount - :one",
            ExpressionAttributeValues: { ":one": 1 },
          },
        },
      ]);
      waitlistClosed += 1;
    } catch (error) {
      if (!cancelledConditionIndexes(error)?.includes(0)) throw error;
    }
  }
  return { slot: (await getSlot(deps.db, slotId, true)) as Slot, cancelledBookings, waitlistClosed };
}

/** One booking of a cancelled slot: cancelled by the center, the resident told. False if it already was. */
async function cancelByCenter(deps: AppDeps, bookingId: string, reason: string): Promise<boolean> {
  return withRetries(async () => {
    const now = deps.clock.now();
    const nowIso = now.toISOString();
    const booking = await getBooking(deps.db, bookingId, true);
    if (booking?.status !== "confirmed") return false;
    const settings = await getSettings(deps.db, booking.communityId);
    const ledger = pruneLedger(await getLedger(deps.db, booking.userId), now, settings);
    const cancelled: Booking = {
      ...booking,
      status: "cancelled_by_center",
      cancelReason: reason,
      cancelledAt: nowIso,
    };
    try {
      await transact(deps.db, [
        {
          Update: {
            TableName: deps.db.tableName,
            Key: keys.booking(bookingId),
            UpdateExpression: "SET #status = :status, cancelReason = :reason, cancelledAt = :now",
            ConditionExpression: "#status = :confirmed",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":status": "cancelled_by_center",
              ":reason": reason,
              ":now": nowIso,
              ":confirmed": "confirmed",
            },
          },
        },
        ledgerPut(deps.db, ledger, withoutEntry(ledger, bookingId)),
        {
          Update: {
            TableName: deps.db.tableName,
            Key: keys.slot(booking.slotId),
            UpdateExpression: "SET booked = booked - :one REMOVE bookings.#booking",
            ExpressionAttributeNames: { "#booking": bookingId },
            ExpressionAttributeValues: { ":one": 1 },
          },
        },
        ...withdrawReminders(deps, bookingId),
        ...notify(
          deps.db,
          {
            id: `${bookingId}-cxl`,
            userId: booking.userId,
            kind: "legal.cancelled_by_center",
            params: messageParams(cancelled, { reason }),
            link: bookingLink(bookingId),
          },
          nowIso,
        ),
      ]);
    } catch (error) {
      const failed = cancelledConditionIndexes(error);
      if (failed?.includes(0)) return false;
      if (failed?.length) throw new Retry();
      throw error;
    }
    return true;
  });
}

// ——— Waitlist ———

export async function joinWaitlist(
  deps: AppDeps,
  user: UserProfile,
  slot: Slot,
  request: BookingRequest,
): Promise<{ entry: WaitlistEntry; position: number }> {
  const settings = await getSettings(deps.db, slot.communityId);
  // As in book(): the caller's consistent read serves the first attempt.
  let known: Slot | null = slot;
  const entry = await withRetries(async () => {
    const now = deps.clock.now();
    const nowIso = now.toISOString();
    const fresh = known ?? (await getSlot(deps.db, slot.id, true));
    known = null;
    if (!fresh) throw notFound("This slot does not exist.", "SLOT_NOT_FOUND");
    const ledger = pruneLedger(await getLedger(deps.db, user.id), now, settings);
    checkMayBook(ledger, fresh, now, settings, { byStaff: false });
    const entry: WaitlistEntry = {
      slotId: fresh.id,
      userId: user.id,
      residentName: user.nickname,
      communityId: fresh.communityId,
      startsAt: fresh.startsAt,
      category: request.category,
      description: request.description,
      contactPhone: fresh.mode === "phone" ? (request.contactPhone ?? null) : null,
      joinedAt: nowIso,
    };
    try {
      await transact(deps.db, [
        {
          Put: {
            TableName: deps.db.tableName,
            Item: waitlistItem(entry),
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        {
          Update: {
            TableName: deps.db.tableName,
            Key: keys.slot(fresh.id),
            UpdateExpression: "SET waitlistCount = waitlistCount + :one",
            ConditionExpression:
              "#status = :open AND booked >= seats AND startsAt > :now AND waitlistCount < :limit",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":one": 1,
              ":open": "open",
              ":now": nowIso,
              ":limit": settings.waitlistLimit,
            },
          },
        },
        ledgerCheck(deps.db, ledger),
      ]);
    } catch (error) {
      const failed = cancelledConditionIndexes(error);
      if (failed?.includes(0))
        throw conflict("ALREADY_WAITLISTED", "You are already on this slot's waitlist.");
      if (failed?.includes(1)) {
        const latest = await getSlot(deps.db, fresh.id, true);
        if (!latest) throw notFound("This slot does not exist.", "SLOT_NOT_FOUND");
        if (latest.status !== "open") throw conflict("SLOT_CANCELLED", "This slot was cancelled.");
        if (latest.startsAt <= deps.clock.now().toISOString())
          throw conflict("SLOT_STARTED", "This consultation has already started.");
        if (latest.booked < latest.seats)
          throw conflict("SLOT_AVAILABLE", "A seat is free: book it instead.");
        if (latest.waitlistCount >= settings.waitlistLimit)
          throw conflict("WAITLIST_FULL", "The waitlist is full.");
        throw new Retry();
      }
      if (failed?.includes(2)) throw new Retry();
      throw error;
    }
    return entry;
  });
  const queue = await listWaitlist(deps.db, slot.id);
  return { entry, position: queue.findIndex((e) => e.userId === user.id) + 1 };
}

export async function leaveWaitlist(deps: AppDeps, user: UserProfile, slotId: string): Promise<void> {
  try {
    await transact(deps.db, [
      {
        Delete: {
          TableName: deps.db.tableName,
          Key: keys.waitlistEntry(slotId, user.id),
          ConditionExpression: "attribute_exists(PK)",
        },
      },
      {
        Update: {
          TableName: deps.db.tableName,
          Key: keys.slot(slotId),
          UpdateExpression: "SET waitlistCount = waitlistCount - :one",
          ExpressionAttributeValues: { ":one": 1 },
        },
      },
    ]);
  } catch (error) {
    if (cancelledConditionIndexes(error)?.includes(0))
      throw notFound("You are not on this slot's waitlist.", "NOT_WAITLISTED");
    throw error;
  }
}

// ——— Outcomes ———

/**
 * The lawyer records attendance and outcome. A no-show goes into the resident's ledger (three in
 * 90 days suspend online booking); correcting it to attended takes it out again.
 */
export async function recordOutcome(
  deps: AppDeps,
  lawyer: UserProfile,
  bookingId: string,
  input: { attendance: Attendance; outcome?: Outcome; notes?: string },
): Promise<{ booking: Booking; settings: LegalSettings }> {
  return withRetries(async () => {
    const now = deps.clock.now();
    const nowIso = now.toISOString();
    const booking = await getBooking(deps.db, bookingId, true);
    if (!booking) throw notFound("No such booking.", "BOOKING_NOT_FOUND");
    if (booking.lawyerId !== lawyer.id)
      throw new AppError(
        403,
        "NOT_YOUR_BOOKING",
        "Only the lawyer of this consultation can record its outcome.",
      );
    if (booking.status !== "confirmed") throw conflict("BOOKING_CANCELLED", "This booking was cancelled.");
    if (booking.startsAt > nowIso) throw conflict("NOT_STARTED", "The consultation has not started yet.");
    const settings = await getSettings(deps.db, booking.communityId);
    const ledger = await getLedger(deps.db, booking.userId);
    const { [bookingId]: _previous, ...otherNoShows } = ledger.noShows;
    const noShows =
      input.attendance === "no_show" ? { ...otherNoShows, [bookingId]: booking.startsAt } : otherNoShows;
    const recorded: Booking = {
      ...booking,
      attendance: input.attendance,
      outcome: input.attendance === "attended" ? (input.outcome ?? null) : null,
      notes: input.notes ?? booking.notes,
      recordedAt: nowIso,
    };
    const pruned = pruneLedger({ ...ledger, noShows }, now, settings);
    try {
      await transact(deps.db, [
        {
          Update: {
            TableName: deps.db.tableName,
            Key: keys.booking(bookingId),
            UpdateExpression:
              "SET attendance = :attendance, outcome = :outcome, notes = :notes, recordedAt = :now",
            ConditionExpression: "#status = :confirmed",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":attendance": recorded.attendance,
              ":outcome": recorded.outcome,
              ":notes": recorded.notes,
              ":now": nowIso,
              ":confirmed": "confirmed",
            },
          },
        },
        // A deleted account has no ledger any more: its no-shows count against nobody.
        ...(booking.userId === DELETED_USER_ID
          ? []
          : [
              ledgerPut(deps.db, ledger, {
                userId: ledger.userId,
                active: pruned.active,
                noShows: pruned.noShows,
              }),
            ]),
      ]);
    } catch (error) {
      const failed = cancelledConditionIndexes(error);
      if (failed?.includes(0)) throw conflict("BOOKING_CANCELLED", "This booking was cancelled.");
      if (failed?.length) throw new Retry();
      throw error;
    }
    return { booking: recorded, settings };
  });
}
