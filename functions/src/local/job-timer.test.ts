import { describe, expect, it } from "vitest";
import type { AppDeps } from "../deps.js";
import { createLogger } from "../http/logger.js";
import { startJobTimer } from "./job-timer.js";

describe("local job timer", () => {
  it("runs at once and on every tick, reports a failing job without stopping, and stops cleanly", async () => {
    let sends = 0;
    const deps = {
      db: {
        tableName: "t",
        doc: {
          send: async () => {
            sends += 1;
            throw new Error("DynamoDB is down");
          },
        },
      },
      clock: { now: () => new Date() },
      logger: createLogger("silent"),
      messenger: { handles: () => false, send: async () => ({ outcome: "sent" }) },
      newId: () => "x",
    } as unknown as AppDeps;
    const lines: string[] = [];
    const timer = startJobTimer(deps, 20, (line) => lines.push(line));
    await new Promise((done) => setTimeout(done, 90));
    await timer.stop();
    const runs = sends;
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toBe(
      "Scheduled jobs failed: window-no-shows, deliberation-votes, notices, case-escalation, outbox (see the log)",
    );
    await new Promise((done) => setTimeout(done, 60));
    expect(sends).toBe(runs);
  });
});
