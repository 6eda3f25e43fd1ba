import { describe, expect, it } from "vitest";
import { jobMetrics, outboxBacklogAge } from "./metrics.js";
import type { JobsSummary } from "./run.js";

const at = Date.parse("2026-03-05T06:30:00.000Z");

function summaryOf(jobs: JobsSummary["jobs"]): JobsSummary {
  return { startedAt: new Date(at).toISOString(), ms: 120, jobs };
}

const outboxResult = {
  due: 3,
  sent: 2,
  skipped: 0,
  retried: 0,
  failed: 0,
  notClaimed: 1,
  leaseLost: 0,
  backlogAgeSeconds: 600,
};

describe("job metrics (EMF)", () => {
  it("is one EMF record: namespace OneDoor, dimension Stage, JobRuns, JobFailures, OutboxBacklogAgeSeconds", () => {
    const summary = summaryOf([
      { name: "window-no-shows", ok: true, ms: 5, result: { marked: 0 } },
      { name: "deliberation-votes", ok: false, ms: 5, error: "Error: boom" },
      { name: "notices", ok: false, ms: 5, error: "Error: bang" },
      { name: "outbox", ok: true, ms: 40, result: outboxResult },
    ]);
    const record = jobMetrics({
      summary,
      stage: "prod",
      backlogAgeSeconds: outboxBacklogAge(summary),
      timestamp: at,
    });
    expect(record).toEqual({
      _aws: {
        Timestamp: at,
        CloudWatchMetrics: [
          {
            Namespace: "OneDoor",
            Dimensions: [["Stage"]],
            Metrics: [
              { Name: "JobRuns", Unit: "Count" },
              { Name: "JobFailures", Unit: "Count" },
              { Name: "OutboxBacklogAgeSeconds", Unit: "Seconds" },
            ],
          },
        ],
      },
      Stage: "prod",
      JobRuns: 1,
      JobFailures: 2,
      OutboxBacklogAgeSeconds: 600,
    });
    // Milliseconds since the epoch, as EMF wants, and one line of JSON.
    expect(String(record._aws.Timestamp)).toHaveLength(13);
    expect(JSON.stringify(record)).not.toContain("\n");
  });

  it("reports 0 failures and a 0 backlog when all went well", () => {
    const summary = summaryOf([
      { name: "outbox", ok: true, ms: 1, result: { ...outboxResult, backlogAgeSeconds: 0 } },
    ]);
    expect(
      jobMetrics({ summary, stage: "staging", backlogAgeSeconds: outboxBacklogAge(summary), timestamp: at }),
    ).toMatchObject({ Stage: "staging", JobRuns: 1, JobFailures: 0, OutboxBacklogAgeSeconds: 0 });
  });

  it("leaves the backlog age out, not 0, when the outbox job failed", () => {
    const summary = summaryOf([{ name: "outbox", ok: false, ms: 1, error: "Error: DynamoDB is down" }]);
    expect(outboxBacklogAge(summary)).toBeUndefined();
    const record = jobMetrics({ summary, stage: "prod", backlogAgeSeconds: undefined, timestamp: at });
    expect(record._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name)).toEqual(["JobRuns", "JobFailures"]);
    expect(record).not.toHaveProperty("OutboxBacklogAgeSeconds");
    expect(record).toMatchObject({ JobRuns: 1, JobFailures: 1 });
  });
});
