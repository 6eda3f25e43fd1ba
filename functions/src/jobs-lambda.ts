import { loadConfig } from "./config.js";
import type { AppDeps } from "./deps.js";
import { depsFromConfig } from "./deps-from-config.js";
import { withFields, writeRawLine } from "./http/logger.js";
import { jobMetrics, outboxBacklogAge } from "./jobs/metrics.js";
import { runJobs } from "./jobs/run.js";
import { resolveSecretEnv } from "./secrets.js";

let ready: Promise<AppDeps> | undefined;

/** Config and secrets are read once per container, like the API's; the cached WeChat token too. */
async function build(): Promise<AppDeps> {
  return depsFromConfig(loadConfig(await resolveSecretEnv(process.env)));
}

/**
 * Invoked by the one-minute schedule. A failing job is reported, not thrown: no retry storm. Each
 * run also writes its metrics as one EMF line, which CloudWatch turns into the alarms' metrics.
 */
export const handler = async (_event?: unknown, context?: { awsRequestId?: string }) => {
  ready ??= build().catch((error) => {
    ready = undefined;
    throw error;
  });
  const built = await ready;
  // Every line of this run (a job's failure, the outbox's) names the invocation, as the runtime's
  // own START/END/REPORT lines do: raw JSON lines carry no runtime prefix.
  const deps = context?.awsRequestId
    ? { ...built, logger: withFields(built.logger, { lambdaRequestId: context.awsRequestId }) }
    : built;
  const summary = await runJobs(deps);
  deps.logger.info("jobs ran", { summary });
  const metrics = jobMetrics({
    summary,
    stage: deps.config.STAGE,
    backlogAgeSeconds: outboxBacklogAge(summary),
    timestamp: deps.clock.now().getTime(),
  });
  // Raw, not through the logger: EMF wants its own top-level shape, without level/time/message.
  writeRawLine(JSON.stringify(metrics));
  return summary;
};
