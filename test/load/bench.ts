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
import { repoRoot } from "../../functions/src/db/dynamodb-local.js";
import { spawnLocalStack } from "../setup/spawn-stack.js";

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
  const stack = await spawnLocalStack({
    args: ["--in-memory"],
    env: { LOG_LEVEL: "warn", AUTH_RATE_LIMIT_PER_MINUTE: "10000000" },
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
    const bundle = await lambdaBundle();
    console.log(
      `\nOneDoor benchmark — ${SECONDS_PER_SCENARIO} s per scenario, ${CONCURRENCY} concurrent clients, loopback`,
    );
    console.table(rows);
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
          bundle,
        },
        null,
        2,
      ),
    );
    console.log(`Written to ${file}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
