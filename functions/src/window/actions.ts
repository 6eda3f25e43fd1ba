/**
 * The writes of the window. Every rule that must hold under concurrency is a condition in the
 * transaction that writes: the seats on the slot's counter, the resident's limits on the version
 * of their ledger, closed days on the absence of a closure, each status change on the status it
 * comes from. A lost race reads again and decides again; a broken rule is a clear error.
 */
import { type AuditEntry, auditPut, buildAudit } from "../audit/repo.js";
import type { Db } from "../db/client.js";
import { cancelledConditionIndexes } from "../db/errors.js";
import { type TransactItem, transact } from "../db/items.js";
import { keys } from "../db/keys.js";
import { Retry, withRetries } from "../db/retry.js";
import type { AppDeps } from "../deps.js";
import { AppError, conflict, notFound, validationFailed } from "../http/errors.js";
import { type MessageParams, notify, withdrawNotification } from "../messages/notify.js";
import { addMinutes, shanghaiDate } from "../time/shanghai.js";
import { addWorkingDays } from "../time/working-days.js";
import type { UserProfile } from "../users/schemas.js";
import {
  appointmentItem,
  closureItem,
  getAppointment,
  getCenter,
  getClosure,
  getMatterVisit,
  getProxyCase,
  getSlotBooked,
  getWindowLedger,
  listDayAppointments,
  listNoShowsDue,
  matterVisitItem,
  noShowDueItem,
  proxyItem,
  ticketItem,
  windowLedgerPut,
} from "./repo.js";
import type {
  Appointment,
  Center,
  Closure,
  Matter,
  ProxyCase,
  ProxyStatus,
  WindowLedger,
} from "./schemas.js";
import {
  assertProxyTransition,
  cancelDeadline,
  checkMayBookWindow,
  missingRefs,
  newTicketCode,
  pruneWindowLedger,
  type SlotTime,
} from "./service.js";

export const appointmentLink = (id: string) => `/pages/window/appointment/index?id=${id}`;
export const proxyLink = (id: string) => `/pages/window/mine/index?proxy=${id}`;
const reminderId = (appointmentId: string) => `${appointmentId}-r1d`;

function params(appointment: Appointment, extra: MessageParams = {}): MessageParams {
  return {
    appointmentId: appointment.id,
    matterName: appointment.matterName,
    ...(appointment.matterNameEn ? { matterNameEn: appointment.matterNameEn } : {}),
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
    place: `${appointment.centerName}（${appointment.centerAddress}）`,
    ticketCode: appointment.ticketCode,
    ...extra,
  };
}

function tell(db: Db, appointment: Appointment, kind: string, now: string, extra: MessageParams = {}) {
  return notify(
    db,
    {
      id: `${appointment.id}-${kind.split(".")[1]}`,
      userId: appointment.userId,
      kind,
      params: params(appointment, extra),
      link: appointmentLink(appointment.id),
    },
    now,
  );
}

/** Seats back, the ledger entry gone, the no-show watch and the reminder withdrawn. */
function releaseItems(db: Db, appointment: Appointment, ledger: WindowLedger): TransactItem[] {
  const { [appointment.id]: _gone, ...active } = ledger.active;
  return [
    {
      Update: {
        TableName: db.tableName,
        Key: keys.windowSlot(appointment.centerId, appointment.startsAt),
        UpdateExpression: "SET booked = booked - :one",
        ConditionExpression: "booked >= :one",
        ExpressionAttributeValues: { ":one": 1 },
      },
    },
    windowLedgerPut(db, ledger, active),
    { Delete: { TableName: db.tableName, Key: keys.noShowDue(appointment.id) } },
    withdrawNotification(db, reminderId(appointment.id)),
  ];
}

// ——— Booking ———

const slotFull = () => conflict("SLOT_FULL", "Every window is taken in this slot; please pick another time.");

export interface WindowBookInput {
  matter: Matter;
  center: Center;
  slot: SlotTime & { date: string };
  resident: UserProfile;
  actor: UserProfile;
  via: "self" | "staff";
  confirmedMaterials: string[];
  audit?: (appointment: Appointment) => AuditEntry;
  /** Writes to commit with the appointment, given it (the idempotency record). */
  alsoWrite?: (appointment: Appointment) => TransactItem[];
}

export async function bookWindow(deps: AppDeps, input: WindowBookInput): Promise<Appointment> {
  const { matter, center, slot } = input;
  return withRetries(async () => {
    const now = deps.clock.now();
    const nowIso = now.toISOString();
    const [stored, booked] = await Promise.all([
      getWindowLedger(deps.db, input.resident.id),
      getSlotBooked(deps.db, center.id, slot.startsAt),
    ]);
    const ledger = pruneWindowLedger(stored, now);
    checkMayBookWindow(ledger, { matterId: matter.id, date: slot.date }, center);
    // A full slot is refused on a consistent read, sparing the database a transaction bound to
    // fail; the transaction's own condition below is what guarantees the seats.
    if (booked >= center.windows) throw slotFull();
    const id = `${slot.date.replace(/-/g, "")}-${deps.newId()}`;
    const appointment: Appointment = {
      id,
      ticketCode: newTicketCode(),
      communityId: center.communityId,
      centerId: center.id,
      centerName: center.name,
      centerAddress: center.address,
      matterId: matter.id,
      matterName: matter.name,
      matterNameEn: matter.nameEn,
      category: matter.category,
      userId: input.resident.id,
      residentName: input.resident.nickname,
      date: slot.date,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      status: "booked",
      materials: matter.materials,
      confirmedMaterials: [...new Set(input.confirmedMaterials)],
      bookedVia: input.via,
      bookedBy: input.actor.id,
      createdAt: nowIso,
      checkedInAt: null,
      completedAt: null,
      handledBy: null,
      missing: [],
      note: null,
      firstVisit: null,
      cancelReason: null,
      cancelledAt: null,
    };
    const reminderAt = addMinutes(slot.startsAt, -24 * 60);
    const items: TransactItem[] = [
      {
        Update: {
          TableName: deps.db.tableName,
          Key: keys.windowSlot(center.id, slot.startsAt),
          UpdateExpression:
            "SET booked = if_not_exists(booked, :zero) + :one, startsAt = :startsAt, centerId = :center, entity = :entity",
          ConditionExpression: "attribute_not_exists(booked) OR booked < :windows",
          ExpressionAttributeValues: {
            ":zero": 0,
            ":one": 1,
            ":windows": center.windows,
            ":startsAt": slot.startsAt,
            ":center": center.id,
            ":entity": "WindowSlot",
          },
        },
      },
      {
        Put: {
          TableName: deps.db.tableName,
          Item: appointmentItem(appointment),
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      {
        Put: {
          TableName: deps.db.tableName,
          Item: ticketItem(appointment),
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      windowLedgerPut(deps.db, ledger, {
        ...ledger.active,
        [id]: { matterId: matter.id, date: slot.date, startsAt: slot.startsAt, endsAt: slot.endsAt },
      }),
      {
        ConditionCheck: {
          TableName: deps.db.tableName,
          Key: keys.closure(center.id, slot.date),
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      { Put: { TableName: deps.db.tableName, Item: noShowDueItem(appointment) } },
      ...tell(deps.db, appointment, "window.booked", nowIso),
      ...(reminderAt > addMinutes(nowIso, 60)
        ? notify(
            deps.db,
            {
              id: reminderId(id),
              userId: appointment.userId,
              kind: "window.reminder",
              params: params(appointment),
              link: appointmentLink(id),
              dueAt: reminderAt,
            },
            nowIso,
          )
        : []),
      ...(input.audit ? [auditPut(deps.db, input.audit(appointment))] : []),
      ...(input.alsoWrite?.(appointment) ?? []),
    ];
    try {
      await transact(deps.db, items);
    } catch (error) {
      const failed = cancelledConditionIndexes(error);
      if (failed?.includes(0)) throw slotFull();
      if (failed?.includes(4)) {
        const closure = await getClosure(deps.db, center.id, slot.date, true);
        throw new AppError(
          409,
          "CENTER_CLOSED",
          `The center is closed on ${slot.date}: ${closure?.reason ?? ""}`,
        );
      }
      // 2: the ticket code was taken (one in a trillion), 3: the ledger moved: try again.
      if (failed?.includes(2) || failed?.includes(3)) throw new Retry();
      throw error;
    }
    return appointment;
  });
}

// ——— Cancelling ———

export async function cancelByResident(
  deps: AppDeps,
  user: UserProfile,
  appointmentId: string,
  /** Account deletion cancels up to the start: the person is gone, the seat is better given on. */
  options: { ignoreCutoff?: boolean } = {},
): Promise<{ appointment: Appointment; center: Center | null }> {
  return withRetries(async () => {
    const nowIso = deps.clock.now().toISOString();
    const appointment = await getAppointment(deps.db, appointmentId, true);
    if (!appointment || appointment.userId !== user.id)
      throw notFound("No such appointment.", "APPOINTMENT_NOT_FOUND");
    if (appointment.status !== "booked")
      throw conflict("NOT_CANCELLABLE", `This appointment is ${appointment.status} and cannot be cancelled.`);
    const center = await getCenter(deps.db, appointment.centerId);
    // A center removed from under its appointments keeps the default cut-off.
    const cutoff = options.ignoreCutoff ? 0 : (center?.cancelCutoffMinutes ?? 60);
    if (nowIso >= cancelDeadline(appointment, { cancelCutoffMinutes: cutoff })) {
      throw conflict(
        "CANCEL_CUTOFF_PASSED",
        `Appointments can be cancelled until ${cutoff} minutes before the start; please call the center instead.`,
      );
    }
    const ledger = await getWindowLedger(deps.db, user.id);
    const cancelled: Appointment = { ...appointment, status: "cancelled", cancelledAt: nowIso };
    try {
      await transact(deps.db, [
        statusUpdate(deps.db, appointment, ["booked"], {
          status: "cancelled",
          cancelledAt: nowIso,
        }),
        ...releaseItems(deps.db, appointment, ledger),
      ]);
    } catch (error) {
      const failed = cancelledConditionIndexes(error);
      if (failed?.includes(0) || failed?.includes(2)) throw new Retry();
      throw error;
    }
    return { appointment: cancelled, center };
  });
}

/** An Update that sets fields only if the appointment is still in one of the given states. */
function statusUpdate(
  db: Db,
  appointment: Appointment,
  from: Appointment["status"][],
  fields: Partial<Appointment>,
): TransactItem {
  const names: Record<string, string> = { "#status": "status" };
  const values: Record<string, unknown> = {};
  const sets = Object.entries(fields).map(([field, value], index) => {
    names[`#f${index}`] = field;
    values[`:f${index}`] = value;
    return `#f${index} = :f${index}`;
  });
  const allowed = from.map((status, index) => {
    values[`:from${index}`] = status;
    return `:from${index}`;
  });
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.appointment(appointment.id),
      UpdateExpression: `SET ${sets.join(", ")}`,
      ConditionExpression: `#status IN (${allowed.join(", ")})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * Closes a center for a day: the closure first (from then on no booking can land on the day),
 * then every appointment of the day is cancelled with the reason and its resident told. Running
 * it again for the same day finishes a half-done closing.
 */
export async function closeDay(
  deps: AppDeps,
  staff: UserProfile,
  center: Center,
  date: string,
  reason: string,
): Promise<{ closure: Closure; cancelled: number }> {
  const nowIso = deps.clock.now().toISOString();
  const existing = await getClosure(deps.db, center.id, date, true);
  const closure: Closure = existing ?? {
    centerId: center.id,
    date,
    reason,
    createdBy: staff.id,
    createdAt: nowIso,
  };
  if (!existing) {
    try {
      await transact(deps.db, [
        {
          Put: {
            TableName: deps.db.tableName,
            Item: closureItem(closure),
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        auditPut(
          deps.db,
          buildAudit(deps.newId(), nowIso, {
            communityId: center.communityId,
            actor: staff,
            action: "window.close_day",
            target: `${center.id}/${date}`,
            details: { reason },
          }),
        ),
      ]);
    } catch (error) {
      if (!cancelledConditionIndexes(error)?.includes(0)) throw error;
    }
  }
  const day = await listDayAppointments(deps.db, center.id, date);
  let cancelled = 0;
  for (const appointment of day.filter((a) => a.status === "booked")) {
    if (await cancelByCenter(deps, appointment.id, closure.reason)) cancelled++;
  }
  return { closure, cancelled };
}

async function cancelByCenter(deps: AppDeps, appointmentId: string, reason: string): Promise<boolean> {
  return withRetries(async () => {
    const nowIso = deps.clock.now().toISOString();
    const appointment = await getAppointment(deps.db, appointmentId, true);
    if (appointment?.status !== "booked") return false;
    const ledger = await getWindowLedger(deps.db, appointment.userId);
    try {
      await transact(deps.db, [
        statusUpdate(deps.db, appointment, ["booked"], {
          status: "cancelled_by_center",
          cancelReason: reason,
          cancelledAt: nowIso,
        }),
        ...releaseItems(deps.db, appointment, ledger),
        ...tell(deps.db, appointment, "window.cancelled_by_center", nowIso, { reason }),
      ]);
    } catch (error) {
      const failed = cancelledConditionIndexes(error);
      if (failed?.includes(0) || failed?.includes(2)) throw new Retry();
      throw error;
    }
    return true;
  });
}

// ——— At the window ———

/** Checks a ticket in; the caller has checked the center and the day. A late arrival undoes a no-show. */
export async function checkIn(
  deps: AppDeps,
  staff: UserProfile,
  appointment: Appointment,
): Promise<Appointment> {
  const nowIso = deps.clock.now().toISOString();
  switch (appointment.status) {
    case "checked_in":
      throw conflict("ALREADY_CHECKED_IN", "This ticket is already checked in.");
    case "done":
    case "materials_missing":
      throw conflict("ALREADY_HANDLED", "This appointment has already been handled.");
    case "cancelled":
    case "cancelled_by_center":
      throw conflict("APPOINTMENT_CANCELLED", "This appointment was cancelled.");
    default:
  }
  try {
    await transact(deps.db, [
      statusUpdate(deps.db, appointment, ["booked", "no_show"], {
        status: "checked_in",
        checkedInAt: nowIso,
        handledBy: staff.id,
      }),
      { Delete: { TableName: deps.db.tableName, Key: keys.noShowDue(appointment.id) } },
    ]);
  } catch (error) {
    if (cancelledConditionIndexes(error)?.includes(0))
      throw conflict("ALREADY_CHECKED_IN", "This ticket was just checked in by someone else.");
    throw error;
  }
  return { ...appointment, status: "checked_in", checkedInAt: nowIso, handledBy: staff.id };
}

export async function recordResult(
  deps: AppDeps,
  staff: UserProfile,
  appointment: Appointment,
  result: { result: "done" | "materials_missing"; missing?: string[]; note?: string | null },
): Promise<Appointment> {
  if (appointment.status !== "checked_in")
    throw conflict("NOT_CHECKED_IN", "Check the ticket in before recording the result.");
  const missing = missingRefs(appointment, result.missing ?? []);
  if (result.result === "materials_missing" && !missing.length)
    throw validationFailed([{ path: "missing", message: "Name what was missing" }]);
  if (result.result === "done" && missing.length)
    throw validationFailed([{ path: "missing", message: "Only for materials_missing" }]);
  return withRetries(async () => {
    const nowIso = deps.clock.now().toISOString();
    const [visit, ledger] = await Promise.all([
      getMatterVisit(deps.db, appointment.userId, appointment.matterId),
      getWindowLedger(deps.db, appointment.userId),
    ]);
    const firstVisit = result.result === "done" ? visit?.lastResult !== "materials_missing" : null;
    const note = result.note ?? null;
    const updated: Appointment = {
      ...appointment,
      status: result.result,
      completedAt: nowIso,
      handledBy: staff.id,
      missing,
      note,
      firstVisit,
    };
    // The visit is over: the resident may book the same matter again today with what was missing.
    const { [appointment.id]: _over, ...active } = ledger.active;
    try {
      await transact(deps.db, [
        statusUpdate(deps.db, appointment, ["checked_in"], {
          status: result.result,
          completedAt: nowIso,
          handledBy: staff.id,
          missing,
          note,
          firstVisit,
        }),
        windowLedgerPut(deps.db, ledger, active),
        {
          Put: {
            TableName: deps.db.tableName,
            Item: matterVisitItem({
              userId: appointment.userId,
              matterId: appointment.matterId,
              visits: (visit?.visits ?? 0) + 1,
              lastAppointmentId: appointment.id,
              lastResult: result.result,
              missing,
              note,
              at: nowIso,
            }),
          },
        },
        ...tell(
          deps.db,
          updated,
          result.result === "done" ? "window.done" : "window.materials_missing",
          nowIso,
          result.result === "done"
            ? {}
            : { missing: missing.map((m) => m.name).join("、"), ...(note ? { note } : {}) },
        ),
      ]);
    } catch (error) {
      const failed = cancelledConditionIndexes(error);
      if (failed?.includes(0))
        throw conflict("ALREADY_HANDLED", "Someone else has just recorded this appointment.");
      if (failed?.includes(1)) throw new Retry();
      throw error;
    }
    return updated;
  });
}

// ——— No-shows (the job) ———

/**
 * Marks as no-show every appointment whose slot ended with nobody checked in. Each is claimed by
 * a condition on its status, so two runs at once mark each one once and tell its resident once.
 */
export async function markNoShows(deps: AppDeps, budget = 500): Promise<{ marked: number; cleared: number }> {
  let marked = 0;
  let cleared = 0;
  while (marked + cleared < budget) {
    const nowIso = deps.clock.now().toISOString();
    const due = await listNoShowsDue(deps.db, nowIso, 50);
    if (!due.length) break;
    for (const appointmentId of due) {
      const appointment = await getAppointment(deps.db, appointmentId, true);
      const watch = { Delete: { TableName: deps.db.tableName, Key: keys.noShowDue(appointmentId) } };
      if (appointment?.status !== "booked") {
        await transact(deps.db, [watch]);
        cleared++;
        continue;
      }
      try {
        await transact(deps.db, [
          statusUpdate(deps.db, appointment, ["booked"], { status: "no_show" }),
          watch,
          ...tell(deps.db, appointment, "window.no_show", nowIso),
        ]);
        marked++;
      } catch (error) {
        // Checked in or marked by a parallel run meanwhile: nothing to do.
        if (!cancelledConditionIndexes(error)?.length) throw error;
        cleared++;
      }
    }
    if (due.length < 50) break;
  }
  return { marked, cleared };
}

// ——— Handling by proxy (代办) ———

export async function takeInProxy(
  deps: AppDeps,
  staff: UserProfile,
  input: { matter: Matter; resident: UserProfile; appointment: Appointment | null; note: string | null },
): Promise<ProxyCase> {
  const { matter, resident, appointment } = input;
  if (!matter.proxyAllowed)
    throw conflict("PROXY_NOT_ALLOWED", "This matter cannot be handled on the resident's behalf.");
  if (appointment && !["checked_in", "done"].includes(appointment.status))
    throw conflict("NOT_CHECKED_IN", "Take a matter in from an appointment that is checked in or done.");
  const nowIso = deps.clock.now().toISOString();
  const proxy: ProxyCase = {
    id: `${nowIso.slice(0, 10).replace(/-/g, "")}-${deps.newId()}`,
    communityId: matter.communityId,
    centerId: matter.centerId,
    matterId: matter.id,
    matterName: matter.name,
    matterNameEn: matter.nameEn,
    userId: resident.id,
    residentName: resident.nickname,
    appointmentId: appointment?.id ?? null,
    status: "received",
    receivedAt: nowIso,
    receivedBy: staff.id,
    expectedBy: addWorkingDays(shanghaiDate(nowIso), matter.processingDays),
    note: input.note,
    history: [{ status: "received", at: nowIso, by: staff.id, note: input.note }],
    updatedAt: nowIso,
  };
  const items: TransactItem[] = [
    {
      Put: {
        TableName: deps.db.tableName,
        Item: proxyItem(proxy),
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    ...proxyNotice(deps.db, proxy, nowIso),
    auditPut(
      deps.db,
      buildAudit(deps.newId(), nowIso, {
        communityId: proxy.communityId,
        actor: staff,
        action: "window.proxy_take_in",
        subjectUserId: resident.id,
        target: proxy.id,
        details: { matter: matter.name, appointmentId: appointment?.id ?? null },
      }),
    ),
  ];
  if (appointment) {
    items.push({
      Update: {
        TableName: deps.db.tableName,
        Key: keys.appointment(appointment.id),
        UpdateExpression: "SET proxyCaseId = :proxy",
        ConditionExpression: "attribute_not_exists(proxyCaseId) AND #status IN (:checkedIn, :done)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":proxy": proxy.id, ":checkedIn": "checked_in", ":done": "done" },
      },
    });
  }
  try {
    await transact(deps.db, items);
  } catch (error) {
    if (cancelledConditionIndexes(error)?.includes(items.length - 1) && appointment)
      throw conflict("ALREADY_TAKEN_IN", "This appointment's matter has already been taken in.");
    throw error;
  }
  return proxy;
}

function proxyNotice(db: Db, proxy: ProxyCase, now: string, note: string | null = proxy.note) {
  return notify(
    db,
    {
      id: `${proxy.id}-${proxy.status}`,
      userId: proxy.userId,
      kind: `window.proxy_${proxy.status}`,
      params: {
        proxyId: proxy.id,
        matterName: proxy.matterName,
        ...(proxy.matterNameEn ? { matterNameEn: proxy.matterNameEn } : {}),
        expectedBy: proxy.expectedBy,
        ...(note ? { note } : {}),
      },
      link: proxyLink(proxy.id),
    },
    now,
  );
}

export async function advanceProxy(
  deps: AppDeps,
  staff: UserProfile,
  proxyId: string,
  next: Exclude<ProxyStatus, "received">,
  note: string | null,
): Promise<ProxyCase> {
  const proxy = await getProxyCase(deps.db, proxyId, true);
  if (!proxy) throw notFound("No such case.", "PROXY_NOT_FOUND");
  return updateProxy(deps, staff, proxy, next, note);
}

async function updateProxy(
  deps: AppDeps,
  staff: UserProfile,
  proxy: ProxyCase,
  next: Exclude<ProxyStatus, "received">,
  note: string | null,
): Promise<ProxyCase> {
  assertProxyTransition(proxy.status, next);
  const nowIso = deps.clock.now().toISOString();
  const updated: ProxyCase = {
    ...proxy,
    status: next,
    history: [...proxy.history, { status: next, at: nowIso, by: staff.id, note }],
    updatedAt: nowIso,
  };
  try {
    await transact(deps.db, [
      {
        Put: {
          TableName: deps.db.tableName,
          Item: proxyItem(updated),
          ConditionExpression: "#status = :from",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":from": proxy.status },
        },
      },
      ...proxyNotice(deps.db, updated, nowIso, note),
      auditPut(
        deps.db,
        buildAudit(deps.newId(), nowIso, {
          communityId: proxy.communityId,
          actor: staff,
          action: "window.proxy_status",
          subjectUserId: proxy.userId,
          target: proxy.id,
          details: { from: proxy.status, to: next },
        }),
      ),
    ]);
  } catch (error) {
    if (cancelledConditionIndexes(error)?.includes(0))
      throw conflict("PROXY_STATUS", "Someone else has just changed this case; reload it.");
    throw error;
  }
  return updated;
}
