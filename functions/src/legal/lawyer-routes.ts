import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireUser } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { forbidden } from "../http/errors.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { validationHook } from "../http/validation.js";
import { addDays, dayBounds, shanghaiDate } from "../time/shanghai.js";
import { recordOutcome } from "./actions.js";
import { getSettings, listCommunityBookings, listLawyerSlots } from "./repo.js";
import {
  type BookingView,
  bookingParams,
  bookingSchema,
  dateQuery,
  outcomeBody,
  slotsWithBookingsSchema,
} from "./schemas.js";
import { bookingView, slotsWithBookings } from "./service.js";

const dayRoute = createRoute({
  method: "get",
  path: "/legal/lawyer/bookings",
  tags: ["legal"],
  summary: "Lawyer: my slots and bookings on a day (default today), with my next 14 days at a glance",
  security: bearer,
  middleware: [requireUser] as const,
  request: { query: dateQuery },
  responses: {
    200: jsonContent(
      z.object({
        date: z.string(),
        slots: slotsWithBookingsSchema,
        days: z.array(z.object({ date: z.string(), slots: z.number().int(), booked: z.number().int() })),
      }),
      "The day's roster",
    ),
    ...errorResponses(400, 401, 403),
  },
});

const outcomeRoute = createRoute({
  method: "post",
  path: "/legal/bookings/{bookingId}/outcome",
  tags: ["legal"],
  summary: "Lawyer: record attendance (attended / no-show), the outcome and private notes",
  description: "Only the booking's lawyer (403 NOT_YOUR_BOOKING); 409 NOT_STARTED before the start.",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: bookingParams, body: jsonBody(outcomeBody) },
  responses: {
    200: jsonContent(z.object({ booking: bookingSchema }), "Recorded"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const lawyerRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(dayRoute, async (c) => {
    const deps = c.get("deps");
    const lawyer = c.get("user");
    if (!lawyer.roles.includes("lawyer"))
      throw forbidden("This is for lawyers on the duty roster.", "LAWYER_ONLY");
    const today = shanghaiDate(deps.clock.now());
    const date = c.req.valid("query").date ?? today;
    const { start, end } = dayBounds(date);
    const slots = await listLawyerSlots(deps.db, lawyer.id, start, end);
    const bookings: BookingView[] = [];
    for (const communityId of new Set(slots.map((slot) => slot.communityId))) {
      const settings = await getSettings(deps.db, communityId);
      const theirs = await listCommunityBookings(deps.db, communityId, start, end);
      bookings.push(
        ...theirs.filter((b) => b.lawyerId === lawyer.id).map((b) => bookingView(b, "lawyer", settings)),
      );
    }
    const ahead = await listLawyerSlots(
      deps.db,
      lawyer.id,
      dayBounds(today).start,
      dayBounds(addDays(today, 13)).end,
    );
    const days = new Map<string, { date: string; slots: number; booked: number }>();
    for (const slot of ahead) {
      if (slot.status !== "open") continue;
      const day = days.get(slot.date) ?? { date: slot.date, slots: 0, booked: 0 };
      day.slots += 1;
      day.booked += slot.booked;
      days.set(slot.date, day);
    }
    return c.json(
      {
        date,
        slots: slotsWithBookings(slots, bookings),
        days: [...days.values()],
      },
      200,
    );
  })
  .openapi(outcomeRoute, async (c) => {
    const deps = c.get("deps");
    const { booking, settings } = await recordOutcome(
      deps,
      c.get("user"),
      c.req.valid("param").bookingId,
      c.req.valid("json"),
    );
    return c.json({ booking: bookingView(booking, "lawyer", settings) }, 200);
  });
