import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireUser } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { AppError } from "../http/errors.js";
import { bearer, errorResponses, jsonContent } from "../http/openapi.js";
import { validationHook } from "../http/validation.js";
import { assertMayDeleteSelf, deleteAccount } from "./delete.js";
import { buildExport } from "./export.js";

/** The header value that confirms DELETE /me, so a stray or replayed call deletes nothing. */
export const DELETE_CONFIRMATION = "delete-my-account";

const record = z.record(z.string(), z.unknown());
const records = z.array(record);

export const dataExportSchema = z
  .object({
    formatVersion: z.number().openapi({ example: 1 }),
    exportedAt: z.string(),
    about: z.object({ zh: z.string(), en: z.string() }),
    profile: record,
    memberships: records,
    verificationRequests: records,
    legal: z.object({ bookings: records, waitlist: records, ledger: record.nullable() }),
    window: z.object({
      appointments: records,
      proxyCases: records,
      ledger: record.nullable(),
      matterVisits: records,
    }),
    deliberation: z.object({ proposals: records, seconds: records, comments: records, ballots: records }),
    messages: z.object({ items: records, state: record.nullable() }),
    noticeReceipts: records,
    cases: z.object({
      reports: records,
      disputes: records,
      handles: records.openapi({ description: "Departments whose cases I handle" }),
    }),
    uploads: z.array(z.unknown()),
    auditAboutMe: records,
  })
  .openapi("DataExport");

const exportRoute = createRoute({
  method: "get",
  path: "/me/export",
  tags: ["me"],
  summary:
    "Everything stored about me as one JSON document (PIPL): profile, households, requests, bookings, appointments, ballots with my own choices, comments, messages, receipts, my reports and disputes and the departments I handle, audit entries about me",
  security: bearer,
  middleware: [requireUser] as const,
  responses: { 200: jsonContent(dataExportSchema, "My data"), ...errorResponses(401) },
});

const deletionSchema = z
  .object({
    deleted: z.literal(true),
    summary: z.object({
      bookingsCancelled: z.number(),
      appointmentsCancelled: z.number(),
      waitlistLeft: z.number(),
      recordsAnonymised: z.number(),
      itemsDeleted: z.number(),
    }),
  })
  .openapi("AccountDeletion");

const deleteRoute = createRoute({
  method: "delete",
  path: "/me",
  tags: ["me"],
  summary:
    "Delete my account: upcoming bookings and appointments cancelled, waitlists left, past records and ballots kept anonymised (counts unchanged), everything else deleted; needs X-Confirm-Delete: delete-my-account. Staff, lawyers and admins: 409 ROLE_HELD until an operator revokes the role",
  security: bearer,
  middleware: [requireUser] as const,
  request: {
    headers: z.object({
      "x-confirm-delete": z
        .string()
        .optional()
        .openapi({ description: `Must be "${DELETE_CONFIRMATION}"`, example: DELETE_CONFIRMATION }),
    }),
  },
  responses: { 200: jsonContent(deletionSchema, "Deleted"), ...errorResponses(401, 409, 428) },
});

export const privacyRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(exportRoute, async (c) => {
    const document = await buildExport(c.get("deps"), c.get("user"));
    c.header("Cache-Control", "no-store");
    return c.json(document, 200);
  })
  .openapi(deleteRoute, async (c) => {
    assertMayDeleteSelf(c.get("user"));
    if (c.req.valid("header")["x-confirm-delete"] !== DELETE_CONFIRMATION)
      throw new AppError(
        428,
        "CONFIRMATION_REQUIRED",
        `Deleting the account needs the header X-Confirm-Delete: ${DELETE_CONFIRMATION}.`,
      );
    const summary = await deleteAccount(c.get("deps"), c.get("user"));
    return c.json({ deleted: true as const, summary }, 200);
  });
