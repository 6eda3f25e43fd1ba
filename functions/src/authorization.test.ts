import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../test/setup/harness.js";
import { addOtherCommunityResident } from "../../test/setup/residents.js";
import { documentedRoutes, IDS, routeUrl } from "../../test/setup/route-fixtures.js";
import { DEMO_COMMUNITY } from "./demo/data.js";
import { listCommunityBookings } from "./legal/repo.js";

/**
 * The authorization matrix: every route of the OpenAPI document × every kind of caller, from one
 * table. A route without a row, or a row without a route, fails.
 *
 * Classes:
 *   "no"  refused: 401, 403 or 404.
 *   "ok"  let through: any other status below 500 except 400 (2xx, 409 for a state clash, 422…).
 *   "bad" 400: rejected by validation before the role check runs, so the cell says nothing about
 *         authorization. Only POST /auth/wechat is left so (see BODIES).
 * No cell may answer 5xx.
 *
 * Path ids and the communityId/centerId of list queries and bodies belong to community A (黄河西路);
 * B is 长江东路. Every route with a body gets a minimal valid one from BODIES (per caller where
 * the valid body differs by design), so write cells reach the role check; ROUTE_IDS points a route
 * at an object in the state its action needs. Callers run in CALLERS order, which puts the
 * usually-allowed resident, staff and admin last, so an allowed caller's write cannot turn a later
 * refusal into a pass; where staff and admin would otherwise collide on one object they get
 * different ones, and a remaining 409 (already done) is still "ok". DELETE rows run last and
 * delete things made in beforeAll. No route requires Idempotency-Key (it is only honoured), so
 * none is sent.
 */
type Cls = "no" | "ok" | "bad";
const CALLERS = [
  "anon",
  "unverified",
  "lawyer",
  "residentB",
  "staffB",
  "handler",
  "resident",
  "staff",
  "admin",
] as const;
type Caller = (typeof CALLERS)[number];
/** One row: the class per caller, in CALLERS order. */
type Row = [Cls, Cls, Cls, Cls, Cls, Cls, Cls, Cls, Cls];

const A = DEMO_COMMUNITY.id;

type PerCaller<T> = T | ((caller: Caller) => T);
const pick = <T>(value: PerCaller<T>, caller: Caller): T =>
  typeof value === "function" ? (value as (caller: Caller) => T)(caller) : value;

/** Path ids that differ from IDS for one route (e.g. a topic in the state the action needs). */
const ROUTE_IDS: Record<string, PerCaller<Record<string, string>>> = {
  "POST /api/v1/residents/{userId}/verify": { userId: "u-demo-resident-36" },
  // Staff and admin each decide a different pending request, so the admin cell is not a 404
  // left behind by the staff cell.
  "POST /api/v1/residents/{userId}/reject": (caller) => ({
    userId: caller === "admin" ? "u-demo-resident-38" : "u-demo-resident-37",
  }),
  // Resident 32 is a family member in resident 1's home; admin revokes resident 36, whom the
  // staff cell of the verify row has just verified.
  "POST /api/v1/residents/{userId}/revoke": (caller) => ({
    userId: caller === "admin" ? "u-demo-resident-36" : "u-demo-resident-32",
  }),
  "POST /api/v1/auth/web-login/{ticketId}/token": () => ({ ticketId: DYN.tokenTicketId ?? "" }),
  "POST /api/v1/legal/slots/{slotId}/cancel": () => ({ slotId: DYN.cancelSlotId ?? "" }),
  "POST /api/v1/legal/slots/{slotId}/waitlist": () => ({ slotId: DYN.waitlistSlotId ?? IDS.slotId ?? "" }),
  "DELETE /api/v1/legal/slots/{slotId}/waitlist": () => ({ slotId: DYN.waitlistSlotId ?? IDS.slotId ?? "" }),
  "POST /api/v1/deliberations/{topicId}/decline": { topicId: "demo-ebike-parking" },
  "POST /api/v1/deliberations/{topicId}/withdraw": { topicId: "demo-waste-sorting" },
  "POST /api/v1/deliberations/{topicId}/vote": () => ({ topicId: DYN.discussionTopicId ?? "" }),
  "PUT /api/v1/notices/{noticeId}": { noticeId: "demo-notice-heating-draft" },
  "POST /api/v1/notices/{noticeId}/publish": { noticeId: "demo-notice-heating-draft" },
  "POST /api/v1/notices/{noticeId}/withdraw": { noticeId: "demo-notice-double-ninth" },
  // Cases. demo-case-3 (城管, past its deadline) and demo-case-4 (物业, in progress) are in the
  // handler's departments; the triage rows act on reports the resident makes in beforeAll; the
  // rating row on one of theirs resolved there. Disputes: demo-dispute-1 waits for a mediator,
  // demo-dispute-2 has the studio 老段说事 (whose mediator is the supervisor demo-staff-1), and the
  // record and close rows use one assigned, with a session, in beforeAll.
  "POST /api/v1/reports/{id}/dispatch": () => ({ reportId: DYN.triageReportId ?? "" }),
  "POST /api/v1/reports/{id}/merge": () => ({ reportId: DYN.mergeReportId ?? "" }),
  "POST /api/v1/reports/{id}/decline": () => ({ reportId: DYN.declineReportId ?? "" }),
  "POST /api/v1/reports/{id}/progress": { reportId: "demo-case-3" },
  "POST /api/v1/reports/{id}/resolve": { reportId: "demo-case-4" },
  "POST /api/v1/reports/{id}/rating": () => ({ reportId: DYN.resolvedReportId ?? "" }),
  "POST /api/v1/disputes/{id}/assign": { disputeId: "demo-dispute-1" },
  "POST /api/v1/disputes/{id}/sessions": { disputeId: "demo-dispute-2" },
  "POST /api/v1/disputes/{id}/sessions/{n}": () => ({ disputeId: DYN.mediatedDisputeId ?? "", n: "1" }),
  "POST /api/v1/disputes/{id}/close": () => ({ disputeId: DYN.mediatedDisputeId ?? "" }),
  "PUT /api/v1/departments/{departmentId}": { departmentId: "dept-housing" },
  // One closure per allowed caller, made in beforeAll, so both staff and admin really delete.
  "DELETE /api/v1/window/centers/{centerId}/closures/{date}": (caller) => ({
    date: caller === "admin" ? "2027-01-13" : "2027-01-12",
  }),
};

/** Values read from the seeded API in beforeAll (free slots, current versions…). */
const DYN: Record<string, string | undefined> = {};
// biome-ignore lint/suspicious/noExplicitAny: bodies copied from API answers
const DYN_BODY: Record<string, any> = {};

const REPORT_BODY = {
  communityId: A,
  category: "public_facilities",
  description: "矩阵测试：路灯不亮。",
  location: { buildingId: "b1", unit: null, address: "", point: null },
};
const TOPIC_BODY = { title: "矩阵测试议题", body: "这是授权矩阵测试提交的议题正文。" };
/** A minimal valid body per route with a request body. */
const BODIES: Record<string, PerCaller<unknown>> = {
  // Left invalid on purpose: a valid code makes the API call WeChat, which the test stack cannot
  // reach (502 WECHAT_UNAVAILABLE). The route is open to everyone, so there is no role to check.
  "POST /api/v1/auth/wechat": {},
  "POST /api/v1/auth/dev-login": { openid: "matrix-dev-login" },
  "POST /api/v1/auth/web-login/{ticketId}/token": () => ({ pollSecret: DYN.tokenPollSecret }),
  "POST /api/v1/households": { communityId: A, buildingId: "b1", unit: "2", room: "902", area: 80 },
  "POST /api/v1/households/{householdId}/members": { name: "矩阵成员", relation: "member" },
  "PATCH /api/v1/households/{householdId}": { area: 68.52 },
  "POST /api/v1/me/verification-request": {
    communityId: A,
    buildingId: "b1",
    unit: "2",
    room: "601",
    relation: "owner",
    realName: "矩阵测试",
    phone: "13900000099",
  },
  "POST /api/v1/residents/{userId}/verify": { householdId: "hh-b2-2-301", relation: "owner" },
  "POST /api/v1/residents/{userId}/reject": { reason: "矩阵测试驳回" },
  "POST /api/v1/residents/{userId}/revoke": (caller: Caller) => ({
    householdId: caller === "admin" ? "hh-b2-2-301" : "hh-b1-1-101",
    reason: "矩阵测试撤销",
  }),
  // Staff and admin book only on behalf of an offline resident (made in beforeAll); without
  // onBehalfOf they are refused NOT_VERIFIED, as they have no household of their own.
  "POST /api/v1/legal/bookings": (caller: Caller) => ({
    slotId: DYN[`${caller}BookSlotId`] ?? DYN.residentBookSlotId,
    category: "other",
    description: "授权矩阵测试咨询",
    contactPhone: "13800000001",
    ...(caller === "staff" || caller === "admin" ? { onBehalfOf: DYN.offlineUserId } : {}),
  }),
  "POST /api/v1/legal/slots/{slotId}/waitlist": {
    category: "other",
    description: "授权矩阵测试候补",
    contactPhone: "13800000001",
  },
  "POST /api/v1/legal/bookings/{bookingId}/outcome": { attendance: "attended", outcome: "answered" },
  "POST /api/v1/legal/rosters": {
    communityId: A,
    lawyerId: IDS.lawyerId,
    from: "2027-01-04",
    to: "2027-01-04",
    weekdays: [1],
    startTime: "19:00",
    endTime: "19:30",
    slotMinutes: 30,
    mode: "phone",
  },
  "POST /api/v1/legal/slots/{slotId}/cancel": { reason: "矩阵测试取消" },
  "POST /api/v1/legal/days/{date}/cancel": { communityId: A, lawyerId: IDS.lawyerId, reason: "矩阵测试停诊" },
  "PUT /api/v1/legal/settings": { communityId: A, waitlistLimit: 5 },
  "PUT /api/v1/legal/lawyers/{lawyerId}": () => DYN_BODY.lawyer,
  "POST /api/v1/me/messages/read": {},
  "POST /api/v1/matters": () => ({ ...DYN_BODY.matter, communityId: A, name: "矩阵测试事项" }),
  "PUT /api/v1/matters/{matterId}": () => DYN_BODY.matter,
  "POST /api/v1/window/centers": {
    communityId: A,
    name: "矩阵测试中心",
    address: "矩阵测试地址",
    windows: 1,
    slotMinutes: 15,
    hours: { 1: [{ open: "09:00", close: "11:00" }] },
  },
  // As for legal bookings: staff and admin book for an offline resident.
  "POST /api/v1/window/appointments": (caller: Caller) => ({
    ...DYN_BODY.appointment,
    ...(caller === "staff" || caller === "admin" ? { onBehalfOf: DYN.offlineUserId } : {}),
  }),
  "PUT /api/v1/window/centers/{centerId}": () => DYN_BODY.center,
  "POST /api/v1/window/centers/{centerId}/closures": { date: "2027-01-14", reason: "矩阵测试闭馆" },
  "POST /api/v1/window/check-in": () => ({ ticketCode: DYN.ticketCode, centerId: IDS.centerId }),
  "POST /api/v1/window/appointments/{appointmentId}/result": { result: "done" },
  "POST /api/v1/window/proxy": { userId: "u-demo-resident-1", matterId: IDS.matterId },
  "POST /api/v1/window/proxy/{proxyId}/status": { status: "in_progress" },
  "POST /api/v1/deliberations": { communityId: A, ...TOPIC_BODY },
  "POST /api/v1/deliberations/proposals": TOPIC_BODY,
  "PUT /api/v1/deliberations/settings": { communityId: A, secondingPercent: 5 },
  "POST /api/v1/deliberations/{topicId}/decline": { reason: "矩阵测试不予受理" },
  "POST /api/v1/deliberations/{topicId}/withdraw": { reason: "矩阵测试撤回" },
  "POST /api/v1/deliberations/{topicId}/comments": { body: "矩阵测试留言" },
  "POST /api/v1/deliberations/{topicId}/comments/{commentId}/hide": { reason: "矩阵测试隐藏" },
  "POST /api/v1/deliberations/{topicId}/vote": {
    rule: "simple_majority",
    electorate: "residents",
    closesAt: "2027-01-31T12:00:00.000Z",
  },
  "POST /api/v1/deliberations/{topicId}/ballots": { choice: "approve" },
  "POST /api/v1/deliberations/{topicId}/paper-ballots": {
    householdId: "hh-b1-1-102",
    choice: "approve",
    collector: "刘敏",
  },
  "POST /api/v1/grids": { communityId: A, name: "矩阵测试网格", members: [{ buildingId: "b3" }] },
  "PUT /api/v1/grids/{gridId}": () => DYN_BODY.grid,
  "POST /api/v1/uploads": { communityId: A, purpose: "notice-image", contentType: "image/png", size: 1000 },
  "POST /api/v1/notices": {
    communityId: A,
    title: "矩阵测试通知",
    body: "矩阵测试正文",
    category: "notice",
    audience: { kind: "community" },
  },
  "PUT /api/v1/notices/{noticeId}": () => ({ version: Number(DYN.draftVersion), title: "矩阵测试草稿" }),
  "POST /api/v1/notices/{noticeId}/publish": {},
  "POST /api/v1/notices/{noticeId}/withdraw": { reason: "矩阵测试撤回" },
  "POST /api/v1/reports": REPORT_BODY,
  "POST /api/v1/reports/{id}/dispatch": { departmentId: "dept-urban", dueWorkingDays: 3 },
  "POST /api/v1/reports/{id}/merge": () => ({ into: DYN.triageReportId }),
  "POST /api/v1/reports/{id}/decline": { reason: "矩阵测试不予受理" },
  "POST /api/v1/reports/{id}/progress": { note: "矩阵测试进展" },
  "POST /api/v1/reports/{id}/resolve": { text: "矩阵测试办结" },
  "POST /api/v1/reports/{id}/rating": { satisfied: true },
  // Residents file for themselves; staff (and admin) for a resident at the counter; a lawyer
  // through their consultation's referral.
  "POST /api/v1/disputes": (caller: Caller) => ({
    ...(caller === "lawyer"
      ? { referralBookingId: DYN.referralBookingId }
      : caller === "staff" || caller === "admin" || caller === "staffB"
        ? { communityId: A, onBehalfOf: DYN.offlineUserId }
        : { communityId: A }),
    type: "neighbour",
    description: "矩阵测试：邻居装修噪音。",
    parties: [{ side: "respondent", name: "矩阵对方" }],
  }),
  "POST /api/v1/disputes/{id}/assign": {
    mediator: { kind: "department", departmentId: "dept-laoduan" },
    dueWorkingDays: 5,
  },
  "POST /api/v1/disputes/{id}/sessions": { scheduledAt: "2027-01-11T09:00:00+08:00", place: "调解室" },
  // The session is ahead: it can be called off now, recorded as held once its time has come.
  "POST /api/v1/disputes/{id}/sessions/{n}": { status: "cancelled", summary: "矩阵测试：当事人请假" },
  "POST /api/v1/disputes/{id}/close": { outcome: "withdrawn" },
  "POST /api/v1/departments": { communityId: A, name: "矩阵测试部门", kind: "other" },
  "PUT /api/v1/departments/{departmentId}": {
    communityId: A,
    name: "区住建局物业科",
    kind: "housing",
    contacts: [{ name: "李娟", title: "联络人", phone: "0371-6556 0002" }],
    handlerIds: [],
  },
  "PUT /api/v1/cases/settings": {
    communityId: A,
    supervisorIds: ["u-demo-staff-1"],
    districtAdminIds: ["u-demo-admin"],
  },
};

const MATRIX: Record<string, Row> = {
  // callers: anon, unverified, lawyer, residentB, staffB, handler, resident, staff, admin
  "GET /api/v1/health": ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/auth/dev-accounts": ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/auth/web-login/{ticketId}": ["no", "no", "ok", "no", "ok", "no", "no", "ok", "ok"],
  "GET /api/v1/me": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/me/export": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/communities": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/communities/{communityId}/buildings": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/households": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/households/{householdId}/members": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/verification-requests": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/audit": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/legal/lawyers": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/legal/slots": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/legal/slots/{slotId}": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/legal/bookings/mine": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/legal/bookings/{bookingId}": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/legal/lawyer/bookings": ["no", "no", "ok", "no", "no", "no", "no", "no", "no"],
  "GET /api/v1/legal/rosters": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/legal/schedule": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/legal/stats": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/legal/settings": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/me/messages": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/matters": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/matters/{matterId}": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/window/centers": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/window/days": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/window/slots": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/window/appointments/mine": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/window/appointments/{appointmentId}": ["no", "no", "no", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/window/centers/{centerId}/closures": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/window/queue": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/window/stats": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/window/proxy": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/deliberations": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/deliberations/settings": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/deliberations/{topicId}": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/deliberations/{topicId}/comments": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/deliberations/{topicId}/results": ["no", "no", "no", "no", "no", "no", "no", "no", "no"],
  "GET /api/v1/deliberations/{topicId}/turnout": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/grids": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/notices/audience": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/notices": ["no", "ok", "ok", "no", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/notices/unread-count": ["no", "ok", "ok", "no", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/notices/manage": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/notices/{noticeId}": ["no", "ok", "ok", "no", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/notices/{noticeId}/reach": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/notices/{noticeId}/reach.csv": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  // callers: anon, unverified, lawyer, residentB, staffB, handler, resident, staff, admin
  // Cases. A report: its reporter, staff of the community, the handlers of its department.
  "GET /api/v1/reports/mine": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/reports": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/reports/{id}": ["no", "no", "no", "no", "no", "ok", "ok", "ok", "ok"],
  // A dispute: its parties who are users, its mediator and the supervisors (demo-staff-1); the
  // admin is not a supervisor (403 DISPUTE_PRIVATE, DISPUTES_PRIVATE for the list).
  "GET /api/v1/disputes/mine": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/disputes": ["no", "no", "no", "no", "no", "no", "no", "ok", "no"],
  "GET /api/v1/disputes/{id}": ["no", "no", "no", "no", "no", "no", "ok", "ok", "no"],
  "GET /api/v1/departments": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/cases/settings": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/command-center": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  // Anyone who belongs to A reports there: its residents, its staff and its duty lawyers.
  "POST /api/v1/reports": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  "POST /api/v1/reports/{id}/dispatch": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/reports/{id}/merge": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/reports/{id}/decline": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  // The reporter reads it but does not work on it (403 NOT_HANDLER).
  "POST /api/v1/reports/{id}/progress": ["no", "no", "no", "no", "no", "ok", "no", "ok", "ok"],
  "POST /api/v1/reports/{id}/resolve": ["no", "no", "no", "no", "no", "ok", "no", "ok", "ok"],
  // Only the reporter (staff read it: 403 NOT_REPORTER).
  "POST /api/v1/reports/{id}/rating": ["no", "no", "no", "no", "no", "no", "ok", "no", "no"],
  // Verified residents of A for themselves, a lawyer for their consultation's resident, staff of A
  // for a resident at the counter.
  "POST /api/v1/disputes": ["no", "no", "ok", "no", "no", "no", "ok", "ok", "ok"],
  // The supervisor only (the resident is a party: 403 NOT_SUPERVISOR).
  "POST /api/v1/disputes/{id}/assign": ["no", "no", "no", "no", "no", "no", "no", "ok", "no"],
  "POST /api/v1/disputes/{id}/sessions": ["no", "no", "no", "no", "no", "no", "no", "ok", "no"],
  "POST /api/v1/disputes/{id}/sessions/{n}": ["no", "no", "no", "no", "no", "no", "no", "ok", "no"],
  "POST /api/v1/disputes/{id}/close": ["no", "no", "no", "no", "no", "no", "no", "ok", "no"],
  "POST /api/v1/departments": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "PUT /api/v1/departments/{departmentId}": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  // The district admin names the supervisors.
  "PUT /api/v1/cases/settings": ["no", "no", "no", "no", "no", "no", "no", "no", "ok"],
  // Body left invalid (see BODIES): every cell is 400, nothing about roles is shown.
  "POST /api/v1/auth/wechat": ["bad", "bad", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  // Open to anyone by design while dev login is enabled (it is in the test stack).
  "POST /api/v1/auth/dev-login": ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "POST /api/v1/auth/web-login": ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "POST /api/v1/auth/web-login/{ticketId}/approve": ["no", "no", "ok", "no", "ok", "no", "no", "ok", "ok"],
  "POST /api/v1/auth/web-login/{ticketId}/deny": ["no", "no", "ok", "no", "ok", "no", "no", "ok", "ok"],
  "POST /api/v1/auth/web-login/{ticketId}/token": ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "POST /api/v1/households": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/households/{householdId}/members": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "PATCH /api/v1/households/{householdId}": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  // Anyone signed in may ask to be verified to a household of A; resident B is refused (409
  // OTHER_COMMUNITY) because they are verified elsewhere. Unverified already has one (409).
  // Staff (and admin) may file one too; verifying one's own request is refused (403
  // CANNOT_VERIFY_SELF, tested in community/verification.test.ts): a colleague verifies it.
  "POST /api/v1/me/verification-request": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "POST /api/v1/residents/{userId}/verify": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/residents/{userId}/reject": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/residents/{userId}/revoke": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  // Staff and admin book with onBehalfOf (an offline resident); admin's cell is 409 BOOKING_LIMIT.
  "POST /api/v1/legal/bookings": ["no", "no", "no", "no", "no", "no", "ok", "ok", "ok"],
  "POST /api/v1/legal/bookings/{bookingId}/cancel": ["no", "no", "no", "no", "no", "no", "ok", "no", "no"],
  // Residents only: the waitlist has no onBehalfOf, so staff and admin are refused NOT_VERIFIED.
  // The resident's cell is 409 ALREADY_WAITLISTED (joined in beforeAll for the DELETE row).
  "POST /api/v1/legal/slots/{slotId}/waitlist": ["no", "no", "no", "no", "no", "no", "ok", "no", "no"],
  // Only the booking's lawyer (409 here: the resident cancelled it in the cancel row).
  "POST /api/v1/legal/bookings/{bookingId}/outcome": ["no", "no", "ok", "no", "no", "no", "no", "no", "no"],
  "POST /api/v1/legal/rosters": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/legal/slots/{slotId}/cancel": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/legal/days/{date}/cancel": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "PUT /api/v1/legal/settings": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "PUT /api/v1/legal/lawyers/{lawyerId}": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/me/messages/read": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "POST /api/v1/matters": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "PUT /api/v1/matters/{matterId}": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/window/centers": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/window/appointments": ["no", "no", "no", "no", "no", "no", "ok", "ok", "ok"],
  "POST /api/v1/window/appointments/{appointmentId}/cancel": [
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
    "ok",
    "no",
    "no",
  ],
  "PUT /api/v1/window/centers/{centerId}": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/window/centers/{centerId}/closures": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/window/check-in": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/window/appointments/{appointmentId}/result": [
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
    "ok",
    "ok",
  ],
  "POST /api/v1/window/proxy": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/window/proxy/{proxyId}/status": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/deliberations": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  // Verified residents only; a proposal has no communityId and lands in the caller's own
  // community, so resident B's 201 is in 长江东路. Staff open topics with POST /deliberations.
  "POST /api/v1/deliberations/proposals": ["no", "no", "no", "ok", "no", "no", "ok", "no", "no"],
  "PUT /api/v1/deliberations/settings": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  // Verified residents of A only (409 here: the topic is already voting).
  "POST /api/v1/deliberations/{topicId}/second": ["no", "no", "no", "no", "no", "no", "ok", "no", "no"],
  "POST /api/v1/deliberations/{topicId}/accept": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/deliberations/{topicId}/decline": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/deliberations/{topicId}/withdraw": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/deliberations/{topicId}/comments": ["no", "no", "no", "no", "no", "no", "ok", "ok", "ok"],
  "POST /api/v1/deliberations/{topicId}/comments/{commentId}/hide": [
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
    "ok",
    "ok",
  ],
  "POST /api/v1/deliberations/{topicId}/vote": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  // Only the vote's frozen electorate: staff and admin are refused NOT_ELIGIBLE.
  "POST /api/v1/deliberations/{topicId}/ballots": ["no", "no", "no", "no", "no", "no", "ok", "no", "no"],
  "POST /api/v1/deliberations/{topicId}/paper-ballots": [
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
    "ok",
    "ok",
  ],
  "POST /api/v1/deliberations/{topicId}/close": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/grids": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "PUT /api/v1/grids/{gridId}": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/uploads": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/notices": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "PUT /api/v1/notices/{noticeId}": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/notices/{noticeId}/publish": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/notices/{noticeId}/withdraw": ["no", "no", "no", "no", "no", "no", "no", "ok", "ok"],
  // Verified residents in the audience only.
  "POST /api/v1/notices/{noticeId}/ack": ["no", "no", "no", "no", "no", "no", "ok", "no", "no"],
  // Each caller deletes their own pending request, made in beforeAll (unverified) or in the
  // POST row above; resident B never had one.
  "DELETE /api/v1/me/verification-request": ["no", "ok", "ok", "no", "ok", "ok", "ok", "ok", "ok"],
  // Sent without X-Confirm-Delete, so no account goes: residents get 428 CONFIRMATION_REQUIRED,
  // staff, lawyers and admins 409 ROLE_HELD (privacy.test.ts deletes for real).
  "DELETE /api/v1/me": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  // Only the resident joined the waitlist (in beforeAll).
  "DELETE /api/v1/legal/slots/{slotId}/waitlist": ["no", "no", "no", "no", "no", "no", "ok", "no", "no"],
  // Staff and admin each reopen their own closure, made in beforeAll.
  "DELETE /api/v1/window/centers/{centerId}/closures/{date}": [
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
    "ok",
    "ok",
  ],
};

let stack: TestStack;
const tokens: Partial<Record<Caller, string>> = {};

beforeAll(async () => {
  stack = await createTestStack();
  tokens.unverified = await loginAs(stack.app, "demo-resident-40");
  tokens.lawyer = await loginAs(stack.app, "demo-lawyer-1");
  tokens.staffB = await loginAs(stack.app, "demo-staff-other");
  // A department's case handler: a resident account without a household, handler of 城管 and 物业.
  tokens.handler = await loginAs(stack.app, "demo-handler-1");
  tokens.resident = await loginAs(stack.app, "demo-resident-1");
  tokens.staff = await loginAs(stack.app, "demo-staff-1");
  tokens.admin = await loginAs(stack.app, "demo-admin");
  tokens.residentB = await addOtherCommunityResident(stack, 3600);
  const ticket = await call(stack.app, "POST", "/api/v1/auth/web-login");
  IDS.ticketId = ticket.json.ticketId;
  await prepareWrites();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
type Json = any;
const get = async (caller: Caller, path: string): Promise<Json> =>
  (await call(stack.app, "GET", path, { token: tokens[caller] })).json;

/** Reads what valid bodies need from the seed, and creates what the DELETE rows delete. */
async function prepareWrites() {
  const polled = await call(stack.app, "POST", "/api/v1/auth/web-login");
  DYN.tokenTicketId = polled.json.ticketId;
  DYN.tokenPollSecret = polled.json.pollSecret;

  const slots: Json[] = (await get("resident", `/api/v1/legal/slots?communityId=${A}`)).slots;
  const open = slots.filter((s) => s.status === "open" && s.available > 0 && s.id !== IDS.slotId);
  // One free slot each for the resident's, staff's and admin's booking, one for the cancel row.
  DYN.residentBookSlotId = open[0]?.id;
  DYN.cancelSlotId = open[1]?.id;
  DYN.staffBookSlotId = open[2]?.id;
  DYN.adminBookSlotId = open[3]?.id;
  DYN.waitlistSlotId = slots.find((s) => s.status === "open" && s.available === 0)?.id;

  const lawyer = (await get("staff", `/api/v1/legal/lawyers?communityId=${A}`)).lawyers.find(
    (l: Json) => l.id === IDS.lawyerId,
  );
  DYN_BODY.lawyer = {
    communityId: A,
    name: lawyer.name,
    firm: lawyer.firm,
    specialties: lawyer.specialties,
    intro: lawyer.intro,
  };

  const matter = (await get("staff", `/api/v1/matters/${IDS.matterId}`)).matter;
  DYN_BODY.matter = {
    centerId: matter.centerId,
    name: matter.name,
    category: matter.category,
    description: matter.description,
    materials: matter.materials,
    processingDays: matter.processingDays,
    proxyAllowed: matter.proxyAllowed,
  };
  const days: Json[] = (await get("resident", `/api/v1/window/days?matterId=${IDS.matterId}`)).days;
  const day = days.filter((d) => d.open && d.available > 0)[1]?.date;
  const windowSlots: Json[] =
    (await get("resident", `/api/v1/window/slots?matterId=${IDS.matterId}&date=${day}`)).slots ?? [];
  DYN_BODY.appointment = {
    matterId: IDS.matterId,
    slotStartsAt: windowSlots.find((s) => s.available > 0)?.startsAt,
    confirmedMaterials: matter.materials.map((m: Json) => m.id),
  };
  const center = (await get("staff", `/api/v1/window/centers?communityId=${A}`)).centers[0];
  // Without updatedAt the save skips the edit-conflict check, so the admin cell is not a 409.
  const { id: _id, communityId: _c, updatedAt: _u, ...centerBody } = center;
  DYN_BODY.center = centerBody;
  DYN.ticketCode = (
    await get("staff", `/api/v1/window/appointments/${IDS.appointmentId}`)
  ).appointment.ticketCode;
  const grid = (await get("staff", `/api/v1/grids?communityId=${A}`)).items[0];
  DYN_BODY.grid = { communityId: A, name: grid.name, members: grid.members };
  DYN.offlineUserId = (
    await call(stack.app, "POST", "/api/v1/households/hh-b1-1-102/members", {
      token: tokens.staff,
      body: { name: "矩阵代办", relation: "member" },
    })
  ).json.member.userId;
  DYN.discussionTopicId = (
    await call(stack.app, "POST", "/api/v1/deliberations", {
      token: tokens.staff,
      body: { communityId: A, ...TOPIC_BODY },
    })
  ).json.topic.id;
  DYN.draftVersion = String((await get("staff", "/api/v1/notices/demo-notice-heating-draft")).notice.version);

  // Cases: three reports of the resident waiting for triage (dispatch, merge, decline), one
  // dispatched and resolved for the rating row, and a dispute of theirs assigned to the studio
  // with a session scheduled (record and close rows).
  const report = async (description: string) =>
    (
      await call(stack.app, "POST", "/api/v1/reports", {
        token: tokens.resident,
        body: { ...REPORT_BODY, description },
      })
    ).json.report.id as string;
  DYN.triageReportId = await report("矩阵测试：待派遣的报告。");
  DYN.mergeReportId = await report("矩阵测试：待合并的报告。");
  DYN.declineReportId = await report("矩阵测试：待驳回的报告。");
  DYN.resolvedReportId = await report("矩阵测试：待评价的报告。");
  const asStaff = (path: string, body: unknown) =>
    call(stack.app, "POST", path, { token: tokens.staff, body });
  const caseSteps = [
    await asStaff(`/api/v1/reports/${DYN.resolvedReportId}/dispatch`, {
      departmentId: "dept-property",
      dueWorkingDays: 3,
    }),
    await asStaff(`/api/v1/reports/${DYN.resolvedReportId}/resolve`, { text: "矩阵测试已办结" }),
  ];
  DYN.mediatedDisputeId = (
    await call(stack.app, "POST", "/api/v1/disputes", {
      token: tokens.resident,
      body: pick(BODIES["POST /api/v1/disputes"], "resident"),
    })
  ).json.dispute.id;
  caseSteps.push(
    await asStaff(
      `/api/v1/disputes/${DYN.mediatedDisputeId}/assign`,
      BODIES["POST /api/v1/disputes/{id}/assign"],
    ),
    await asStaff(
      `/api/v1/disputes/${DYN.mediatedDisputeId}/sessions`,
      BODIES["POST /api/v1/disputes/{id}/sessions"],
    ),
  );
  for (const step of caseSteps) expect(step.status, step.text).toBeLessThan(300);
  // The lawyer refers one of their past consultations (IDS.bookingId is cancelled by its own row).
  const past = await listCommunityBookings(
    stack.deps.db,
    A,
    new Date(Date.now() - 60 * 86_400_000).toISOString(),
    new Date().toISOString(),
  );
  DYN.referralBookingId = past.find((b) => b.lawyerId === "u-demo-lawyer-1" && b.status === "confirmed")?.id;
  expect(DYN.referralBookingId).toBeTruthy();

  // Things to delete: the unverified resident's pending request, the resident's waitlist place,
  // one closure each for staff and admin.
  const prepared = [
    await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: tokens.unverified,
      body: BODIES["POST /api/v1/me/verification-request"],
    }),
    await call(stack.app, "POST", `/api/v1/legal/slots/${DYN.waitlistSlotId}/waitlist`, {
      token: tokens.resident,
      body: BODIES["POST /api/v1/legal/slots/{slotId}/waitlist"],
    }),
    ...(await Promise.all(
      (["staff", "admin"] as const).map((caller) =>
        call(stack.app, "POST", `/api/v1/window/centers/${IDS.centerId}/closures`, {
          token: tokens[caller],
          body: {
            date: pick(ROUTE_IDS["DELETE /api/v1/window/centers/{centerId}/closures/{date}"] ?? {}, caller)
              .date,
            reason: "矩阵测试删除",
          },
        }),
      ),
    )),
  ];
  if (process.env.MATRIX_PRINT)
    console.log(
      "prepared",
      prepared.map((r) => `${r.status} ${r.text.slice(0, 200)}`),
      DYN,
      JSON.stringify(DYN_BODY).slice(0, 600),
    );
}
afterAll(() => stack?.cleanup());

const classOf = (status: number): Cls | "5xx" =>
  status >= 500 ? "5xx" : [401, 403, 404].includes(status) ? "no" : status === 400 ? "bad" : "ok";

/** Reads first, then writes; within a route the callers expected to be refused go first. */
const order = (key: string) => (key.startsWith("GET ") ? 0 : key.startsWith("DELETE ") ? 2 : 1);

describe("authorization matrix", () => {
  it("has exactly one row per documented route", () => {
    const documented = documentedRoutes(stack.app).map((r) => r.key);
    expect(
      documented.filter((key) => !MATRIX[key]),
      "routes without a row",
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((key) => !documented.includes(key)),
      "rows without a route",
    ).toEqual([]);
  });

  it("answers every cell as the table says, never 5xx", { timeout: 120_000 }, async () => {
    const routes = documentedRoutes(stack.app).sort((a, b) => order(a.key) - order(b.key));
    const actual: Record<string, Row> = {};
    const mismatches: string[] = [];
    for (const { key, hasBody } of routes) {
      const method = key.slice(0, key.indexOf(" "));
      const row: Cls[] = [];
      for (const [i, caller] of CALLERS.entries()) {
        const url = routeUrl(key, { ...IDS, ...pick(ROUTE_IDS[key] ?? {}, caller) });
        const body = BODIES[key];
        if (hasBody && body === undefined) mismatches.push(`${key}: no body in BODIES`);
        const res = await call(stack.app, method, url, {
          token: tokens[caller],
          body: hasBody ? pick(body ?? {}, caller) : undefined,
        });
        if (process.env.MATRIX_PRINT && method !== "GET")
          console.log(`${key} ${caller} ${res.status} ${res.text.slice(0, 160)}`);
        const cls = classOf(res.status);
        if (cls === "5xx") mismatches.push(`${key} as ${caller}: ${res.status} ${res.text}`);
        else row.push(cls);
        const expected = MATRIX[key]?.[i];
        if (expected && cls !== expected)
          mismatches.push(`${key} as ${caller}: expected ${expected}, got ${res.status}`);
      }
      actual[key] = row as Row;
    }
    if (process.env.MATRIX_PRINT)
      console.log(
        Object.entries(actual)
          .map(([key, row]) => `  "${key}": [${row.map((c) => `"${c}"`).join(", ")}],`)
          .join("\n"),
      );
    expect(mismatches).toEqual([]);
  });
});
