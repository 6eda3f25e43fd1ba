import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { buildAudit } from "../audit/repo.js";
import { requireUser, staffCommunity } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { conflict, notFound, validationFailed } from "../http/errors.js";
import { idempotency } from "../http/idempotency.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { createRateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { dayBounds, daysBetween, shanghaiDate, shanghaiTime } from "../time/shanghai.js";
import { getUser } from "../users/repo.js";
import { isLawyerOf, readableCommunity } from "./access.js";
import { cancelSlot } from "./actions.js";
import {
  createRoster,
  getLawyer,
  getSettings,
  getSlot,
  listCommunityBookings,
  listCommunitySlots,
  listLawyerSlots,
  listRosters,
  putLawyer,
  putSettings,
} from "./repo.js";
import {
  cancelDayBody,
  cancelSlotBody,
  communityQuery,
  dateQuery,
  dayParams,
  lawyerBody,
  lawyerParams,
  lawyerSchema,
  rosterBody,
  rosterSchema,
  settingsBody,
  settingsSchema,
  slotParams,
  slotSchema,
  slotsWithBookingsSchema,
  statsQuery,
  statsSchema,
} from "./schemas.js";
import {
  bookingView,
  computeStats,
  findOverlap,
  lawyerView,
  PHONE_LOCATION,
  planRoster,
  slotsWithBookings,
  slotView,
} from "./service.js";

const MAX_STATS_DAYS = 366;

const createRosterRoute = createRoute({
  method: "post",
  path: "/legal/rosters",
  tags: ["legal (staff)"],
  summary: "Staff: set up a duty roster; it generates the bookable slots",
  description:
    "409 ROSTER_OVERLAP when a slot would overlap one the lawyer already has. Honours Idempotency-Key.",
  security: bearer,
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(rosterBody) },
  responses: {
    201: jsonContent(z.object({ roster: rosterSchema }), "Created with its slots"),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const listRostersRoute = createRoute({
  method: "get",
  path: "/legal/rosters",
  tags: ["legal (staff)"],
  summary: "Staff: the community's rosters, newest first",
  security: bearer,
  middleware: [requireUser] as const,
  request: { query: communityQuery },
  responses: {
    200: jsonContent(z.object({ rosters: z.array(rosterSchema) }), "Rosters"),
    ...errorResponses(400, 401, 403),
  },
});

const cancelSlotRoute = createRoute({
  method: "post",
  path: "/legal/slots/{slotId}/cancel",
  tags: ["legal (staff)"],
  summary: "Staff: cancel a slot with a reason; everyone booked or waiting is told",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: slotParams, body: jsonBody(cancelSlotBody) },
  responses: {
    200: jsonContent(
      z.object({ slot: slotSchema, cancelledBookings: z.number().int(), waitlistClosed: z.number().int() }),
      "Cancelled",
    ),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const cancelDayRoute = createRoute({
  method: "post",
  path: "/legal/days/{date}/cancel",
  tags: ["legal (staff)"],
  summary: "Staff: cancel every remaining slot of a day (of one lawyer, or all)",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: dayParams, body: jsonBody(cancelDayBody) },
  responses: {
    200: jsonContent(
      z.object({
        cancelledSlots: z.number().int(),
        cancelledBookings: z.number().int(),
        waitlistClosed: z.number().int(),
      }),
      "Cancelled",
    ),
    ...errorResponses(400, 401, 403),
  },
});

const scheduleRoute = createRoute({
  method: "get",
  path: "/legal/schedule",
  tags: ["legal (staff)"],
  summary: "Staff: a day's slots and who booked them (no descriptions, phones masked)",
  security: bearer,
  middleware: [requireUser] as const,
  request: { query: dateQuery },
  responses: {
    200: jsonContent(
      z.object({
        date: z.string(),
        slots: slotsWithBookingsSchema,
      }),
      "The day",
    ),
    ...errorResponses(400, 401, 403),
  },
});

const statsRoute = createRoute({
  method: "get",
  path: "/legal/stats",
  tags: ["legal (staff)"],
  summary: "Staff: bookings by category, outcomes, no-show rate and utilisation per lawyer for a period",
  security: bearer,
  middleware: [requireUser] as const,
  request: { query: statsQuery },
  responses: { 200: jsonContent(statsSchema, "Statistics"), ...errorResponses(400, 401, 403) },
});

const getSettingsRoute = createRoute({
  method: "get",
  path: "/legal/settings",
  tags: ["legal"],
  summary: "The community's consultation rules: cut-off, limits, place",
  security: bearer,
  middleware: [requireUser] as const,
  request: { query: communityQuery },
  responses: {
    200: jsonContent(z.object({ settings: settingsSchema }), "Settings"),
    ...errorResponses(400, 401, 403),
  },
});

const putSettingsRoute = createRoute({
  method: "put",
  path: "/legal/settings",
  tags: ["legal (staff)"],
  summary: "Staff: change the cancellation cut-off, the booking limit, the waitlist size or the place",
  security: bearer,
  middleware: [requireUser] as const,
  request: { body: jsonBody(settingsBody) },
  responses: {
    200: jsonContent(z.object({ settings: settingsSchema }), "Saved"),
    ...errorResponses(400, 401, 403),
  },
});

const putLawyerRoute = createRoute({
  method: "put",
  path: "/legal/lawyers/{lawyerId}",
  tags: ["legal (staff)"],
  summary: "Staff: a duty lawyer's profile as residents see it (name, firm, specialties)",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: lawyerParams, body: jsonBody(lawyerBody) },
  responses: {
    200: jsonContent(z.object({ lawyer: lawyerSchema }), "Saved"),
    ...errorResponses(400, 401, 403, 404),
  },
});

function settingsView(settings: Awaited<ReturnType<typeof getSettings>>) {
  const { updatedAt: _updated, ...view } = settings;
  return view;
}

export const legalStaffRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createRosterRoute, async (c) => {
    const deps = c.get("deps");
    const staff = c.get("user");
    const body = c.req.valid("json");
    const communityId = staffCommunity(staff, body.communityId, "communityId");
    const lawyerUser = await getUser(deps.db, body.lawyerId);
    if (!lawyerUser || !isLawyerOf(lawyerUser, communityId))
      throw notFound("This lawyer is not on this community's duty list.", "LAWYER_NOT_FOUND");
    const profile = (await getLawyer(deps.db, communityId, body.lawyerId)) ?? {
      userId: lawyerUser.id,
      communityId,
      name: lawyerUser.nickname,
      firm: "",
      specialties: [],
      intro: "",
      updatedAt: lawyerUser.updatedAt,
    };
    const settings = await getSettings(deps.db, communityId);
    const now = deps.clock.now();
    const { roster, slots } = planRoster(body, {
      rosterId: deps.newId(),
      communityId,
      lawyer: profile,
      location: body.location ?? (body.mode === "phone" ? PHONE_LOCATION : settings.location),
      now,
    });
    const first = slots[0];
    const last = slots[slots.length - 1];
    if (first && last) {
      const existing = await listLawyerSlots(
        deps.db,
        body.lawyerId,
        dayBounds(first.date).start,
        last.endsAt,
      );
      const overlap = findOverlap(slots, existing);
      if (overlap) {
        throw conflict(
          "ROSTER_OVERLAP",
          `${profile.name} already has a slot on ${shanghaiDate(overlap.existing.startsAt)} at ${shanghaiTime(overlap.existing.startsAt)}.`,
        );
      }
    }
    const stored = { ...roster, createdBy: staff.id };
    await createRoster(
      deps.db,
      stored,
      slots,
      buildAudit(deps.newId(), now.toISOString(), {
        communityId,
        actor: staff,
        action: "legal.roster.create",
        target: roster.id,
        details: {
          lawyer: profile.name,
          from: roster.from,
          to: roster.to,
          weekdays: roster.weekdays.join(","),
          time: `${roster.startTime}-${roster.endTime}`,
          slots: roster.slotCount,
        },
      }),
    );
    const { createdBy: _by, ...view } = stored;
    return c.json({ roster: view }, 201);
  })
  .openapi(listRostersRoute, async (c) => {
    const communityId = staffCommunity(c.get("user"), c.req.valid("query").communityId, "query.communityId");
    const rosters = await listRosters(c.get("deps").db, communityId);
    return c.json({ rosters: rosters.map(({ createdBy: _by, ...view }) => view) }, 200);
  })
  .openapi(cancelSlotRoute, async (c) => {
    const deps = c.get("deps");
    const staff = c.get("user");
    const { reason } = c.req.valid("json");
    const slot = await getSlot(deps.db, c.req.valid("param").slotId);
    if (!slot) throw notFound("This slot does not exist.", "SLOT_NOT_FOUND");
    staffCommunity(staff, slot.communityId);
    const result = await cancelSlot(deps, staff, slot.id, reason);
    return c.json(
      {
        slot: slotView(result.slot),
        cancelledBookings: result.cancelledBookings,
        waitlistClosed: result.waitlistClosed,
      },
      200,
    );
  })
  .openapi(cancelDayRoute, async (c) => {
    const deps = c.get("deps");
    const staff = c.get("user");
    const { date } = c.req.valid("param");
    const body = c.req.valid("json");
    const communityId = staffCommunity(staff, body.communityId);
    const { start, end } = dayBounds(date);
    const nowIso = deps.clock.now().toISOString();
    const slots = (await listCommunitySlots(deps.db, communityId, start, end)).filter(
      (slot) =>
        slot.status === "open" && slot.endsAt > nowIso && (!body.lawyerId || slot.lawyerId === body.lawyerId),
    );
    const totals = { cancelledSlots: 0, cancelledBookings: 0, waitlistClosed: 0 };
    for (const slot of slots) {
      const result = await cancelSlot(deps, staff, slot.id, body.reason, date);
      totals.cancelledSlots += 1;
      totals.cancelledBookings += result.cancelledBookings;
      totals.waitlistClosed += result.waitlistClosed;
    }
    return c.json(totals, 200);
  })
  .openapi(scheduleRoute, async (c) => {
    const deps = c.get("deps");
    const query = c.req.valid("query");
    const communityId = staffCommunity(c.get("user"), query.communityId, "query.communityId");
    const date = query.date ?? shanghaiDate(deps.clock.now());
    const { start, end } = dayBounds(date);
    const settings = await getSettings(deps.db, communityId);
    const slots = await listCommunitySlots(deps.db, communityId, start, end);
    const bookings = (await listCommunityBookings(deps.db, communityId, start, end)).map((b) =>
      bookingView(b, "staff", settings),
    );
    return c.json(
      {
        date,
        slots: slotsWithBookings(slots, bookings),
      },
      200,
    );
  })
  .openapi(statsRoute, async (c) => {
    const deps = c.get("deps");
    const query = c.req.valid("query");
    const communityId = staffCommunity(c.get("user"), query.communityId, "query.communityId");
    const span = daysBetween(query.from, query.to);
    if (span < 0)
      throw validationFailed([{ path: "query.to", message: "The end date is before the start date" }]);
    if (span >= MAX_STATS_DAYS)
      throw validationFailed([{ path: "query.to", message: `At most ${MAX_STATS_DAYS} days at a time` }]);
    const start = dayBounds(query.from).start;
    const end = dayBounds(query.to).end;
    const slots = await listCommunitySlots(deps.db, communityId, start, end);
    const bookings = await listCommunityBookings(deps.db, communityId, start, end);
    return c.json(computeStats(communityId, query, slots, bookings), 200);
  })
  .openapi(getSettingsRoute, async (c) => {
    const communityId = readableCommunity(c.get("user"), c.req.valid("query").communityId);
    return c.json({ settings: settingsView(await getSettings(c.get("deps").db, communityId)) }, 200);
  })
  .openapi(putSettingsRoute, async (c) => {
    const deps = c.get("deps");
    const staff = c.get("user");
    const { communityId: requested, ...changes } = c.req.valid("json");
    const communityId = staffCommunity(staff, requested);
    const now = deps.clock.now().toISOString();
    const next = { ...(await getSettings(deps.db, communityId)), ...changes, updatedAt: now };
    await putSettings(
      deps.db,
      next,
      buildAudit(deps.newId(), now, {
        communityId,
        actor: staff,
        action: "legal.settings.update",
        details: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v ?? null])),
      }),
    );
    return c.json({ settings: settingsView(next) }, 200);
  })
  .openapi(putLawyerRoute, async (c) => {
    const deps = c.get("deps");
    const staff = c.get("user");
    const { lawyerId } = c.req.valid("param");
    const { communityId: requested, ...profile } = c.req.valid("json");
    const communityId = staffCommunity(staff, requested);
    const lawyerUser = await getUser(deps.db, lawyerId);
    if (!lawyerUser || !isLawyerOf(lawyerUser, communityId))
      throw notFound("This lawyer is not on this community's duty list.", "LAWYER_NOT_FOUND");
    const now = deps.clock.now().toISOString();
    await putLawyer(
      deps.db,
      { userId: lawyerId, communityId, ...profile, updatedAt: now },
      buildAudit(deps.newId(), now, {
        communityId,
        actor: staff,
        action: "legal.lawyer.update",
        target: lawyerId,
        details: { name: profile.name, firm: profile.firm },
      }),
    );
    return c.json({ lawyer: lawyerView({ userId: lawyerId, ...profile }) }, 200);
  });
