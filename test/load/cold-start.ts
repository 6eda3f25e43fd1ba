/**
 * Cold start: both Lambda entries bundled as CDK bundles them (infra/lib/app-function.ts
 * APP_BUNDLING: ESM, minified, the require banner, the AWS SDK bundled, a source map without
 * sources, target from the runtime), their size raw and gzip, and the wall time of a fresh `node`
 * process that imports one and exits, minus the median of a bare process that only exits,
 * measured the same way, over `runs` rounds (interleaved, so both see the same machine).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { repoRoot } from "../../functions/src/db/dynamodb-local.js";
import { APP_BUNDLING, NODE_RUNTIME } from "../../infra/lib/app-function.js";
import { percentile } from "./measure.js";

const ENTRIES = [
  { name: "api", entry: "functions/src/lambda.ts" },
  { name: "jobs", entry: "functions/src/jobs-lambda.ts" },
];

export interface BundleRow {
  bundle: string;
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
  /** Import time over a bare node process, ms. */
  importMedianMs: number;
  importP90Ms: number;
  importMinMs: number;
  importMaxMs: number;
  /** The same with NODE_OPTIONS=--enable-source-maps, as the functions run in AWS. */
  withSourceMapsMedianMs: number;
}

async function bundle(name: string, entry: string) {
  const outdir = join(repoRoot, ".out", "bench", "lambda", name);
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, "index.mjs");
  await build({
    entryPoints: [join(repoRoot, entry)],
    bundle: true,
    platform: "node",
    target: NODE_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, "node$1"),
    format: APP_BUNDLING.format === "esm" ? "esm" : "cjs",
    mainFields: APP_BUNDLING.mainFields,
    banner: APP_BUNDLING.banner ? { js: APP_BUNDLING.banner } : undefined,
    minify: APP_BUNDLING.minify,
    sourcemap: APP_BUNDLING.sourceMap,
    sourcesContent: APP_BUNDLING.sourcesContent,
    // bundleAwsSDK: true, so nothing is external.
    external: APP_BUNDLING.bundleAwsSDK ? [] : ["@aws-sdk/*"],
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

/** Wall time of one fresh process running `code`, ms. */
function processMs(code: string, env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["-e", code], { env, stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node -e ${code} failed: ${String(result.stderr)}`);
  return ms;
}

export async function coldStart(
  runs: number,
): Promise<{ baselineMs: number; rows: BundleRow[]; node: string }> {
  const files = await Promise.all(ENTRIES.map(({ name, entry }) => bundle(name, entry)));
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const sourceMapsEnv = { ...env, NODE_OPTIONS: "--enable-source-maps" };
  const exit = "process.exit(0)";
  const importing = (file: string) =>
    `import(${JSON.stringify(pathToFileURL(file).href)}).then(() => ${exit})`;
  const baseline: number[] = [];
  const times = files.map(() => ({ plain: [] as number[], maps: [] as number[] }));
  processMs(exit, env); // warm the file cache
  for (let round = 0; round < runs; round++) {
    baseline.push(processMs(exit, env));
    for (const [i, file] of files.entries()) {
      times[i]?.plain.push(processMs(importing(file), env));
      times[i]?.maps.push(processMs(importing(file), sourceMapsEnv));
    }
  }
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const baselineMs = percentile(sorted(baseline), 50);
  const over = (ms: number) => Math.round(ms - baselineMs);
  const rows = ENTRIES.map(({ name, entry }, i): BundleRow => {
    const file = files[i] as string;
    const plain = sorted(times[i]?.plain ?? []);
    const maps = sorted(times[i]?.maps ?? []);
    return {
      bundle: `${name} (${entry})`,
      bytes: statSync(file).size,
      gzipBytes: gzipSync(readFileSync(file)).length,
      mapBytes: statSync(`${file}.map`).size,
      importMedianMs: over(percentile(plain, 50)),
      importP90Ms: over(percentile(plain, 90)),
      importMinMs: over(plain[0] ?? 0),
      importMaxMs: over(plain.at(-1) ?? 0),
      withSourceMapsMedianMs: over(percentile(maps, 50)),
    };
  });
  return { baselineMs: Math.round(baselineMs), rows, node: process.version };
}
