/**
 * For browser tests of deadlines only: with ONEDOOR_TEST_CLOCK=1 the local stack's clock can be
 * moved forward (`POST /__test/clock {advanceMs}`) and the jobs run at once (`POST /__test/jobs`).
 * Never part of the API (not under /api, not in createApp, never in Lambda).
 */
import { Hono } from "hono";
import type { Clock } from "../clock.js";
import type { AppDeps } from "../deps.js";
import { runJobs } from "../jobs/run.js";

export interface MovableClock extends Clock {
  advance(ms: number): void;
}

export function movableClock(base: Clock): MovableClock {
  let offset = 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}

export const testClockEnabled = () => process.env.ONEDOOR_TEST_CLOCK === "1";

export function testClockRoutes(deps: AppDeps, clock: MovableClock) {
  return new Hono()
    .post("/clock", async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { advanceMs?: unknown };
      const ms = body.advanceMs;
      if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0 || ms > 366 * 86_400_000)
        return c.json({ error: "advanceMs: a whole number of milliseconds, 0 to a year" }, 400);
      clock.advance(ms);
      return c.json({ now: clock.now().toISOString() });
    })
    .post("/jobs", async (c) => c.json(await runJobs(deps)));
}
