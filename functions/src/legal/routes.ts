import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { buildAudit } from "../audit/repo.js";
import { canStaff, requireUser } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { forbidden, notFound, validationFailed } from "../http/errors.js";
import { idempotency, idempotentCompletion } from "../http/idempotency.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { createRateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { addDays, dayBounds, daysBetween, shanghaiDate } from "../time/shanghai.js";
import { getUser } from "../users/repo.js";
import type { UserProfile } from "../users/schemas.js";
import { readableCommunity } from "./access.js";
import { book, cancelByResident, joinWaitlist, leaveWaitlist } from "./actions.js";
import {
  getBooking,
  getLawyer,
  getLedger,
  getSettings,
  getSlot,
  listCommunitySlots,
  listLawyers,
  listUserBookings,
  listUserWaitlist,
  listWaitlist,
} from "./repo.js";
import {
  bookingBody,
  bookingParams,
  bookingSchema,
  communityQuery,
  lawyerSchema,
  mineQuery,
  rangeQuery,
  type Slot,
  type SlotView,
  slotParams,
  slotSchema,
  waitlistBody,
  waitlistSchema,
} from "./schemas.js";
import {
  assertMayBookIn,
  bookingView,
  lawyerView,
  pruneLedger,
  slotView,
  suspendedUntil,
} from "./service.js";

const MAX_RANGE_DAYS = 62;

const lawyersRoute = createRoute({
  method: "get",
  path: "/legal/lawyers",
  tags: ["legal"],
  summary: "The lawyers on duty in a community: name, firm, specialties",
  security: bearer,
  middleware: [requireUser] as const,
  request: { query: communityQuery },
  responses: {
    200: jsonContent(z.object({ lawyers: z.array(lawyerSchema) }), "Lawyers"),
    ...errorResponses(400, 401, 403),
  },
});

const slotsRoute = createRoute({
  method: "get",
  path: "/legal/slots",
  tags: ["legal"],
  summary: "Consultation slots of the caller's community by day (default: the next 14 days)",
  security: bearer,
  middleware: [requireUser] as const,
  request: { query: rangeQuery },
  responses: {
    200: jsonContent(
      z.object({ from: z.string(), to: z.string(), slots: z.array(slotSchema) }),
      "Slots in time order, with seats booked and available",
    ),
    ...errorResponses(400, 401, 403),
  },
});

const slotRoute = createRoute({
  method: "get",
  path: "/legal/slots/{slotId}",
  tags: ["legal"],
  summary: "One slot, with the caller's booking or waitlist place",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: slotParams },
  responses: {
    200: jsonContent(z.object({ slot: slotSchema, lawyer: lawyerSchema.nullable() }), "The slot"),
    ...errorResponses(401, 403, 404),
  },
});

const bookRoute = createRoute({
  method: "post",
  path: "/legal/bookings",
  tags: ["legal"],
  summary: "Book a seat (a resident for themselves, or staff for a walk-in resident with onBehalfOf)",
  description:
    "409 SLOT_FULL · SLOT_STARTED · SLOT_CANCELLED · BOOKING_LIMIT · ALREADY_BOOKED; 403 BOOKING_SUSPENDED · NOT_VERIFIED. Honours Idempotency-Key.",
  security: bearer,
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(bookingBody) },
  responses: {
    201: jsonContent(z.object({ booking: bookingSchema }), "Confirmed"),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const mineRoute = createRoute({
  method: "get",
  path: "/legal/bookings/mine",
  tags: ["legal"],
  summary: "My bookings (upcoming ascending or past descending), waitlist places and limits",
  security: bearer,
  middleware: [requireUser] as const,
  request: { query: mineQuery },
  responses: {
    200: jsonContent(
      z.object({
        items: z.array(bookingSchema),
        nextCursor: z.string().nullable(),
        waitlist: z.array(waitlistSchema),
        suspendedUntil: z.string().nullable(),
      }),
      "My bookings",
    ),
    ...errorResponses(400, 401),
  },
});

const bookingRoute = createRoute({
  method: "get",
  path: "/legal/bookings/{bookingId}",
  tags: ["legal"],
  summary: "One booking: the resident and the lawyer see all of it, staff see no description or notes",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: bookingParams },
  responses: {
    200: jsonContent(z.object({ booking: bookingSchema }), "The booking"),
    ...errorResponses(401, 404),
  },
});

const cancelRoute = createRoute({
  method: "post",
  path: "/legal/bookings/{bookingId}/cancel",
  tags: ["legal"],
  summary: "Resident: cancel my booking before the cut-off; the first on the waitlist gets the seat",
  description: "409 CANCEL_CUTOFF_PASSED after the cut-off (default 2 hours before the start).",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: bookingParams },
  responses: {
    200: jsonContent(z.object({ booking: bookingSchema }), "Cancelled"),
    ...errorResponses(400, 401, 404, 409),
  },
});

const joinWaitlistRoute = createRoute({
  method: "post",
  path: "/legal/slots/{slotId}/waitlist",
  tags: ["legal"],
  summary: "Join the waitlist of a full slot; a freed seat goes to the first in line automatically",
  description: "409 SLOT_AVAILABLE (book instead) · ALREADY_WAITLISTED · WAITLIST_FULL · BOOKING_LIMIT.",
  security: bearer,
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { params: slotParams, body: jsonBody(waitlistBody) },
  responses: {
    201: jsonContent(z.object({ waitlist: waitlistSchema }), "In the queue"),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const leaveWaitlistRoute = createRoute({
  method: "delete",
  path: "/legal/slots/{slotId}/waitlist",
  tags: ["legal"],
  summary: "Leave a slot's waitlist",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: slotParams },
  responses: { 200: jsonContent(z.object({ left: z.literal(true) }), "Left"), ...errorResponses(401, 404) },
});

type Deps = AppEnv["Variables"]["deps"];

/** The caller's own relation to each slot: their booking from the ledger, their queue place. */
async function mineFor(deps: Deps, user: UserProfile, slots: Slot[]): Promise<Map<string, SlotView["mine"]>> {
  const mine = new Map<string, SlotView["mine"]>();
  if (slots.length === 0) return mine;
  const ledger = await getLedger(deps.db, user.id);
  const bySlot = new Map(
    Object.entries(ledger.active).map(([bookingId, entry]) => [entry.slotId, bookingId]),
  );
  const first = slots[0] as Slot;
  const waiting = new Set(
    (await listUserWaitlist(deps.db, user.id, first.startsAt)).map((entry) => entry.slotId),
  );
  for (const slot of slots) {
    let position: number | null = null;
    if (waiting.has(slot.id)) {
      const queue = await listWaitlist(deps.db, slot.id);
      const index = queue.findIndex((entry) => entry.userId === user.id);
      position = index >= 0 ? index + 1 : null;
    }
    mine.set(slot.id, { bookingId: bySlot.get(slot.id) ?? null, waitlistPosition: position });
  }
  return mine;
}

function viewerOf(user: UserProfile, booking: { userId: string; lawyerId: string; communityId: string }) {
  if (booking.userId === user.id) return "resident" as const;
  if (booking.lawyerId === user.id) return "lawyer" as const;
  if (canStaff(user, booking.communityId)) return "staff" as const;
  return null;
}

export const legalRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(lawyersRoute, async (c) => {
    const communityId = readableCommunity(c.get("user"), c.req.valid("query").communityId);
    const lawyers = await listLawyers(c.get("deps").db, communityId);
    return c.json(
      {
        lawyers: lawyers.map(lawyerView),
      },
      200,
    );
  })
  .openapi(slotsRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const query = c.req.valid("query");
    const communityId = readableCommunity(user, query.communityId);
    const today = shanghaiDate(deps.clock.now());
    const from = query.from ?? today;
    const to = query.to ?? addDays(from, 13);
    const span = daysBetween(from, to);
    if (span < 0)
      throw validationFailed([{ path: "query.to", message: "The end date is before the start date" }]);
    if (span >= MAX_RANGE_DAYS)
      throw validationFailed([{ path: "query.to", message: `At most ${MAX_RANGE_DAYS} days at a time` }]);
    let slots = await listCommunitySlots(deps.db, communityId, dayBounds(from).start, dayBounds(to).end);
    if (query.lawyerId) slots = slots.filter((slot) => slot.lawyerId === query.lawyerId);
    const mine = await mineFor(deps, user, slots);
    return c.json({ from, to, slots: slots.map((slot) => slotView(slot, mine.get(slot.id) ?? null)) }, 200);
  })
  .openapi(slotRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const slot = await getSlot(deps.db, c.req.valid("param").slotId);
    if (!slot) throw notFound("This slot does not exist.", "SLOT_NOT_FOUND");
    readableCommunity(user, slot.communityId);
    const mine = await mineFor(deps, user, [slot]);
    const lawyer = await getLawyer(deps.db, slot.communityId, slot.lawyerId);
    return c.json(
      { slot: slotView(slot, mine.get(slot.id) ?? null), lawyer: lawyer ? lawyerView(lawyer) : null },
      200,
    );
  })
  .openapi(bookRoute, async (c) => {
    const deps = c.get("deps");
    const actor = c.get("user");
    const body = c.req.valid("json");
    const slot = await getSlot(deps.db, body.slotId, true);
    if (!slot) throw notFound("This slot does not exist.", "SLOT_NOT_FOUND");
    let resident = actor;
    if (body.onBehalfOf) {
      if (!canStaff(actor, slot.communityId))
        throw forbidden("Only staff of this community can book for a resident.", "NOT_STAFF_OF_COMMUNITY");
      const target = await getUser(deps.db, body.onBehalfOf);
      if (!target) throw notFound("No such resident.", "USER_NOT_FOUND");
      resident = target;
    }
    assertMayBookIn(resident, slot.communityId);
    if (slot.mode === "phone" && !body.contactPhone)
      throw validationFailed([
        { path: "contactPhone", message: "A phone consultation needs the number the lawyer will call" },
      ]);
    const via = body.onBehalfOf ? ("staff" as const) : ("self" as const);
    const { booking, settings } = await book(deps, {
      slot,
      resident,
      actor,
      via,
      category: body.category,
      description: body.description,
      contactPhone: body.contactPhone ?? null,
      audit:
        via === "staff"
          ? (made) =>
              buildAudit(deps.newId(), made.createdAt, {
                communityId: slot.communityId,
                actor,
                action: "legal.book_on_behalf",
                subjectUserId: resident.id,
                target: made.id,
                details: {
                  slotId: slot.id,
                  lawyer: slot.lawyerName,
                  startsAt: slot.startsAt,
                  category: made.category,
                },
              })
          : undefined,
      alsoWrite: (made, settings) =>
        idempotentCompletion(c, 201, {
          booking: bookingView(made, via === "staff" ? "staff" : "resident", settings),
        }),
    });
    return c.json({ booking: bookingView(booking, via === "staff" ? "staff" : "resident", settings) }, 201);
  })
  .openapi(mineRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const query = c.req.valid("query");
    const now = deps.clock.now();
    const page = await listUserBookings(deps.db, user.id, {
      when: query.when,
      now: now.toISOString(),
      limit: query.limit,
      cursor: query.cursor,
    });
    const settingsOf = new Map<string, Awaited<ReturnType<typeof getSettings>>>();
    const settingsFor = async (communityId: string) => {
      let settings = settingsOf.get(communityId);
      if (!settings) {
        settings = await getSettings(deps.db, communityId);
        settingsOf.set(communityId, settings);
      }
      return settings;
    };
    const items = [];
    for (const booking of page.items)
      items.push(bookingView(booking, "resident", await settingsFor(booking.communityId)));
    const waitlist = [];
    if (query.when === "upcoming" && !query.cursor) {
      for (const entry of await listUserWaitlist(deps.db, user.id, now.toISOString())) {
        const slot = await getSlot(deps.db, entry.slotId);
        const queue = await listWaitlist(deps.db, entry.slotId);
        waitlist.push({
          slotId: entry.slotId,
          slot: slot ? slotView(slot) : null,
          position: queue.findIndex((e) => e.userId === user.id) + 1,
          category: entry.category,
          joinedAt: entry.joinedAt,
        });
      }
    }
    const community = user.communityId;
    const suspended = community
      ? suspendedUntil(
          pruneLedger(await getLedger(deps.db, user.id), now, await settingsFor(community)),
          now,
          await settingsFor(community),
        )
      : null;
    return c.json({ items, nextCursor: page.nextCursor, waitlist, suspendedUntil: suspended }, 200);
  })
  .openapi(bookingRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const booking = await getBooking(deps.db, c.req.valid("param").bookingId);
    const viewer = booking ? viewerOf(user, booking) : null;
    // Anyone else gets the same answer as for a booking that does not exist.
    if (!booking || !viewer) throw notFound("No such booking.", "BOOKING_NOT_FOUND");
    return c.json(
      { booking: bookingView(booking, viewer, await getSettings(deps.db, booking.communityId)) },
      200,
    );
  })
  .openapi(cancelRoute, async (c) => {
    const deps = c.get("deps");
    const { booking, settings } = await cancelByResident(deps, c.get("user"), c.req.valid("param").bookingId);
    return c.json({ booking: bookingView(booking, "resident", settings) }, 200);
  })
  .openapi(joinWaitlistRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const slot = await getSlot(deps.db, c.req.valid("param").slotId, true);
    if (!slot) throw notFound("This slot does not exist.", "SLOT_NOT_FOUND");
    assertMayBookIn(user, slot.communityId);
    if (slot.mode === "phone" && !body.contactPhone)
      throw validationFailed([
        { path: "contactPhone", message: "A phone consultation needs the number the lawyer will call" },
      ]);
    const { entry, position } = await joinWaitlist(deps, user, slot, body);
    const latest = await getSlot(deps.db, slot.id, true);
    const waitlist = {
      slotId: slot.id,
      slot: latest ? slotView(latest, { bookingId: null, waitlistPosition: position }) : null,
      position,
      category: entry.category,
      joinedAt: entry.joinedAt,
    };
    return c.json({ waitlist }, 201);
  })
  .openapi(leaveWaitlistRoute, async (c) => {
    await leaveWaitlist(c.get("deps"), c.get("user"), c.req.valid("param").slotId);
    return c.json({ left: true as const }, 200);
  });
