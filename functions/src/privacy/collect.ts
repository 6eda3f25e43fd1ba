/**
 * Finds everything stored about one person, for the export (shown to them) and for deleting the
 * account (rewritten or deleted). Every read is a Query or GetItem on keys the features keep; see
 * ACCESS_PATTERNS.md, "Privacy".
 */
import type { Db } from "../db/client.js";
import { keys } from "../db/keys.js";
import type { UserProfile } from "../users/schemas.js";
import {
  getItemsWithKeys,
  listCommentsBy,
  listCommunityDepartments,
  listCommunityNoticeIds,
  listCommunityTopics,
  listInboxAll,
  listUserIndexed,
  listUserPartition,
  queryRaw,
  type RawItem,
} from "./repo.js";

/** A vote the person is on the roll of: their voter pointer and the ballot units it points to. */
export interface RollShare {
  topic: RawItem;
  vote: RawItem;
  pointer: RawItem;
  units: RawItem[];
}

export interface Collected {
  /** `USER#<uid>`: profile, memberships, verification requests, ledgers, matter visits, inbox state. */
  partition: RawItem[];
  bookings: RawItem[];
  waitlist: RawItem[];
  appointments: RawItem[];
  proxies: RawItem[];
  audit: RawItem[];
  inbox: RawItem[];
  /** Topics they proposed or moved (their name is in the topic or its history). */
  topics: RawItem[];
  seconds: RawItem[];
  comments: RawItem[];
  rolls: RollShare[];
  receipts: RawItem[];
  /** Their pointers to cases (`CASE#<id>` / `PARTY#<uid>`, the reports they filed and the disputes they are a party to). */
  casePointers: RawItem[];
  /** The cases those pointers lead to. */
  cases: RawItem[];
  /** Departments naming them as a handler: through their `HANDLES#` pointers, and every department of a
   * community they left a trace in (an inactive department keeps its handler ids but no pointers). */
  departments: RawItem[];
  /** Case settings of those communities that name them (as a supervisor or district admin). */
  caseSettings: RawItem[];
  communityIds: string[];
  householdIds: string[];
}

const VOTED_STATUSES = new Set(["voting", "decided", "rejected"]);

export async function collect(db: Db, user: UserProfile): Promise<Collected> {
  const uid = user.id;
  const [partition, bookings, waitlist, appointments, proxies, audit, inbox, casePointers] =
    await Promise.all([
      listUserPartition(db, uid),
      listUserIndexed(db, uid, "LEGAL"),
      listUserIndexed(db, uid, "LEGALWAIT"),
      listUserIndexed(db, uid, "WINDOW"),
      listUserIndexed(db, uid, "WPROXY"),
      listUserIndexed(db, uid, "AUDIT"),
      listInboxAll(db, uid),
      listUserIndexed(db, uid, "CASES"),
    ]);
  const cases = await getItemsWithKeys(
    db,
    [...new Set(casePointers.map((p) => String(p.caseId)))].map((id) => keys.caseItem(id)),
  );
  const handles = partition.filter((item) => item.SK.startsWith(keys.handlerPrefix));
  const memberships = partition.filter((item) => item.SK.startsWith(keys.membershipPrefix));
  const householdIds = [...new Set(memberships.map((m) => String(m.householdId)))];
  // Every community the person left a trace in: where they live or lived, booked or were audited.
  const communityIds = [
    ...new Set(
      [
        user.communityId,
        ...memberships,
        ...bookings,
        ...appointments,
        ...proxies,
        ...waitlist,
        ...audit,
        ...cases,
        ...handles,
      ]
        .map((item) => (typeof item === "string" || item === null ? item : item.communityId))
        .filter((id): id is string => typeof id === "string" && id.length > 0),
    ),
  ];

  const topics: RawItem[] = [];
  const seconds: RawItem[] = [];
  const comments: RawItem[] = [];
  const rolls: RollShare[] = [];
  const receipts: RawItem[] = [];
  for (const communityId of communityIds) {
    const communityTopics = (await listCommunityTopics(db, communityId)).filter((t) => t.SK === "META");
    for (const topic of communityTopics) {
      const topicId = String(topic.id);
      const history = (topic.history as { by?: string }[] | undefined) ?? [];
      if (topic.createdBy === uid || history.some((event) => event.by === uid)) topics.push(topic);
      const [theirSeconds, theirComments] = await Promise.all([
        queryRaw(db, {
          KeyConditionExpression: "PK = :pk",
          FilterExpression: "userId = :uid",
          ExpressionAttributeValues: { ":pk": keys.second(topicId, "").PK, ":uid": uid },
        }),
        Number(topic.commentCount ?? 0) > 0 ? listCommentsBy(db, topicId, uid) : Promise.resolve([]),
      ]);
      seconds.push(...theirSeconds);
      comments.push(...theirComments);
      if (!VOTED_STATUSES.has(String(topic.status))) continue;
      const [vote] = await getItemsWithKeys(db, [keys.vote(topicId)]);
      if (!vote?.rollId) continue;
      const [pointer] = await getItemsWithKeys(db, [keys.rollVoter(topicId, String(vote.rollId), uid)]);
      if (!pointer) continue;
      const unitSKs = (pointer.unitSKs as string[] | undefined) ?? [];
      const units = await getItemsWithKeys(
        db,
        unitSKs.map((SK) => ({ PK: keys.rollPartition(topicId, String(vote.rollId)), SK })),
      );
      rolls.push({ topic, vote, pointer, units });
    }
    // Receipts: one per household of theirs, and the one for a reader without a household.
    const noticeIds = await listCommunityNoticeIds(db, communityId);
    const readers = [...householdIds.map((hid) => `HH#${hid}`), `USER#${uid}`];
    const found = await getItemsWithKeys(
      db,
      noticeIds.flatMap((nid) => readers.map((reader) => keys.noticeReceipt(nid, reader))),
    );
    receipts.push(...found.filter((r) => r.SK === `USER#${uid}` || r.readBy === uid || r.ackBy === uid));
  }
  // Departments and case settings that name them, in every community they left a trace in.
  const departments: RawItem[] = [];
  const caseSettings: RawItem[] = [];
  for (const communityId of communityIds) {
    const [communityDepartments, settings] = await Promise.all([
      listCommunityDepartments(db, communityId),
      getItemsWithKeys(db, [keys.caseSettings(communityId)]),
    ]);
    departments.push(
      ...communityDepartments.filter((d) => ((d.handlerIds as string[] | undefined) ?? []).includes(uid)),
    );
    caseSettings.push(
      ...settings.filter((s) =>
        [...((s.supervisorIds as string[]) ?? []), ...((s.districtAdminIds as string[]) ?? [])].includes(uid),
      ),
    );
  }
  return {
    partition,
    bookings,
    waitlist,
    appointments,
    proxies,
    audit,
    inbox,
    topics,
    seconds,
    comments,
    rolls,
    receipts,
    casePointers,
    cases,
    departments,
    caseSettings,
    communityIds,
    householdIds,
  };
}
