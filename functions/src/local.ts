/**
 * `npm start`: DynamoDB Local (data kept in .data/), the API under /api and the mini-program's
 * H5 build under /, on one port. Seeds the demo community into an empty database.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { dropTable, ensureTable } from "./db/admin.js";
import { meterPerTask, withCapacityHeader } from "./db/capacity-meter.js";
import {
  JavaMissingError,
  type RunningDynamoDbLocal,
  repoRoot,
  startDynamoDbLocal,
} from "./db/dynamodb-local.js";
import { demoAccounts } from "./demo/accounts.js";
import { isSeeded, seedDemo } from "./demo/seed.js";
import { depsFromConfig } from "./deps-from-config.js";
import { ensureMiniappBuild } from "./local/h5-build.js";
import { startJobTimer } from "./local/job-timer.js";
import { serveH5 } from "./local/static.js";
import { movableClock, testClockEnabled, testClockRoutes } from "./local/test-clock.js";
import { localFilesRoutes } from "./storage/local-routes.js";
import type { LocalObjectStore } from "./storage/local-store.js";
import { MAX_IMAGE_BYTES } from "./storage/store.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { values: args } = parseArgs({
  options: {
    port: { type: "string" },
    "in-memory": { type: "boolean", default: false },
    "reset-demo": { type: "boolean", default: false },
    "no-serve": { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
    "no-jobs": { type: "boolean", default: false },
  },
});

const say = (line: string) => console.log(`[onedoor] ${line}`);
const dataDir = join(repoRoot, ".data");

/** A random signing key made on first start and kept in the ignored .data folder. */
function localJwtSecret(): string {
  const file = join(dataDir, "jwt-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

async function main() {
  const started = Date.now();
  const port = Number(args.port ?? process.env.PORT ?? 8787);
  const h5Dir =
    args["no-build"] || args["no-serve"]
      ? join(repoRoot, "miniapp", "dist", "h5")
      : ensureMiniappBuild(repoRoot, "h5", say);

  let dynamo: RunningDynamoDbLocal | undefined;
  if (!process.env.DYNAMODB_ENDPOINT) {
    dynamo = await startDynamoDbLocal({
      dbPath: args["in-memory"] ? undefined : join(dataDir, "dynamodb"),
      log: say,
    });
    say(
      `DynamoDB Local on ${dynamo.endpoint}${args["in-memory"] ? " (in memory)" : " (data in .data/dynamodb)"}`,
    );
  }
  const stopDynamo = async () => dynamo?.stop();

  const config = loadConfig({
    ...process.env,
    STAGE: "local",
    TABLE_NAME: process.env.TABLE_NAME ?? "onedoor-local",
    DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT ?? dynamo?.endpoint,
    AWS_REGION: process.env.AWS_REGION ?? "ap-east-1",
    JWT_SECRET: process.env.JWT_SECRET ?? localJwtSecret(),
    LOG_LEVEL: process.env.LOG_LEVEL ?? (args.quiet ? "warn" : "info"),
    LOCAL_FILES_DIR: process.env.LOCAL_FILES_DIR ?? join(dataDir, "files"),
  });
  const built = depsFromConfig(config);
  // Browser tests of deadlines move this clock (local/test-clock.ts); otherwise it is the system's.
  const testClock = testClockEnabled() ? movableClock(built.clock) : null;
  const deps = testClock ? { ...built, clock: testClock } : built;

  if (args["reset-demo"]) {
    await dropTable(deps.db);
    say("Dropped the local table to reset the demo data.");
  }
  await ensureTable(deps.db);
  if (!(await isSeeded(deps.db))) {
    const counts = await seedDemo(deps.db);
    say(
      `Seeded the demo: ${counts.communities} communities, ${counts.buildings} buildings, ${counts.households} households, ${counts.users} accounts.`,
    );
  }
  if (args["no-serve"]) {
    await stopDynamo();
    return;
  }

  const api = createApp(deps);
  const site = new Hono();
  // Benchmark only (test/load/bench.ts): each API answer says what its DynamoDB calls consumed.
  const metered =
    process.env.ONEDOOR_CAPACITY_HEADER === "1" ? withCapacityHeader(meterPerTask(deps.db)) : null;
  site.all("/api/*", (c) =>
    metered ? metered(() => api.fetch(c.req.raw, c.env)) : api.fetch(c.req.raw, c.env),
  );
  // The local object store answers here what S3 answers in AWS: presigned uploads and signed reads.
  if (deps.storage.kind === "local")
    site.route("/files", localFilesRoutes(deps.storage as LocalObjectStore, MAX_IMAGE_BYTES));
  if (testClock) site.route("/__test", testClockRoutes(deps, testClock));
  site.use("*", secureHeaders({ contentSecurityPolicy: undefined }));
  site.get("*", serveH5(h5Dir));

  const server = serve({ fetch: site.fetch, port, hostname: process.env.HOST ?? "0.0.0.0" }, () => {
    say(
      `OneDoor is running at http://localhost:${port}/  (API: /api/v1, docs: /api/docs) — ready in ${Date.now() - started} ms`,
    );
    say("Demo accounts (tap one on the login page, or POST /api/v1/auth/dev-login {openid}):");
    for (const account of demoAccounts)
      say(`  ${account.openid.padEnd(18)} ${account.nickname} — ${account.description}`);
    say("Press Ctrl-C to stop.");
  });
  server.on("error", async (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === "EADDRINUSE"
        ? `[onedoor] Port ${port} is in use: start with PORT=<another port> npm start`
        : error,
    );
    await stopDynamo();
    process.exit(1);
  });

  // The scheduled jobs (outbox, reminders…) as in AWS, where a schedule runs them every minute.
  const jobTimer = args["no-jobs"] ? null : startJobTimer(deps, 30_000, say);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    say("Stopping…");
    await jobTimer?.stop();
    server.close();
    await stopDynamo();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error) => {
  if (error instanceof JavaMissingError) {
    console.error(`[onedoor] ${error.message}`);
  } else {
    console.error("[onedoor] Start failed:", error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
