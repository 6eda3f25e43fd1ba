/** 矛盾纠纷调解: filing (by a resident, staff on their behalf, or a lawyer's referral), mediation, closing. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { auditPut, buildAudit } from "../audit/repo.js";
import { cancelledConditionIndexes } from "../db/errors.js";
import { getItem } from "../db/items.js";
import { keys } from "../db/keys.js";
import { canStaff, requireUser, staffCommunity } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { AppError, conflict, forbidden, validationFailed } from "../http/errors.js";
import { idempotency, idempotentCompletion } from "../http/idempotency.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { createRateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { isLawyerOf, readableCommunity } from "../legal/access.js";
import { getBooking } from "../legal/repo.js";
import { getUser } from "../users/repo.js";
import type { UserProfile } from "../users/schemas.js";
import { allocateNumber, type Loaded, loadCase, partiesOf, save, signer, tell, viewerOf } from "./actions.js";
import { assignedCases, communityCases, sortByUrgency } from "./lists.js";
import { createCase, getCaseSettings, getDepartment, listUserCases, newCaseWrites } from "./repo.js";
import {
  assignBody,
  caseParams,
  caseSummarySchema,
  closeBody,
  type Dispute,
  disputeBody,
  disputeSchema,
  listQuery,
  type Party,
  sessionBody,
  sessionParams,
  sessionRecordBody,
} from "./schemas.js";
import {
  assertDisputeOpen,
  assertHasMediator,
  deadline,
  disputeView,
  event,
  freshCase,
  isSupervisor,
  missedSoFar,
  summaryOf,
} from "./service.js";

const route = <const T extends Parameters<typeof createRoute>[0]>(config: T) =>
  createRoute({ tags: ["cases"], security: bearer, ...config });

const disputeResponse = z.object({ dispute: disputeSchema });
const listResponse = z.object({ items: z.array(caseSummarySchema) });

const fileRoute = route({
  method: "post",
  path: "/disputes",
  summary: "File a dispute for mediation: a resident, staff on a resident's behalf, or a lawyer's referral",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(disputeBody) },
  responses: {
    201: jsonContent(disputeResponse, "Filed"),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const mineRoute = route({
  method: "get",
  path: "/disputes/mine",
  summary: "Resident: the disputes I am a party to, newest first",
  middleware: [requireUser] as const,
  responses: { 200: jsonContent(listResponse, "My disputes"), ...errorResponses(401) },
});

const listRoute = route({
  method: "get",
  path: "/disputes",
  summary:
    "Supervisors: the community's disputes; a mediator: scope=assigned. Other staff: 403 (counts only)",
  middleware: [requireUser] as const,
  request: { query: listQuery },
  responses: { 200: jsonContent(listResponse, "Disputes"), ...errorResponses(400, 401, 403) },
});

const getRoute = route({
  method: "get",
  path: "/disputes/{id}",
  summary: "One dispute: its parties who are users, its mediator and the community's supervisors",
  middleware: [requireUser] as const,
  request: { params: caseParams },
  responses: { 200: jsonContent(disputeResponse, "The dispute"), ...errorResponses(400, 401, 403, 404) },
});

const actionResponses = {
  200: jsonContent(disputeResponse, "The dispute as it is now"),
  ...errorResponses(400, 401, 403, 404, 409),
};

const assignRoute = route({
  method: "post",
  path: "/disputes/{id}/assign",
  summary:
    "Supervisor: assign a mediator (a mediation studio or a staff member) with a deadline in working days",
  middleware: [requireUser] as const,
  request: { params: caseParams, body: jsonBody(assignBody) },
  responses: actionResponses,
});

const scheduleRoute = route({
  method: "post",
  path: "/disputes/{id}/sessions",
  summary: "Mediator or supervisor: schedule a mediation session; the parties are told",
  middleware: [requireUser] as const,
  request: { params: caseParams, body: jsonBody(sessionBody) },
  responses: { 201: jsonContent(disputeResponse, "Scheduled"), ...errorResponses(400, 401, 403, 404, 409) },
});

const recordRoute = route({
  method: "post",
  path: "/disputes/{id}/sessions/{n}",
  summary: "Mediator or supervisor: record how a session went (held, with a summary, or cancelled)",
  middleware: [requireUser] as const,
  request: { params: sessionParams, body: jsonBody(sessionRecordBody) },
  responses: actionResponses,
});

const closeRoute = route({
  method: "post",
  path: "/disputes/{id}/close",
  summary: "Mediator or supervisor: close as settled (agreement), not settled (referred on) or withdrawn",
  middleware: [requireUser] as const,
  request: { params: caseParams, body: jsonBody(closeBody) },
  responses: actionResponses,
});

type Ctx = Context<AppEnv>;

/** Mediation is weeks, not years: a session further ahead is a typing mistake. */
const MAX_SESSION_AHEAD_DAYS = 180;

async function respond(c: Ctx, loaded: Loaded<Dispute>, dispute: Dispute) {
  const deps = c.get("deps");
  return c.json(
    { dispute: await disputeView(dispute, loaded.viewer, deps.clock.now().toISOString(), signer(deps)) },
    200,
  );
}

function assertHandling(loaded: Loaded<Dispute>) {
  if (!loaded.viewer.assignee && !loaded.viewer.supervisor)
    throw forbidden("Only the mediator or a supervisor can do this.", "NOT_MEDIATOR");
}

/** Who files and for whom: the applicant, the community, and how it came in. */
async function applicantOf(c: Ctx, body: z.infer<typeof disputeBody>) {
  const deps = c.get("deps");
  const user = c.get("user");
  if (body.referralBookingId) {
    const booking = await getBooking(deps.db, body.referralBookingId, true);
    if (!booking || booking.lawyerId !== user.id || !isLawyerOf(user, booking.communityId))
      throw validationFailed([{ path: "referralBookingId", message: "Not a consultation of yours" }]);
    if (booking.status !== "confirmed")
      throw validationFailed([{ path: "referralBookingId", message: "The consultation was cancelled" }]);
    // Refused before a case number is taken; the guard in the filing's transaction settles a race.
    if (await getItem(deps.db, keys.caseReferral(booking.id), true))
      throw conflict("ALREADY_REFERRED", "This consultation has already been referred to mediation.");
    const applicant = await getUser(deps.db, booking.userId);
    if (!applicant)
      throw validationFailed([{ path: "referralBookingId", message: "The resident's account is gone" }]);
    return { applicant, communityId: booking.communityId, via: "lawyer" as const };
  }
  if (body.onBehalfOf) {
    const communityId = staffCommunity(user, body.communityId);
    const applicant = await getUser(deps.db, body.onBehalfOf);
    if (!applicant || applicant.communityId !== communityId || applicant.householdCount === 0)
      throw validationFailed([
        { path: "onBehalfOf", message: "No verified resident of this community with this id" },
      ]);
    return { applicant, communityId, via: "staff" as const };
  }
  const communityId = readableCommunity(user, body.communityId);
  if (user.communityId !== communityId || user.householdCount === 0)
    throw forbidden(
      "Verify your household first, or ask the service center to file for you.",
      "NOT_VERIFIED",
    );
  return { applicant: user, communityId, via: "self" as const };
}

async function checkParties(c: Ctx, parties: Party[], communityId: string, applicant: UserProfile) {
  const deps = c.get("deps");
  const issues: { path: string; message: string }[] = [];
  await Promise.all(
    parties.map(async (party, i) => {
      if (party.userId === null) return;
      if (party.userId === applicant.id)
        return issues.push({ path: `parties.${i}.userId`, message: "The applicant is added by themselves" });
      const other = await getUser(deps.db, party.userId);
      if (!other || other.communityId !== communityId)
        issues.push({ path: `parties.${i}.userId`, message: "No resident of this community with this id" });
    }),
  );
  if (
    new Set(parties.filter((p) => p.userId).map((p) => p.userId)).size !==
    parties.filter((p) => p.userId).length
  )
    issues.push({ path: "parties", message: "A person is listed twice" });
  if (issues.length > 0) throw validationFailed(issues);
}

export const disputeRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(fileRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const { applicant, communityId, via } = await applicantOf(c, body);
    await checkParties(c, body.parties, communityId, applicant);
    const now = deps.clock.now().toISOString();
    const parties: Party[] = [
      { side: "applicant", name: applicant.nickname, userId: applicant.id, phone: null },
      ...body.parties,
    ];
    const dispute: Dispute = {
      kind: "dispute",
      id: deps.newId(),
      number: await allocateNumber(deps, "TJ", now),
      communityId,
      type: body.type,
      description: body.description,
      parties,
      partyUserIds: parties.flatMap((p) => (p.userId ? [p.userId] : [])),
      referralBookingId: body.referralBookingId ?? null,
      ...freshCase(applicant.id, via, now),
      status: "filed",
      history: [event(now, "file", via === "self" ? "resident" : via)],
      sessions: [],
      outcome: null,
      agreement: null,
      referredTo: null,
      closeNote: null,
    };
    const settings = await getCaseSettings(deps.db, communityId, true);
    const viewer = viewerOf(user, dispute, null, settings);
    const view = await disputeView(dispute, viewer, now, signer(deps));
    // One dispute per referred consultation: a guard first among the extra writes, so a refusal names it.
    const referral = body.referralBookingId
      ? [
          {
            Put: {
              TableName: deps.db.tableName,
              Item: {
                ...keys.caseReferral(body.referralBookingId),
                entity: "CaseReferral",
                caseId: dispute.id,
              },
              ConditionExpression: "attribute_not_exists(PK)",
            },
          },
        ]
      : [];
    const referralAt = newCaseWrites(deps.db, dispute, dispute.partyUserIds).length;
    await createCase(deps.db, dispute, dispute.partyUserIds, [
      ...referral,
      ...tell(deps, dispute, dispute.partyUserIds, "dispute.filed", "filed", now),
      ...tell(deps, dispute, settings?.supervisorIds ?? [], "dispute.filed", "filed-supervisor", now),
      ...(via === "self"
        ? []
        : [
            auditPut(
              deps.db,
              buildAudit(deps.newId(), now, {
                communityId,
                actor: user,
                action: via === "staff" ? "dispute.file_on_behalf" : "dispute.referral",
                subjectUserId: applicant.id,
                target: dispute.id,
                details: { number: dispute.number, type: dispute.type },
              }),
            ),
          ]),
      ...idempotentCompletion(c, 201, { dispute: view }),
    ]).catch((error) => {
      if (referral.length > 0 && cancelledConditionIndexes(error)?.includes(referralAt))
        throw conflict("ALREADY_REFERRED", "This consultation has already been referred to mediation.");
      throw error;
    });
    return c.json({ dispute: view }, 201);
  })
  .openapi(mineRoute, async (c) => {
    const deps = c.get("deps");
    const now = deps.clock.now().toISOString();
    const mine = await listUserCases(deps.db, c.get("user").id, "dispute");
    return c.json({ items: mine.map((d) => summaryOf(d, now)) }, 200);
  })
  .openapi(listRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const query = c.req.valid("query");
    const now = deps.clock.now().toISOString();
    let cases: Awaited<ReturnType<typeof assignedCases>>;
    if (query.scope === "assigned") cases = await assignedCases(deps, user, query.communityId);
    else {
      const communityId = staffCommunity(user, query.communityId);
      const settings = await getCaseSettings(deps.db, communityId);
      if (!isSupervisor(settings, user.id, canStaff(user, communityId)))
        throw new AppError(
          403,
          "DISPUTES_PRIVATE",
          "Disputes are seen by their mediators and the community's supervisors; the command center has the counts.",
        );
      cases = await communityCases(deps, communityId, query.scope);
    }
    const disputes = cases.filter((one) => one.kind === "dispute");
    return c.json({ items: sortByUrgency(disputes.map((d) => summaryOf(d, now))) }, 200);
  })
  .openapi(getRoute, async (c) => {
    const loaded = await loadCase(c.get("deps"), c.get("user"), c.req.valid("param").id, "dispute");
    return respond(c, loaded, loaded.case);
  })
  .openapi(assignRoute, async (c) => {
    const deps = c.get("deps");
    const body = c.req.valid("json");
    const loaded = await loadCase(deps, c.get("user"), c.req.valid("param").id, "dispute");
    if (!loaded.viewer.supervisor) throw forbidden("Only a supervisor assigns a mediator.", "NOT_SUPERVISOR");
    const d = loaded.case;
    assertDisputeOpen(d);
    let name: string;
    let handlers: string[];
    let department = null;
    if (body.mediator.kind === "department") {
      department = await getDepartment(deps.db, d.communityId, body.mediator.departmentId, true);
      if (!department?.active)
        throw validationFailed([
          { path: "mediator.departmentId", message: "No such department in this community" },
        ]);
      name = department.name;
      handlers = department.handlerIds;
    } else {
      const mediator = await getUser(deps.db, body.mediator.userId);
      if (!mediator || !canStaff(mediator, d.communityId))
        throw validationFailed([
          { path: "mediator.userId", message: "Not a staff member of this community" },
        ]);
      name = mediator.nickname;
      handlers = [mediator.id];
    }
    const now = deps.clock.now().toISOString();
    const due = deadline(now, body.dueWorkingDays);
    const cycle = d.assignee ? d.cycle + 1 : d.cycle;
    const after: Dispute = {
      ...d,
      status: d.status === "filed" ? "assigned" : d.status,
      assignee: body.mediator,
      assigneeName: name,
      dueWorkingDays: body.dueWorkingDays,
      ...due,
      // A reassignment is a fresh start: a new deadline, escalation from level 0 again; a deadline
      // already missed still counts against the figures.
      cycle,
      ...(d.assignee && missedSoFar(d, now) ? { missedDeadline: true } : {}),
      escalationLevel: 0,
      updatedAt: now,
      history: [...d.history, event(now, "assign", "staff", name)],
    };
    const params = { department: name, dueDate: due.dueDate };
    await save(deps, d, after, [
      ...tell(deps, d, d.partyUserIds, "dispute.assigned", `assigned-c${cycle}`, now, params),
      ...tell(deps, d, handlers, "case.assigned", `mediator-c${cycle}`, now, params),
      auditPut(
        deps.db,
        buildAudit(deps.newId(), now, {
          communityId: d.communityId,
          actor: c.get("user"),
          action: "dispute.assign",
          target: d.id,
          details: { number: d.number, mediator: name, dueWorkingDays: body.dueWorkingDays },
        }),
      ),
    ]);
    return respond(c, { ...loaded, department }, after);
  })
  .openapi(scheduleRoute, async (c) => {
    const deps = c.get("deps");
    const body = c.req.valid("json");
    const loaded = await loadCase(deps, c.get("user"), c.req.valid("param").id, "dispute");
    assertHandling(loaded);
    const d = loaded.case;
    assertHasMediator(d);
    const now = deps.clock.now().toISOString();
    if (body.scheduledAt <= now)
      throw validationFailed([{ path: "scheduledAt", message: "A session is scheduled in the future" }]);
    if (Date.parse(body.scheduledAt) - Date.parse(now) > MAX_SESSION_AHEAD_DAYS * 86_400_000)
      throw validationFailed([
        {
          path: "scheduledAt",
          message: `A session is scheduled at most ${MAX_SESSION_AHEAD_DAYS} days ahead`,
        },
      ]);
    if (d.sessions.length >= 100) throw conflict("TOO_MANY_SESSIONS", "A dispute has at most 100 sessions.");
    const n = d.sessions.length + 1;
    const after: Dispute = {
      ...d,
      status: "in_mediation",
      sessions: [
        ...d.sessions,
        {
          n,
          scheduledAt: body.scheduledAt,
          place: body.place,
          status: "scheduled",
          summary: null,
          recordedAt: null,
        },
      ],
      updatedAt: now,
      history: [...d.history, event(now, "session", "mediator", `#${n}`)],
    };
    await save(
      deps,
      d,
      after,
      tell(deps, d, partiesOf(d), "dispute.session", `session-${n}`, now, {
        scheduledAt: body.scheduledAt,
        place: body.place,
      }),
    );
    return c.json({ dispute: await disputeView(after, loaded.viewer, now, signer(deps)) }, 201);
  })
  .openapi(recordRoute, async (c) => {
    const deps = c.get("deps");
    const body = c.req.valid("json");
    const { id, n } = c.req.valid("param");
    const loaded = await loadCase(deps, c.get("user"), id, "dispute");
    assertHandling(loaded);
    const d = loaded.case;
    assertHasMediator(d);
    const session = d.sessions.find((s) => s.n === n);
    if (!session) throw validationFailed([{ path: "n", message: "No such session" }]);
    if (session.status !== "scheduled") throw conflict("SESSION_RECORDED", "This session has been recorded.");
    const now = deps.clock.now().toISOString();
    if (body.status === "held" && session.scheduledAt > now)
      throw validationFailed([
        { path: "status", message: "A session is recorded as held once its time has come" },
      ]);
    const after: Dispute = {
      ...d,
      sessions: d.sessions.map((s) =>
        s.n === n ? { ...s, status: body.status, summary: body.summary, recordedAt: now } : s,
      ),
      updatedAt: now,
      history: [...d.history, event(now, `session_${body.status}`, "mediator", `#${n}`)],
    };
    await save(deps, d, after, []);
    return respond(c, loaded, after);
  })
  .openapi(closeRoute, async (c) => {
    const deps = c.get("deps");
    const body = c.req.valid("json");
    const loaded = await loadCase(deps, c.get("user"), c.req.valid("param").id, "dispute");
    assertHandling(loaded);
    const d = loaded.case;
    assertHasMediator(d);
    const now = deps.clock.now().toISOString();
    const after: Dispute = {
      ...d,
      status: "closed",
      outcome: body.outcome,
      agreement: body.outcome === "settled" ? body.agreement : null,
      referredTo: body.outcome === "not_settled" ? body.referredTo : null,
      closeNote: body.outcome === "settled" ? null : (body.note ?? null),
      // Past sessions never recorded stay as they were; a scheduled one still ahead is off.
      sessions: d.sessions.map((s) =>
        s.status === "scheduled" && s.scheduledAt > now ? { ...s, status: "cancelled" } : s,
      ),
      closedAt: now,
      finishedAt: now,
      updatedAt: now,
      history: [...d.history, event(now, "close", "mediator", body.outcome)],
    };
    await save(deps, d, after, [
      ...tell(deps, d, d.partyUserIds, "dispute.closed", "closed", now, { outcome: body.outcome }),
      auditPut(
        deps.db,
        buildAudit(deps.newId(), now, {
          communityId: d.communityId,
          actor: c.get("user"),
          action: "dispute.close",
          target: d.id,
          details: { number: d.number, outcome: body.outcome },
        }),
      ),
    ]);
    return respond(c, loaded, after);
  });
