import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.js";
import { lambdaIds } from "./lambda-ids.js";

/**
 * One JSON line per request: no query string, no body, no headers (they can hold PII). Under Lambda
 * it also names the API's and the invocation's request ids.
 */
export const accessLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  await next();
  c.get("deps").logger.info("request", {
    requestId: c.get("requestId"),
    ...lambdaIds(c),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
    userId: c.get("user")?.id,
  });
};
