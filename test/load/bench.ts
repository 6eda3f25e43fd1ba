/**
 * `npm run bench`: the local stack (npm start's own entry, DynamoDB Local in memory, the API
 * through @hono/node-server) in a second process, driven over loopback from this one, bounded in
 * time. Prints one table — requests, successes, expected refusals, errors, p50/p95/p99 latency,
 * throughput and the DynamoDB capacity units each request consumed (the stack's
 * X-Consumed-Capacity header, ONEDOOR_CAPACITY_HEADER=1) — with the checks of the races, then the
 * Lambda bundles' cold start and the mini-program's sizes; writes everything as JSON to
 * .out/bench/. Exits non-zero when a correctness check fails. Figures from one machine, never
 * asserted in `npm test`.
 *
 * Settings (env): BENCH_SECONDS (5) per timed scenario, BENCH_CONCURRENCY (16) clients,
 * BENCH_RUSH (1000) residents, BENCH_SEATS (20), BENCH_WINDOWS (5), BENCH_HOUSEHOLDS (2000),
 * BENCH_COLD_RUNS (7), BENCH_READS=0 skips the everyday reads, BENCH_BUILD=1 rebuilds the
 * mini-program, BENCH_MAX_MINUTES (15) stops a run that takes longer (a run takes about 5 minutes
 * on 2 busy cores, plus 1–4 minutes when the mini-program must be rebuilt).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { meterPerTask } from "../../functions/src/db/capacity-meter.js";
import { createDb } from "../../functions/src/db/client.js";
import { checkConsistency, formatViolations } from "../../functions/src/db/consistency.js";
import { repoRoot, startDynamoDbLocal } from "../../functions/src/db/dynamodb-local.js";
import { spawnLocalStack } from "../setup/spawn-stack.js";
import { ballotBurst } from "./ballots.js";
import { coldStart } from "./cold-start.js";
import { addBuildingOfOwners } from "./crowd.js";
import { feedReads, prepareFeedAtScale } from "./feed-scale.js";
import { apiClient, type Row, rowOf, runFor, Tally } from "./measure.js";
import { h5FirstLoad, weappPackages } from "./miniapp-size.js";
import { frameworkOverhead } from "./overhead.js";
import { reportBurst } from "./reports.js";
import { type Check, legalRush, windowRush } from "./rush.js";

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const SECONDS = setting("BENCH_SECONDS", 5);
const CONCURRENCY = setting("BENCH_CONCURRENCY", 16);
const RUSH = setting("BENCH_RUSH", 1000);
const SEATS = setting("BENCH_SEATS", 20);
const WINDOWS = setting("BENCH_WINDOWS", 5);
const HOUSEHOLDS = setting("BENCH_HOUSEHOLDS", 2000);
const SMALL_VOTE = Math.min(100, HOUSEHOLDS);
const COLD_RUNS = setting("BENCH_COLD_RUNS", 7);
const MAX_MINUTES = setting("BENCH_MAX_MINUTES", 15);
const READS = process.env.BENCH_READS !== "0";
/** The rate limits, so the bench measures the app and not the limiter. */
const NO_LIMIT = "1000000000";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const benchStarted = performance.now();
const say = (line: string) =>
  console.log(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(3)} s] ${line}`);

/** A few everyday reads of the demo data, for context beside the scenarios of the spec. */
const everydayReads = (api: ReturnType<typeof apiClient>, resident: string, staff: string) => [
  { name: "read: GET /health (DescribeTable, no auth)", request: () => api.get("/health") },
  { name: "read: GET /me (owner of 2 households)", request: () => api.get("/me", resident) },
  { name: "read: GET /legal/slots (14 days)", request: () => api.get("/legal/slots", resident) },
  {
    name: "read: GET /deliberations/{id} (open vote, my ballot)",
    request: () => api.get("/deliberations/demo-lift-b1", resident),
  },
  {
    name: "read: GET /command-center (30 days, demo cases)",
    request: () => api.get("/command-center", staff),
  },
  { name: "read: GET /reports/mine", request: () => api.get("/reports/mine", resident) },
];

/** A timed scenario after a one-second warm-up. */
async function timed(name: string, request: () => Promise<Response>): Promise<Row> {
  await runFor(new Tally(), 1, CONCURRENCY, request);
  const row = rowOf(name, await runFor(new Tally(), SECONDS, CONCURRENCY, request));
  say(`${name}: p50 ${row.p50ms} ms, ${row.reqPerSec} req/s`);
  return row;
}

const printed = (row: Row) => ({
  scenario: row.scenario,
  requests: row.requests,
  ok: row.ok,
  refused: row.refused,
  errors: row.errors,
  "p50 ms": row.p50ms,
  "p95 ms": row.p95ms,
  "p99 ms": row.p99ms,
  "req/s": row.reqPerSec,
  "RCU/req": row.rcuPerReq ?? "-",
  "WCU/req": row.wcuPerReq ?? "-",
});

async function main() {
  const loadAtStart = loadavg();
  const stops: (() => Promise<void>)[] = [];
  const watchdog = setTimeout(async () => {
    console.error(`[bench] Stopped: the run took longer than ${MAX_MINUTES} minutes (BENCH_MAX_MINUTES).`);
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    process.exit(2);
  }, MAX_MINUTES * 60_000);
  watchdog.unref();

  // Builds first, so a rebuild does not share the CPUs with the load scenarios.
  say("Mini-program sizes (builds only if missing, stale or BENCH_BUILD=1)…");
  const weapp = weappPackages(say);
  const h5 = h5FirstLoad(say);
  say("Lambda bundles and cold start…");
  const cold = await coldStart(COLD_RUNS);

  say("Starting DynamoDB Local (in memory) and the local stack…");
  const dynamo = await startDynamoDbLocal({});
  stops.push(() => dynamo.stop());
  const filesDir = mkdtempSync(join(tmpdir(), "onedoor-bench-files-"));
  stops.push(async () => rmSync(filesDir, { recursive: true, force: true }));
  const tableName = "onedoor-bench";
  const secret = randomBytes(48).toString("base64url");
  const stack = await spawnLocalStack({
    args: ["--no-jobs"],
    env: {
      LOG_LEVEL: "warn",
      JWT_SECRET: secret,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      TABLE_NAME: tableName,
      AWS_REGION: "ap-east-1",
      LOCAL_FILES_DIR: filesDir,
      ONEDOOR_CAPACITY_HEADER: "1",
      AUTH_RATE_LIMIT_PER_MINUTE: NO_LIMIT,
      CREATE_RATE_LIMIT_PER_USER_PER_MINUTE: NO_LIMIT,
      CREATE_RATE_LIMIT_PER_IP_PER_MINUTE: NO_LIMIT,
    },
  });
  stops.push(() => stack.stop());
  const db = createDb({ tableName, region: "ap-east-1", endpoint: dynamo.endpoint });
  const meter = meterPerTask(db);
  const api = apiClient(stack.baseUrl);
  const rows: Row[] = [];
  const checks: Check[] = [];
  try {
    const login = async (openid: string) =>
      api.json<{ token: string; user: { id: string } }>(
        api.post("/auth/dev-login", undefined, { openid }),
        `dev-login ${openid}`,
      );
    const staff = (await login("demo-staff-1")).token;
    const wang = await login("demo-resident-1");
    const resident = (await login("demo-resident-2")).token;

    say(`Framework overhead: raw SDK and API alternating, ${SECONDS} s each…`);
    const overhead = await frameworkOverhead({
      api,
      db,
      meter,
      token: wang.token,
      userId: wang.user.id,
      seconds: SECONDS,
      concurrency: CONCURRENCY,
    });
    rows.push(overhead.raw, overhead.api);
    checks.push({
      check: "overhead: both sides make the same DynamoDB calls for the same units",
      pass: overhead.sameCalls,
      detail: `raw ${overhead.raw.callsPerReq} calls, ${overhead.raw.rcuPerReq} RCU; API ${overhead.api.callsPerReq} calls, ${overhead.api.rcuPerReq} RCU per request`,
    });

    if (READS)
      for (const read of everydayReads(api, resident, staff)) rows.push(await timed(read.name, read.request));

    say(`Booking rush: ${RUSH} residents written into the table…`);
    // Each racer a verified owner of their own home (a building of RUSH households), so the
    // table stays consistent for the checker at the end.
    const crowd = (await addBuildingOfOwners(db, secret, "rush", RUSH)).map((household) => household.owner);
    const legal = await legalRush(api, db, staff, crowd, SEATS);
    say(`${legal.row.scenario}: ${JSON.stringify(legal.row.statuses)}`);
    const window = await windowRush(api, db, staff, crowd, WINDOWS);
    say(`${window.row.scenario}: ${JSON.stringify(window.row.statuses)}`);
    const reports = await reportBurst(api, db, crowd);
    say(`${reports.row.scenario}: ${JSON.stringify(reports.row.statuses)}`);
    rows.push(legal.row, window.row, reports.row);
    checks.push(...legal.checks, ...window.checks, ...reports.checks);

    const votes: { households: number; topicId: string }[] = [];
    const voteSizes: [number, string][] =
      HOUSEHOLDS > SMALL_VOTE
        ? [
            [SMALL_VOTE, "v-small"],
            [HOUSEHOLDS, "v-large"],
          ]
        : [[HOUSEHOLDS, "v-large"]];
    for (const [households, building] of voteSizes) {
      say(`Ballot burst: ${households} households with an owner each, written into the table…`);
      const ballots = await ballotBurst(api, db, secret, staff, building, households);
      say(
        `${ballots.row.scenario}: ${JSON.stringify(ballots.row.statuses)} (crowd written in ${ballots.seedMs} ms)`,
      );
      rows.push(ballots.row);
      checks.push(...ballots.checks);
      votes.push({ households, topicId: ballots.topicId });
    }

    // Last: its 10,100 notices make the table larger for whatever would come after.
    say("Feed at scale: 100 and 10,000 notices written into the table…");
    const scale = await prepareFeedAtScale(db, api, staff);
    const scaleRows: Row[][] = [];
    for (const [count, token] of [
      [100, scale.small],
      [10_000, scale.large],
    ] as const) {
      const group: Row[] = [];
      for (const read of feedReads(api, count, token)) group.push(await timed(read.name, read.request));
      scaleRows.push(group);
    }
    const results: Row[] = [];
    for (const vote of votes)
      results.push(
        await timed(
          `results: GET /deliberations/{id}/results (vote of ${vote.households.toLocaleString("en")} households)`,
          () => api.get(`/deliberations/${vote.topicId}/results`, staff),
        ),
      );
    rows.push(...(scaleRows.flat() as Row[]), ...results);
    const [small, large] = scaleRows as [Row[], Row[]];
    for (const [i, row] of large.entries()) {
      const base = small[i] as Row;
      checks.push({
        check: `feed at scale: capacity per request does not grow (${base.scenario.replace(/ \(.*/, "")})`,
        pass: row.rcuPerReq === base.rcuPerReq && row.callsPerReq === base.callsPerReq,
        detail: `RCU/req ${base.rcuPerReq} at 100, ${row.rcuPerReq} at 10,000; p50 ${base.p50ms} → ${row.p50ms} ms`,
      });
    }
    if (results.length === 2) {
      const [few, many] = results as [Row, Row];
      checks.push({
        check: "results: capacity per request does not grow with the ballots",
        pass: few.rcuPerReq === many.rcuPerReq,
        detail: `RCU/req ${few.rcuPerReq} at ${SMALL_VOTE} ballots, ${many.rcuPerReq} at ${HOUSEHOLDS}; p50 ${few.p50ms} → ${many.p50ms} ms`,
      });
    }
    // After every burst: the whole table against every invariant (seats, ballots, counters, waitlists, outbox).
    say("Consistency check over the whole table…");
    const consistencyStarted = performance.now();
    const violations = await checkConsistency(db);
    checks.push({
      check: "consistency: every invariant holds over the whole table after the bursts",
      pass: violations.length === 0,
      detail:
        violations.length === 0
          ? `0 violations (checked in ${Math.round(performance.now() - consistencyStarted)} ms)`
          : formatViolations(violations.slice(0, 5)),
    });
    const serverErrors = rows.reduce(
      (sum, row) =>
        sum +
        Object.entries(row.statuses)
          .filter(([s]) => Number(s) >= 500)
          .reduce((n, [, c]) => n + c, 0),
      0,
    );
    checks.push({ check: "no 5xx in any scenario", pass: serverErrors === 0, detail: `${serverErrors} 5xx` });
    for (const pkg of weapp.rows)
      checks.push({
        check: `size: ${pkg.package} within ${pkg.limitBytes / 1024 / 1024} MB`,
        pass: pkg.bytes <= pkg.limitBytes,
        detail: `${(pkg.bytes / 1024).toFixed(0)} KB (${pkg.percentOfLimit} %)`,
      });

    const loadAtEnd = loadavg();
    const minutes = (performance.now() - benchStarted) / 60_000;
    console.log(
      `\nOneDoor benchmark — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPUs, load average ${loadAtStart[0]?.toFixed(1)} at start, ${loadAtEnd[0]?.toFixed(1)} at end`,
    );
    console.log(
      `Loopback from a second process; DynamoDB Local in memory; timed reads ${SECONDS} s after a 1 s warm-up at ${CONCURRENCY} clients on kept-alive connections; rushes and bursts sent all at once, each request on a new connection. Rate limits set to ${NO_LIMIT}/min (AUTH_, CREATE_RATE_LIMIT_PER_USER_/PER_IP_PER_MINUTE) so the app is measured, not the limiter; jobs off. Creating POSTs carry a fresh Idempotency-Key, as the mini-program sends. RCU/WCU per request: DynamoDB Local's ReturnConsumedCapacity TOTAL (table + indexes); calls refused by a condition report none (AWS bills them).`,
    );
    console.table(rows.map(printed));
    console.log(
      `Framework overhead: API/raw p50 ×${overhead.p50Ratio}, throughput ×${overhead.throughputRatio} (same ${overhead.api.callsPerReq} GetItems, ${overhead.api.rcuPerReq} RCU per request on both sides).`,
    );
    console.log("Checks:");
    for (const check of checks)
      console.log(`  ${check.pass ? "PASS" : "FAIL"}  ${check.check} — ${check.detail}`);
    console.log(
      `\nCold start (${cold.node} here; AWS runs the bundle on Lambda's Node): import in a fresh process minus a bare \`node -e\` (${cold.baselineMs} ms median), ${COLD_RUNS} runs`,
    );
    console.table(
      cold.rows.map((r) => ({
        bundle: r.bundle,
        KB: Math.round(r.bytes / 1024),
        "gzip KB": Math.round(r.gzipBytes / 1024),
        "map KB": Math.round(r.mapBytes / 1024),
        "import median ms": r.importMedianMs,
        "p90 ms": r.importP90Ms,
        "min ms": r.importMinMs,
        "max ms": r.importMaxMs,
        "median with --enable-source-maps": r.withSourceMapsMedianMs,
      })),
    );
    console.log(
      `Mini-program (weapp ${weapp.rebuilt ? `rebuilt in ${weapp.buildSeconds} s` : "build was fresh"}): each package against WeChat's 2 MB, the whole against 20 MB`,
    );
    console.table(
      weapp.rows.map((r) => ({
        package: r.package,
        files: r.files,
        KB: Math.round(r.bytes / 1024),
        "% of limit": r.percentOfLimit,
      })),
    );
    console.log(
      `H5 first load (${h5.rebuilt ? `rebuilt in ${h5.buildSeconds} s` : "build was fresh"}, empty API base as deployed): index.html, what it names and the first page's chunk (${h5.firstPage ?? "not found"}) with its preloads — ${h5.assets.length} files, ${Math.round(h5.bytes / 1024)} KB raw, ${Math.round(h5.gzipBytes / 1024)} KB gzip: ${h5.assets.map((a) => `${a.path} ${(a.gzipBytes / 1024).toFixed(1)}`).join(", ")} (KB gzip)`,
    );

    const outDir = join(repoRoot, ".out", "bench");
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          machine: { node: process.version, cpus: cpus().length, loadAtStart, loadAtEnd },
          settings: {
            SECONDS,
            CONCURRENCY,
            RUSH,
            SEATS,
            WINDOWS,
            HOUSEHOLDS,
            COLD_RUNS,
            READS,
            rateLimits: NO_LIMIT,
          },
          minutes: Math.round(minutes * 10) / 10,
          rows,
          overhead: { p50Ratio: overhead.p50Ratio, throughputRatio: overhead.throughputRatio },
          checks,
          feedSeededMs: scale.seededMs,
          coldStart: cold,
          weapp: weapp.rows,
          h5FirstLoad: h5,
        },
        null,
        2,
      ),
    );
    const failed = checks.filter((check) => !check.pass);
    console.log(`\nWritten to ${file}; ${minutes.toFixed(1)} minutes in all.`);
    if (failed.length) {
      console.error(`${failed.length} check(s) failed: ${failed.map((c) => c.check).join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    clearTimeout(watchdog);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
