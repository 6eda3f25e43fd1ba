/**
 * Mini-program size: the weapp build's main package (everything outside a subpackage root named
 * in the built app.json) and each subpackage, against WeChat's 2 MB per package and 20 MB in all;
 * and the H5 build's first load: index.html, the scripts, module preloads and stylesheets it
 * names, and the first page's chunk with what it preloads, raw and gzip. Both builds come from functions/src/local/h5-build.ts, which rebuilds only
 * when the output is missing, older than the sources or made with other settings; the web build
 * with an empty API base, as infra/lib/web.ts deploys it. BENCH_BUILD=1 rebuilds anyway.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { repoRoot } from "../../functions/src/db/dynamodb-local.js";
import { buildState, ensureMiniappBuild } from "../../functions/src/local/h5-build.js";

export const PACKAGE_LIMIT = 2 * 1024 * 1024;
export const TOTAL_LIMIT = 20 * 1024 * 1024;
/** Ours, beside the build: not part of what is uploaded. */
const SETTINGS_FILE = ".onedoor-build.json";

export interface PackageRow {
  package: string;
  files: number;
  bytes: number;
  limitBytes: number;
  percentOfLimit: number;
}

function files(dir: string): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name !== SETTINGS_FILE) found.push(full);
    }
  };
  visit(dir);
  return found;
}

function built(platform: "h5" | "weapp", log: (line: string) => void) {
  // Taro builds for production unless NODE_ENV says otherwise; the web build calls its own origin.
  const { NODE_ENV: _mode, ...env } = process.env;
  if (platform === "h5") delete env.TARO_APP_API_BASE;
  const state = buildState(repoRoot, platform, env);
  const force = process.env.BENCH_BUILD === "1";
  if (force) rmSync(state.settingsFile, { force: true });
  const started = performance.now();
  const output = ensureMiniappBuild(repoRoot, platform, log, env);
  return {
    output,
    rebuilt: force || state.stale,
    buildSeconds: force || state.stale ? Math.round((performance.now() - started) / 1000) : 0,
  };
}

export function weappPackages(log: (line: string) => void) {
  const build = built("weapp", log);
  const appJson = JSON.parse(readFileSync(join(build.output, "app.json"), "utf8")) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((sub) => sub.root.replace(/\/$/, ""));
  const sizes = new Map<string, { files: number; bytes: number }>([["main", { files: 0, bytes: 0 }]]);
  for (const root of roots) sizes.set(root, { files: 0, bytes: 0 });
  for (const file of files(build.output)) {
    const path = relative(build.output, file).split("\\").join("/");
    const owner = roots.find((root) => path.startsWith(`${root}/`)) ?? "main";
    const entry = sizes.get(owner) as { files: number; bytes: number };
    entry.files++;
    entry.bytes += statSync(file).size;
  }
  const rows: PackageRow[] = [...sizes].map(([name, size]) => ({
    package: name === "main" ? "weapp main package" : `weapp subpackage ${name}`,
    files: size.files,
    bytes: size.bytes,
    limitBytes: PACKAGE_LIMIT,
    percentOfLimit: Math.round((size.bytes / PACKAGE_LIMIT) * 1000) / 10,
  }));
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  rows.push({
    package: "weapp total",
    files: rows.reduce((sum, row) => sum + row.files, 0),
    bytes: total,
    limitBytes: TOTAL_LIMIT,
    percentOfLimit: Math.round((total / TOTAL_LIMIT) * 1000) / 10,
  });
  return { rows, rebuilt: build.rebuilt, buildSeconds: build.buildSeconds };
}

export function h5FirstLoad(log: (line: string) => void) {
  const build = built("h5", log);
  const html = readFileSync(join(build.output, "index.html"), "utf8");
  const named = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isScript = tag.startsWith("<script");
    const rel = /\brel=["']?([^"'\s>]+)/.exec(tag)?.[1];
    if (!isScript && rel !== "stylesheet" && rel !== "modulepreload") continue;
    const url = /\b(?:src|href)=["']?([^"'\s>]+)/.exec(tag)?.[1];
    if (url && !/^(https?:)?\/\//.test(url)) named.add(url.replace(/^\//, "").split(/[?#]/)[0] as string);
  }
  // The first page's chunk, which the router imports at once: Vite lists it with what it preloads
  // (`path:"pages/home/index",load:…import("./index.….js"),["js/…","css/…"]`) in the entry script.
  let firstPage: string | null = null;
  for (const script of [...named].filter((path) => path.endsWith(".js"))) {
    const match = /path:"([^"]+)",load:[\s\S]*?import\("\.\/[^"]+"\),\[([^\]]*)\]/.exec(
      readFileSync(join(build.output, script), "utf8"),
    );
    if (!match) continue;
    firstPage = match[1] as string;
    for (const dep of (match[2] as string).split(","))
      named.add(dep.replace(/^["']|["']$/g, "").replace(/^\//, ""));
    break;
  }
  const assets = ["index.html", ...named].map((path) => {
    const file = join(build.output, path);
    if (!existsSync(file)) throw new Error(`index.html names ${path}, which the H5 build lacks`);
    const content = readFileSync(file);
    return { path, bytes: content.length, gzipBytes: gzipSync(content).length };
  });
  return {
    firstPage,
    assets,
    bytes: assets.reduce((sum, a) => sum + a.bytes, 0),
    gzipBytes: assets.reduce((sum, a) => sum + a.gzipBytes, 0),
    rebuilt: build.rebuilt,
    buildSeconds: build.buildSeconds,
  };
}
