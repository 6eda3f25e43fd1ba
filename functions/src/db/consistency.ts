/**
 * The consistency checker: reads the whole table once (a paginated, consistent Scan) and checks
 * every invariant the data model promises (ACCESS_PATTERNS.md): counters equal the items they
 * count, seats are never overbooked, one ballot per unit, every pointer and guard points to an
 * item that is there, outbox entries are well formed and never outlive what they remind of.
 *
 * Never on a request path (it scans): for tests, the benchmark and an operator after an incident.
 * Run it on a quiet table: a Scan is not a snapshot, so writes during the scan can be reported as
 * violations that are not there. Plain code, no test framework, so anything can import it.
 */
import { isOpen, nextWatch } from "../cases/service.js";
import { sealUnit, TALLY_SHARDS } from "../deliberation/service.js";
import { MAX_ATTEMPTS } from "../jobs/outbox.js";
import { shanghaiDate } from "../time/shanghai.js";
import { DELETED_USER_ID } from "../users/schemas.js";
import type { Db } from "./client.js";
import { scanAll } from "./items.js";
import { keys } from "./keys.js";

// biome-ignore lint/suspicious/noExplicitAny: the checker reads every entity's attributes untyped
type Item = Record<string, any>;

export interface ItemKey {
  PK: string;
  SK: string;
}

export interface Violation {
  /** Stable name of the invariant, e.g. `legalSlot.booked`. */
  invariant: string;
  /** The items involved (the counter first, then what it counts). */
  keys: ItemKey[];
  expected: unknown;
  found: unknown;
  message: string;
}

export interface CheckOptions {
  /** Decides which ledger entries must still be there (those not yet over); default: now. */
  now?: Date;
  /** CASE_SECOND_LEVEL_WORKING_DAYS of the deployment, for the escalation watch; default 2. */
  caseSecondLevelWorkingDays?: number;
}

const CHOICES = ["approve", "reject", "abstain"] as const;
const LIVE_WINDOW_STATUSES = new Set(["booked", "checked_in", "done", "materials_missing", "no_show"]);
const WINDOW_LEDGER_STATUSES = new Set(["booked", "checked_in", "no_show"]);
const OUTBOX_STATUSES = new Set(["pending", "sent", "skipped", "failed"]);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Every item of the table, read consistently, page by page. */
export const scanTable = (db: Db): Promise<Item[]> => scanAll(db) as Promise<Item[]>;

/** Scans the table and checks every invariant; an empty list means the table is consistent. */
export async function checkConsistency(db: Db, options: CheckOptions = {}): Promise<Violation[]> {
  return checkItems(await scanTable(db), options);
}

/** One line per violation, for logs and test failures. */
export function formatViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.invariant}: ${v.message}`).join("\n");
}

const keyOf = (item: Item): ItemKey => ({ PK: item.PK, SK: item.SK });
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const after = (value: string, prefix: string) => value.slice(prefix.length);

/** The invariants, over the items of one scan. Pure, so a test can also feed it items. */
export function checkItems(items: Item[], options: CheckOptions = {}): Violation[] {
  const now = options.now ?? new Date();
  const nowIso = now.toISOString();
  const today = shanghaiDate(now);
  const violations: Violation[] = [];
  const report = (
    invariant: string,
    involved: (Item | ItemKey)[],
    expected: unknown,
    found: unknown,
    message: string,
  ) => violations.push({ invariant, keys: involved.map(keyOf), expected, found, message });

  const byKey = new Map<string, Item>();
  const partitions = new Map<string, Item[]>();
  for (const item of items) {
    byKey.set(`${item.PK}\u0000${item.SK}`, item);
    const list = partitions.get(item.PK);
    if (list) list.push(item);
    else partitions.set(item.PK, [item]);
  }
  const get = (key: ItemKey) => byKey.get(`${key.PK}\u0000${key.SK}`);
  const partition = (pk: string) => partitions.get(pk) ?? [];
  const withPrefix = (pk: string, skPrefix: string) =>
    partition(pk).filter((item) => String(item.SK).startsWith(skPrefix));
  const gsiMatches = (item: Item, expected: Record<string, string>, name: string) => {
    for (const [attribute, value] of Object.entries(expected)) {
      if (item[attribute] !== value) {
        report(
          `${name}.gsi`,
          [item],
          value,
          item[attribute] ?? null,
          `${item.PK} ${item.SK}: ${attribute} is ${JSON.stringify(item[attribute] ?? null)}, should be ${value}`,
        );
      }
    }
  };

  const users = items.filter((i) => i.SK === "PROFILE" && String(i.PK).startsWith("USER#"));
  const households = items.filter((i) => i.SK === "META" && String(i.PK).startsWith("HOUSEHOLD#"));
  const bookings = items.filter((i) => i.SK === "META" && String(i.PK).startsWith("BOOKING#"));
  const appointments = items.filter((i) => i.SK === "META" && String(i.PK).startsWith("WAPPT#"));
  const userExists = (userId: string) => Boolean(get(keys.user(userId)));

  // ——— Identity and community ———
  for (const claim of items.filter((i) => i.SK === "OPENID" && String(i.PK).startsWith("OPENID#"))) {
    const user = get(keys.user(claim.userId));
    const openid = after(claim.PK, "OPENID#");
    if (!user)
      report(
        "openid.user",
        [claim],
        claim.userId,
        null,
        `openid claim ${openid} → missing user ${claim.userId}`,
      );
    else if (user.openid !== undefined && user.openid !== openid)
      report(
        "openid.user",
        [claim, user],
        openid,
        user.openid,
        `openid claim ${openid} → user ${claim.userId} who has openid ${user.openid}`,
      );
  }
  for (const user of users) {
    const userId = after(user.PK, "USER#");
    const memberships = withPrefix(user.PK, keys.membershipPrefix);
    if ((user.householdCount ?? 0) !== memberships.length)
      report(
        "user.householdCount",
        [user, ...memberships],
        memberships.length,
        user.householdCount ?? null,
        `user ${userId}: householdCount ${user.householdCount} but ${memberships.length} memberships`,
      );
    if (typeof user.openid === "string" && user.openid && !userId.startsWith("offline-")) {
      const claim = get(keys.openid(user.openid));
      if (claim?.userId !== userId)
        report(
          "user.openidClaim",
          [user, keys.openid(user.openid)],
          userId,
          claim?.userId ?? null,
          `user ${userId}: openid ${user.openid} is claimed by ${claim?.userId ?? "nobody"}`,
        );
    }
    const pending = withPrefix(user.PK, "VREQ#").filter((r) => r.status === "pending");
    const expected = pending.map((r) => after(r.SK, "VREQ#"));
    const found = user.pendingRequestId ? [user.pendingRequestId] : [];
    if (!same(expected, found))
      report(
        "user.pendingRequest",
        [user, ...pending],
        expected,
        found,
        `user ${userId}: pendingRequestId ${JSON.stringify(user.pendingRequestId ?? null)} but pending requests ${JSON.stringify(expected)}`,
      );
  }
  for (const membership of items.filter((i) => String(i.SK).startsWith(keys.membershipPrefix))) {
    if (!String(membership.PK).startsWith("USER#")) continue;
    const household = get(keys.household(membership.householdId));
    if (!household || household.communityId !== membership.communityId)
      report(
        "membership.household",
        [membership],
        membership.householdId,
        household ? household.communityId : null,
        `membership ${membership.PK} ${membership.SK}: household ${membership.householdId} ${household ? `is in ${household.communityId}, not ${membership.communityId}` : "is missing"}`,
      );
    gsiMatches(
      membership,
      {
        ...keys.membershipByHouseholdGsi(membership.householdId, membership.userId),
        ...keys.membershipByCommunityGsi(membership.communityId, membership.householdId, membership.userId),
      },
      "membership",
    );
  }
  for (const guard of items.filter(
    (i) => String(i.SK).startsWith("ADDRESS#") && String(i.PK).startsWith("COMMUNITY#"),
  )) {
    const household = get(keys.household(guard.householdId));
    const at =
      household && keys.address(household.communityId, household.buildingId, household.unit, household.room);
    if (!at || at.PK !== guard.PK || at.SK !== guard.SK)
      report(
        "address.household",
        [guard],
        guard.SK,
        at ? at.SK : null,
        `address guard ${guard.PK} ${guard.SK} → household ${guard.householdId} ${household ? `at ${at?.SK}` : "missing"}`,
      );
  }
  for (const household of households) {
    const guard = get(
      keys.address(household.communityId, household.buildingId, household.unit, household.room),
    );
    if (guard?.householdId !== household.id)
      report(
        "household.address",
        [household],
        household.id,
        guard?.householdId ?? null,
        `household ${household.id}: its address guard ${guard ? `points to ${guard.householdId}` : "is missing"}`,
      );
    gsiMatches(
      household,
      keys.householdListGsi(household.communityId, household.buildingId, household.unit, household.room),
      "household",
    );
  }

  // ——— Legal consultations ———
  const bookingsOfSlot = new Map<string, Item[]>();
  for (const booking of bookings) {
    if (!get(keys.slot(booking.slotId)))
      report(
        "legalBooking.slot",
        [booking],
        booking.slotId,
        null,
        `booking ${booking.id}: slot ${booking.slotId} is missing`,
      );
    if (booking.status === "confirmed")
      bookingsOfSlot.set(booking.slotId, [...(bookingsOfSlot.get(booking.slotId) ?? []), booking]);
    gsiMatches(
      booking,
      {
        ...keys.bookingByUserGsi(booking.userId, booking.startsAt, booking.id),
        ...keys.bookingByCommunityGsi(booking.communityId, booking.startsAt, booking.slotId, booking.id),
      },
      "legalBooking",
    );
    if (booking.status === "confirmed" && booking.date >= today) {
      const ledger = get(keys.legalLedger(booking.userId));
      if (!ledger?.active?.[booking.id])
        report(
          "legalLedger.missing",
          [keys.legalLedger(booking.userId), booking],
          booking.id,
          null,
          `booking ${booking.id} is confirmed for ${booking.date} but not in ${booking.userId}'s ledger`,
        );
    }
  }
  const slots = items.filter((i) => i.SK === "META" && String(i.PK).startsWith("SLOT#"));
  for (const slot of slots) {
    const map: Record<string, string> = slot.bookings ?? {};
    const ids = Object.keys(map).sort();
    if (slot.booked !== ids.length)
      report(
        "legalSlot.booked",
        [slot],
        ids.length,
        slot.booked,
        `slot ${slot.id}: booked ${slot.booked} but ${ids.length} bookings in its map`,
      );
    if (slot.booked > slot.seats)
      report(
        "legalSlot.capacity",
        [slot],
        `<= ${slot.seats}`,
        slot.booked,
        `slot ${slot.id}: ${slot.booked} booked on ${slot.seats} seats`,
      );
    const confirmed = bookingsOfSlot.get(slot.id) ?? [];
    const stored = Object.fromEntries(confirmed.map((b) => [b.id, b.userId]));
    const sortedStored = Object.fromEntries(Object.entries(stored).sort());
    const sortedMap = Object.fromEntries(Object.entries(map).sort());
    if (!same(sortedStored, sortedMap))
      report(
        "legalSlot.bookings",
        [slot, ...confirmed],
        sortedStored,
        sortedMap,
        `slot ${slot.id}: its map holds ${JSON.stringify(sortedMap)} but the confirmed bookings are ${JSON.stringify(sortedStored)}`,
      );
    const waiting = withPrefix(slot.PK, keys.waitlistPrefix);
    if ((slot.waitlistCount ?? 0) !== waiting.length)
      report(
        "legalSlot.waitlistCount",
        [slot, ...waiting],
        waiting.length,
        slot.waitlistCount,
        `slot ${slot.id}: waitlistCount ${slot.waitlistCount} but ${waiting.length} entries`,
      );
    for (const entry of waiting) {
      if (slot.status !== "open" || slot.booked < slot.seats)
        report(
          "legalWaitlist.slotOpenAndFull",
          [entry, slot],
          "an open, full slot",
          { status: slot.status, booked: slot.booked, seats: slot.seats },
          `waitlist entry of ${entry.userId} on slot ${slot.id}, which is ${slot.status} with ${slot.booked}/${slot.seats} booked`,
        );
      if (Object.values(map).includes(entry.userId))
        report(
          "legalWaitlist.alreadyBooked",
          [entry, slot],
          "not booked",
          "booked",
          `${entry.userId} waits for slot ${slot.id} and holds a seat on it`,
        );
      gsiMatches(entry, keys.waitlistByUserGsi(entry.userId, entry.startsAt, entry.slotId), "legalWaitlist");
    }
    gsiMatches(
      slot,
      {
        ...keys.slotByCommunityGsi(slot.communityId, slot.startsAt, slot.id),
        ...keys.slotByLawyerGsi(slot.lawyerId, slot.startsAt, slot.id),
      },
      "legalSlot",
    );
  }
  for (const entry of items.filter(
    (i) => String(i.PK).startsWith("SLOT#") && String(i.SK).startsWith(keys.waitlistPrefix),
  )) {
    if (!get({ PK: entry.PK, SK: "META" }))
      report(
        "legalWaitlist.slot",
        [entry],
        `${entry.PK} META`,
        null,
        `waitlist entry ${entry.PK} ${entry.SK}: its slot is missing`,
      );
  }
  for (const ledger of items.filter((i) => i.SK === "LEGAL#LEDGER")) {
    const userId = after(ledger.PK, "USER#");
    for (const [bookingId, entry] of Object.entries<Item>(ledger.active ?? {})) {
      const booking = get(keys.booking(bookingId));
      if (booking?.status !== "confirmed" || booking.userId !== userId || booking.slotId !== entry.slotId)
        report(
          "legalLedger.active",
          [ledger, keys.booking(bookingId)],
          "a confirmed booking of this resident",
          booking ? { status: booking.status, userId: booking.userId, slotId: booking.slotId } : null,
          `ledger of ${userId} holds ${bookingId}, which is ${booking ? `${booking.status} (of ${booking.userId})` : "missing"}`,
        );
    }
    for (const bookingId of Object.keys(ledger.noShows ?? {})) {
      const booking = get(keys.booking(bookingId));
      if (booking?.attendance !== "no_show")
        report(
          "legalLedger.noShows",
          [ledger, keys.booking(bookingId)],
          "no_show",
          booking?.attendance ?? null,
          `ledger of ${userId} counts a no-show for ${bookingId}, whose attendance is ${booking?.attendance ?? "missing"}`,
        );
    }
  }

  // ——— Window appointments ———
  const liveBySlot = new Map<string, Item[]>();
  const byTicket = new Map<string, Item[]>();
  for (const appointment of appointments) {
    const id = appointment.id as string;
    if (LIVE_WINDOW_STATUSES.has(appointment.status)) {
      const slotKey = `${appointment.centerId}\u0000${appointment.startsAt}`;
      liveBySlot.set(slotKey, [...(liveBySlot.get(slotKey) ?? []), appointment]);
      if (!get(keys.windowSlot(appointment.centerId, appointment.startsAt)))
        report(
          "windowSlot.booked",
          [keys.windowSlot(appointment.centerId, appointment.startsAt), appointment],
          "a counter",
          null,
          `appointment ${id} holds a seat at ${appointment.startsAt} but that slot has no counter`,
        );
    }
    byTicket.set(appointment.ticketCode, [...(byTicket.get(appointment.ticketCode) ?? []), appointment]);
    const ticket = get(keys.ticket(appointment.ticketCode));
    if (ticket?.appointmentId !== id)
      report(
        "windowAppointment.ticket",
        [appointment, keys.ticket(appointment.ticketCode)],
        id,
        ticket?.appointmentId ?? null,
        `appointment ${id}: ticket ${appointment.ticketCode} ${ticket ? `belongs to ${ticket.appointmentId}` : "is missing"}`,
      );
    const watch = get(keys.noShowDue(id));
    if (Boolean(watch) !== (appointment.status === "booked"))
      report(
        "windowNoShow.watch",
        [appointment, keys.noShowDue(id)],
        appointment.status === "booked" ? "a no-show watch" : "no watch",
        watch ? "a watch" : "none",
        `appointment ${id} is ${appointment.status} and ${watch ? "still has" : "has no"} no-show watch`,
      );
    if (watch) gsiMatches(watch, keys.noShowDueGsi(appointment.endsAt, id), "windowNoShow");
    if (!get(keys.center(appointment.centerId)))
      report(
        "windowAppointment.center",
        [appointment],
        appointment.centerId,
        null,
        `appointment ${id}: center ${appointment.centerId} is missing`,
      );
    if (
      (appointment.status === "booked" || appointment.status === "checked_in") &&
      appointment.endsAt > nowIso
    ) {
      const ledger = get(keys.windowLedger(appointment.userId));
      if (!ledger?.active?.[id])
        report(
          "windowLedger.missing",
          [keys.windowLedger(appointment.userId), appointment],
          id,
          null,
          `appointment ${id} is ${appointment.status} but not in ${appointment.userId}'s window ledger`,
        );
    }
    gsiMatches(
      appointment,
      {
        ...keys.appointmentByUserGsi(appointment.userId, appointment.startsAt, id),
        ...keys.appointmentByCenterGsi(appointment.centerId, appointment.startsAt, id),
      },
      "windowAppointment",
    );
  }
  // A matter taken in by proxy from an appointment: the case and the appointment name each other.
  for (const proxy of items.filter((i) => i.SK === "META" && String(i.PK).startsWith("WPROXY#"))) {
    if (!proxy.appointmentId) continue;
    const appointment = get(keys.appointment(proxy.appointmentId));
    if (appointment?.proxyCaseId !== proxy.id)
      report(
        "windowProxy.link",
        [proxy, keys.appointment(proxy.appointmentId)],
        proxy.id,
        appointment ? (appointment.proxyCaseId ?? null) : null,
        `proxy case ${proxy.id} was taken in from ${proxy.appointmentId}, which ${appointment ? `names ${appointment.proxyCaseId ?? "no case"}` : "is missing"}`,
      );
  }
  for (const appointment of appointments.filter((a) => a.proxyCaseId)) {
    const proxy = get(keys.proxyCase(appointment.proxyCaseId));
    if (proxy?.appointmentId !== appointment.id)
      report(
        "windowProxy.link",
        [appointment, keys.proxyCase(appointment.proxyCaseId)],
        appointment.id,
        proxy ? proxy.appointmentId : null,
        `appointment ${appointment.id} names proxy case ${appointment.proxyCaseId}, which ${proxy ? `belongs to ${proxy.appointmentId}` : "is missing"}`,
      );
  }
  for (const [code, holders] of byTicket) {
    if (holders.length > 1)
      report(
        "windowTicket.unique",
        holders,
        1,
        holders.length,
        `ticket ${code} is on ${holders.length} appointments`,
      );
  }
  for (const ticket of items.filter((i) => i.SK === "TICKET" && String(i.PK).startsWith("TICKET#"))) {
    const appointment = get(keys.appointment(ticket.appointmentId));
    if (!appointment || appointment.ticketCode !== after(ticket.PK, "TICKET#"))
      report(
        "windowTicket.appointment",
        [ticket],
        after(ticket.PK, "TICKET#"),
        appointment?.ticketCode ?? null,
        `ticket ${ticket.PK} → appointment ${ticket.appointmentId} ${appointment ? `with ticket ${appointment.ticketCode}` : "missing"}`,
      );
  }
  for (const watch of items.filter((i) => i.SK === "NOSHOW" && String(i.PK).startsWith("WAPPT#"))) {
    if (!get({ PK: watch.PK, SK: "META" }))
      report(
        "windowNoShow.watch",
        [watch],
        "an appointment",
        null,
        `no-show watch ${watch.PK}: the appointment is missing`,
      );
  }
  for (const counter of items.filter(
    (i) => String(i.PK).startsWith("CENTER#") && String(i.PK).endsWith("#WSLOTS"),
  )) {
    const centerId = after(counter.PK, "CENTER#").slice(0, -"#WSLOTS".length);
    const live = liveBySlot.get(`${centerId}\u0000${counter.SK}`) ?? [];
    if (counter.booked !== live.length)
      report(
        "windowSlot.booked",
        [counter, ...live],
        live.length,
        counter.booked,
        `center ${centerId} slot ${counter.SK}: counter ${counter.booked} but ${live.length} appointments hold a seat`,
      );
    const center = get(keys.center(centerId));
    if (center && counter.booked > center.windows)
      report(
        "windowSlot.capacity",
        [counter, center],
        `<= ${center.windows}`,
        counter.booked,
        `center ${centerId} slot ${counter.SK}: ${counter.booked} booked on ${center.windows} windows`,
      );
  }
  for (const ledger of items.filter((i) => i.SK === "WINDOW#LEDGER")) {
    const userId = after(ledger.PK, "USER#");
    for (const appointmentId of Object.keys(ledger.active ?? {})) {
      const appointment = get(keys.appointment(appointmentId));
      if (!appointment || appointment.userId !== userId || !WINDOW_LEDGER_STATUSES.has(appointment.status))
        report(
          "windowLedger.active",
          [ledger, keys.appointment(appointmentId)],
          "an appointment of this resident not yet handled",
          appointment ? { status: appointment.status, userId: appointment.userId } : null,
          `window ledger of ${userId} holds ${appointmentId}, which is ${appointment ? `${appointment.status} (of ${appointment.userId})` : "missing"}`,
        );
    }
  }

  // ——— Deliberation ———
  for (const topic of items.filter((i) => i.SK === "META" && String(i.PK).startsWith("DELIB#"))) {
    const topicId = after(topic.PK, "DELIB#");
    const seconds = partition(keys.second(topicId, "").PK);
    if ((topic.seconds ?? 0) !== seconds.length)
      report(
        "delibTopic.seconds",
        [topic],
        seconds.length,
        topic.seconds,
        `topic ${topicId}: seconds ${topic.seconds} but ${seconds.length} seconding households`,
      );
    const comments = partition(keys.comment(topicId, "").PK);
    if ((topic.commentCount ?? 0) !== comments.length)
      report(
        "delibTopic.commentCount",
        [topic],
        comments.length,
        topic.commentCount,
        `topic ${topicId}: commentCount ${topic.commentCount} but ${comments.length} comments`,
      );
    gsiMatches(
      topic,
      {
        ...keys.topicByStatusGsi(topic.communityId, topic.status, topic.createdAt, topicId),
        ...keys.topicByCommunityGsi(topic.communityId, topic.createdAt, topicId),
      },
      "delibTopic",
    );
    const vote = get(keys.vote(topicId));
    if (topic.status === "voting" && (!vote || vote.state === "closed"))
      report(
        "delibTopic.vote",
        [topic],
        "a vote not closed",
        vote?.state ?? null,
        `topic ${topicId} is voting but its vote is ${vote?.state ?? "missing"}`,
      );
    if (vote?.state === "closed" && topic.status !== "decided" && topic.status !== "rejected")
      report(
        "delibTopic.vote",
        [topic, vote],
        "decided or rejected",
        topic.status,
        `topic ${topicId}: its vote is closed but the topic is ${topic.status}`,
      );
    if (vote && vote.state !== "closed" && topic.status !== "voting")
      report(
        "delibTopic.vote",
        [topic, vote],
        "voting",
        topic.status,
        `topic ${topicId}: its vote is ${vote.state} but the topic is ${topic.status}`,
      );
  }
  for (const vote of items.filter((i) => i.SK === "VOTE" && String(i.PK).startsWith("DELIB#"))) {
    const topicId = after(vote.PK, "DELIB#");
    const shards = withPrefix(vote.PK, keys.tallyPrefix);
    const expectedShards = vote.state === "scheduled" ? 0 : TALLY_SHARDS;
    if (shards.length !== expectedShards)
      report(
        "delibVote.shards",
        [vote],
        expectedShards,
        shards.length,
        `vote ${topicId} (${vote.state}): ${shards.length} tally shards`,
      );
    if (vote.state === "closed") {
      const open = shards.filter((s) => s.state !== "closed");
      if (open.length > 0)
        report(
          "delibVote.shardState",
          [vote, ...open],
          "closed",
          "open",
          `vote ${topicId} is closed but ${open.length} shards are open`,
        );
      if (vote.GSI1PK !== undefined)
        report(
          "delibVote.gsi",
          [vote],
          null,
          vote.GSI1PK,
          `vote ${topicId} is closed but still listed as due`,
        );
    } else {
      const due = keys.voteDueGsi(vote.state === "open" ? vote.closesAt : vote.opensAt, topicId);
      gsiMatches(vote, due, "delibVote");
    }
    if (vote.state === "scheduled") continue;
    const tally = Object.fromEntries(
      CHOICES.map((c) => [
        c,
        {
          count: shards.reduce((sum, s) => sum + Number(s[`${c}Count`] ?? 0), 0),
          area: shards.reduce((sum, s) => sum + Number(s[`${c}Area`] ?? 0), 0),
        },
      ]),
    );
    const choices = partition(keys.ballotChoice(topicId, "").PK);
    const fromBallots = Object.fromEntries(
      CHOICES.map((c) => {
        const mine = choices.filter((b) => b.choice === c);
        return [c, { count: mine.length, area: mine.reduce((sum, b) => sum + Number(b.area), 0) }];
      }),
    );
    if (!same(tally, fromBallots))
      report(
        "delibVote.tally",
        [vote, ...shards],
        fromBallots,
        tally,
        `vote ${topicId}: the tally ${JSON.stringify(tally)} differs from the stored ballots ${JSON.stringify(fromBallots)}`,
      );
    if (vote.state === "closed" && vote.result && !same(vote.result.tally, tally))
      report(
        "delibVote.result",
        [vote],
        tally,
        vote.result.tally,
        `vote ${topicId}: the published result differs from the shards`,
      );
    const units = withPrefix(keys.rollPartition(topicId, vote.rollId), "UNIT#");
    const eligible = { count: units.length, area: units.reduce((sum, u) => sum + Number(u.area), 0) };
    if (!same(vote.eligible, eligible))
      report(
        "delibVote.eligible",
        [vote],
        eligible,
        vote.eligible,
        `vote ${topicId}: eligible ${JSON.stringify(vote.eligible)} but the roll holds ${JSON.stringify(eligible)}`,
      );
    const sealed = new Map(units.map((u) => [sealUnit(vote.sealSalt, u.unitId), u]));
    for (const unit of units) {
      const choice = get(keys.ballotChoice(topicId, sealUnit(vote.sealSalt, unit.unitId)));
      if (Boolean(choice) !== Boolean(unit.voted))
        report(
          "delibBallot.unit",
          [unit],
          unit.voted ? "a stored ballot" : "no ballot",
          choice ? "a ballot" : "none",
          `vote ${topicId}, unit ${unit.label ?? unit.unitId}: voted ${unit.voted} but ${choice ? "a ballot is" : "no ballot is"} stored`,
        );
      else if (choice && Number(choice.area) !== Number(unit.area))
        report(
          "delibBallot.area",
          [unit, choice],
          unit.area,
          choice.area,
          `vote ${topicId}, unit ${unit.unitId}: ballot area ${choice.area}, unit area ${unit.area}`,
        );
      if (choice && !vote.secret && unit.publicChoice !== choice.choice)
        report(
          "delibBallot.public",
          [unit, choice],
          choice.choice,
          unit.publicChoice,
          `public vote ${topicId}, unit ${unit.unitId}: shows ${unit.publicChoice}, counted ${choice.choice}`,
        );
    }
    for (const choice of choices) {
      if (!sealed.has(choice.SK))
        report(
          "delibBallot.orphan",
          [choice],
          "a ballot of a roll unit",
          choice.SK,
          `vote ${topicId}: a stored ballot belongs to no unit of roll ${vote.rollId}`,
        );
    }
    const rollPk = keys.rollPartition(topicId, vote.rollId);
    const unitHouseholds = new Map<string, string>();
    for (const unit of units) {
      for (const householdId of unit.householdIds ?? []) {
        const other = unitHouseholds.get(householdId);
        if (other)
          report(
            "delibRoll.onePerHousehold",
            [unit],
            1,
            2,
            `vote ${topicId}: household ${householdId} is in units ${other} and ${unit.SK}`,
          );
        unitHouseholds.set(householdId, unit.SK);
      }
    }
    for (const pointer of partition(rollPk)) {
      if (String(pointer.SK).startsWith("VOTER#")) {
        const voterId = after(pointer.SK, "VOTER#");
        for (const unitSK of pointer.unitSKs ?? []) {
          if (!get({ PK: rollPk, SK: unitSK })?.voterIds?.includes(voterId))
            report(
              "delibRoll.pointer",
              [pointer],
              unitSK,
              null,
              `vote ${topicId}: voter ${voterId} points to ${unitSK}, which does not list them`,
            );
        }
      } else if (String(pointer.SK).startsWith("HH#")) {
        const householdId = after(pointer.SK, "HH#");
        if (!get({ PK: rollPk, SK: pointer.unitSK })?.householdIds?.includes(householdId))
          report(
            "delibRoll.pointer",
            [pointer],
            pointer.unitSK,
            null,
            `vote ${topicId}: household ${householdId} points to ${pointer.unitSK}, which does not list it`,
          );
      }
    }
  }

  // ——— Notices ———
  for (const notice of items.filter((i) => i.SK === "META" && String(i.PK).startsWith("NOTICE#"))) {
    const noticeId = after(notice.PK, "NOTICE#");
    const shards = withPrefix(notice.PK, keys.noticeShardPrefix);
    const receipts = withPrefix(keys.noticeReceiptPartition(noticeId), "HH#");
    const counted = {
      reads: shards.reduce((sum, s) => sum + Number(s.reads ?? 0), 0),
      acks: shards.reduce((sum, s) => sum + Number(s.acks ?? 0), 0),
    };
    const stored = { reads: receipts.length, acks: receipts.filter((r) => r.ackAt).length };
    if (!same(counted, stored))
      report(
        "notice.counters",
        [notice, ...shards],
        stored,
        counted,
        `notice ${noticeId}: counters ${JSON.stringify(counted)} but receipts ${JSON.stringify(stored)}`,
      );
  }
  for (const receipt of items.filter(
    (i) => String(i.PK).startsWith("NOTICE#") && String(i.PK).endsWith("#RECEIPTS"),
  )) {
    const noticeId = after(receipt.PK, "NOTICE#").slice(0, -"#RECEIPTS".length);
    if (!get(keys.notice(noticeId)))
      report(
        "notice.receipt",
        [receipt],
        noticeId,
        null,
        `receipt ${receipt.SK} of a missing notice ${noticeId}`,
      );
  }

  // ——— Messages and the outbox ———
  const inboxIds = new Set(
    items.filter((i) => i.entity === "Message").map((m) => `${m.userId}\u0000${m.id}`),
  );
  for (const entry of items.filter((i) => i.SK === "OUTBOX" && String(i.PK).startsWith("OUTBOX#"))) {
    const id = after(entry.PK, "OUTBOX#");
    const problems: string[] = [];
    if (entry.id !== id) problems.push(`id ${entry.id}`);
    if (!OUTBOX_STATUSES.has(entry.status)) problems.push(`status ${entry.status}`);
    if (!Number.isInteger(entry.attempts) || entry.attempts < 0 || entry.attempts > MAX_ATTEMPTS)
      problems.push(`attempts ${entry.attempts}`);
    if (typeof entry.dueAt !== "string" || !ISO_INSTANT.test(entry.dueAt))
      problems.push(`dueAt ${entry.dueAt}`);
    if (typeof entry.kind !== "string" || !entry.kind.includes(".")) problems.push(`kind ${entry.kind}`);
    if (entry.status === "pending") {
      const due = keys.outboxDueGsi(entry.nextAttemptAt ?? entry.dueAt, id);
      if (entry.GSI1PK !== due.GSI1PK || entry.GSI1SK !== due.GSI1SK)
        problems.push(`due index ${entry.GSI1PK} ${entry.GSI1SK}`);
    } else if (entry.status === "failed") {
      if (entry.GSI1PK !== keys.outboxFailedGsi("", "").GSI1PK)
        problems.push(`failed but indexed ${entry.GSI1PK}`);
    } else if (entry.GSI1PK !== undefined || typeof entry.expiresAt !== "number") {
      problems.push(`${entry.status} but indexed ${entry.GSI1PK} / expiresAt ${entry.expiresAt}`);
    }
    if (problems.length)
      report(
        "outbox.wellFormed",
        [entry],
        "a well-formed entry",
        problems,
        `outbox ${id}: ${problems.join(", ")}`,
      );
    if (!userExists(entry.userId))
      report("outbox.user", [entry], entry.userId, null, `outbox ${id}: user ${entry.userId} is missing`);
    if (entry.deliverToInbox === false && !inboxIds.has(`${entry.userId}\u0000${id}`))
      report(
        "outbox.inbox",
        [entry],
        "its message in the list",
        null,
        `outbox ${id}: due at once but no message ${id} in ${entry.userId}'s list`,
      );
    if (entry.status === "pending" && String(entry.kind).startsWith("legal.reminder")) {
      const booking = get(keys.booking(entry.params?.bookingId));
      if (booking?.status !== "confirmed")
        report(
          "outbox.target",
          [entry],
          "a confirmed booking",
          booking?.status ?? null,
          `outbox ${id}: reminder of booking ${entry.params?.bookingId}, which is ${booking?.status ?? "missing"}`,
        );
    }
    if (entry.status === "pending" && entry.kind === "window.reminder") {
      const appointment = get(keys.appointment(entry.params?.appointmentId));
      if (!appointment || !LIVE_WINDOW_STATUSES.has(appointment.status))
        report(
          "outbox.target",
          [entry],
          "a live appointment",
          appointment?.status ?? null,
          `outbox ${id}: reminder of appointment ${entry.params?.appointmentId}, which is ${appointment?.status ?? "missing"}`,
        );
    }
  }
  for (const message of items.filter((i) => i.entity === "Message")) {
    gsiMatches(message, keys.inboxMessageByIdGsi(message.userId, message.id), "message");
    if (!userExists(message.userId))
      report(
        "message.user",
        [message],
        message.userId,
        null,
        `message ${message.id}: user ${message.userId} is missing`,
      );
  }

  // ——— Cases: reports and disputes ———
  const cases = items.filter((i) => i.SK === "META" && String(i.PK).startsWith("CASE#"));
  const caseById = new Map(cases.map((c) => [String(c.id), c]));
  const secondLevel = options.caseSecondLevelWorkingDays ?? 2;
  /** The users a case keeps a pointer for: its reporter, or its parties who are users (a deleted one is gone from both). */
  const pointedUsers = (c: Item): string[] =>
    c.kind === "report"
      ? c.filedBy === DELETED_USER_ID
        ? []
        : [String(c.filedBy)]
      : [...new Set<string>(c.partyUserIds ?? [])];
  const assigneeOf = (c: Item): string | null =>
    !c.assignee
      ? null
      : c.assignee.kind === "department"
        ? `DEPT#${c.assignee.departmentId}`
        : `STAFF#${c.assignee.userId}`;
  /** Numbers issued, per counter (`<prefix>#<yyyymmdd>`): from the cases and from the guards. */
  const issued = new Map<string, { seq: number; item: Item }[]>();
  const noteIssued = (number: unknown, item: Item) => {
    const match = /^(HX|TJ)-(\d{8})-(\d{4,})$/.exec(String(number));
    if (!match) return;
    const day = `${match[1]}#${match[2]}`;
    const list = issued.get(day) ?? [];
    list.push({ seq: Number(match[3]), item });
    issued.set(day, list);
  };
  for (const c of cases) {
    const caseId = after(c.PK, "CASE#");
    const open = isOpen(c as never);
    noteIssued(c.number, c);
    // Its number's guard, pointing back at it.
    const guard = get(keys.caseNumber(String(c.number)));
    if (!guard || guard.caseId !== caseId)
      report(
        "case.number",
        [c, ...(guard ? [guard] : [])],
        caseId,
        guard?.caseId ?? null,
        `case ${caseId}: number ${c.number} has ${guard ? `a guard for case ${guard.caseId}` : "no guard"}`,
      );
    // Open or done in the community index, as its status says.
    const state = open ? "OPEN" : "DONE";
    const expectedGsi = {
      ...keys.caseByCommunityGsi(
        String(c.communityId),
        state,
        open ? String(c.createdAt) : String(c.finishedAt ?? c.updatedAt),
        caseId,
      ),
      ...keys.caseByCreationGsi(String(c.communityId), String(c.createdAt), caseId),
    };
    if (c.GSI1PK !== expectedGsi.GSI1PK && String(c.GSI1PK).endsWith(open ? "#DONE" : "#OPEN"))
      report(
        "case.state",
        [c],
        state,
        String(c.GSI1PK),
        `case ${caseId} (${c.status}) is indexed ${c.GSI1PK}, should be ${state}`,
      );
    else gsiMatches(c, expectedGsi, "case");
    // A pointer for each user who is its reporter or a party.
    for (const userId of pointedUsers(c))
      if (!get(keys.caseParty(caseId, userId)))
        report(
          "case.party",
          [c],
          userId,
          null,
          `case ${caseId}: no pointer for ${c.kind === "report" ? "its reporter" : "its party"} ${userId}`,
        );
    // The assignment pointer: there iff it has an assignee, naming it.
    const assignee = assigneeOf(c);
    const assignment = get(keys.caseAssignment(caseId));
    if ((assignment?.assignee ?? null) !== assignee)
      report(
        "case.assignment",
        [c, ...(assignment ? [assignment] : [])],
        assignee,
        assignment?.assignee ?? null,
        `case ${caseId}: assigned to ${assignee ?? "nobody"} but its pointer names ${assignment?.assignee ?? "nobody"}`,
      );
    else if (assignment && assignee)
      gsiMatches(
        assignment,
        keys.caseAssignmentGsi(String(c.communityId), assignee, String(c.createdAt), caseId),
        "caseAssignment",
      );
    // The escalation watch: what nextWatch says, no more, no less.
    const expectedWatch = nextWatch(c as never, secondLevel);
    const watch = get(keys.caseWatch(caseId));
    const foundWatch = watch ? { dueAt: watch.dueAt, level: watch.level, cycle: watch.cycle } : null;
    if (!same(foundWatch, expectedWatch))
      report(
        "case.watch",
        [c, ...(watch ? [watch] : [])],
        expectedWatch,
        foundWatch,
        `case ${caseId} (${c.status}, level ${c.escalationLevel}, due ${c.dueAt}): watch ${JSON.stringify(foundWatch)}, should be ${JSON.stringify(expectedWatch)}`,
      );
    else if (watch && expectedWatch)
      gsiMatches(watch, keys.caseWatchGsi(expectedWatch.dueAt, caseId), "caseWatch");
  }
  // One dispute per referred consultation: its guard, both ways.
  for (const c of cases.filter((i) => i.kind === "dispute" && i.referralBookingId)) {
    const guard = get(keys.caseReferral(String(c.referralBookingId)));
    if (guard?.caseId !== c.id)
      report(
        "case.referral",
        [c, ...(guard ? [guard] : [])],
        c.id,
        guard?.caseId ?? null,
        `dispute ${c.id} was referred from booking ${c.referralBookingId}, whose guard names ${guard?.caseId ?? "nothing"}`,
      );
  }
  for (const guard of items.filter((i) => i.SK === "REFERRAL" && String(i.PK).startsWith("BOOKING#"))) {
    const c = caseById.get(String(guard.caseId));
    if (!c || c.referralBookingId !== after(guard.PK, "BOOKING#"))
      report(
        "case.referral",
        [guard, ...(c ? [c] : [])],
        after(guard.PK, "BOOKING#"),
        c?.referralBookingId ?? null,
        `referral guard ${guard.PK} → case ${guard.caseId}, ${c ? "which was not referred from it" : "which is missing"}`,
      );
  }
  for (const guard of items.filter((i) => i.SK === "CASENO" && String(i.PK).startsWith("CASENO#"))) {
    const number = after(guard.PK, "CASENO#");
    noteIssued(number, guard);
    const c = caseById.get(String(guard.caseId));
    if (!c || c.number !== number)
      report(
        "caseNumber.case",
        [guard, ...(c ? [c] : [])],
        number,
        c?.number ?? null,
        `number ${number} → case ${guard.caseId}, ${c ? `whose number is ${c.number}` : "which is missing"}`,
      );
  }
  for (const pointer of items.filter(
    (i) => String(i.PK).startsWith("CASE#") && String(i.SK).startsWith("PARTY#"),
  )) {
    const caseId = after(pointer.PK, "CASE#");
    const userId = after(pointer.SK, "PARTY#");
    const c = caseById.get(caseId);
    if (!c || !pointedUsers(c).includes(userId) || pointer.userId !== userId || pointer.caseId !== caseId)
      report(
        "caseParty.case",
        [pointer, ...(c ? [c] : [])],
        "a case naming this user",
        c ? pointedUsers(c) : null,
        `pointer of ${userId} → case ${caseId}, ${c ? "which does not name them" : "which is missing"}`,
      );
    else
      gsiMatches(
        pointer,
        keys.casePartyByUserGsi(userId, String(c.kind).toUpperCase(), String(c.createdAt), caseId),
        "caseParty",
      );
  }
  for (const orphan of items.filter(
    (i) =>
      String(i.PK).startsWith("CASE#") &&
      (i.SK === "ASSIGNED" || i.SK === "WATCH") &&
      !get({ PK: i.PK, SK: "META" }),
  ))
    report(
      orphan.SK === "ASSIGNED" ? "case.assignment" : "case.watch",
      [orphan],
      null,
      orphan.SK,
      `${orphan.PK} ${orphan.SK}: the case is missing`,
    );
  for (const counter of items.filter((i) => i.SK === "COUNTER" && String(i.PK).startsWith("CASENO#"))) {
    const day = after(counter.PK, "CASENO#");
    const highest = Math.max(0, ...(issued.get(day) ?? []).map((n) => n.seq));
    if (!(Number(counter.seq) >= highest))
      report(
        "caseCounter.seq",
        [counter],
        `at least ${highest}`,
        counter.seq ?? null,
        `counter ${day} is at ${counter.seq} but number ${highest} was issued that day`,
      );
  }
  for (const [day, numbers] of issued)
    if (!get({ PK: `CASENO#${day}`, SK: "COUNTER" }))
      report(
        "caseCounter.seq",
        numbers.map((n) => n.item),
        `at least ${Math.max(...numbers.map((n) => n.seq))}`,
        null,
        `numbers of ${day} were issued but its counter is missing`,
      );

  // ——— Departments and their handlers ———
  const departments = items.filter(
    (i) => i.entity === "Department" && String(i.SK).startsWith(keys.departmentPrefix),
  );
  for (const department of departments) {
    if (department.active === false) continue;
    for (const userId of department.handlerIds ?? [])
      if (!get(keys.handlerOf(userId, String(department.communityId), String(department.id))))
        report(
          "department.handler",
          [department],
          userId,
          null,
          `department ${department.id}: handler ${userId} has no pointer to it`,
        );
  }
  for (const pointer of items.filter(
    (i) => String(i.PK).startsWith("USER#") && String(i.SK).startsWith(keys.handlerPrefix),
  )) {
    const userId = after(pointer.PK, "USER#");
    const [communityId = "", departmentId = ""] = after(pointer.SK, keys.handlerPrefix).split("#");
    const department = get(keys.department(communityId, departmentId));
    if (!department || department.active === false || !(department.handlerIds ?? []).includes(userId))
      report(
        "handler.department",
        [pointer, ...(department ? [department] : [])],
        "an active department listing them",
        department ? { active: department.active, handlerIds: department.handlerIds } : null,
        `handler pointer of ${userId} → department ${departmentId} of ${communityId}, ${department ? "which does not list them (or is inactive)" : "which is missing"}`,
      );
  }

  // ——— Idempotency records ———
  for (const record of items.filter((i) => i.SK === "IDEMPOTENCY")) {
    if (record.state === "done") {
      if (
        !Number.isInteger(record.status) ||
        record.status < 200 ||
        record.status > 299 ||
        record.body === undefined
      )
        report(
          "idempotency.done",
          [record],
          "a 2xx status and a body",
          { status: record.status ?? null, body: record.body !== undefined },
          `idempotency record ${record.PK} is done without a stored response`,
        );
    } else if (
      record.state !== "running" ||
      typeof record.lockToken !== "string" ||
      typeof record.lockedUntil !== "number"
    ) {
      report(
        "idempotency.running",
        [record],
        "running with a lock",
        record.state ?? null,
        `idempotency record ${record.PK}: state ${record.state} without a lock`,
      );
    }
  }
  return violations;
}
