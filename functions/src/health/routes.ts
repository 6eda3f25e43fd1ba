import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { pingTable } from "../db/admin.js";
import type { AppEnv } from "../http/env.js";
import { jsonContent } from "../http/openapi.js";

const healthSchema = z
  .object({ status: z.enum(["ok", "degraded"]), db: z.enum(["ok", "unreachable"]) })
  .openapi("Health");

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["health"],
  summary: "Liveness with a real round trip to the table",
  responses: {
    200: jsonContent(healthSchema, "Healthy"),
    503: jsonContent(healthSchema, "The database does not answer"),
  },
});

export const healthRoutes = new OpenAPIHono<AppEnv>().openapi(healthRoute, async (c) => {
  const ok = await pingTable(c.get("deps").db);
  return ok
    ? c.json({ status: "ok" as const, db: "ok" as const }, 200)
    : c.json({ status: "degraded" as const, db: "unreachable" as const }, 503);
});
