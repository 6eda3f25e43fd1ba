/** The window for staff: the catalog and centers, closures, today's queue, check-in, results, proxy cases, statistics. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { buildAudit } from "../audit/repo.js";
import type { Db } from "../db/client.js";
import { assertStaffOf, requireUser, staffCommunity } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { conflict, notFound, validationFailed } from "../http/errors.js";
import { idempotency } from "../http/idempotency.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { createRateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { addDays, dayBounds, daysBetween, shanghaiDate } from "../time/shanghai.js";
import { getUser } from "../users/repo.js";
import type { UserProfile } from "../users/schemas.js";
import { advanceProxy, checkIn, closeDay, recordResult, takeInProxy } from "./actions.js";
import {
  getAppointment,
  getCenter,
  getClosure,
  getMatter,
  getProxyCase,
  getTicket,
  listCenterAppointments,
  listCenters,
  listClosures,
  listCommunityProxyCases,
  listDayAppointments,
  listMatters,
  listSlotCounters,
  removeClosure,
  saveCenter,
  saveMatter,
} from "./repo.js";
import {
  appointmentParams,
  appointmentSchema,
  type Center,
  centerBody,
  centerParams,
  centerSchema,
  checkInBody,
  closureBody,
  closureParams,
  closureSchema,
  closuresQuery,
  dayKindSchema,
  matterBody,
  matterParams,
  matterSchema,
  proxyBody,
  proxyCaseSchema,
  proxyListQuery,
  proxyParams,
  proxyStatusBody,
  queueEntrySchema,
  queueQuery,
  resultBody,
  statsQuery,
  windowStatsSchema,
} from "./schemas.js";
import {
  appointmentView,
  centerDay,
  centerFromBody,
  computeWindowStats,
  isTicketCode,
  matterFromBody,
  normalizeTicketCode,
  proxyView,
  slotsOf,
} from "./service.js";

const MAX_STATS_DAYS = 92;

/** The version the editor loaded: a save over someone else's newer one is refused, not lost. */
const editedVersion = {
  updatedAt: z.string().max(40).optional().openapi({
    description: "The updatedAt the form was loaded with; 409 EDIT_CONFLICT if it changed since",
  }),
};

const route = <const T extends Parameters<typeof createRoute>[0]>(config: T) =>
  createRoute({ tags: ["window (staff)"], security: bearer, ...config });

const createMatterRoute = route({
  method: "post",
  path: "/matters",
  summary: "Add a matter to the community's catalog (staff; admin for any community)",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(matterBody) },
  responses: {
    201: jsonContent(z.object({ matter: matterSchema }), "Created"),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const updateMatterRoute = route({
  method: "put",
  path: "/matters/{matterId}",
  summary: "Edit a matter, or retire it (status: retired) / offer it again",
  middleware: [requireUser] as const,
  request: {
    params: matterParams,
    body: jsonBody(matterBody.omit({ communityId: true }).extend(editedVersion)),
  },
  responses: {
    200: jsonContent(z.object({ matter: matterSchema }), "Saved"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const createCenterRoute = route({
  method: "post",
  path: "/window/centers",
  summary: "Set up an acceptance center: windows, slot length, opening hours, booking rules",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(centerBody) },
  responses: {
    201: jsonContent(z.object({ center: centerSchema }), "Created"),
    ...errorResponses(400, 401, 403, 409, 422, 429),
  },
});

const updateCenterRoute = route({
  method: "put",
  path: "/window/centers/{centerId}",
  summary: "Change a center's windows, hours or rules (booked appointments stay)",
  middleware: [requireUser] as const,
  request: {
    params: centerParams,
    body: jsonBody(centerBody.omit({ communityId: true }).extend(editedVersion)),
  },
  responses: {
    200: jsonContent(z.object({ center: centerSchema }), "Saved"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const closuresRoute = route({
  method: "get",
  path: "/window/centers/{centerId}/closures",
  summary: "A center's ad-hoc closures (default: from today on, 92 days)",
  middleware: [requireUser] as const,
  request: { params: centerParams, query: closuresQuery },
  responses: {
    200: jsonContent(z.object({ closures: z.array(closureSchema) }), "Closures"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const closeRoute = route({
  method: "post",
  path: "/window/centers/{centerId}/closures",
  summary: "Close a center for a day; its appointments are cancelled and their residents told",
  middleware: [requireUser] as const,
  request: { params: centerParams, body: jsonBody(closureBody) },
  responses: {
    201: jsonContent(z.object({ closure: closureSchema, cancelled: z.number().int() }), "Closed"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const reopenRoute = route({
  method: "delete",
  path: "/window/centers/{centerId}/closures/{date}",
  summary: "Remove a closure (cancelled appointments stay cancelled)",
  middleware: [requireUser] as const,
  request: { params: closureParams },
  responses: {
    200: jsonContent(z.object({ reopened: z.literal(true) }), "Reopened"),
    ...errorResponses(401, 403, 404),
  },
});

const queueRoute = route({
  method: "get",
  path: "/window/queue",
  summary: "A day's queue by slot (default today): tickets, names, matters, statuses",
  middleware: [requireUser] as const,
  request: { query: queueQuery },
  responses: {
    200: jsonContent(
      z.object({
        date: z.string(),
        center: centerSchema,
        day: dayKindSchema,
        slots: z.array(
          z.object({
            startsAt: z.string(),
            endsAt: z.string(),
            windows: z.number().int(),
            booked: z.number().int(),
            entries: z.array(queueEntrySchema),
          }),
        ),
      }),
      "The queue",
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

const checkInRoute = route({
  method: "post",
  path: "/window/check-in",
  summary: "Check a resident in by the ticket code (scanned or typed)",
  description:
    "404 TICKET_NOT_FOUND; 409 WRONG_CENTER · WRONG_DAY (the ticket is for another center or day) · ALREADY_CHECKED_IN · ALREADY_HANDLED · APPOINTMENT_CANCELLED",
  middleware: [requireUser] as const,
  request: { body: jsonBody(checkInBody) },
  responses: {
    200: jsonContent(z.object({ appointment: appointmentSchema }), "Checked in"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const resultRoute = route({
  method: "post",
  path: "/window/appointments/{appointmentId}/result",
  summary: "Record the result: done, or materials missing with the list and a note",
  description: "409 NOT_CHECKED_IN · ALREADY_HANDLED",
  middleware: [requireUser] as const,
  request: { params: appointmentParams, body: jsonBody(resultBody) },
  responses: {
    200: jsonContent(z.object({ appointment: appointmentSchema }), "Recorded"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const statsRoute = route({
  method: "get",
  path: "/window/stats",
  summary: "Appointments per matter and day, no-show rate, first-visit completions, average wait",
  middleware: [requireUser] as const,
  request: { query: statsQuery },
  responses: {
    200: jsonContent(windowStatsSchema, "Statistics"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const takeInRoute = route({
  method: "post",
  path: "/window/proxy",
  summary: "Take a matter in for handling by proxy (代办): from an appointment, or for a resident and matter",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(proxyBody) },
  responses: {
    201: jsonContent(z.object({ proxyCase: proxyCaseSchema }), "Received"),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const proxyListRoute = route({
  method: "get",
  path: "/window/proxy",
  summary: "The community's proxy cases, newest first",
  middleware: [requireUser] as const,
  request: { query: proxyListQuery },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(proxyCaseSchema), nextCursor: z.string().nullable() }),
      "Proxy cases",
    ),
    ...errorResponses(400, 401, 403),
  },
});

const proxyStatusRoute = route({
  method: "post",
  path: "/window/proxy/{proxyId}/status",
  summary: "Move a proxy case on: in_progress, done or returned (the resident is told)",
  middleware: [requireUser] as const,
  request: { params: proxyParams, body: jsonBody(proxyStatusBody) },
  responses: {
    200: jsonContent(z.object({ proxyCase: proxyCaseSchema }), "Updated"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

/** The center a staff member works at: the one named (if they staff its community), or their community's first. */
async function staffCenter(db: Db, user: UserProfile, centerId: string | undefined): Promise<Center> {
  if (centerId) {
    const center = await getCenter(db, centerId);
    if (!center) throw notFound("No such center.", "CENTER_NOT_FOUND");
    assertStaffOf(user, center.communityId);
    return center;
  }
  const [center] = await listCenters(db, staffCommunity(user));
  if (!center) throw notFound("Set up a center first.", "CENTER_NOT_FOUND");
  return center;
}

async function staffAppointment(db: Db, user: UserProfile, id: string) {
  const appointment = await getAppointment(db, id, true);
  if (!appointment) throw notFound("No such appointment.", "APPOINTMENT_NOT_FOUND");
  assertStaffOf(user, appointment.communityId);
  return appointment;
}

export const windowStaffRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createMatterRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const communityId = staffCommunity(user, body.communityId, "communityId");
    const centers = await listCenters(deps.db, communityId);
    const center = body.centerId ? centers.find((candidate) => candidate.id === body.centerId) : centers[0];
    if (!center) throw notFound("Set up the center that handles it first.", "CENTER_NOT_FOUND");
    const now = deps.clock.now().toISOString();
    const matter = matterFromBody(deps.newId(), communityId, center.id, body, now, null);
    await saveMatter(
      deps.db,
      matter,
      buildAudit(deps.newId(), now, {
        communityId,
        actor: user,
        action: "window.matter_create",
        target: matter.id,
        details: { name: matter.name },
      }),
      null,
    );
    return c.json({ matter }, 201);
  })
  .openapi(updateMatterRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const { updatedAt: loaded, ...body } = c.req.valid("json");
    const previous = await getMatter(deps.db, c.req.valid("param").matterId);
    if (!previous) throw notFound("No such matter.", "MATTER_NOT_FOUND");
    assertStaffOf(user, previous.communityId);
    const centerId = body.centerId ?? previous.centerId;
    if ((await getCenter(deps.db, centerId))?.communityId !== previous.communityId)
      throw validationFailed([{ path: "centerId", message: "Not a center of this community" }]);
    const now = deps.clock.now().toISOString();
    if (loaded && loaded !== previous.updatedAt)
      throw conflict("EDIT_CONFLICT", "Someone else has saved this matter since you opened it; reload it.");
    const matter = matterFromBody(previous.id, previous.communityId, centerId, body, now, previous);
    await saveMatter(
      deps.db,
      matter,
      buildAudit(deps.newId(), now, {
        communityId: matter.communityId,
        actor: user,
        action:
          matter.status !== previous.status
            ? `window.matter_${matter.status === "retired" ? "retire" : "restore"}`
            : "window.matter_edit",
        target: matter.id,
        details: { name: matter.name },
      }),
      previous.updatedAt,
    );
    return c.json({ matter }, 200);
  })
  .openapi(createCenterRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const communityId = staffCommunity(user, body.communityId, "communityId");
    const now = deps.clock.now().toISOString();
    const center = centerFromBody(deps.newId(), communityId, body, now);
    await saveCenter(
      deps.db,
      center,
      buildAudit(deps.newId(), now, {
        communityId,
        actor: user,
        action: "window.center_create",
        target: center.id,
        details: { name: center.name },
      }),
      null,
    );
    return c.json({ center }, 201);
  })
  .openapi(updateCenterRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const previous = await staffCenter(deps.db, user, c.req.valid("param").centerId);
    const { updatedAt: loaded, ...body } = c.req.valid("json");
    if (loaded && loaded !== previous.updatedAt)
      throw conflict("EDIT_CONFLICT", "Someone else has saved this center since you opened it; reload it.");
    const now = deps.clock.now().toISOString();
    const center = centerFromBody(previous.id, previous.communityId, body, now);
    await saveCenter(
      deps.db,
      center,
      buildAudit(deps.newId(), now, {
        communityId: center.communityId,
        actor: user,
        action: "window.center_edit",
        target: center.id,
        details: { windows: center.windows, slotMinutes: center.slotMinutes },
      }),
      previous.updatedAt,
    );
    return c.json({ center }, 200);
  })
  .openapi(closuresRoute, async (c) => {
    const deps = c.get("deps");
    const center = await staffCenter(deps.db, c.get("user"), c.req.valid("param").centerId);
    const query = c.req.valid("query");
    const from = query.from ?? shanghaiDate(deps.clock.now());
    const to = query.to ?? addDays(from, MAX_STATS_DAYS - 1);
    if (daysBetween(from, to) < 0)
      throw validationFailed([{ path: "query.to", message: "Before the start" }]);
    const closures = await listClosures(deps.db, center.id, from, to);
    return c.json({ closures: closures.map(({ createdBy: _by, ...closure }) => closure) }, 200);
  })
  .openapi(closeRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const center = await staffCenter(deps.db, user, c.req.valid("param").centerId);
    const body = c.req.valid("json");
    if (body.date < shanghaiDate(deps.clock.now()))
      throw validationFailed([{ path: "date", message: "A day that has passed cannot be closed" }]);
    const { closure, cancelled } = await closeDay(deps, user, center, body.date, body.reason);
    const { createdBy: _by, ...view } = closure;
    return c.json({ closure: view, cancelled }, 201);
  })
  .openapi(reopenRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const params = c.req.valid("param");
    const center = await staffCenter(deps.db, user, params.centerId);
    const closure = await getClosure(deps.db, center.id, params.date, true);
    if (!closure) throw notFound("The center is not closed that day.", "CLOSURE_NOT_FOUND");
    const now = deps.clock.now().toISOString();
    await removeClosure(
      deps.db,
      center.id,
      params.date,
      buildAudit(deps.newId(), now, {
        communityId: center.communityId,
        actor: user,
        action: "window.reopen_day",
        target: `${center.id}/${params.date}`,
      }),
    );
    return c.json({ reopened: true as const }, 200);
  })
  .openapi(queueRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const query = c.req.valid("query");
    const center = await staffCenter(deps.db, user, query.centerId);
    const date = query.date ?? shanghaiDate(deps.clock.now());
    const [closure, appointments, counters] = await Promise.all([
      getClosure(deps.db, center.id, date),
      listDayAppointments(deps.db, center.id, date),
      listSlotCounters(deps.db, center.id, dayBounds(date).start, dayBounds(date).end),
    ]);
    const day = centerDay(center, date, closure?.reason ?? null);
    const { periods: _periods, ...dayView } = day;
    const matters = new Map((await listMatters(deps.db, center.communityId)).map((m) => [m.id, m]));
    const slots = new Map<
      string,
      { startsAt: string; endsAt: string; windows: number; booked: number; entries: unknown[] }
    >();
    for (const slot of day.open ? slotsOf(center, day) : []) {
      slots.set(slot.startsAt, {
        ...slot,
        windows: center.windows,
        booked: counters.get(slot.startsAt) ?? 0,
        entries: [],
      });
    }
    for (const appointment of appointments) {
      const slot = slots.get(appointment.startsAt) ?? {
        startsAt: appointment.startsAt,
        endsAt: appointment.endsAt,
        windows: center.windows,
        booked: counters.get(appointment.startsAt) ?? 0,
        entries: [],
      };
      slot.entries.push({
        id: appointment.id,
        ticketCode: appointment.ticketCode,
        matterId: appointment.matterId,
        matterName: appointment.matterName,
        matterNameEn: appointment.matterNameEn,
        category: appointment.category,
        userId: appointment.userId,
        residentName: appointment.residentName,
        startsAt: appointment.startsAt,
        endsAt: appointment.endsAt,
        status: appointment.status,
        bookedVia: appointment.bookedVia,
        checkedInAt: appointment.checkedInAt,
        completedAt: appointment.completedAt,
        missing: appointment.missing,
        note: appointment.note,
        proxyAllowed: matters.get(appointment.matterId)?.proxyAllowed ?? false,
        proxyCaseId: appointment.proxyCaseId ?? null,
      });
      slots.set(appointment.startsAt, slot);
    }
    const ordered = [...slots.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const available = ordered.reduce((sum, slot) => sum + Math.max(0, slot.windows - slot.booked), 0);
    return c.json(
      { date, center, day: { ...dayView, available }, slots: ordered as z.infer<typeof queueSlot>[] },
      200,
    );
  })
  .openapi(checkInRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const center = await staffCenter(deps.db, user, body.centerId);
    const code = normalizeTicketCode(body.ticketCode);
    const ticket = isTicketCode(code) ? await getTicket(deps.db, code) : null;
    if (!ticket) throw notFound(`No appointment has the ticket code ${code}.`, "TICKET_NOT_FOUND");
    if (ticket.centerId !== center.id)
      throw conflict("WRONG_CENTER", "This ticket is for another center; the resident should go there.");
    const today = shanghaiDate(deps.clock.now());
    if (ticket.date !== today)
      throw conflict("WRONG_DAY", `This ticket is for ${ticket.date}, not today (${today}).`);
    const appointment = await staffAppointment(deps.db, user, ticket.appointmentId);
    const checked = await checkIn(deps, user, appointment);
    return c.json({ appointment: appointmentView(checked, center, deps.clock.now()) }, 200);
  })
  .openapi(resultRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const appointment = await staffAppointment(deps.db, user, c.req.valid("param").appointmentId);
    const recorded = await recordResult(deps, user, appointment, c.req.valid("json"));
    return c.json({ appointment: appointmentView(recorded, null, deps.clock.now()) }, 200);
  })
  .openapi(statsRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const query = c.req.valid("query");
    const span = daysBetween(query.from, query.to);
    if (span < 0)
      throw validationFailed([{ path: "query.to", message: "The end date is before the start date" }]);
    if (span >= MAX_STATS_DAYS)
      throw validationFailed([{ path: "query.to", message: `At most ${MAX_STATS_DAYS} days at a time` }]);
    const center = await staffCenter(deps.db, user, query.centerId);
    const appointments = await listCenterAppointments(
      deps.db,
      center.id,
      dayBounds(query.from).start,
      dayBounds(query.to).end,
    );
    return c.json(computeWindowStats(appointments, query.from, query.to, center.id), 200);
  })
  .openapi(takeInRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const appointment = body.appointmentId ? await staffAppointment(deps.db, user, body.appointmentId) : null;
    const matterId = appointment?.matterId ?? body.matterId;
    const userId = appointment?.userId ?? body.userId;
    if (!matterId || !userId)
      throw validationFailed([
        { path: "appointmentId", message: "Give an appointment, or a resident and a matter" },
      ]);
    const matter = await getMatter(deps.db, matterId);
    if (!matter) throw notFound("No such matter.", "MATTER_NOT_FOUND");
    assertStaffOf(user, matter.communityId);
    const resident = await getUser(deps.db, userId);
    if (!resident || resident.communityId !== matter.communityId || resident.householdCount < 1)
      throw notFound("No verified resident of this community has this id.", "USER_NOT_FOUND");
    const proxy = await takeInProxy(deps, user, { matter, resident, appointment, note: body.note ?? null });
    return c.json({ proxyCase: proxyView(proxy) }, 201);
  })
  .openapi(proxyListRoute, async (c) => {
    const deps = c.get("deps");
    const query = c.req.valid("query");
    const communityId = staffCommunity(c.get("user"), query.communityId, "query.communityId");
    const page = await listCommunityProxyCases(deps.db, communityId, query.limit, query.cursor);
    return c.json({ items: page.items.map(proxyView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(proxyStatusRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const proxyId = c.req.valid("param").proxyId;
    const existing = await getProxyCase(deps.db, proxyId);
    if (!existing) throw notFound("No such case.", "PROXY_NOT_FOUND");
    assertStaffOf(user, existing.communityId);
    const body = c.req.valid("json");
    const proxy = await advanceProxy(deps, user, proxyId, body.status, body.note ?? null);
    return c.json({ proxyCase: proxyView(proxy) }, 200);
  });

const queueSlot = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  windows: z.number(),
  booked: z.number(),
  entries: z.array(queueEntrySchema),
});
