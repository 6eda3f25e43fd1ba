/** The window for residents: the catalog, open days and slots, booking, my appointments and proxy cases. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { buildAudit } from "../audit/repo.js";
import type { Db } from "../db/client.js";
import { canStaff, requireUser } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { conflict, forbidden, notFound, validationFailed } from "../http/errors.js";
import { idempotency, idempotentCompletion } from "../http/idempotency.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { createRateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { readableCommunity } from "../legal/access.js";
import { addDays, dayBounds, daysBetween, shanghaiDate } from "../time/shanghai.js";
import { getUser } from "../users/repo.js";
import type { UserProfile } from "../users/schemas.js";
import { bookWindow, cancelByResident } from "./actions.js";
import {
  getAppointment,
  getCenter,
  getClosure,
  getMatter,
  getMatterVisit,
  listCenters,
  listClosures,
  listMatters,
  listSlotCounters,
  listUserAppointments,
  listUserProxyCases,
} from "./repo.js";
import {
  appointmentBody,
  appointmentParams,
  appointmentSchema,
  type Center,
  centerSchema,
  communityQuery,
  dayKindSchema,
  daysQuery,
  lastVisitSchema,
  type Matter,
  matterParams,
  matterSchema,
  mattersQuery,
  mineQuery,
  proxyCaseSchema,
  slotsQuery,
  windowSlotSchema,
} from "./schemas.js";
import {
  appointmentView,
  assertBookableSlot,
  assertMayBookWindow,
  bookingHorizon,
  centerDay,
  matchesQuery,
  materialsIncomplete,
  proxyView,
  slotsOf,
  sortMatters,
  unconfirmedMaterials,
} from "./service.js";

const MAX_DAYS = 62;

const route = <const T extends Parameters<typeof createRoute>[0]>(config: T) =>
  createRoute({ tags: ["window"], security: bearer, ...config });

const mattersRoute = route({
  method: "get",
  path: "/matters",
  summary: "The matters catalog of a community: by category and search words",
  middleware: [requireUser] as const,
  request: { query: mattersQuery },
  responses: {
    200: jsonContent(z.object({ matters: z.array(matterSchema) }), "Matters, by category then name"),
    ...errorResponses(400, 401, 403),
  },
});

const matterRoute = route({
  method: "get",
  path: "/matters/{matterId}",
  summary: "One matter with its materials, its center, and what the caller's last visit left to bring",
  middleware: [requireUser] as const,
  request: { params: matterParams },
  responses: {
    200: jsonContent(
      z.object({
        matter: matterSchema,
        center: centerSchema.nullable(),
        lastVisit: lastVisitSchema.nullable(),
      }),
      "The matter",
    ),
    ...errorResponses(401, 403, 404),
  },
});

const centersRoute = route({
  method: "get",
  path: "/window/centers",
  summary: "The community's acceptance centers: windows, opening hours, booking rules",
  middleware: [requireUser] as const,
  request: { query: communityQuery },
  responses: {
    200: jsonContent(z.object({ centers: z.array(centerSchema) }), "Centers"),
    ...errorResponses(400, 401, 403),
  },
});

const daysRoute = route({
  method: "get",
  path: "/window/days",
  summary: "The days a matter can be booked: open or closed with the reason (holiday, closure…), seats left",
  middleware: [requireUser] as const,
  request: { query: daysQuery },
  responses: {
    200: jsonContent(
      z.object({ from: z.string(), to: z.string(), days: z.array(dayKindSchema) }),
      "Days (default: the booking horizon)",
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

const slotsRoute = route({
  method: "get",
  path: "/window/slots",
  summary: "The slots of one day for a matter, with windows, booked and available",
  middleware: [requireUser] as const,
  request: { query: slotsQuery },
  responses: {
    200: jsonContent(
      z.object({ date: z.string(), day: dayKindSchema, slots: z.array(windowSlotSchema) }),
      "Slots not yet started (none on a closed day)",
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

const bookRoute = route({
  method: "post",
  path: "/window/appointments",
  summary: "Book a window appointment after confirming the materials (staff: onBehalfOf a resident)",
  description:
    "400 MATERIALS_INCOMPLETE (details name each unconfirmed material); 409 SLOT_FULL · BOOKING_LIMIT · CENTER_CLOSED · SLOT_STARTED · BEYOND_HORIZON · MATTER_RETIRED; 403 NOT_VERIFIED. Honours Idempotency-Key.",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(appointmentBody) },
  responses: {
    201: jsonContent(z.object({ appointment: appointmentSchema }), "Booked, with the ticket code"),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const mineRoute = route({
  method: "get",
  path: "/window/appointments/mine",
  summary: "My appointments (upcoming ascending or past descending) and my proxy cases",
  middleware: [requireUser] as const,
  request: { query: mineQuery },
  responses: {
    200: jsonContent(
      z.object({
        items: z.array(appointmentSchema),
        nextCursor: z.string().nullable(),
        proxyCases: z.array(proxyCaseSchema),
      }),
      "My appointments",
    ),
    ...errorResponses(400, 401),
  },
});

const appointmentRoute = route({
  method: "get",
  path: "/window/appointments/{appointmentId}",
  summary: "One appointment: its resident and the community's staff",
  middleware: [requireUser] as const,
  request: { params: appointmentParams },
  responses: {
    200: jsonContent(z.object({ appointment: appointmentSchema }), "The appointment"),
    ...errorResponses(401, 404),
  },
});

const cancelRoute = route({
  method: "post",
  path: "/window/appointments/{appointmentId}/cancel",
  summary: "Cancel my appointment before the cut-off (default 1 hour before)",
  description: "409 CANCEL_CUTOFF_PASSED · NOT_CANCELLABLE",
  middleware: [requireUser] as const,
  request: { params: appointmentParams },
  responses: {
    200: jsonContent(z.object({ appointment: appointmentSchema }), "Cancelled"),
    ...errorResponses(401, 404, 409),
  },
});

/** A matter the caller may see: active in their community, or any in a community they staff. */
export async function visibleMatter(deps: { db: Db }, user: UserProfile, matterId: string): Promise<Matter> {
  const matter = await getMatter(deps.db, matterId);
  if (!matter) throw notFound("No such matter.", "MATTER_NOT_FOUND");
  const staff = canStaff(user, matter.communityId);
  if (!staff) readableCommunity(user, matter.communityId);
  if (matter.status === "retired" && !staff)
    throw notFound("This matter is no longer offered.", "MATTER_NOT_FOUND");
  return matter;
}

export async function centerOf(db: Db, matter: Matter): Promise<Center> {
  const center = await getCenter(db, matter.centerId);
  if (!center) throw notFound("This matter's center is not set up yet.", "CENTER_NOT_FOUND");
  return center;
}

export const windowRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(mattersRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const query = c.req.valid("query");
    const communityId = readableCommunity(user, query.communityId);
    const withRetired = query.includeRetired === "true" && canStaff(user, communityId);
    const matters = (await listMatters(deps.db, communityId)).filter(
      (matter) =>
        (withRetired || matter.status === "active") &&
        (!query.category || matter.category === query.category) &&
        matchesQuery(matter, query.q),
    );
    return c.json({ matters: sortMatters(matters) }, 200);
  })
  .openapi(matterRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const matter = await visibleMatter(deps, user, c.req.valid("param").matterId);
    const [center, visit] = await Promise.all([
      getCenter(deps.db, matter.centerId),
      getMatterVisit(deps.db, user.id, matter.id),
    ]);
    const lastVisit = visit
      ? {
          appointmentId: visit.lastAppointmentId,
          result: visit.lastResult,
          missing: visit.missing,
          note: visit.note,
          at: visit.at,
        }
      : null;
    return c.json({ matter, center, lastVisit }, 200);
  })
  .openapi(centersRoute, async (c) => {
    const deps = c.get("deps");
    const communityId = readableCommunity(c.get("user"), c.req.valid("query").communityId);
    return c.json({ centers: await listCenters(deps.db, communityId) }, 200);
  })
  .openapi(daysRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const query = c.req.valid("query");
    const matter = await visibleMatter(deps, user, query.matterId);
    const center = await centerOf(deps.db, matter);
    const staff = canStaff(user, matter.communityId);
    const now = deps.clock.now();
    const horizon = bookingHorizon(center, now);
    const from = query.from ?? horizon.from;
    const to = query.to ?? horizon.to;
    const span = daysBetween(from, to);
    if (span < 0)
      throw validationFailed([{ path: "query.to", message: "The end date is before the start date" }]);
    if (span >= MAX_DAYS)
      throw validationFailed([{ path: "query.to", message: `At most ${MAX_DAYS} days at a time` }]);
    const [closures, counters] = await Promise.all([
      listClosures(deps.db, center.id, from, to),
      listSlotCounters(deps.db, center.id, dayBounds(from).start, dayBounds(to).end),
    ]);
    const reasons = new Map(closures.map((closure) => [closure.date, closure.reason]));
    const nowIso = now.toISOString();
    const days = Array.from({ length: span + 1 }, (_, i) => {
      const date = addDays(from, i);
      const day = centerDay(center, date, reasons.get(date) ?? null);
      const { periods: _periods, ...view } = day;
      if (!day.open) return { ...view, available: 0 };
      if (date < horizon.from) return { ...view, open: false, closedBecause: "past" as const, available: 0 };
      // Staff may book for a resident beyond the horizon (assertBookableSlot lets them).
      if (date > horizon.to && !staff)
        return { ...view, open: false, closedBecause: "beyond_horizon" as const, available: 0 };
      const available = slotsOf(center, day)
        .filter((slot) => slot.startsAt > nowIso)
        .reduce((sum, slot) => sum + Math.max(0, center.windows - (counters.get(slot.startsAt) ?? 0)), 0);
      return { ...view, available };
    });
    return c.json({ from, to, days }, 200);
  })
  .openapi(slotsRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const query = c.req.valid("query");
    const matter = await visibleMatter(deps, user, query.matterId);
    const center = await centerOf(deps.db, matter);
    const closure = await getClosure(deps.db, center.id, query.date);
    const day = centerDay(center, query.date, closure?.reason ?? null);
    const { periods: _periods, ...dayView } = day;
    const nowIso = deps.clock.now().toISOString();
    const bounds = dayBounds(query.date);
    const counters = day.open
      ? await listSlotCounters(deps.db, center.id, bounds.start, bounds.end)
      : new Map();
    const slots = day.open
      ? slotsOf(center, day)
          .filter((slot) => slot.startsAt > nowIso)
          .map((slot) => {
            const booked = counters.get(slot.startsAt) ?? 0;
            return {
              ...slot,
              windows: center.windows,
              booked,
              available: Math.max(0, center.windows - booked),
            };
          })
      : [];
    const available = slots.reduce((sum, slot) => sum + slot.available, 0);
    return c.json({ date: query.date, day: { ...dayView, available }, slots }, 200);
  })
  .openapi(bookRoute, async (c) => {
    const deps = c.get("deps");
    const actor = c.get("user");
    const body = c.req.valid("json");
    const matter = await getMatter(deps.db, body.matterId);
    if (!matter) throw notFound("No such matter.", "MATTER_NOT_FOUND");
    let resident = actor;
    if (body.onBehalfOf) {
      if (!canStaff(actor, matter.communityId))
        throw forbidden("Only staff of this community can book for a resident.", "NOT_STAFF_OF_COMMUNITY");
      const target = await getUser(deps.db, body.onBehalfOf);
      if (!target) throw notFound("No such resident.", "USER_NOT_FOUND");
      resident = target;
    }
    assertMayBookWindow(resident, matter.communityId);
    if (matter.status !== "active") throw conflict("MATTER_RETIRED", "This matter is no longer offered.");
    const unconfirmed = unconfirmedMaterials(matter, body.confirmedMaterials);
    if (unconfirmed.length) throw materialsIncomplete(unconfirmed);
    const center = await centerOf(deps.db, matter);
    const date = shanghaiDate(body.slotStartsAt);
    const closure = await getClosure(deps.db, center.id, date, true);
    const via = body.onBehalfOf ? ("staff" as const) : ("self" as const);
    const slot = assertBookableSlot(center, body.slotStartsAt, closure?.reason ?? null, deps.clock.now(), {
      byStaff: via === "staff",
    });
    const appointment = await bookWindow(deps, {
      matter,
      center,
      slot,
      resident,
      actor,
      via,
      confirmedMaterials: body.confirmedMaterials,
      audit:
        via === "staff"
          ? (made) =>
              buildAudit(deps.newId(), made.createdAt, {
                communityId: matter.communityId,
                actor,
                action: "window.book_on_behalf",
                subjectUserId: resident.id,
                target: made.id,
                details: { matter: matter.name, startsAt: made.startsAt, centerId: center.id },
              })
          : undefined,
      alsoWrite: (made) =>
        idempotentCompletion(c, 201, { appointment: appointmentView(made, center, deps.clock.now()) }),
    });
    return c.json({ appointment: appointmentView(appointment, center, deps.clock.now()) }, 201);
  })
  .openapi(mineRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const query = c.req.valid("query");
    const now = deps.clock.now();
    const [page, proxies] = await Promise.all([
      listUserAppointments(deps.db, user.id, {
        when: query.when,
        now: now.toISOString(),
        limit: query.limit,
        cursor: query.cursor,
      }),
      query.cursor ? Promise.resolve([]) : listUserProxyCases(deps.db, user.id),
    ]);
    const centers = new Map<string, Center | null>();
    for (const item of page.items) {
      if (!centers.has(item.centerId)) centers.set(item.centerId, await getCenter(deps.db, item.centerId));
    }
    return c.json(
      {
        items: page.items.map((item) => appointmentView(item, centers.get(item.centerId) ?? null, now)),
        nextCursor: page.nextCursor,
        proxyCases: proxies.map(proxyView),
      },
      200,
    );
  })
  .openapi(appointmentRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const appointment = await getAppointment(deps.db, c.req.valid("param").appointmentId);
    if (!appointment || (appointment.userId !== user.id && !canStaff(user, appointment.communityId)))
      throw notFound("No such appointment.", "APPOINTMENT_NOT_FOUND");
    const center = await getCenter(deps.db, appointment.centerId);
    return c.json({ appointment: appointmentView(appointment, center, deps.clock.now()) }, 200);
  })
  .openapi(cancelRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const { appointment, center } = await cancelByResident(deps, user, c.req.valid("param").appointmentId);
    return c.json({ appointment: appointmentView(appointment, center, deps.clock.now()) }, 200);
  });
