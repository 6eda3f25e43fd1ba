/**
 * "Delete my account" (PIPL art. 47). What stays is what the community's figures need, without
 * the person:
 * - upcoming legal bookings and window appointments are cancelled through the features' own cancel
 *   (seat counters, waitlist promotion, reminders withdrawn), up to their start; waitlist places are
 *   left the same way;
 * - past and cancelled bookings, appointments and proxy cases stay for the statistics, anonymised:
 *   name, phone, description, notes and other free text removed, the user id replaced by the
 *   tombstone `deleted` (their per-user index entry moves to `USER#deleted#…`);
 * - ballots stay counted (tally shards and sealed choices are not touched); the roll loses the
 *   link to the person (voter pointer deleted, voter id and castBy → tombstone); a household's
 *   ballot stays with the household. Seconds stay counted; comments keep their place with the text
 *   removed; a proposal they made stays (it is the community's topic now) under the tombstone;
 * - notice receipts of their household stay counted (reader → tombstone); their own receipt as a
 *   reader without a household is deleted;
 * - cases: reports they filed stay for the statistics under the tombstone (filedBy `deleted`, the
 *   reporter's name, their rating comment and their own notes in the history removed); an open one
 *   stays open, as the department still fixes the streetlight, and one waiting for their rating
 *   waits for nobody (it stays resolved, and counts as finished). In a dispute their party entry
 *   loses its user id, name and phone (→ 已注销用户) and partyUserIds drops them; the other parties'
 *   dispute goes on. Their pointers to cases are deleted with it. Departments that name them as a
 *   handler drop them (the handler pointer goes in the same transaction), and so do case settings;
 * - messages, ledgers, visits, memberships, verification requests (a pending one is withdrawn with
 *   it) are deleted; audit entries about them keep the action under the tombstone;
 * - last, one transaction deletes the openid claim and the profile and writes one audit entry
 *   `account.delete` without personal data. The old token is refused (401) from then on, and a
 *   WeChat login with the same openid makes a fresh account.
 * Every step is idempotent and the profile goes last, so a failure half-way is finished by calling
 * again: what was already anonymised is no longer found under the person's keys.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { auditPut, buildAudit } from "../audit/repo.js";
import type { Party } from "../cases/schemas.js";
import type { Db } from "../db/client.js";
import { cancelledConditionIndexes } from "../db/errors.js";
import { type BatchWrite, type TransactItem, transact, writeAll } from "../db/items.js";
import { keys } from "../db/keys.js";
import type { AppDeps } from "../deps.js";
import { AppError, conflict } from "../http/errors.js";
import { cancelByResident as cancelBooking, leaveWaitlist } from "../legal/actions.js";
import { getSettings } from "../legal/repo.js";
import { cancelDeadline } from "../legal/service.js";
import { DELETED_USER_ID, type UserProfile } from "../users/schemas.js";
import { cancelByResident as cancelAppointment } from "../window/actions.js";
import { collect } from "./collect.js";
import { getItemsWithKeys, type RawItem } from "./repo.js";

/** What replaces a deleted person's id wherever a record must stay. */
export const TOMBSTONE = DELETED_USER_ID;
export const TOMBSTONE_NAME = "已注销用户";
/** The audit log for an account with no community. */
const DEPLOYMENT_AUDIT = "_deployment";

export interface DeletionSummary {
  bookingsCancelled: number;
  appointmentsCancelled: number;
  waitlistLeft: number;
  recordsAnonymised: number;
  itemsDeleted: number;
}

/** Roles other than resident are revoked by an operator first (npm run community). */
export function assertMayDeleteSelf(user: UserProfile): void {
  const held = user.roles.filter((role) => role !== "resident");
  if (held.length > 0)
    throw conflict(
      "ROLE_HELD",
      `This account holds the role ${held.join(", ")}; an operator must revoke it before the account can be deleted.`,
    );
}

const key = (item: RawItem) => ({ PK: item.PK, SK: item.SK });

/**
 * An Update that sets these fields; `gsi1` moves the record from the person's index partition to
 * the tombstone's (`USER#deleted#…`), so the index still follows the record's user id.
 */
function anonymise(
  db: Db,
  item: RawItem,
  set: Record<string, unknown>,
  gsi1?: { GSI1PK: string; GSI1SK: string },
  /** Only if the item is still this version (its `updatedAt`), for records rewritten from a read. */
  seenVersion?: string,
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries({ ...set, ...gsi1 }).map(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  return {
    Update: {
      TableName: db.tableName,
      Key: key(item),
      UpdateExpression: `SET ${sets.join(", ")}`,
      ConditionExpression:
        seenVersion === undefined ? "attribute_exists(PK)" : "attribute_exists(PK) AND updatedAt = :seen",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: seenVersion === undefined ? values : { ...values, ":seen": seenVersion },
    },
  };
}

const tomb = (uid: string, value: unknown) => (value === uid ? TOMBSTONE : value);

/** What a case keeps once the person is gone (see the top of this file). */
function caseWithout(uid: string, c: RawItem): Record<string, unknown> {
  if (c.kind === "report") {
    const rating = c.rating as { comment: string | null } | null;
    return {
      filedBy: tomb(uid, c.filedBy),
      reporterName: TOMBSTONE_NAME,
      rating: rating ? { ...rating, comment: null } : null,
      history: ((c.history as Record<string, unknown>[] | undefined) ?? []).map((event) =>
        event.by === "resident" ? { ...event, note: null } : event,
      ),
    };
  }
  return {
    parties: ((c.parties as Party[] | undefined) ?? []).map((party) =>
      party.userId === uid ? { ...party, userId: null, name: TOMBSTONE_NAME, phone: null } : party,
    ),
    partyUserIds: ((c.partyUserIds as string[] | undefined) ?? []).filter((id) => id !== uid),
    filedBy: tomb(uid, c.filedBy),
  };
}

/**
 * A case is rewritten from what was read (its history, its parties), so the write is conditioned
 * on the case's version and moves it on, like every change of a case (cases/repo.saveCase): a
 * staff step or the escalation job that read the case before cannot write the person back, and a
 * step written in between is not lost — the case is read again and the rewrite tried again.
 */
async function anonymiseCase(db: Db, uid: string, first: RawItem): Promise<void> {
  let c: RawItem | null = first;
  for (let attempt = 0; c && attempt < 5; attempt++) {
    const seen = c.updatedAt as string;
    const next = new Date(Math.max(Date.now(), Date.parse(seen) + 1)).toISOString();
    try {
      await transact(db, [anonymise(db, c, { ...caseWithout(uid, c), updatedAt: next }, undefined, seen)]);
      return;
    } catch (error) {
      if (!cancelledConditionIndexes(error)?.length) throw error;
      const again: { Item?: Record<string, unknown> } = await db.doc.send(
        new GetCommand({ TableName: db.tableName, Key: key(c), ConsistentRead: true }),
      );
      c = (again.Item as RawItem | undefined) ?? null;
    }
  }
  if (c)
    throw conflict("CASE_CHANGED", "A case kept changing while the account was being deleted; try again.");
}

/**
 * Runs one step's transaction. When a condition fails (an item deleted meanwhile, a slot entry a
 * cancellation just removed), each item is written on its own, so the others still happen.
 */
async function apply(db: Db, items: TransactItem[]): Promise<void> {
  try {
    await transact(db, items);
  } catch (error) {
    if (!cancelledConditionIndexes(error)?.length) throw error;
    if (items.length === 1) return;
    for (const item of items) await apply(db, [item]);
  }
}

/** Refusals that mean "already done, or started meanwhile": the record is anonymised next. */
const SETTLED = new Set([
  "ALREADY_CANCELLED",
  "NOT_CANCELLABLE",
  "NOT_WAITLISTED",
  "CANCEL_CUTOFF_PASSED",
  "BOOKING_NOT_FOUND",
  "APPOINTMENT_NOT_FOUND",
]);

/**
 * A cancellation another request or the clock beat us to is fine. Anything else (a lost race
 * after every retry) fails the deletion before anything is anonymised: calling again finishes it.
 */
async function tolerate(step: () => Promise<unknown>): Promise<boolean> {
  try {
    await step();
    return true;
  } catch (error) {
    if (error instanceof AppError && SETTLED.has(error.code)) return false;
    throw error;
  }
}

export async function deleteAccount(deps: AppDeps, user: UserProfile): Promise<DeletionSummary> {
  assertMayDeleteSelf(user);
  const { db } = deps;
  const uid = user.id;
  const summary: DeletionSummary = {
    bookingsCancelled: 0,
    appointmentsCancelled: 0,
    waitlistLeft: 0,
    recordsAnonymised: 0,
    itemsDeleted: 0,
  };

  // 1. Upcoming bookings and appointments: the features' own cancellation keeps the counters right.
  //    Read again after cancelling: a booking made meanwhile (another phone) is cancelled too.
  let found = await collect(db, user);
  for (let round = 0; round < 3; round++) {
    const at = deps.clock.now().toISOString();
    // Only before the community's normal cut-off: later, cancelling would promote the first on the
    // waitlist into a consultation minutes away. Such a booking keeps its seat and is anonymised.
    const bookings: typeof found.bookings = [];
    for (const b of found.bookings)
      if (
        b.status === "confirmed" &&
        at < cancelDeadline(String(b.startsAt), await getSettings(db, String(b.communityId)))
      )
        bookings.push(b);
    const appointments = found.appointments.filter((a) => a.status === "booked" && String(a.startsAt) > at);
    if (bookings.length + appointments.length + found.waitlist.length === 0) break;
    for (const booking of bookings)
      if (await tolerate(() => cancelBooking(deps, user, String(booking.id), { ignoreCutoff: true })))
        summary.bookingsCancelled++;
    for (const entry of found.waitlist)
      if (await tolerate(() => leaveWaitlist(deps, user, String(entry.slotId)))) summary.waitlistLeft++;
    for (const appointment of appointments)
      if (await tolerate(() => cancelAppointment(deps, user, String(appointment.id), { ignoreCutoff: true })))
        summary.appointmentsCancelled++;
    // 2 (below) works on what is there after the cancellations.
    found = await collect(db, user);
  }

  // 2. Records that stay, anonymised.
  for (const booking of found.bookings) {
    const items = [
      anonymise(
        db,
        booking,
        {
          userId: TOMBSTONE,
          residentName: TOMBSTONE_NAME,
          description: "",
          contactPhone: null,
          notes: null,
          bookedBy: tomb(uid, booking.bookedBy),
        },
        keys.bookingByUserGsi(TOMBSTONE, String(booking.startsAt), String(booking.id)),
      ),
    ];
    // The slot's bookingId → userId map still names them for a booking that was not cancelled.
    const [slot] = await getItemsWithKeys(db, [keys.slot(String(booking.slotId))]);
    const map = (slot?.bookings as Record<string, string> | undefined) ?? {};
    if (map[String(booking.id)] === uid)
      items.push({
        Update: {
          TableName: db.tableName,
          Key: keys.slot(String(booking.slotId)),
          UpdateExpression: "SET bookings.#id = :tomb",
          ConditionExpression: "bookings.#id = :uid",
          ExpressionAttributeNames: { "#id": String(booking.id) },
          ExpressionAttributeValues: { ":tomb": TOMBSTONE, ":uid": uid },
        },
      });
    await apply(db, items);
    summary.recordsAnonymised++;
  }
  for (const appointment of found.appointments) {
    await apply(db, [
      anonymise(
        db,
        appointment,
        {
          userId: TOMBSTONE,
          residentName: TOMBSTONE_NAME,
          note: null,
          bookedBy: tomb(uid, appointment.bookedBy),
        },
        keys.appointmentByUserGsi(TOMBSTONE, String(appointment.startsAt), String(appointment.id)),
      ),
    ]);
    summary.recordsAnonymised++;
  }
  for (const proxy of found.proxies) {
    const history = ((proxy.history as Record<string, unknown>[] | undefined) ?? []).map((event) => ({
      ...event,
      note: null,
    }));
    await apply(db, [
      anonymise(
        db,
        proxy,
        { userId: TOMBSTONE, residentName: TOMBSTONE_NAME, note: null, history },
        keys.proxyByUserGsi(TOMBSTONE, String(proxy.receivedAt), String(proxy.id)),
      ),
    ]);
    summary.recordsAnonymised++;
  }
  for (const entry of found.audit) {
    await apply(db, [
      anonymise(
        db,
        entry,
        { subjectUserId: TOMBSTONE, actorId: tomb(uid, entry.actorId) },
        keys.auditBySubjectGsi(TOMBSTONE, String(entry.at), String(entry.id)),
      ),
    ]);
    summary.recordsAnonymised++;
  }

  // Deliberation: counts stay, the person goes.
  for (const topic of found.topics) {
    const history = ((topic.history as Record<string, unknown>[] | undefined) ?? []).map((event) =>
      event.by === uid ? { ...event, by: TOMBSTONE, byName: TOMBSTONE_NAME } : event,
    );
    const mine = topic.createdBy === uid;
    await apply(db, [
      anonymise(db, topic, {
        history,
        ...(mine ? { createdBy: TOMBSTONE, createdByName: TOMBSTONE_NAME } : {}),
      }),
    ]);
    summary.recordsAnonymised++;
  }
  for (const second of found.seconds) {
    await apply(db, [anonymise(db, second, { userId: TOMBSTONE })]);
    summary.recordsAnonymised++;
  }
  for (const comment of found.comments) {
    await apply(db, [
      anonymise(db, comment, {
        authorId: TOMBSTONE,
        authorName: TOMBSTONE_NAME,
        authorPlace: null,
        body: "",
      }),
    ]);
    summary.recordsAnonymised++;
  }
  for (const share of found.rolls) {
    const items: TransactItem[] = share.units.map((unit) => {
      const voterIds = ((unit.voterIds as string[] | undefined) ?? []).map((id) => tomb(uid, id));
      const label = String(unit.label ?? "");
      // A residents' vote labels a person's unit "<name> · <address>".
      const alone = ((unit.voterIds as string[] | undefined) ?? []).length === 1 && label.includes(" · ");
      return anonymise(db, unit, {
        voterIds,
        castBy: tomb(uid, unit.castBy),
        ...(alone ? { label: `${TOMBSTONE_NAME} · ${label.split(" · ").slice(1).join(" · ")}` } : {}),
      });
    });
    items.push({ Delete: { TableName: db.tableName, Key: key(share.pointer) } });
    await apply(db, items);
    summary.recordsAnonymised += share.units.length;
  }
  // Cases: the record stays, the person goes.
  for (const c of found.cases) {
    const pointer = found.casePointers.find((p) => p.caseId === c.id);
    await anonymiseCase(db, uid, c);
    if (pointer) await apply(db, [{ Delete: { TableName: db.tableName, Key: key(pointer) } }]);
    summary.recordsAnonymised++;
  }
  // A pointer whose case is gone (it should not happen; the consistency checker says so) goes too.
  for (const pointer of found.casePointers)
    if (!found.cases.some((c) => c.id === pointer.caseId))
      await apply(db, [{ Delete: { TableName: db.tableName, Key: key(pointer) } }]);
  for (const department of found.departments) {
    const handlerIds = ((department.handlerIds as string[] | undefined) ?? []).filter((id) => id !== uid);
    await transact(db, [
      {
        Update: {
          TableName: db.tableName,
          Key: key(department),
          // A new version, so an edit of the department read before this one cannot put them back.
          UpdateExpression: "SET handlerIds = :ids, updatedAt = :now",
          // The department as read: a concurrent edit fails the deletion, and calling again finishes it.
          ConditionExpression: "updatedAt = :seen",
          ExpressionAttributeValues: {
            ":ids": handlerIds,
            ":seen": department.updatedAt,
            ":now": deps.clock.now().toISOString(),
          },
        },
      },
      {
        Delete: {
          TableName: db.tableName,
          Key: keys.handlerOf(uid, String(department.communityId), String(department.id)),
        },
      },
    ]);
    summary.recordsAnonymised++;
  }
  for (const settings of found.caseSettings) {
    const without = (field: string) =>
      ((settings[field] as string[] | undefined) ?? []).filter((id) => id !== uid);
    await apply(db, [
      anonymise(db, settings, {
        supervisorIds: without("supervisorIds"),
        districtAdminIds: without("districtAdminIds"),
      }),
    ]);
    summary.recordsAnonymised++;
  }

  const deletes: BatchWrite[] = [];
  for (const receipt of found.receipts) {
    if (receipt.SK === `USER#${uid}`) deletes.push({ delete: key(receipt) });
    else {
      await apply(db, [
        anonymise(db, receipt, { readBy: tomb(uid, receipt.readBy), ackBy: tomb(uid, receipt.ackBy) }),
      ]);
      summary.recordsAnonymised++;
    }
  }

  // 3. What is only theirs: messages (and their outbox entries, same id), and their partition
  //    but the profile (memberships, requests, ledgers, visits, inbox state).
  for (const message of found.inbox) {
    deletes.push({ delete: key(message) }, { delete: keys.outbox(String(message.id)) });
  }
  for (const item of found.partition) if (item.SK !== "PROFILE") deletes.push({ delete: key(item) });
  await writeAll(db, deletes);
  summary.itemsDeleted = deletes.length;

  // 4. Last: the openid claim and the profile, with the one audit entry.
  const communityId = user.communityId ?? found.communityIds[0] ?? DEPLOYMENT_AUDIT;
  const audit = buildAudit(deps.newId(), deps.clock.now().toISOString(), {
    communityId,
    actor: { id: TOMBSTONE, roles: ["resident"] },
    action: "account.delete",
    details: { ...summary },
  });
  await transact(db, [
    {
      Delete: {
        TableName: db.tableName,
        Key: keys.openid(user.openid),
        ConditionExpression: "attribute_not_exists(PK) OR userId = :uid",
        ExpressionAttributeValues: { ":uid": uid },
      },
    },
    { Delete: { TableName: db.tableName, Key: keys.user(uid) } },
    auditPut(db, audit),
  ]);
  return summary;
}
