/**
 * "Export my data" (PIPL art. 45): everything stored about the caller as one JSON document.
 * Items are shown as stored, without table keys and without what belongs to others: who on the
 * staff handled or decided something, a household member's receipts or seconds, the vote's seal.
 */

import type { Party } from "../cases/schemas.js";
import { getHouseholds } from "../community/repo.js";
import { householdView } from "../community/service.js";
import { getChoice } from "../deliberation/repo.js";
import { sealUnit } from "../deliberation/service.js";
import type { AppDeps } from "../deps.js";
import { maskPhone } from "../http/redact.js";
import type { UserProfile } from "../users/schemas.js";
import { collect } from "./collect.js";
import type { RawItem } from "./repo.js";

export const EXPORT_FORMAT_VERSION = 1;

const KEY_FIELDS = ["PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "entity", "expiresAt"];

/** The stored item without table keys and without the named fields. */
function plain(item: RawItem, ...drop: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(item)) {
    if (!KEY_FIELDS.includes(field) && !drop.includes(field)) out[field] = value;
  }
  return out;
}

const bySk = (prefix: string) => (item: RawItem) => item.SK.startsWith(prefix);

export async function buildExport(deps: AppDeps, user: UserProfile) {
  const { db } = deps;
  const found = await collect(db, user);
  const { partition } = found;
  const memberships = partition.filter(bySk("MEMBER#"));
  const households = await getHouseholds(db, found.householdIds);
  const householdById = new Map(households.map((h) => [h.id, householdView(h)]));
  const one = (sk: string) => partition.find((item) => item.SK === sk);

  const ballots = [];
  for (const share of found.rolls) {
    for (const unit of share.units) {
      const cast = unit.castBy === user.id;
      const choice = cast
        ? await getChoice(
            db,
            String(share.topic.id),
            sealUnit(String(share.vote.sealSalt), String(unit.unitId)),
          )
        : null;
      ballots.push({
        topicId: share.topic.id,
        title: share.topic.title,
        rule: share.vote.rule,
        secret: share.vote.secret,
        voteState: share.vote.state,
        unit: unit.label,
        householdIds: unit.householdIds,
        voted: unit.voted,
        castByMe: cast,
        via: cast ? unit.via : null,
        votedAt: cast ? unit.votedAt : null,
        // Their own choice, also in a secret vote: it is their data. A ballot another member of
        // the household cast is theirs, not this person's.
        choice: choice?.choice ?? null,
        changes: cast ? unit.changes : null,
      });
    }
  }

  // A case's history as a reporter or party sees it in the app (cases/service.ts, historyView):
  // escalations and the note staff leave the department on dispatch or assignment are for those
  // handling the case, not about the person.
  const historyOf = (c: RawItem) =>
    ((c.history as { action: string; note: string | null }[] | undefined) ?? [])
      .filter((e) => e.action !== "escalate")
      .map((e) => (e.action === "dispatch" || e.action === "assign" ? { ...e, note: null } : e));
  const reportOf = (r: RawItem) => ({ ...plain(r, "assignee"), history: historyOf(r) });
  // A dispute is shared with the other parties: their names as filed, whether they are users, and
  // their phone numbers masked as a party sees them in the app; no other user's id.
  const disputeOf = (d: RawItem) => ({
    ...plain(d, "parties", "partyUserIds", "filedBy", "assignee"),
    history: historyOf(d),
    filedByMe: d.filedBy === user.id,
    parties: ((d.parties as Party[] | undefined) ?? []).map((p) => ({
      side: p.side,
      name: p.name,
      isUser: p.userId !== null,
      isMe: p.userId === user.id,
      phone: p.phone === null ? null : p.userId === user.id ? p.phone : maskPhone(p.phone),
    })),
  });

  return {
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: deps.clock.now().toISOString(),
    about: {
      zh: "这是一门通保存的关于您的全部数据。您随手拍的照片在您的案件里（cases.reports 的 photos）；其他上传只有社区工作人员使用（通知配图），不与居民关联。",
      en: "Everything OneDoor stores about you. Photos of your reports are in your cases (cases.reports, photos); other uploads are used by staff only (notice images) and are not linked to residents.",
    },
    profile: plain(one("PROFILE") ?? ({ PK: "", SK: "" } as RawItem), "pendingRequestId"),
    memberships: memberships.map((m) => ({
      ...plain(m, "verifiedBy"),
      household: householdById.get(String(m.householdId)) ?? null,
    })),
    verificationRequests: partition.filter(bySk("VREQ#")).map((r) => plain(r, "decidedBy")),
    legal: {
      bookings: found.bookings.map((b) => plain(b)),
      waitlist: found.waitlist.map((w) => plain(w)),
      ledger: one("LEGAL#LEDGER") ? plain(one("LEGAL#LEDGER") as RawItem) : null,
    },
    window: {
      appointments: found.appointments.map((a) => plain(a, "handledBy")),
      proxyCases: found.proxies.map((p) => ({
        ...plain(p, "receivedBy", "history"),
        history: ((p.history as { status: string; at: string; note: string | null }[]) ?? []).map(
          ({ status, at, note }) => ({ status, at, note }),
        ),
      })),
      ledger: one("WINDOW#LEDGER") ? plain(one("WINDOW#LEDGER") as RawItem) : null,
      matterVisits: partition.filter(bySk("WVISIT#")).map((v) => plain(v)),
    },
    deliberation: {
      proposals: found.topics
        .filter((t) => t.createdBy === user.id)
        .map((t) => ({
          id: t.id,
          communityId: t.communityId,
          title: t.title,
          body: t.body,
          status: t.status,
          createdAt: t.createdAt,
        })),
      seconds: found.seconds.map((s) => ({ topicId: String(s.PK).split("#")[1] ?? "", ...plain(s) })),
      comments: found.comments.map((c) => plain(c)),
      ballots,
    },
    messages: {
      items: found.inbox.map((m) => plain(m)),
      state: one("INBOX#STATE") ? plain(one("INBOX#STATE") as RawItem) : null,
    },
    noticeReceipts: found.receipts.map((r) => ({
      noticeId: r.noticeId,
      householdId: r.householdId ?? null,
      readAt: r.readBy === user.id || r.SK === `USER#${user.id}` ? r.readAt : null,
      ackAt: r.ackBy === user.id ? r.ackAt : null,
    })),
    cases: {
      reports: found.cases.filter((c) => c.kind === "report").map(reportOf),
      disputes: found.cases.filter((c) => c.kind === "dispute").map(disputeOf),
      handles: found.partition.filter(bySk("HANDLES#")).map((h) => plain(h)),
    },
    uploads: [],
    auditAboutMe: found.audit.map((a) => plain(a, "actorId")),
  };
}

export type ExportDocument = Awaited<ReturnType<typeof buildExport>>;
