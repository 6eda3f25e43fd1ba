import type { JobsSummary } from "./run.js";

/** The names the CloudWatch alarms read (JOB_METRICS in infra/lib/monitoring.ts): change both. */
const METRICS_NAMESPACE = "OneDoor";
const JOB_RUNS = "JobRuns";
const JOB_FAILURES = "JobFailures";
const OUTBOX_BACKLOG_AGE = "OutboxBacklogAgeSeconds";

type Unit = "Count" | "Seconds";

/** One record in CloudWatch's Embedded Metric Format: written as one raw JSON line to stdout. */
export interface EmfRecord {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: Unit }[];
    }[];
  };
  Stage: string;
  [metric: string]: unknown;
}

/** The outbox job's backlog age, or undefined when that job did not report one (it failed). */
export function outboxBacklogAge(summary: JobsSummary): number | undefined {
  const outbox = summary.jobs.find((job) => job.name === "outbox" && job.ok);
  const age = (outbox?.result as { backlogAgeSeconds?: unknown } | undefined)?.backlogAgeSeconds;
  return typeof age === "number" ? age : undefined;
}

/**
 * A run's figures, per stage: one run, its failed jobs, and the outbox backlog age. Without an age
 * (the outbox job failed) the metric is left out rather than reported as 0: JobFailures shows it.
 */
export function jobMetrics(input: {
  summary: JobsSummary;
  stage: string;
  backlogAgeSeconds: number | undefined;
  timestamp: number;
}): EmfRecord {
  const values: [string, Unit, number][] = [
    [JOB_RUNS, "Count", 1],
    [JOB_FAILURES, "Count", input.summary.jobs.filter((job) => !job.ok).length],
  ];
  if (input.backlogAgeSeconds !== undefined)
    values.push([OUTBOX_BACKLOG_AGE, "Seconds", input.backlogAgeSeconds]);
  return {
    _aws: {
      Timestamp: input.timestamp,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [["Stage"]],
          Metrics: values.map(([Name, Unit]) => ({ Name, Unit })),
        },
      ],
    },
    Stage: input.stage,
    ...Object.fromEntries(values.map(([name, , value]) => [name, value])),
  };
}
