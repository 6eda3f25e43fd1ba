import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { auditEntrySchema, auditQuery } from "../community/schemas.js";
import { assertStaffOf, requireUser } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { bearer, errorResponses, jsonContent } from "../http/openapi.js";
import { validationHook } from "../http/validation.js";
import { listCommunityAudit } from "./repo.js";

const auditRoute = createRoute({
  method: "get",
  path: "/audit",
  tags: ["audit"],
  summary: "Staff: the community's audit log, newest first",
  security: bearer,
  middleware: [requireUser] as const,
  request: { query: auditQuery },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() }),
      "Entries",
    ),
    ...errorResponses(400, 401, 403),
  },
});

export const auditRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  auditRoute,
  async (c) => {
    const query = c.req.valid("query");
    assertStaffOf(c.get("user"), query.communityId);
    const page = await listCommunityAudit(c.get("deps").db, query.communityId, query.limit, query.cursor);
    return c.json(
      {
        items: page.items.map(({ id, at, actorId, actorRole, action, subjectUserId, target, details }) => ({
          id,
          at,
          actorId,
          actorRole,
          action,
          subjectUserId,
          target,
          details,
        })),
        nextCursor: page.nextCursor,
      },
      200,
    );
  },
);
