import type { AppDeps } from "../deps.js";
import { runJobs } from "../jobs/run.js";

/**
 * Runs the scheduled jobs every `intervalMs` under `npm start`. A run never overlaps the previous
 * one, an error is logged and the timer carries on, and stop() waits for a run in progress.
 */
export function startJobTimer(deps: AppDeps, intervalMs: number, say: (line: string) => void) {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = runJobs(deps)
      .then((summary) => {
        const failed = summary.jobs.filter((job) => !job.ok).map((job) => job.name);
        if (failed.length > 0) say(`Scheduled jobs failed: ${failed.join(", ")} (see the log)`);
      })
      .catch((error) =>
        say(`Scheduled jobs could not run: ${error instanceof Error ? error.message : error}`),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
