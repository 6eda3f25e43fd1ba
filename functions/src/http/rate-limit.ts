import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.js";
import { tooManyRequests } from "./errors.js";

/**
 * Fixed one-minute window per client address, in memory. In AWS each Lambda container keeps its
 * own window, so the API Gateway stage throttle is the global limit; this one stops a single
 * client from hammering login within a container (and locally).
 */
export function rateLimit(
  limitPerMinute: () => number,
  now: () => number = Date.now,
): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    const client =
      c.req.header("x-forwarded-for")?.split(",")[0]?.trim() ||
      c.req.header("x-real-ip") ||
      (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
        ?.remoteAddress ||
      "unknown";
    const key = `${c.req.path}|${client}`;
    const at = now();
    const window = windows.get(key);
    if (!window || at - window.start >= 60_000) {
      if (windows.size > 10_000) windows.clear();
      windows.set(key, { start: at, count: 1 });
    } else if (++window.count > limitPerMinute()) {
      c.header("Retry-After", String(Math.ceil((window.start + 60_000 - at) / 1000)));
      throw tooManyRequests();
    }
    await next();
  };
}
