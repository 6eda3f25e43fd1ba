/** Reads of the window and the items its writes are made of (ACCESS_PATTERNS W1–W20). */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type AuditEntry, auditPut } from "../audit/repo.js";
import type { Db } from "../db/client.js";
import { cancelledConditionIndexes } from "../db/errors.js";
import { getItem, queryAll, strip, type TransactItem, transact, versionCondition } from "../db/items.js";
import { decodeCursor, encodeCursor, keys } from "../db/keys.js";
import { conflict } from "../http/errors.js";
import { dayBounds } from "../time/shanghai.js";
import type {
  Appointment,
  Center,
  Closure,
  Matter,
  MatterVisit,
  ProxyCase,
  WindowLedger,
} from "./schemas.js";
import { emptyWindowLedger } from "./service.js";

// ——— Matters ———

export function matterItem(matter: Matter) {
  return {
    ...keys.matter(matter.id),
    ...keys.matterByCommunityGsi(matter.communityId, matter.id),
    entity: "Matter",
    ...matter,
  };
}

export const getMatter = (db: Db, matterId: string) => getItem<Matter>(db, keys.matter(matterId));

/** A community's whole catalog (tens of matters), for browsing and search. */
export function listMatters(db: Db, communityId: string): Promise<Matter[]> {
  return queryAll<Matter>(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.matterByCommunityGsi(communityId, "").GSI1PK },
  });
}

/**
 * Creates (`seen` null) or replaces a matter with its audit entry. A replacement requires the
 * version the editor saw, so of two editors at once the second is told instead of overwriting.
 */
export function saveMatter(db: Db, matter: Matter, audit: AuditEntry, seen: string | null): Promise<void> {
  return saveVersioned(
    db,
    matterItem(matter),
    audit,
    seen,
    "Someone else has just saved this matter; reload it.",
  );
}

async function saveVersioned(
  db: Db,
  item: Record<string, unknown>,
  audit: AuditEntry,
  seen: string | null,
  message: string,
): Promise<void> {
  const condition =
    seen === null
      ? { ConditionExpression: "attribute_not_exists(PK)" }
      : { ConditionExpression: "updatedAt = :seen", ExpressionAttributeValues: { ":seen": seen } };
  try {
    await transact(db, [{ Put: { TableName: db.tableName, Item: item, ...condition } }, auditPut(db, audit)]);
  } catch (error) {
    if (cancelledConditionIndexes(error)?.includes(0)) throw conflict("EDIT_CONFLICT", message);
    throw error;
  }
}

// ——— Centers and closures ———

export function centerItem(center: Center) {
  return {
    ...keys.center(center.id),
    ...keys.centerByCommunityGsi(center.communityId, center.id),
    entity: "Center",
    ...center,
  };
}

export const getCenter = (db: Db, centerId: string) => getItem<Center>(db, keys.center(centerId));

export function listCenters(db: Db, communityId: string): Promise<Center[]> {
  return queryAll<Center>(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.centerByCommunityGsi(communityId, "").GSI1PK },
  });
}

/** Creates (`seen` null) or replaces a center, guarded like saveMatter. */
export function saveCenter(db: Db, center: Center, audit: AuditEntry, seen: string | null): Promise<void> {
  return saveVersioned(
    db,
    centerItem(center),
    audit,
    seen,
    "Someone else has just saved this center; reload it.",
  );
}

/** Removes a closure (the center opens that day again), with its audit entry. */
export async function removeClosure(
  db: Db,
  centerId: string,
  date: string,
  audit: AuditEntry,
): Promise<void> {
  await transact(db, [
    { Delete: { TableName: db.tableName, Key: keys.closure(centerId, date) } },
    auditPut(db, audit),
  ]);
}

export function closureItem(closure: Closure) {
  return { ...keys.closure(closure.centerId, closure.date), entity: "Closure", ...closure };
}

/** A center's ad-hoc closures between two dates (inclusive). */
export function listClosures(db: Db, centerId: string, from: string, to: string): Promise<Closure[]> {
  return queryAll<Closure>(db, {
    KeyConditionExpression: "PK = :pk AND SK BETWEEN :from AND :to",
    ExpressionAttributeValues: { ":pk": keys.closure(centerId, "").PK, ":from": from, ":to": to },
  });
}

export const getClosure = (db: Db, centerId: string, date: string, consistent = false) =>
  getItem<Closure>(db, keys.closure(centerId, date), consistent);

// ——— Slot counters ———

export interface SlotCounter {
  startsAt: string;
  booked: number;
}

/** Seat counters of the slots in [from, to]: one query for any number of days. */
export async function listSlotCounters(
  db: Db,
  centerId: string,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const rows = await queryAll<SlotCounter>(db, {
    KeyConditionExpression: "PK = :pk AND SK BETWEEN :from AND :to",
    ExpressionAttributeValues: { ":pk": keys.windowSlot(centerId, "").PK, ":from": from, ":to": to },
    ProjectionExpression: "startsAt, booked",
  });
  return new Map(rows.map((row) => [row.startsAt, row.booked]));
}

/** One slot's seats taken, read consistently (0 before its first booking). */
export async function getSlotBooked(db: Db, centerId: string, startsAt: string): Promise<number> {
  return (await getItem<SlotCounter>(db, keys.windowSlot(centerId, startsAt), true))?.booked ?? 0;
}

// ——— Appointments ———

export function appointmentItem(appointment: Appointment) {
  return {
    ...keys.appointment(appointment.id),
    ...keys.appointmentByUserGsi(appointment.userId, appointment.startsAt, appointment.id),
    ...keys.appointmentByCenterGsi(appointment.centerId, appointment.startsAt, appointment.id),
    entity: "Appointment",
    ...appointment,
  };
}

export const getAppointment = (db: Db, appointmentId: string, consistent = false) =>
  getItem<Appointment>(db, keys.appointment(appointmentId), consistent);

export function ticketItem(appointment: Appointment) {
  return {
    ...keys.ticket(appointment.ticketCode),
    entity: "Ticket",
    appointmentId: appointment.id,
    centerId: appointment.centerId,
    date: appointment.date,
  };
}

export async function getTicket(db: Db, code: string) {
  return getItem<{ appointmentId: string; centerId: string; date: string }>(db, keys.ticket(code), true);
}

export function noShowDueItem(appointment: Appointment) {
  return {
    ...keys.noShowDue(appointment.id),
    ...keys.noShowDueGsi(appointment.endsAt, appointment.id),
    entity: "NoShowDue",
    appointmentId: appointment.id,
  };
}

/** Appointments whose slot ended before `now` and that nobody checked in (the no-show job). */
export async function listNoShowsDue(db: Db, now: string, limit: number): Promise<string[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk AND GSI1SK < :now",
      ExpressionAttributeValues: { ":pk": keys.noShowDueGsi("", "").GSI1PK, ":now": now },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => item.appointmentId as string);
}

/** A center's appointments in [from, to) in time order: a day's queue, a period's statistics. */
export function listCenterAppointments(
  db: Db,
  centerId: string,
  from: string,
  to: string,
): Promise<Appointment[]> {
  return queryAll<Appointment>(db, {
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to",
    ExpressionAttributeValues: {
      ":pk": keys.appointmentByCenterGsi(centerId, "", "").GSI2PK,
      ":from": from,
      // `#` sorts before every id character, so this ends just before `to`.
      ":to": `${to}#`,
    },
  }).then((items) => items.filter((item) => item.startsAt < to));
}

/** One Shanghai day's appointments of a center (the queue, closing a day). */
export function listDayAppointments(db: Db, centerId: string, date: string): Promise<Appointment[]> {
  const { start, end } = dayBounds(date);
  return listCenterAppointments(db, centerId, start, end);
}

/** A resident's appointments: upcoming (not yet ended, ascending) or past (descending), by cursor. */
export async function listUserAppointments(
  db: Db,
  userId: string,
  options: { when: "upcoming" | "past"; now: string; limit: number; cursor?: string },
): Promise<{ items: Appointment[]; nextCursor: string | null }> {
  const partition = keys.appointmentByUserGsi(userId, "", "").GSI1PK;
  // A slot is at most 120 minutes long: only what started in the last two hours may still be on,
  // so the filter below drops few items from a page.
  const pivot = new Date(Date.parse(options.now) - 120 * 60_000).toISOString();
  const upcoming = options.when === "upcoming";
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: upcoming
        ? "GSI1PK = :pk AND GSI1SK >= :pivot"
        : "GSI1PK = :pk AND GSI1SK < :end",
      ExpressionAttributeValues: upcoming
        ? { ":pk": partition, ":pivot": pivot }
        : { ":pk": partition, ":end": options.now },
      ScanIndexForward: upcoming,
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, {
        attributes: ["PK", "SK", "GSI1PK", "GSI1SK"],
        partition: ["GSI1PK", partition],
      }),
    }),
  );
  const items = (result.Items ?? []).map((item) => strip<Appointment>(item) as Appointment);
  return {
    // "Upcoming" holds what has not ended; a visit that started but is still on shows in both.
    items: upcoming ? items.filter((item) => item.endsAt > options.now) : items,
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}

// ——— The resident's ledger and visits ———

export async function getWindowLedger(db: Db, userId: string): Promise<WindowLedger> {
  return (await getItem<WindowLedger>(db, keys.windowLedger(userId), true)) ?? emptyWindowLedger(userId);
}

/** Writes the next ledger only if nobody else wrote it since `read` was taken. */
export function windowLedgerPut(db: Db, read: WindowLedger, next: WindowLedger["active"]): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: {
        ...keys.windowLedger(read.userId),
        entity: "WindowLedger",
        userId: read.userId,
        version: read.version + 1,
        active: next,
      },
      ...versionCondition(read.version),
    },
  };
}

export const getMatterVisit = (db: Db, userId: string, matterId: string) =>
  getItem<MatterVisit>(db, keys.matterVisit(userId, matterId), true);

export function matterVisitItem(visit: MatterVisit) {
  return { ...keys.matterVisit(visit.userId, visit.matterId), entity: "MatterVisit", ...visit };
}

// ——— Proxy cases (代办) ———

export function proxyItem(proxy: ProxyCase) {
  return {
    ...keys.proxyCase(proxy.id),
    ...keys.proxyByUserGsi(proxy.userId, proxy.receivedAt, proxy.id),
    ...keys.proxyByCommunityGsi(proxy.communityId, proxy.receivedAt, proxy.id),
    entity: "ProxyCase",
    ...proxy,
  };
}

export const getProxyCase = (db: Db, proxyId: string, consistent = false) =>
  getItem<ProxyCase>(db, keys.proxyCase(proxyId), consistent);

export function listUserProxyCases(db: Db, userId: string): Promise<ProxyCase[]> {
  return queryAll<ProxyCase>(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.proxyByUserGsi(userId, "", "").GSI1PK },
    ScanIndexForward: false,
  });
}

export async function listCommunityProxyCases(
  db: Db,
  communityId: string,
  limit: number,
  cursor?: string,
): Promise<{ items: ProxyCase[]; nextCursor: string | null }> {
  const partition = keys.proxyByCommunityGsi(communityId, "", "").GSI2PK;
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI2",
      KeyConditionExpression: "GSI2PK = :pk",
      ExpressionAttributeValues: { ":pk": partition },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, {
        attributes: ["PK", "SK", "GSI2PK", "GSI2SK"],
        partition: ["GSI2PK", partition],
      }),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => strip<ProxyCase>(item) as ProxyCase),
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}
