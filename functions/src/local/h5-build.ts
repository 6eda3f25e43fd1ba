import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Newest modification time under the given paths (files or folders). */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const path of paths) visit(path);
  return newest;
}

/** Where a Taro platform build lands, and whether its sources changed since. */
export function buildState(repoRoot: string, platform: "h5" | "weapp") {
  const miniapp = join(repoRoot, "miniapp");
  const output = join(miniapp, "dist", platform);
  const marker = join(output, platform === "h5" ? "index.html" : "app.json");
  const sources = ["src", "config", "package.json", "babel.config.js", "project.config.json"].map((p) =>
    join(miniapp, p),
  );
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < newestMtime(sources);
  return { output, stale };
}

/** Builds the mini-program for a platform when its output is missing or older than its sources. */
export function ensureMiniappBuild(
  repoRoot: string,
  platform: "h5" | "weapp",
  log: (line: string) => void,
): string {
  const state = buildState(repoRoot, platform);
  if (!state.stale) return state.output;
  log(`Building the mini-program for ${platform} (about a minute on 2 cores)…`);
  const started = Date.now();
  const result = spawnSync("npm", ["run", `build:${platform}`, "-w", "miniapp", "--silent"], {
    cwd: repoRoot,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0)
    throw new Error(`The ${platform} build failed (exit ${result.status}); see the output above.`);
  log(`Built ${platform} in ${Math.round((Date.now() - started) / 1000)} s.`);
  return state.output;
}
