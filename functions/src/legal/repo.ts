import { DeleteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type AuditEntry, auditPut } from "../audit/repo.js";
import type { Db } from "../db/client.js";
import { getItem, queryAll, strip, type TransactItem, transact, versionCondition } from "../db/items.js";
import { decodeCursor, encodeCursor, keys } from "../db/keys.js";
import type {
  Booking,
  LawyerProfile,
  Ledger,
  LegalSettings,
  Roster,
  Slot,
  WaitlistEntry,
} from "./schemas.js";
import { defaultSettings } from "./service.js";

export type { TransactItem };
export { transact };

// ——— Settings and lawyers ———

export async function getSettings(db: Db, communityId: string): Promise<LegalSettings> {
  const stored = await getItem<Partial<LegalSettings>>(db, keys.legalSettings(communityId));
  return { ...defaultSettings(communityId), ...stored, communityId };
}

export async function putSettings(db: Db, settings: LegalSettings, audit: AuditEntry): Promise<void> {
  await transact(db, [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.legalSettings(settings.communityId), entity: "LegalSettings", ...settings },
      },
    },
    auditPut(db, audit),
  ]);
}

export function lawyerItem(profile: LawyerProfile) {
  return { ...keys.lawyer(profile.communityId, profile.userId), entity: "Lawyer", ...profile };
}

export async function listLawyers(db: Db, communityId: string): Promise<LawyerProfile[]> {
  return queryAll<LawyerProfile>(db, {
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :sk)",
    ExpressionAttributeValues: { ":pk": keys.community(communityId).PK, ":sk": keys.lawyerPrefix },
  });
}

export async function getLawyer(
  db: Db,
  communityId: string,
  lawyerId: string,
): Promise<LawyerProfile | null> {
  return getItem<LawyerProfile>(db, keys.lawyer(communityId, lawyerId));
}

export async function putLawyer(db: Db, profile: LawyerProfile, audit: AuditEntry): Promise<void> {
  await transact(db, [{ Put: { TableName: db.tableName, Item: lawyerItem(profile) } }, auditPut(db, audit)]);
}

// ——— Rosters and slots ———

export function slotItem(slot: Slot) {
  return {
    ...keys.slot(slot.id),
    ...keys.slotByCommunityGsi(slot.communityId, slot.startsAt, slot.id),
    ...keys.slotByLawyerGsi(slot.lawyerId, slot.startsAt, slot.id),
    entity: "LegalSlot",
    ...slot,
  };
}

export function rosterItem(roster: Roster) {
  return { ...keys.roster(roster.communityId, roster.id), entity: "LegalRoster", ...roster };
}

/**
 * Writes a roster and its slots. A roster of up to 98 slots is one transaction; a longer one is
 * written in transactions of 100, and a failure part-way removes the slots already written
 * (those nobody has booked yet) before the error is passed on.
 */
export async function createRoster(db: Db, roster: Roster, slots: Slot[], audit: AuditEntry): Promise<void> {
  const put = (slot: Slot): TransactItem => ({
    Put: { TableName: db.tableName, Item: slotItem(slot), ConditionExpression: "attribute_not_exists(PK)" },
  });
  const first = slots.slice(0, 98);
  const rest = slots.slice(98);
  await transact(db, [
    {
      Put: {
        TableName: db.tableName,
        Item: rosterItem(roster),
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    auditPut(db, audit),
    ...first.map(put),
  ]);
  const written = [...first];
  try {
    for (let i = 0; i < rest.length; i += 100) {
      const chunk = rest.slice(i, i + 100);
      await transact(db, chunk.map(put));
      written.push(...chunk);
    }
  } catch (error) {
    // A slot someone booked in the meantime stays (its condition fails); the rest go.
    for (const slot of written) {
      await db.doc
        .send(
          new DeleteCommand({
            TableName: db.tableName,
            Key: keys.slot(slot.id),
            ConditionExpression: "booked = :zero AND waitlistCount = :zero",
            ExpressionAttributeValues: { ":zero": 0 },
          }),
        )
        .catch(() => undefined);
    }
    await db.doc
      .send(new DeleteCommand({ TableName: db.tableName, Key: keys.roster(roster.communityId, roster.id) }))
      .catch(() => undefined);
    throw error;
  }
}

export async function listRosters(db: Db, communityId: string): Promise<Roster[]> {
  const rosters = await queryAll<Roster>(db, {
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.roster(communityId, "").PK },
  });
  return rosters.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function getSlot(db: Db, slotId: string, consistent = false): Promise<Slot | null> {
  return getItem<Slot>(db, keys.slot(slotId), consistent);
}

/** Slots of a community starting in [from, to), in time order (GSI1). */
export async function listCommunitySlots(
  db: Db,
  communityId: string,
  from: string,
  to: string,
): Promise<Slot[]> {
  return queryAll<Slot>(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to",
    ExpressionAttributeValues: {
      ":pk": keys.slotByCommunityGsi(communityId, "", "").GSI1PK,
      ":from": from,
      ":to": to,
    },
  }).then((slots) => slots.filter((slot) => slot.startsAt < to));
}

/** A lawyer's slots (every community) starting in [from, to), in time order (GSI2). */
export async function listLawyerSlots(db: Db, lawyerId: string, from: string, to: string): Promise<Slot[]> {
  return queryAll<Slot>(db, {
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to",
    ExpressionAttributeValues: {
      ":pk": keys.slotByLawyerGsi(lawyerId, "", "").GSI2PK,
      ":from": from,
      ":to": to,
    },
  }).then((slots) => slots.filter((slot) => slot.startsAt < to));
}

// ——— Bookings ———

export function bookingItem(booking: Booking) {
  return {
    ...keys.booking(booking.id),
    ...keys.bookingByUserGsi(booking.userId, booking.startsAt, booking.id),
    ...keys.bookingByCommunityGsi(booking.communityId, booking.startsAt, booking.slotId, booking.id),
    entity: "LegalBooking",
    ...booking,
  };
}

export async function getBooking(db: Db, bookingId: string, consistent = false): Promise<Booking | null> {
  return getItem<Booking>(db, keys.booking(bookingId), consistent);
}

/** A resident's bookings: upcoming ascending from `now`, or past descending before it (GSI1). */
export async function listUserBookings(
  db: Db,
  userId: string,
  options: { when: "upcoming" | "past"; now: string; limit: number; cursor?: string },
) {
  const partition = keys.bookingByUserGsi(userId, "", "").GSI1PK;
  const upcoming = options.when === "upcoming";
  // A consultation under way (started, not ended) still counts as upcoming: look back 4 hours.
  const pivot = upcoming ? new Date(Date.parse(options.now) - 4 * 3600_000).toISOString() : options.now;
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: upcoming
        ? "GSI1PK = :pk AND GSI1SK >= :pivot"
        : "GSI1PK = :pk AND GSI1SK < :pivot",
      ExpressionAttributeValues: { ":pk": partition, ":pivot": pivot },
      ScanIndexForward: upcoming,
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, {
        attributes: ["PK", "SK", "GSI1PK", "GSI1SK"],
        partition: ["GSI1PK", partition],
      }),
    }),
  );
  const items = (result.Items ?? []).map((item) => strip<Booking>(item) as Booking);
  return {
    items: items.filter((booking) =>
      upcoming ? booking.endsAt > options.now : booking.endsAt <= options.now,
    ),
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}

/** Bookings of a community whose consultations start in [from, to) (GSI2). */
export async function listCommunityBookings(
  db: Db,
  communityId: string,
  from: string,
  to: string,
): Promise<Booking[]> {
  return queryAll<Booking>(db, {
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to",
    ExpressionAttributeValues: {
      ":pk": keys.bookingByCommunityGsi(communityId, "", "", "").GSI2PK,
      ":from": from,
      ":to": to,
    },
  }).then((bookings) => bookings.filter((booking) => booking.startsAt < to));
}

// ——— The ledger ———

export async function getLedger(db: Db, userId: string): Promise<Ledger> {
  const stored = await getItem<Ledger>(db, keys.legalLedger(userId), true);
  return stored ?? { userId, version: 0, active: {}, noShows: {} };
}

/** Writes the next ledger only if nobody else wrote it since `read` was taken. */
export function ledgerItem(ledger: Ledger) {
  return { ...keys.legalLedger(ledger.userId), entity: "LegalLedger", ...ledger };
}

export function ledgerPut(db: Db, read: Ledger, next: Omit<Ledger, "version">): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: ledgerItem({ ...next, version: read.version + 1 }),
      ...ledgerCondition(read),
    },
  };
}

/** The same guard without a write: the ledger must still be the one the decision was made on. */
export function ledgerCheck(db: Db, read: Ledger): TransactItem {
  return {
    ConditionCheck: { TableName: db.tableName, Key: keys.legalLedger(read.userId), ...ledgerCondition(read) },
  };
}

function ledgerCondition(read: Ledger) {
  return versionCondition(read.version);
}

// ——— Waitlist ———

export function waitlistItem(entry: WaitlistEntry) {
  return {
    ...keys.waitlistEntry(entry.slotId, entry.userId),
    ...keys.waitlistByUserGsi(entry.userId, entry.startsAt, entry.slotId),
    entity: "LegalWaitlist",
    ...entry,
  };
}

/** A slot's queue, first come first served (read consistently from the slot's own partition). */
export async function listWaitlist(db: Db, slotId: string): Promise<WaitlistEntry[]> {
  const entries = await queryAll<WaitlistEntry>(db, {
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :sk)",
    ExpressionAttributeValues: { ":pk": keys.slot(slotId).PK, ":sk": keys.waitlistPrefix },
    ConsistentRead: true,
  });
  return entries.sort((a, b) => a.joinedAt.localeCompare(b.joinedAt) || a.userId.localeCompare(b.userId));
}

/** A resident's waitlist places for slots starting at or after `from` (GSI1). */
export async function listUserWaitlist(db: Db, userId: string, from: string): Promise<WaitlistEntry[]> {
  return queryAll<WaitlistEntry>(db, {
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk AND GSI1SK >= :from",
    ExpressionAttributeValues: { ":pk": keys.waitlistByUserGsi(userId, "", "").GSI1PK, ":from": from },
  });
}
