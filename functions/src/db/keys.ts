/**
 * Every key in the table is built here, so the shapes in ACCESS_PATTERNS.md have one source.
 * Values are `ENTITY#id`; ids never contain '#'.
 */
export const keys = {
  user: (userId: string) => ({ PK: `USER#${userId}`, SK: "PROFILE" }),
  openid: (openid: string) => ({ PK: `OPENID#${openid}`, SK: "OPENID" }),

  community: (communityId: string) => ({ PK: `COMMUNITY#${communityId}`, SK: "META" }),
  communityListGsi: (name: string, communityId: string) => ({
    GSI1PK: "COMMUNITIES",
    GSI1SK: `${name}#${communityId}`,
  }),
  building: (communityId: string, buildingId: string) => ({
    PK: `COMMUNITY#${communityId}`,
    SK: `BUILDING#${buildingId}`,
  }),
  buildingPrefix: "BUILDING#",

  household: (householdId: string) => ({ PK: `HOUSEHOLD#${householdId}`, SK: "META" }),
  householdListGsi: (communityId: string, buildingId: string, unit: string, room: string) => ({
    GSI1PK: `COMMUNITY#${communityId}#HOUSEHOLDS`,
    // Padded so that string order is address order (room 201 before room 1001).
    GSI1SK: `BUILDING#${buildingId}#UNIT#${unit.padStart(4, "0")}#ROOM#${room.padStart(8, "0")}`,
  }),
  /** Guards one household per address; written in the same transaction as the household. */
  address: (communityId: string, buildingId: string, unit: string, room: string) => ({
    PK: `COMMUNITY#${communityId}`,
    SK: `ADDRESS#${buildingId}#${unit}#${room}`,
  }),

  membership: (userId: string, householdId: string) => ({
    PK: `USER#${userId}`,
    SK: `MEMBER#${householdId}`,
  }),
  membershipPrefix: "MEMBER#",
  membershipByHouseholdGsi: (householdId: string, userId: string) => ({
    GSI1PK: `HOUSEHOLD#${householdId}#MEMBERS`,
    GSI1SK: `USER#${userId}`,
  }),
  /** Every verified resident of a community, by household: a vote's electorate is read from it. */
  membershipByCommunityGsi: (communityId: string, householdId: string, userId: string) => ({
    GSI2PK: `COMMUNITY#${communityId}#MEMBERS`,
    GSI2SK: `${householdId}#${userId}`,
  }),

  verificationRequest: (userId: string, requestId: string) => ({
    PK: `USER#${userId}`,
    SK: `VREQ#${requestId}`,
  }),
  verificationQueueGsi: (communityId: string, status: string, createdAt: string, requestId: string) => ({
    GSI1PK: `COMMUNITY#${communityId}#VREQ#${status}`,
    GSI1SK: `${createdAt}#${requestId}`,
  }),

  audit: (communityId: string, at: string, auditId: string) => ({
    PK: `COMMUNITY#${communityId}#AUDIT`,
    SK: `${at}#${auditId}`,
  }),
  auditBySubjectGsi: (subjectUserId: string, at: string, auditId: string) => ({
    GSI1PK: `USER#${subjectUserId}#AUDIT`,
    GSI1SK: `${at}#${auditId}`,
  }),

  // ——— Legal consultations ———
  legalSettings: (communityId: string) => ({ PK: `COMMUNITY#${communityId}`, SK: "LEGAL#SETTINGS" }),
  lawyer: (communityId: string, lawyerId: string) => ({
    PK: `COMMUNITY#${communityId}`,
    SK: `LAWYER#${lawyerId}`,
  }),
  lawyerPrefix: "LAWYER#",
  roster: (communityId: string, rosterId: string) => ({
    PK: `COMMUNITY#${communityId}#ROSTERS`,
    SK: `ROSTER#${rosterId}`,
  }),
  slot: (slotId: string) => ({ PK: `SLOT#${slotId}`, SK: "META" }),
  slotByCommunityGsi: (communityId: string, startsAt: string, slotId: string) => ({
    GSI1PK: `COMMUNITY#${communityId}#LEGALSLOTS`,
    GSI1SK: `${startsAt}#${slotId}`,
  }),
  slotByLawyerGsi: (lawyerId: string, startsAt: string, slotId: string) => ({
    GSI2PK: `LAWYER#${lawyerId}#LEGALSLOTS`,
    GSI2SK: `${startsAt}#${slotId}`,
  }),
  /** One per resident per slot; the slot's partition holds its queue. */
  waitlistEntry: (slotId: string, userId: string) => ({ PK: `SLOT#${slotId}`, SK: `WAIT#${userId}` }),
  waitlistPrefix: "WAIT#",
  waitlistByUserGsi: (userId: string, startsAt: string, slotId: string) => ({
    GSI1PK: `USER#${userId}#LEGALWAIT`,
    GSI1SK: `${startsAt}#${slotId}`,
  }),
  booking: (bookingId: string) => ({ PK: `BOOKING#${bookingId}`, SK: "META" }),
  bookingByUserGsi: (userId: string, startsAt: string, bookingId: string) => ({
    GSI1PK: `USER#${userId}#LEGAL`,
    GSI1SK: `${startsAt}#${bookingId}`,
  }),
  /** Community bookings in time order; `<startsAt>#<slotId>#` is one slot's bookings. */
  bookingByCommunityGsi: (communityId: string, startsAt: string, slotId: string, bookingId: string) => ({
    GSI2PK: `COMMUNITY#${communityId}#LEGALBOOKINGS`,
    GSI2SK: `${startsAt}#${slotId}#${bookingId}`,
  }),
  /** A resident's active bookings and no-shows, version-locked: the booking limits are decided on it. */
  legalLedger: (userId: string) => ({ PK: `USER#${userId}`, SK: "LEGAL#LEDGER" }),

  // ——— Window appointments ———
  matter: (matterId: string) => ({ PK: `MATTER#${matterId}`, SK: "META" }),
  matterByCommunityGsi: (communityId: string, matterId: string) => ({
    GSI1PK: `COMMUNITY#${communityId}#MATTERS`,
    GSI1SK: matterId,
  }),
  center: (centerId: string) => ({ PK: `CENTER#${centerId}`, SK: "META" }),
  centerByCommunityGsi: (communityId: string, centerId: string) => ({
    GSI1PK: `COMMUNITY#${communityId}#CENTERS`,
    GSI1SK: centerId,
  }),
  /** An ad-hoc closure; the booking transaction requires it absent, so no booking lands on a closed day. */
  closure: (centerId: string, date: string) => ({ PK: `CENTER#${centerId}#CLOSURES`, SK: date }),
  /** A slot's seat counter, created by its first booking; one partition per center, sorted by time. */
  windowSlot: (centerId: string, startsAt: string) => ({ PK: `CENTER#${centerId}#WSLOTS`, SK: startsAt }),
  appointment: (appointmentId: string) => ({ PK: `WAPPT#${appointmentId}`, SK: "META" }),
  appointmentByUserGsi: (userId: string, startsAt: string, appointmentId: string) => ({
    GSI1PK: `USER#${userId}#WINDOW`,
    GSI1SK: `${startsAt}#${appointmentId}`,
  }),
  appointmentByCenterGsi: (centerId: string, startsAt: string, appointmentId: string) => ({
    GSI2PK: `CENTER#${centerId}#WAPPTS`,
    GSI2SK: `${startsAt}#${appointmentId}`,
  }),
  /** Ticket code → appointment; its existence guard makes every code unique. */
  ticket: (code: string) => ({ PK: `TICKET#${code}`, SK: "TICKET" }),
  /** Present while an appointment still waits for the resident; the no-show job reads the due ones. */
  noShowDue: (appointmentId: string) => ({ PK: `WAPPT#${appointmentId}`, SK: "NOSHOW" }),
  noShowDueGsi: (endsAt: string, appointmentId: string) => ({
    GSI1PK: "WINDOW#NOSHOW#DUE",
    GSI1SK: `${endsAt}#${appointmentId}`,
  }),
  windowLedger: (userId: string) => ({ PK: `USER#${userId}`, SK: "WINDOW#LEDGER" }),
  /** A resident's last visit for a matter: what was missing, for the next booking's checklist. */
  matterVisit: (userId: string, matterId: string) => ({ PK: `USER#${userId}`, SK: `WVISIT#${matterId}` }),
  proxyCase: (proxyId: string) => ({ PK: `WPROXY#${proxyId}`, SK: "META" }),
  proxyByUserGsi: (userId: string, receivedAt: string, proxyId: string) => ({
    GSI1PK: `USER#${userId}#WPROXY`,
    GSI1SK: `${receivedAt}#${proxyId}`,
  }),
  proxyByCommunityGsi: (communityId: string, receivedAt: string, proxyId: string) => ({
    GSI2PK: `COMMUNITY#${communityId}#WPROXY`,
    GSI2SK: `${receivedAt}#${proxyId}`,
  }),

  // ——— Deliberation ———
  /** Per-community settings (the share of households that makes a proposal a topic). */
  deliberationSettings: (communityId: string) => ({ PK: `COMMUNITY#${communityId}`, SK: "DELIB#SETTINGS" }),
  /** A topic's partition holds the topic, its vote and the vote's tally shards: one Query reads all. */
  topic: (topicId: string) => ({ PK: `DELIB#${topicId}`, SK: "META" }),
  topicPartition: (topicId: string) => `DELIB#${topicId}`,
  topicByStatusGsi: (communityId: string, status: string, createdAt: string, topicId: string) => ({
    GSI1PK: `COMMUNITY#${communityId}#DELIBS#${status}`,
    GSI1SK: `${createdAt}#${topicId}`,
  }),
  topicByCommunityGsi: (communityId: string, createdAt: string, topicId: string) => ({
    GSI2PK: `COMMUNITY#${communityId}#DELIBS`,
    GSI2SK: `${createdAt}#${topicId}`,
  }),
  vote: (topicId: string) => ({ PK: `DELIB#${topicId}`, SK: "VOTE" }),
  /** Counters per choice, split over shards so no single item takes every ballot. */
  tallyShard: (topicId: string, shard: number) => ({ PK: `DELIB#${topicId}`, SK: `VOTE#TALLY#${shard}` }),
  tallyPrefix: "VOTE#TALLY#",
  /** A vote waiting to open or to close; the job reads the due ones. */
  voteDueGsi: (dueAt: string, topicId: string) => ({
    GSI1PK: "DELIB#VOTES#DUE",
    GSI1SK: `${dueAt}#${topicId}`,
  }),
  /** One per household that seconded a proposal. */
  second: (topicId: string, householdId: string) => ({ PK: `DELIB#${topicId}#SECONDS`, SK: householdId }),
  comment: (topicId: string, commentId: string) => ({ PK: `DELIB#${topicId}#COMMENTS`, SK: commentId }),
  /**
   * The frozen electorate of a vote, under the roll id of the snapshot that opened it: ballot units
   * (`UNIT#<buildingId>#<unitId>`, so one building's units are one key range), and pointers from
   * each voter (`VOTER#<userId>`) and each household (`HH#<householdId>`) to their unit.
   */
  rollPartition: (topicId: string, rollId: string) => `DELIB#${topicId}#ROLL#${rollId}`,
  rollUnit: (topicId: string, rollId: string, buildingId: string, unitId: string) => ({
    PK: `DELIB#${topicId}#ROLL#${rollId}`,
    SK: `UNIT#${buildingId}#${unitId}`,
  }),
  rollVoter: (topicId: string, rollId: string, userId: string) => ({
    PK: `DELIB#${topicId}#ROLL#${rollId}`,
    SK: `VOTER#${userId}`,
  }),
  rollHousehold: (topicId: string, rollId: string, householdId: string) => ({
    PK: `DELIB#${topicId}#ROLL#${rollId}`,
    SK: `HH#${householdId}`,
  }),
  /** What a unit chose, under a keyed hash of the unit: stored apart from who took part. */
  ballotChoice: (topicId: string, sealedUnit: string) => ({ PK: `DELIB#${topicId}#CHOICES`, SK: sealedUnit }),

  // ——— Notices ———
  /** The notice's partition: the notice (META), its revisions (REV#) and read counter shards (SHARD#). */
  notice: (noticeId: string) => ({ PK: `NOTICE#${noticeId}`, SK: "META" }),
  noticePartition: (noticeId: string) => `NOTICE#${noticeId}`,
  noticeRevision: (noticeId: string, n: number) => ({
    PK: `NOTICE#${noticeId}`,
    SK: `REV#${String(n).padStart(4, "0")}`,
  }),
  noticeRevisionPrefix: "REV#",
  /** Read and acknowledgement counters, split so simultaneous readers do not all update one item. */
  noticeShard: (noticeId: string, shard: number) => ({ PK: `NOTICE#${noticeId}`, SK: `SHARD#${shard}` }),
  noticeShardPrefix: "SHARD#",
  /** Staff's list: a community's notices by state (draft, scheduled, published, withdrawn), newest first. */
  noticeByStateGsi: (communityId: string, state: string, sortAt: string, noticeId: string) => ({
    GSI1PK: `COMMUNITY#${communityId}#NOTICES#${state}`,
    GSI1SK: `${sortAt}#${noticeId}`,
  }),
  /** Present while the job has work on the notice: publish at `publishAt`, archive at `expiresAt`, finish a fan-out. */
  noticeDueGsi: (dueAt: string, noticeId: string) => ({
    GSI2PK: "NOTICE#DUE",
    GSI2SK: `${dueAt}#${noticeId}`,
  }),
  /** One per household that opened the notice (`HH#<id>`), or per reader without one (`USER#<id>`, not counted). */
  noticeReceipt: (noticeId: string, reader: string) => ({ PK: `NOTICE#${noticeId}#RECEIPTS`, SK: reader }),
  noticeReceiptPartition: (noticeId: string) => `NOTICE#${noticeId}#RECEIPTS`,
  /**
   * A feed channel: the whole community (`ALL`, for readers without a household) or one unit of a
   * building (`B#<buildingId>#U#<unit>`). A published notice has an item in each channel of its
   * audience; SK `<1 pinned|0>#<publishedAt>#<id>`, so one Query read backwards is pinned first, then newest.
   */
  noticeFeed: (
    communityId: string,
    channel: string,
    pinned: boolean,
    publishedAt: string,
    noticeId: string,
  ) => ({
    PK: `NFEED#${communityId}#${channel}`,
    SK: `${pinned ? 1 : 0}#${publishedAt}#${noticeId}`,
  }),
  noticeFeedPartition: (communityId: string, channel: string) => `NFEED#${communityId}#${channel}`,
  /** Where an expired notice's channel item moves: the archive, newest first. */
  noticeArchive: (communityId: string, channel: string, publishedAt: string, noticeId: string) => ({
    PK: `NARCH#${communityId}#${channel}`,
    SK: `${publishedAt}#${noticeId}`,
  }),
  noticeArchivePartition: (communityId: string, channel: string) => `NARCH#${communityId}#${channel}`,
  /** Grids: groups of buildings and units a grid member looks after. */
  grid: (communityId: string, gridId: string) => ({ PK: `COMMUNITY#${communityId}`, SK: `GRID#${gridId}` }),
  gridPrefix: "GRID#",

  // ——— Messages ———
  inboxMessage: (userId: string, createdAt: string, messageId: string) => ({
    PK: `USER#${userId}#INBOX`,
    SK: `${createdAt}#${messageId}`,
  }),
  /** Marking one message read by its id: the table key needs its time, which the client does not send. */
  inboxMessageByIdGsi: (userId: string, messageId: string) => ({
    GSI2PK: `USER#${userId}#INBOXIDS`,
    GSI2SK: messageId,
  }),
  /** `lastReadAllAt`: messages up to then count as read, so the unread count reads only newer ones. */
  inboxState: (userId: string) => ({ PK: `USER#${userId}`, SK: "INBOX#STATE" }),
  outbox: (entryId: string) => ({ PK: `OUTBOX#${entryId}`, SK: "OUTBOX" }),
  /** Present only while the entry waits to be sent, so the job reads due entries and nothing else. */
  outboxDueGsi: (dueAt: string, entryId: string) => ({
    GSI1PK: "OUTBOX#PENDING",
    GSI1SK: `${dueAt}#${entryId}`,
  }),
  /** Entries that gave up after their last attempt, kept for inspection. */
  outboxFailedGsi: (failedAt: string, entryId: string) => ({
    GSI1PK: "OUTBOX#FAILED",
    GSI1SK: `${failedAt}#${entryId}`,
  }),

  // ——— Cases: reports (随手拍) and disputes (调解) ———
  /** A case's partition: the case (META) and a pointer per user who is a party to it. */
  caseItem: (caseId: string) => ({ PK: `CASE#${caseId}`, SK: "META" }),
  /** Open cases of a community by creation; finished ones by when they finished (the period figures). */
  caseByCommunityGsi: (communityId: string, state: "OPEN" | "DONE", at: string, caseId: string) => ({
    GSI1PK: `COMMUNITY#${communityId}#CASES#${state}`,
    GSI1SK: `${at}#${caseId}`,
  }),
  /** Every case of a community by creation (received in a period). */
  caseByCreationGsi: (communityId: string, createdAt: string, caseId: string) => ({
    GSI2PK: `COMMUNITY#${communityId}#CASES`,
    GSI2SK: `${createdAt}#${caseId}`,
  }),
  /** A user's part in a case (the reporter, a party of a dispute): their "my cases" list. */
  caseParty: (caseId: string, userId: string) => ({ PK: `CASE#${caseId}`, SK: `PARTY#${userId}` }),
  casePartyByUserGsi: (userId: string, kind: string, createdAt: string, caseId: string) => ({
    GSI1PK: `USER#${userId}#CASES`,
    GSI1SK: `${kind}#${createdAt}#${caseId}`,
  }),
  /** Who works on a case now (a department, or a staff mediator); moved with the case when reassigned. */
  caseAssignment: (caseId: string) => ({ PK: `CASE#${caseId}`, SK: "ASSIGNED" }),
  caseAssignmentGsi: (communityId: string, assignee: string, createdAt: string, caseId: string) => ({
    GSI1PK: `COMMUNITY#${communityId}#ASSIGNED#${assignee}`,
    GSI1SK: `${createdAt}#${caseId}`,
  }),
  /** Present while a case waits for its next escalation; the job reads the due ones. */
  caseWatch: (caseId: string) => ({ PK: `CASE#${caseId}`, SK: "WATCH" }),
  caseWatchGsi: (dueAt: string, caseId: string) => ({ GSI1PK: "CASES#DUE", GSI1SK: `${dueAt}#${caseId}` }),
  /** Case numbers: a counter per prefix and day, and a guard per number that keeps each one unique. */
  caseCounter: (prefix: string, day: string) => ({ PK: `CASENO#${prefix}#${day}`, SK: "COUNTER" }),
  caseNumber: (number: string) => ({ PK: `CASENO#${number}`, SK: "CASENO" }),
  department: (communityId: string, departmentId: string) => ({
    PK: `COMMUNITY#${communityId}`,
    SK: `DEPT#${departmentId}`,
  }),
  departmentPrefix: "DEPT#",
  /** A department handler's pointer to the department: their case desk, found from /me. */
  handlerOf: (userId: string, communityId: string, departmentId: string) => ({
    PK: `USER#${userId}`,
    SK: `HANDLES#${communityId}#${departmentId}`,
  }),
  handlerPrefix: "HANDLES#",
  caseSettings: (communityId: string) => ({ PK: `COMMUNITY#${communityId}`, SK: "CASES#SETTINGS" }),
  /** A consultation a lawyer referred to mediation: guards one dispute per consultation. */
  caseReferral: (bookingId: string) => ({ PK: `BOOKING#${bookingId}`, SK: "REFERRAL" }),

  /** A "scan to log in on a computer" ticket; `expiresAt` (epoch seconds) lets TTL remove it. */
  webLoginTicket: (ticketId: string) => ({ PK: `WEBLOGIN#${ticketId}`, SK: "WEBLOGIN" }),

  idempotency: (scope: string, key: string) => ({ PK: `IDEMPOTENCY#${scope}#${key}`, SK: "IDEMPOTENCY" }),
  seedMarker: () => ({ PK: "SYSTEM", SK: "SEED#demo" }),
} as const;

/** Strips key attributes before an item leaves the repository layer. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _g1,
    GSI1SK: _g1s,
    GSI2PK: _g2,
    GSI2SK: _g2s,
    entity: _entity,
    ...rest
  } = item;
  return rest;
}

/** Opaque pagination cursor from a LastEvaluatedKey. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString("base64url") : null;
}

export interface CursorScope {
  /** Key attributes a start key of this query has: the table's, plus the index's for an index query. */
  attributes: string[];
  /** The partition the query reads: the cursor must point into it. */
  partition: [name: string, value: string];
  /** For a begins_with key condition: the sort key must carry the same prefix. */
  sortPrefix?: [name: string, prefix: string];
}

/**
 * Decodes a cursor and accepts it only as a start key of the same query (same key attributes, all
 * strings, same partition); anything else is a 400, never a DynamoDB error.
 */
export function decodeCursor(
  cursor: string | undefined,
  scope: CursorScope,
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new CursorError();
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new CursorError();
  const entries = Object.entries(value);
  const names = entries.map(([name]) => name).sort();
  const expected = [...scope.attributes].sort();
  const sameShape = names.length === expected.length && names.every((name, i) => name === expected[i]);
  if (!sameShape || entries.some(([, v]) => typeof v !== "string" || v === "")) throw new CursorError();
  const key = value as Record<string, string>;
  if (key[scope.partition[0]] !== scope.partition[1]) throw new CursorError();
  if (scope.sortPrefix && !key[scope.sortPrefix[0]]?.startsWith(scope.sortPrefix[1])) throw new CursorError();
  return value as Record<string, unknown>;
}

export class CursorError extends Error {}
