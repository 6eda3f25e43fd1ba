/**
 * The set-up half of `npm test`: everything the suites need that npm install does not give.
 * Java 17 (checked), DynamoDB Local (fetched once), Debian's chromium (installed when missing and
 * we are root, otherwise the exact command is printed), and fresh H5 and weapp builds.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import {
  checkJava,
  ensureDynamoDbLocal,
  JavaMissingError,
  repoRoot,
} from "../../functions/src/db/dynamodb-local.js";
import { ensureMiniappBuild } from "../../functions/src/local/h5-build.js";
import { chromiumPath } from "./chromium.js";

const say = (line: string) => console.log(`[prepare] ${line}`);

function ensureChromium() {
  if (existsSync(chromiumPath())) return;
  const command = "apt-get install -y chromium";
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (!isRoot || !hasApt) {
    throw new Error(
      `Browser tests need Debian's chromium at ${chromiumPath()}: run \`sudo ${command}\` (or set CHROMIUM_PATH).`,
    );
  }
  say("Installing Debian's chromium for the browser tests (once)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install = spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], {
    stdio: "inherit",
    env,
  });
  if (update.status !== 0 || install.status !== 0 || !existsSync(chromiumPath())) {
    throw new Error(`Could not install chromium: run \`${command}\` by hand.`);
  }
}

try {
  const started = Date.now();
  checkJava();
  ensureDynamoDbLocal(say);
  ensureChromium();
  ensureMiniappBuild(repoRoot, "h5", say);
  ensureMiniappBuild(repoRoot, "weapp", say);
  say(`Ready in ${Math.round((Date.now() - started) / 1000)} s.`);
} catch (error) {
  console.error(
    `[prepare] ${error instanceof JavaMissingError || error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
