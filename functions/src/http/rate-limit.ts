import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "./env.js";
import { tooManyRequests } from "./errors.js";

const WINDOW_MS = 60_000;
const MAX_TRACKED = 10_000;

interface ClientEnv {
  /** hono/aws-lambda: the HTTP API's view of the caller, which the caller cannot forge. */
  requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } };
  /** @hono/node-server: the socket. */
  incoming?: { socket?: { remoteAddress?: string } };
}

/** The caller's address as the platform saw it; X-Forwarded-For is the caller's own word and is ignored. */
export function clientAddress(c: Context): string {
  const env = c.env as ClientEnv | undefined;
  return (
    env?.requestContext?.http?.sourceIp ??
    env?.requestContext?.identity?.sourceIp ??
    env?.incoming?.socket?.remoteAddress ??
    "unknown"
  );
}

/**
 * Fixed one-minute window per route and client address, in memory. The route is its pattern
 * (`POST /api/v1/auth/web-login/:ticketId/token`), not the path asked for: a limit holds per
 * client over every ticket or id the route takes, not once for each. In AWS each Lambda container
 * keeps its own windows, so the API Gateway stage throttle is the global limit; this one stops a
 * single client from hammering login within a container (and locally).
 */
export function rateLimit(
  limitPerMinute: () => number,
  now: () => number = Date.now,
): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  const evict = (at: number) => {
    for (const [key, window] of windows) {
      if (windows.size <= MAX_TRACKED / 2) break;
      // Oldest first (insertion order); an expired window is no loss, a live one is dropped last.
      if (at - window.start >= WINDOW_MS || windows.size > MAX_TRACKED) windows.delete(key);
    }
  };
  return async (c, next) => {
    const key = `${c.req.method} ${routePath(c)}|${clientAddress(c)}`;
    const at = now();
    const window = windows.get(key);
    if (!window || at - window.start >= WINDOW_MS) {
      windows.delete(key);
      windows.set(key, { start: at, count: 1 });
      if (windows.size > MAX_TRACKED) evict(at);
    } else if (++window.count > limitPerMinute()) {
      c.header("Retry-After", String(Math.ceil((window.start + WINDOW_MS - at) / 1000)));
      throw tooManyRequests();
    }
    await next();
  };
}
