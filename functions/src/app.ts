import { swaggerUI } from "@hono/swagger-ui";
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { auditRoutes } from "./audit/routes.js";
import { authRoutes } from "./auth/routes.js";
import { webLoginRoutes } from "./auth/web-login-routes.js";
import { deskRoutes } from "./cases/desk-routes.js";
import { disputeRoutes } from "./cases/dispute-routes.js";
import { reportRoutes } from "./cases/report-routes.js";
import { communityRoutes } from "./community/routes.js";
import { verificationRoutes } from "./community/verification-routes.js";
import { deliberationRoutes } from "./deliberation/routes.js";
import type { AppDeps } from "./deps.js";
import { healthRoutes } from "./health/routes.js";
import { accessLog } from "./http/access-log.js";
import type { AppEnv } from "./http/env.js";
import { errorBody, handleError } from "./http/error-handler.js";
import { AppError } from "./http/errors.js";
import { utf8JsonBody } from "./http/utf8-body.js";
import { validationHook } from "./http/validation.js";
import { lawyerRoutes } from "./legal/lawyer-routes.js";
import { legalRoutes } from "./legal/routes.js";
import { legalStaffRoutes } from "./legal/staff-routes.js";
import { messageRoutes } from "./messages/routes.js";
import { gridRoutes } from "./notices/grid-routes.js";
import { noticeRoutes } from "./notices/routes.js";
import { privacyRoutes } from "./privacy/routes.js";
import { userRoutes } from "./users/routes.js";
import { windowRoutes } from "./window/routes.js";
import { windowStaffRoutes } from "./window/staff-routes.js";

export const MAX_BODY_BYTES = 64 * 1024;

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const allowedOrigins = new Set(deps.config.CORS_ORIGINS);

  app.use("*", requestId({ headerName: "X-Request-Id" }));
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use("*", accessLog);
  app.use("*", secureHeaders());
  app.use(
    "/api/*",
    cors({
      origin: (origin) => (allowedOrigins.has(origin) ? origin : null),
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "X-Confirm-Delete"],
      allowMethods: ["GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"],
      exposeHeaders: ["X-Request-Id", "Idempotent-Replayed", "Retry-After"],
      maxAge: 600,
    }),
  );
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError(413, "PAYLOAD_TOO_LARGE", "The request body is larger than 64 KB.");
      },
    }),
  );
  app.use("/api/*", utf8JsonBody);
  app.notFound((c) => c.json(errorBody(c, "NOT_FOUND", "No such route."), 404));
  app.onError(handleError);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "OneDoor API (一门通)",
      version: "1.0.0",
      description:
        "Community services: verification, appointments, consultations, deliberation, notices, reports (随手拍), dispute mediation and the command center.",
    },
    servers: [{ url: "/" }],
  });
  app.get("/api/docs", swaggerUI({ url: "/api/openapi.json" }));

  return (
    app
      .route("/api/v1", healthRoutes)
      .route("/api/v1", authRoutes(deps.config))
      .route("/api/v1", webLoginRoutes(deps.config))
      .route("/api/v1", userRoutes)
      .route("/api/v1", privacyRoutes)
      .route("/api/v1", communityRoutes)
      .route("/api/v1", verificationRoutes)
      .route("/api/v1", auditRoutes)
      .route("/api/v1", legalRoutes)
      .route("/api/v1", lawyerRoutes)
      .route("/api/v1", legalStaffRoutes)
      .route("/api/v1", messageRoutes)
      .route("/api/v1", windowRoutes)
      .route("/api/v1", windowStaffRoutes)
      .route("/api/v1", deliberationRoutes)
      // The grid routes hold the static /notices/audience: mounted before /notices/{noticeId}.
      .route("/api/v1", gridRoutes)
      .route("/api/v1", noticeRoutes)
      .route("/api/v1", reportRoutes)
      .route("/api/v1", disputeRoutes)
      .route("/api/v1", deskRoutes)
  );
}

export type AppType = ReturnType<typeof createApp>;
