import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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

/** The build-time settings baked into a build (miniapp/config/index.ts reads them). */
export function buildSettings(env: NodeJS.ProcessEnv = process.env) {
  return {
    TARO_APP_API_BASE: env.TARO_APP_API_BASE ?? null,
    TARO_APP_SUBSCRIBE_TEMPLATE_IDS: env.TARO_APP_SUBSCRIBE_TEMPLATE_IDS ?? "",
  };
}

/** Beside each build: the settings it was built with, so other settings make it stale. */
const SETTINGS_FILE = ".onedoor-build.json";

/** Where a Taro platform build lands, and whether its sources or settings changed since. */
export function buildState(repoRoot: string, platform: "h5" | "weapp", env: NodeJS.ProcessEnv = process.env) {
  const miniapp = join(repoRoot, "miniapp");
  const output = join(miniapp, "dist", platform);
  const marker = join(output, platform === "h5" ? "index.html" : "app.json");
  const sources = ["src", "config", "package.json", "babel.config.js", "project.config.json"].map((p) =>
    join(miniapp, p),
  );
  const settingsFile = join(output, SETTINGS_FILE);
  const settings = JSON.stringify(buildSettings(env));
  const sameSettings = existsSync(settingsFile) && readFileSync(settingsFile, "utf8") === settings;
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < newestMtime(sources) || !sameSettings;
  return { output, stale, settings, settingsFile };
}

/** Builds the mini-program for a platform when its output is missing or older than its sources. */
export function ensureMiniappBuild(
  repoRoot: string,
  platform: "h5" | "weapp",
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const state = buildState(repoRoot, platform, env);
  if (!state.stale) return state.output;
  log(`Building the mini-program for ${platform} (about a minute on 2 cores)…`);
  const started = Date.now();
  const result = spawnSync("npm", ["run", `build:${platform}`, "-w", "miniapp", "--silent"], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0)
    throw new Error(`The ${platform} build failed (exit ${result.status}); see the output above.`);
  writeFileSync(state.settingsFile, state.settings);
  log(`Built ${platform} in ${Math.round((Date.now() - started) / 1000)} s.`);
  return state.output;
}
