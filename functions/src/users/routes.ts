import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { requireUser } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { bearer, errorResponses, jsonContent } from "../http/openapi.js";
import { validationHook } from "../http/validation.js";
import { buildMe } from "./me.js";
import { meSchema } from "./schemas.js";

const meRoute = createRoute({
  method: "get",
  path: "/me",
  tags: ["me"],
  summary: "My profile, roles, community, households and verification state",
  security: bearer,
  middleware: [requireUser] as const,
  responses: { 200: jsonContent(meSchema, "Me"), ...errorResponses(401) },
});

export const userRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  meRoute,
  async (c) => c.json(await buildMe(c.get("deps"), c.get("user")), 200),
);
