/** 随手拍: residents report, staff triage and dispatch, department handlers resolve, residents rate. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { auditPut, buildAudit } from "../audit/repo.js";
import { getBuilding } from "../community/repo.js";
import { canStaff, requireUser, staffCommunity } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { conflict, forbidden, validationFailed } from "../http/errors.js";
import { idempotency, idempotentCompletion } from "../http/idempotency.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { createRateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { readableCommunity } from "../legal/access.js";
import { acceptImages } from "../storage/images.js";
import { allocateNumber, type Loaded, loadCase, partiesOf, save, signer, tell } from "./actions.js";
import { assignedCases, communityCases, sortByUrgency } from "./lists.js";
import { createCase, getCase, getCaseIdByNumber, getDepartment, listUserCases } from "./repo.js";
import {
  caseParams,
  caseSummarySchema,
  declineBody,
  dispatchBody,
  listQuery,
  MAX_PROGRESS_NOTES,
  mergeBody,
  progressBody,
  type Report,
  ratingBody,
  reportBody,
  reportSchema,
  resolveBody,
} from "./schemas.js";
import {
  assertInHand,
  assertRatable,
  assertTriage,
  CASE_NUMBER_PATTERN,
  deadline,
  event,
  freshCase,
  missedSoFar,
  reportView,
  summaryOf,
} from "./service.js";

const route = <const T extends Parameters<typeof createRoute>[0]>(config: T) =>
  createRoute({ tags: ["cases"], security: bearer, ...config });

/** New photos come from uploads; a kept one (`cases/…`) only if this case already has it. */
const PHOTOS = { path: "photos", kept: "cases", onlyKnownKept: true, known: [] as string[] };
const photosOf = (r: Report) => ({
  ...PHOTOS,
  known: [...r.photos, ...r.history.flatMap((e) => e.photos), ...(r.resolution?.photos ?? [])],
});

const reportResponse = z.object({ report: reportSchema });
const listResponse = z.object({ items: z.array(caseSummarySchema) });

const createReportRoute = route({
  method: "post",
  path: "/reports",
  summary: "Resident: report a problem (随手拍) with photos and a place; answers with its case number",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: {
    body: jsonBody(
      reportBody.extend({
        communityId: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/)
          .optional(),
      }),
    ),
  },
  responses: {
    201: jsonContent(reportResponse, "Reported"),
    ...errorResponses(400, 401, 403, 409, 422, 429),
  },
});

const mineRoute = route({
  method: "get",
  path: "/reports/mine",
  summary: "Resident: my reports, newest first",
  middleware: [requireUser] as const,
  responses: { 200: jsonContent(listResponse, "My reports"), ...errorResponses(401) },
});

const listRoute = route({
  method: "get",
  path: "/reports",
  summary: "Staff: the community's reports (open, or all of the last 90 days); a handler: scope=assigned",
  middleware: [requireUser] as const,
  request: { query: listQuery },
  responses: {
    200: jsonContent(listResponse, "Reports, oldest deadline first"),
    ...errorResponses(400, 401, 403),
  },
});

const getRoute = route({
  method: "get",
  path: "/reports/{id}",
  summary: "One report: its reporter, staff of the community and its department's handlers",
  middleware: [requireUser] as const,
  request: { params: caseParams },
  responses: { 200: jsonContent(reportResponse, "The report"), ...errorResponses(400, 401, 404) },
});

/** `P` kept literal, so the typed client sees each action as its own route with its own body. */
const actionRoute = <P extends string, B extends z.ZodType>(path: P, summary: string, body: B) =>
  route({
    method: "post",
    path: `/reports/{id}/${path}` as `/reports/{id}/${P}`,
    summary,
    middleware: [requireUser] as const,
    request: { params: caseParams, body: jsonBody(body) },
    responses: {
      200: jsonContent(reportResponse, "The report as it is now"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });

const dispatchRoute = actionRoute(
  "dispatch",
  "Staff: accept a report and send it to a department with a deadline in working days",
  dispatchBody,
);
const mergeRoute = actionRoute(
  "merge",
  "Staff: close a report as a duplicate of another (by id or number)",
  mergeBody,
);
const declineRoute = actionRoute(
  "decline",
  "Staff: decline a report, with the reason the resident is told",
  declineBody,
);
const progressRoute = actionRoute(
  "progress",
  "Handler or staff: record progress (with photos); the resident is told",
  progressBody,
);
const resolveRoute = actionRoute(
  "resolve",
  "Handler or staff: record the resolution (with photos); the resident is asked to rate it",
  resolveBody,
);
const ratingRoute = actionRoute(
  "rating",
  "Resident: rate the resolution; not satisfied reopens the case once, with a new deadline",
  ratingBody,
);

type Ctx = Context<AppEnv>;

async function respond(c: Ctx, loaded: Loaded<Report>, report: Report) {
  const deps = c.get("deps");
  const viewer = { ...loaded.viewer };
  const mergedInto =
    report.mergedInto === null
      ? null
      : await getCase(deps.db, report.mergedInto, false).then((t) => t && { id: t.id, number: t.number });
  return c.json(
    { report: await reportView(report, viewer, deps.clock.now().toISOString(), signer(deps), mergedInto) },
    200,
  );
}

function staffAudit(
  c: Ctx,
  r: Report,
  action: string,
  now: string,
  details: Record<string, string | number> = {},
) {
  const deps = c.get("deps");
  return auditPut(
    deps.db,
    buildAudit(deps.newId(), now, {
      communityId: r.communityId,
      actor: c.get("user"),
      action,
      target: r.id,
      details: { number: r.number, ...details },
    }),
  );
}

function assertStaff(loaded: Loaded) {
  if (!loaded.viewer.staff)
    throw forbidden("Only staff of this community can do this.", "NOT_STAFF_OF_COMMUNITY");
}

function assertHandles(loaded: Loaded) {
  if (!loaded.viewer.staff && !loaded.viewer.assignee)
    throw forbidden("Only the department handling this case, or staff, can do this.", "NOT_HANDLER");
}

export const reportRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createReportRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const communityId = readableCommunity(user, body.communityId);
    if (body.location.buildingId) {
      const building = await getBuilding(deps.db, communityId, body.location.buildingId);
      if (!building)
        throw validationFailed([{ path: "location.buildingId", message: "No such building here" }]);
      if (body.location.unit !== null && !building.units.includes(body.location.unit))
        throw validationFailed([
          { path: "location.unit", message: `${building.name} has no unit ${body.location.unit}` },
        ]);
    } else if (body.location.unit !== null) {
      throw validationFailed([{ path: "location.unit", message: "Pick the building first" }]);
    }
    if (!body.location.buildingId && !body.location.address && !body.location.point)
      throw validationFailed([
        { path: "location", message: "Say where: a building, an address or a point on the map" },
      ]);
    const photos = await acceptImages(deps, communityId, body.photos, PHOTOS);
    const now = deps.clock.now().toISOString();
    const report: Report = {
      kind: "report",
      id: deps.newId(),
      number: await allocateNumber(deps, "HX", now),
      communityId,
      category: body.category,
      description: body.description,
      photos,
      location: body.location,
      anonymous: body.anonymous,
      reporterName: user.nickname,
      ...freshCase(user.id, "self", now),
      status: "submitted",
      history: [event(now, "submit", "resident", null, photos)],
      resolution: null,
      rating: null,
      reopened: false,
      mergedInto: null,
      declineReason: null,
    };
    const viewer = {
      id: user.id,
      staff: canStaff(user, communityId),
      admin: false,
      supervisor: false,
      assignee: false,
    };
    const view = await reportView(report, viewer, now, signer(deps), null);
    await createCase(
      deps.db,
      report,
      [user.id],
      [
        ...tell(deps, report, [user.id], "case.received", "received", now),
        ...idempotentCompletion(c, 201, { report: view }),
      ],
    );
    return c.json({ report: view }, 201);
  })
  .openapi(mineRoute, async (c) => {
    const deps = c.get("deps");
    const now = deps.clock.now().toISOString();
    const mine = await listUserCases(deps.db, c.get("user").id, "report");
    return c.json({ items: mine.map((r) => summaryOf(r, now)) }, 200);
  })
  .openapi(listRoute, async (c) => {
    const deps = c.get("deps");
    const query = c.req.valid("query");
    const now = deps.clock.now().toISOString();
    const cases =
      query.scope === "assigned"
        ? await assignedCases(c.get("deps"), c.get("user"), query.communityId)
        : await communityCases(c.get("deps"), staffCommunity(c.get("user"), query.communityId), query.scope);
    const reports = cases.filter((one) => one.kind === "report");
    return c.json({ items: sortByUrgency(reports.map((r) => summaryOf(r, now))) }, 200);
  })
  .openapi(getRoute, async (c) => {
    const loaded = await loadCase(c.get("deps"), c.get("user"), c.req.valid("param").id, "report");
    return respond(c, loaded, loaded.case);
  })
  .openapi(dispatchRoute, async (c) => {
    const deps = c.get("deps");
    const body = c.req.valid("json");
    const loaded = await loadCase(deps, c.get("user"), c.req.valid("param").id, "report");
    assertStaff(loaded);
    const r = loaded.case;
    assertTriage(r);
    const department = await getDepartment(deps.db, r.communityId, body.departmentId, true);
    if (!department?.active)
      throw validationFailed([{ path: "departmentId", message: "No such department in this community" }]);
    const now = deps.clock.now().toISOString();
    const due = deadline(now, body.dueWorkingDays);
    const after: Report = {
      ...r,
      status: "dispatched",
      assignee: { kind: "department", departmentId: department.id },
      assigneeName: department.name,
      dueWorkingDays: body.dueWorkingDays,
      ...due,
      updatedAt: now,
      history: [...r.history, event(now, "dispatch", "staff", body.note ?? null)],
    };
    const params = { department: department.name, dueDate: due.dueDate };
    await save(deps, r, after, [
      ...tell(deps, r, [r.filedBy], "case.dispatched", "dispatched", now, params),
      ...tell(deps, r, department.handlerIds, "case.assigned", "assigned-c0", now, params),
      staffAudit(c, r, "case.dispatch", now, {
        departmentId: department.id,
        dueWorkingDays: body.dueWorkingDays,
      }),
    ]);
    return respond(c, { ...loaded, department }, after);
  })
  .openapi(mergeRoute, async (c) => {
    const deps = c.get("deps");
    const { into } = c.req.valid("json");
    const loaded = await loadCase(deps, c.get("user"), c.req.valid("param").id, "report");
    assertStaff(loaded);
    const r = loaded.case;
    assertTriage(r);
    const targetId = CASE_NUMBER_PATTERN.test(into) ? await getCaseIdByNumber(deps.db, into) : into;
    const target = targetId ? await getCase(deps.db, targetId) : null;
    if (target?.kind !== "report" || target.communityId !== r.communityId)
      throw validationFailed([{ path: "into", message: "No such report in this community" }]);
    if (target.id === r.id)
      throw validationFailed([{ path: "into", message: "A report cannot duplicate itself" }]);
    if (target.status === "merged" || target.status === "declined")
      throw conflict(
        "MERGE_TARGET_CLOSED",
        "That report was itself merged or declined; merge into the one it went to.",
      );
    const now = deps.clock.now().toISOString();
    const after: Report = {
      ...r,
      status: "merged",
      mergedInto: target.id,
      updatedAt: now,
      closedAt: now,
      finishedAt: now,
      history: [...r.history, event(now, "merge", "staff", target.number)],
    };
    await save(deps, r, after, [
      ...tell(deps, r, [r.filedBy], "case.merged", "merged", now, { into: target.number }),
      staffAudit(c, r, "case.merge", now, { into: target.number }),
    ]);
    return respond(c, loaded, after);
  })
  .openapi(declineRoute, async (c) => {
    const deps = c.get("deps");
    const { reason } = c.req.valid("json");
    const loaded = await loadCase(deps, c.get("user"), c.req.valid("param").id, "report");
    assertStaff(loaded);
    const r = loaded.case;
    assertTriage(r);
    const now = deps.clock.now().toISOString();
    const after: Report = {
      ...r,
      status: "declined",
      declineReason: reason,
      updatedAt: now,
      closedAt: now,
      finishedAt: now,
      history: [...r.history, event(now, "decline", "staff", reason)],
    };
    await save(deps, r, after, [
      ...tell(deps, r, [r.filedBy], "case.declined", "declined", now, { reason }),
      staffAudit(c, r, "case.decline", now),
    ]);
    return respond(c, loaded, after);
  })
  .openapi(progressRoute, async (c) => {
    const deps = c.get("deps");
    const body = c.req.valid("json");
    const loaded = await loadCase(deps, c.get("user"), c.req.valid("param").id, "report");
    assertHandles(loaded);
    const r = loaded.case;
    assertInHand(r);
    if (r.history.filter((e) => e.action === "progress").length >= MAX_PROGRESS_NOTES)
      throw conflict("TOO_MANY_NOTES", `A report holds at most ${MAX_PROGRESS_NOTES} progress notes.`);
    const photos = await acceptImages(deps, r.communityId, body.photos, photosOf(r));
    const now = deps.clock.now().toISOString();
    const by = loaded.viewer.assignee ? "handler" : "staff";
    const after: Report = {
      ...r,
      status: "in_progress",
      updatedAt: now,
      history: [...r.history, event(now, "progress", by, body.note, photos)],
    };
    await save(
      deps,
      r,
      after,
      tell(deps, r, [r.filedBy], "case.progress", `progress-${r.history.length}`, now),
    );
    return respond(c, loaded, after);
  })
  .openapi(resolveRoute, async (c) => {
    const deps = c.get("deps");
    const body = c.req.valid("json");
    const loaded = await loadCase(deps, c.get("user"), c.req.valid("param").id, "report");
    assertHandles(loaded);
    const r = loaded.case;
    assertInHand(r);
    const photos = await acceptImages(deps, r.communityId, body.photos, photosOf(r));
    const now = deps.clock.now().toISOString();
    const by = loaded.viewer.assignee ? "handler" : "staff";
    const after: Report = {
      ...r,
      status: "resolved",
      resolution: { text: body.text, photos, at: now },
      finishedAt: now,
      updatedAt: now,
      history: [...r.history, event(now, "resolve", by, body.text, photos)],
    };
    await save(deps, r, after, tell(deps, r, [r.filedBy], "case.resolved", `resolved-c${r.cycle}`, now));
    return respond(c, loaded, after);
  })
  .openapi(ratingRoute, async (c) => {
    const deps = c.get("deps");
    const body = c.req.valid("json");
    const loaded = await loadCase(deps, c.get("user"), c.req.valid("param").id, "report");
    const r = loaded.case;
    if (r.filedBy !== c.get("user").id)
      throw forbidden("Only the resident who reported it rates it.", "NOT_REPORTER");
    assertRatable(r);
    const now = deps.clock.now().toISOString();
    const rating = { satisfied: body.satisfied, comment: body.comment || null, at: now };
    const reopen = !body.satisfied && !r.reopened;
    const rated = event(now, "rate", "resident", body.comment || null);
    let after: Report;
    if (reopen) {
      const due = deadline(now, r.dueWorkingDays ?? 5);
      after = {
        ...r,
        status: "dispatched",
        rating,
        reopened: true,
        cycle: r.cycle + 1,
        ...(missedSoFar(r, now) ? { missedDeadline: true } : {}),
        ...due,
        escalationLevel: 0,
        overdueAt: null,
        escalatedAt: null,
        finishedAt: null,
        updatedAt: now,
        history: [...r.history, rated, event(now, "reopen", "system")],
      };
    } else {
      after = {
        ...r,
        status: "closed",
        rating,
        closedAt: now,
        updatedAt: now,
        history: [...r.history, rated],
      };
    }
    const handlers = loaded.department?.handlerIds ?? [];
    await save(
      deps,
      r,
      after,
      reopen
        ? tell(deps, r, [...handlers, ...partiesOf(r)], "case.reopened", "reopened", now, {
            department: r.assigneeName ?? "",
            dueDate: after.dueDate ?? "",
          })
        : [],
    );
    return respond(c, loaded, after);
  });
