import { runEscalationJob } from "../cases/actions.js";
import { runVoteJob } from "../deliberation/actions.js";
import type { AppDeps } from "../deps.js";
import { runNoticeJob } from "../notices/actions.js";
import { markNoShows } from "../window/actions.js";
import { runOutboxJob } from "./outbox.js";

export interface Job {
  name: string;
  run(deps: AppDeps): Promise<unknown>;
}

/** Every scheduled job; a feature adds its own here (reminders, closing votes, escalation…). */
export const jobs: Job[] = [
  { name: "window-no-shows", run: (deps) => markNoShows(deps) },
  { name: "deliberation-votes", run: runVoteJob },
  { name: "notices", run: runNoticeJob },
  // Before the outbox: the messages of a case that lit up go out in the same run.
  { name: "case-escalation", run: runEscalationJob },
  { name: "outbox", run: runOutboxJob },
];

export interface JobReport {
  name: string;
  ok: boolean;
  ms: number;
  result?: unknown;
  error?: string;
}

export interface JobsSummary {
  startedAt: string;
  ms: number;
  jobs: JobReport[];
}

/**
 * Runs each job once, one after another (outbox last matters once other jobs write to it). A
 * failing job is logged and reported; the others still run. Safe to run twice at once: each job
 * claims its work with conditional writes.
 */
export async function runJobs(deps: AppDeps, list: Job[] = jobs): Promise<JobsSummary> {
  const started = Date.now();
  const startedAt = deps.clock.now().toISOString();
  const reports: JobReport[] = [];
  for (const job of list) {
    const jobStarted = Date.now();
    try {
      const result = await job.run(deps);
      reports.push({ name: job.name, ok: true, ms: Date.now() - jobStarted, result });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      deps.logger.error("job failed", { job: job.name, error: message });
      reports.push({ name: job.name, ok: false, ms: Date.now() - jobStarted, error: message });
    }
  }
  return { startedAt, ms: Date.now() - started, jobs: reports };
}
