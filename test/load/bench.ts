/**
 * `npm run bench`: the local stack (npm start's entry, DynamoDB Local in memory) in a second
 * process, driven over loopback from this one, bounded in time. Prints one table and writes it as
 * JSON to .out/bench/. Figures from one machine; never asserted in `npm test`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { createDb } from "../../functions/src/db/client.js";
import { repoRoot, startDynamoDbLocal } from "../../functions/src/db/dynamodb-local.js";
import { spawnLocalStack } from "../setup/spawn-stack.js";
import { feedScenarios, prepareFeedAtScale } from "./feed-scale.js";

const SECONDS_PER_SCENARIO = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

interface Scenario {
  name: string;
  request: (base: string, tokens: Record<string, string>) => Promise<Response>;
}

const json = (body: unknown) => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});
const bearer = (token: string | undefined) => ({ headers: { Authorization: `Bearer ${token}` } });

const scenarios: Scenario[] = [
  { name: "GET /health (DescribeTable)", request: (base) => fetch(`${base}/api/v1/health`) },
  {
    name: "POST /auth/dev-login (existing user)",
    request: (base) => fetch(`${base}/api/v1/auth/dev-login`, json({ openid: "demo-resident-2" })),
  },
  {
    name: "GET /me (owner of 2 households)",
    request: (base, t) => fetch(`${base}/api/v1/me`, bearer(t.resident)),
  },
  {
    name: "GET /verification-requests (staff)",
    request: (base, t) => fetch(`${base}/api/v1/verification-requests`, bearer(t.staff)),
  },
  {
    name: "GET /legal/slots (14 days, resident)",
    request: (base, t) => fetch(`${base}/api/v1/legal/slots`, bearer(t.resident)),
  },
  {
    name: "GET /legal/bookings/mine (resident)",
    request: (base, t) => fetch(`${base}/api/v1/legal/bookings/mine`, bearer(t.resident)),
  },
  {
    name: "GET /matters (catalog, resident)",
    request: (base, t) => fetch(`${base}/api/v1/matters`, bearer(t.resident)),
  },
  {
    name: "GET /window/days (14 days, resident)",
    request: (base, t) =>
      fetch(`${base}/api/v1/window/days?matterId=maternity-reimbursement`, bearer(t.resident)),
  },
  {
    name: "GET /deliberations/{id}/results (closed owners' vote)",
    request: (base, t) =>
      fetch(`${base}/api/v1/deliberations/demo-property-renewal/results`, bearer(t.resident)),
  },
  {
    name: "GET /deliberations/{id} (open vote, my ballot)",
    request: (base, t) => fetch(`${base}/api/v1/deliberations/demo-lift-b1`, bearer(t.resident)),
  },
  {
    name: "GET /notices (feed page, owner of 2 homes in 2 units)",
    request: (base, t) => fetch(`${base}/api/v1/notices`, bearer(t.resident)),
  },
  {
    name: "GET /notices/{id} (open a notice, already read)",
    request: (base, t) => fetch(`${base}/api/v1/notices/demo-notice-insurance`, bearer(t.resident)),
  },
  {
    name: "GET /households page of 50 (staff)",
    request: (base, t) =>
      fetch(`${base}/api/v1/households?communityId=huanghe-west&limit=50`, bearer(t.staff)),
  },
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function runScenario(scenario: Scenario, base: string, tokens: Record<string, string>) {
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  const deadline = performance.now() + SECONDS_PER_SCENARIO * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          const response = await scenario.request(base, tokens);
          await response.arrayBuffer();
          if (response.ok) ok++;
          else errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    scenario: scenario.name,
    requests: latencies.length,
    ok,
    errors,
    p50ms: round(percentile(latencies, 50)),
    p95ms: round(percentile(latencies, 95)),
    p99ms: round(percentile(latencies, 99)),
    perSecond: Math.round(latencies.length / elapsed),
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}

const postAs = (base: string) => (path: string, token: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

/** `BENCH_BURST` verified residents, made through the API: login, request, staff verification. */
async function verifiedResidents(
  base: string,
  staffToken: string,
  login: (openid: string) => Promise<string>,
) {
  const BURST = Number(process.env.BENCH_BURST ?? 200);
  const post = postAs(base);
  const tokens: string[] = [];
  await pool(
    Array.from({ length: BURST }, (_, i) => i),
    16,
    async (i) => {
      const token = await login(`bench-rush-${i}`);
      const filed = await post("/api/v1/me/verification-request", token, {
        communityId: "huanghe-west",
        buildingId: "b1",
        unit: "1",
        room: "101",
        relation: "member",
        realName: `压测${i}`,
        phone: `137${String(i).padStart(8, "0")}`,
      });
      const userId = ((await filed.json()) as { request: { userId: string } }).request.userId;
      const verified = await post(`/api/v1/residents/${userId}/verify`, staffToken, {
        householdId: "hh-b1-1-101",
        relation: "member",
      });
      if (!verified.ok) throw new Error(`verify failed: ${verified.status}`);
      tokens.push(token);
    },
  );
  return tokens;
}

/** Everyone fires `request` at the same instant; latencies and statuses of the answers. */
async function burst(tokens: string[], request: (token: string) => Promise<Response>) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      const t0 = performance.now();
      const response = await request(token);
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: tokens.length,
    statuses,
    p50ms: round(percentile(latencies, 50)),
    p95ms: round(percentile(latencies, 95)),
    p99ms: round(percentile(latencies, 99)),
    maxMs: round(latencies[latencies.length - 1] ?? 0),
    wallMs: round(elapsed),
  };
}

/** The legal booking rush: every resident at one 1-seat consultation slot. Exactly one may win. */
async function legalBurst(base: string, staffToken: string, tokens: string[]) {
  const post = postAs(base);
  // A day beyond the seeded rosters, with one 1-seat slot.
  const day = new Date(Date.now() + 8 * 3600_000 + 70 * 86_400_000).toISOString().slice(0, 10);
  const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const roster = await post("/api/v1/legal/rosters", staffToken, {
    lawyerId: "u-demo-lawyer-3",
    from: day,
    to: day,
    weekdays: [weekday],
    startTime: "18:00",
    endTime: "18:30",
    slotMinutes: 30,
    mode: "in_person",
    seats: 1,
  });
  if (roster.status !== 201) throw new Error(`roster failed: ${roster.status} ${await roster.text()}`);
  const rosterId = ((await roster.json()) as { roster: { id: string } }).roster.id;
  const slotId = `${rosterId}-${day.replace(/-/g, "")}1800`;
  const result = await burst(tokens, (token) =>
    post("/api/v1/legal/bookings", token, {
      slotId,
      category: "labour",
      description: "压测：同一时段的并发预约。",
    }),
  );
  const slot = (await (
    await fetch(`${base}/api/v1/legal/slots/${slotId}`, {
      headers: { Authorization: `Bearer ${staffToken}` },
    })
  ).json()) as {
    slot: { booked: number };
  };
  return { ...result, booked: slot.slot.booked };
}

/**
 * The window booking rush: every resident at one slot of a new center with 3 windows, on its
 * first open day after today. Exactly 3 may win.
 */
async function windowBurst(base: string, staffToken: string, tokens: string[]) {
  const post = postAs(base);
  const weekday = [{ open: "09:00", close: "12:00" }];
  const center = await post("/api/v1/window/centers", staffToken, {
    name: "压测受理窗口",
    address: "压测",
    windows: 3,
    slotMinutes: 15,
    hours: { "1": weekday, "2": weekday, "3": weekday, "4": weekday, "5": weekday },
  });
  if (center.status !== 201) throw new Error(`center failed: ${center.status} ${await center.text()}`);
  const centerId = ((await center.json()) as { center: { id: string } }).center.id;
  const matter = await post("/api/v1/matters", staffToken, {
    centerId,
    name: "压测事项",
    category: "certificates",
    description: "压测用事项。",
    materials: [{ id: "m1", name: "居民身份证", required: true }],
    processingDays: 0,
    proxyAllowed: false,
  });
  const matterId = ((await matter.json()) as { matter: { id: string } }).matter.id;
  const auth = { headers: { Authorization: `Bearer ${staffToken}` } };
  const days = (await (await fetch(`${base}/api/v1/window/days?matterId=${matterId}`, auth)).json()) as {
    days: { date: string; open: boolean }[];
  };
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const day = days.days.find((d) => d.open && d.date > today)?.date;
  if (!day) throw new Error("no open day in the next two weeks");
  const slots = (await (
    await fetch(`${base}/api/v1/window/slots?matterId=${matterId}&date=${day}`, auth)
  ).json()) as { slots: { startsAt: string }[] };
  const slotStartsAt = slots.slots[0]?.startsAt as string;
  const result = await burst(tokens, (token) =>
    post("/api/v1/window/appointments", token, { matterId, slotStartsAt, confirmedMaterials: ["m1"] }),
  );
  const after = (await (
    await fetch(`${base}/api/v1/window/slots?matterId=${matterId}&date=${day}`, auth)
  ).json()) as { slots: { startsAt: string; booked: number }[] };
  return {
    ...result,
    windows: 3,
    booked: after.slots.find((s) => s.startsAt === slotStartsAt)?.booked ?? -1,
  };
}

/**
 * The ballot burst: a community-wide simple-majority vote (each verified resident one ballot);
 * every bench resident casts at the same instant and one in ten sends the same ballot twice.
 * Counted ballots must equal the residents, the repeats refused with ALREADY_VOTED.
 */
async function ballotBurst(base: string, staffToken: string, tokens: string[]) {
  const post = postAs(base);
  const topic = await post("/api/v1/deliberations", staffToken, {
    title: "压测：社区文化节方案",
    body: "压测用议题：全体已认证居民同时投票。",
  });
  if (topic.status !== 201) throw new Error(`topic failed: ${topic.status} ${await topic.text()}`);
  const topicId = ((await topic.json()) as { topic: { id: string } }).topic.id;
  const vote = await post(`/api/v1/deliberations/${topicId}/vote`, staffToken, {
    rule: "simple_majority",
    electorate: "residents",
    closesAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  if (vote.status !== 201) throw new Error(`vote failed: ${vote.status} ${await vote.text()}`);
  const senders = [...tokens, ...tokens.filter((_, i) => i % 10 === 0)];
  const result = await burst(senders, (token) =>
    post(`/api/v1/deliberations/${topicId}/ballots`, token, {
      choice: token.length % 3 === 0 ? "reject" : "approve",
    }),
  );
  // A secret vote's tally is sealed until closing: the turnout says how many ballots were counted.
  const turnout = (await (
    await fetch(`${base}/api/v1/deliberations/${topicId}/turnout`, {
      headers: { Authorization: `Bearer ${staffToken}` },
    })
  ).json()) as { participated: { count: number } };
  return { ...result, residents: tokens.length, counted: turnout.participated.count };
}

/** The Lambda bundle as CDK builds it (minified ESM), its gzip size and its cold import time. */
async function lambdaBundle() {
  const outdir = join(repoRoot, ".out", "bench", "lambda");
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: [join(repoRoot, "functions/src/lambda.ts")],
    bundle: true,
    minify: true,
    platform: "node",
    target: "node22",
    format: "esm",
    outfile: join(outdir, "index.mjs"),
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    metafile: true,
    write: true,
  });
  const output = Object.values(result.metafile.outputs)[0];
  const file = join(outdir, "index.mjs");
  const bytes = output?.bytes ?? 0;
  const gzip = gzipSync(readFileSync(file)).length;
  const imports: number[] = [];
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(process.execPath, [
      "-e",
      `const t=performance.now();import(${JSON.stringify(file)}).then(()=>console.log(performance.now()-t))`,
    ]);
    imports.push(Number(String(out).trim()));
  }
  imports.sort((a, b) => a - b);
  return { bytes, gzipBytes: gzip, importMsMedian: Math.round(imports[2] as number) };
}

async function main() {
  // DynamoDB Local is started here, so this process can also write bulk data into the stack's table.
  const dynamo = await startDynamoDbLocal({});
  const tableName = "onedoor-bench";
  const db = createDb({ tableName, region: "ap-east-1", endpoint: dynamo.endpoint });
  const stack = await spawnLocalStack({
    args: ["--in-memory"],
    env: {
      LOG_LEVEL: "warn",
      AUTH_RATE_LIMIT_PER_MINUTE: "10000000",
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      TABLE_NAME: tableName,
      AWS_REGION: "ap-east-1",
    },
  });
  const base = stack.baseUrl;
  try {
    const login = async (openid: string) =>
      ((await (await fetch(`${base}/api/v1/auth/dev-login`, json({ openid }))).json()) as { token: string })
        .token;
    const tokens = { resident: await login("demo-resident-2"), staff: await login("demo-staff-1") };
    for (const scenario of scenarios) await runScenario({ ...scenario }, base, tokens); // warm-up pass
    const rows = [];
    for (const scenario of scenarios) rows.push(await runScenario(scenario, base, tokens));
    const residents = await verifiedResidents(base, tokens.staff, login);
    const legal = await legalBurst(base, tokens.staff, residents);
    const window = await windowBurst(base, tokens.staff, residents);
    const ballots = await ballotBurst(base, tokens.staff, residents);
    // Last: the 10,100 notices it writes make the whole table larger for whatever runs after.
    const scale = await prepareFeedAtScale(db, postAs(base), tokens.staff, login);
    const scaleTokens = { ...tokens, feed100: scale.small, feed10k: scale.large };
    const feedRows = [];
    for (const [label, name] of [
      ["100", "feed100"],
      ["10000", "feed10k"],
    ] as const)
      for (const scenario of feedScenarios(label, name)) {
        await runScenario({ ...scenario }, base, scaleTokens); // warm-up
        feedRows.push(await runScenario(scenario, base, scaleTokens));
      }
    const bundle = await lambdaBundle();
    console.log(
      `\nOneDoor benchmark — ${SECONDS_PER_SCENARIO} s per scenario, ${CONCURRENCY} concurrent clients, loopback`,
    );
    console.table(rows);
    console.log(
      `Feed at scale (10,100 notices written in ${scale.seededMs} ms): the same reads for a building with 100 and one with 10,000`,
    );
    console.table(feedRows);
    console.log(
      `Legal booking rush: ${legal.requests} residents at one 1-seat slot at once → ${JSON.stringify(legal.statuses)}, booked = ${legal.booked}; latency p50 ${legal.p50ms} ms, p95 ${legal.p95ms} ms, p99 ${legal.p99ms} ms, max ${legal.maxMs} ms; all answered in ${legal.wallMs} ms`,
    );
    console.log(
      `Window booking rush: ${window.requests} residents at one slot with ${window.windows} windows → ${JSON.stringify(window.statuses)}, booked = ${window.booked}; latency p50 ${window.p50ms} ms, p95 ${window.p95ms} ms, p99 ${window.p99ms} ms, max ${window.maxMs} ms; all answered in ${window.wallMs} ms`,
    );
    console.log(
      `Ballot burst: ${ballots.residents} residents voting at once, one in ten twice (${ballots.requests} requests) → ${JSON.stringify(ballots.statuses)}, counted = ${ballots.counted}; latency p50 ${ballots.p50ms} ms, p95 ${ballots.p95ms} ms, p99 ${ballots.p99ms} ms, max ${ballots.maxMs} ms; all answered in ${ballots.wallMs} ms`,
    );
    console.log(
      `Lambda bundle: ${(bundle.bytes / 1024).toFixed(0)} KB minified, ${(bundle.gzipBytes / 1024).toFixed(0)} KB gzip; cold import ${bundle.importMsMedian} ms (median of 5)`,
    );
    const outDir = join(repoRoot, ".out", "bench");
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          seconds: SECONDS_PER_SCENARIO,
          concurrency: CONCURRENCY,
          rows,
          feedAtScale: feedRows,
          legalBookingBurst: legal,
          windowBookingBurst: window,
          ballotBurst: ballots,
          bundle,
        },
        null,
        2,
      ),
    );
    console.log(`Written to ${file}`);
  } finally {
    await stack.stop();
    await dynamo.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
