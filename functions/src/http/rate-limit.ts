import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppDeps } from "../deps.js";
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

/** A window counts from its start for a minute (a clock moved back starts a new one). */
const live = (window: { start: number }, at: number) => at >= window.start && at - window.start < WINDOW_MS;

/**
 * Fixed one-minute windows per key, in memory. A request passes only if every window it counts
 * against has room, and then counts against all of them; a refused request counts against none,
 * so a user held back by their own window does not use up their address's room for others.
 */
export class FixedWindows {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** Counts the hit and returns null, or returns the seconds until the first full window resets. */
  take(limits: ReadonlyArray<readonly [key: string, limitPerMinute: number]>, at: number): number | null {
    let retryAfterMs = 0;
    for (const [key, limit] of limits) {
      const window = this.windows.get(key);
      if (window && live(window, at) && window.count >= limit)
        retryAfterMs = Math.max(retryAfterMs, window.start + WINDOW_MS - at);
    }
    if (retryAfterMs > 0) return Math.max(1, Math.ceil(retryAfterMs / 1000));
    for (const [key] of limits) {
      const window = this.windows.get(key);
      if (window && live(window, at)) window.count++;
      else {
        this.windows.delete(key);
        this.windows.set(key, { start: at, count: 1 });
        if (this.windows.size > MAX_TRACKED) this.evict(at);
      }
    }
    return null;
  }

  private evict(at: number) {
    for (const [key, window] of this.windows) {
      if (this.windows.size <= MAX_TRACKED / 2) break;
      // Oldest first (insertion order); an expired window is no loss, a live one is dropped last.
      if (!live(window, at) || this.windows.size > MAX_TRACKED) this.windows.delete(key);
    }
  }
}

/** Throws 429 RATE_LIMITED with Retry-After when one of the windows is full; counts the hit otherwise. */
export function enforce(
  c: Context,
  windows: FixedWindows,
  limits: ReadonlyArray<readonly [key: string, limitPerMinute: number]>,
  at: number,
): void {
  const retryAfter = windows.take(limits, at);
  if (retryAfter !== null) {
    c.header("Retry-After", String(retryAfter));
    throw tooManyRequests();
  }
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
  const windows = new FixedWindows();
  return async (c, next) => {
    enforce(c, windows, [[`${c.req.method} ${routePath(c)}|${clientAddress(c)}`, limitPerMinute()]], now());
    await next();
  };
}

/**
 * The per-user and per-address limits of the creating routes (the ones with the idempotency
 * middleware), after requireUser. One window per user across all creating routes, not per route,
 * so a user cannot spread a flood over several; one per address, for many accounts behind one
 * source. Windows live per app (per Lambda container in AWS; the stage throttle is the global
 * limit). Clocked by the app's clock, so a test can move past a window.
 */
export const createRateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get("deps");
  let windows = createWindows.get(deps);
  if (!windows) {
    windows = new FixedWindows();
    createWindows.set(deps, windows);
  }
  enforce(
    c,
    windows,
    [
      [`user|${c.get("user").id}`, deps.config.CREATE_RATE_LIMIT_PER_USER_PER_MINUTE],
      [`ip|${clientAddress(c)}`, deps.config.CREATE_RATE_LIMIT_PER_IP_PER_MINUTE],
    ],
    deps.clock.now().getTime(),
  );
  await next();
};
const createWindows = new WeakMap<AppDeps, FixedWindows>();
