/**
 * The set-up half of `npm test`: everything the suites need that npm install does not give.
 * Java 17 (checked), DynamoDB Local (fetched once), Debian's chromium and a Chinese font (installed
 * when missing and we are root, otherwise the exact command is printed), and fresh H5 and weapp builds.
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

/** A Chinese font, without which screenshots show empty boxes instead of 汉字. */
function hasChineseFont(): boolean {
  const result = spawnSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" });
  return result.status === 0 && result.stdout.trim().length > 0;
}

/** Debian's chromium (and a Chinese font) for the browser tests; installs them when we are root. */
function ensureBrowser() {
  const missing = [
    ...(existsSync(chromiumPath()) ? [] : ["chromium"]),
    ...(existsSync(chromiumPath()) && hasChineseFont() ? [] : ["fonts-wqy-microhei"]),
  ];
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(" ")}`;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (!isRoot || !hasApt) {
    if (!missing.includes("chromium"))
      return say(`Screenshots need a Chinese font: run \`sudo ${command}\`.`);
    throw new Error(
      `Browser tests need Debian's chromium at ${chromiumPath()}: run \`sudo ${command}\` (or set CHROMIUM_PATH).`,
    );
  }
  say(`Installing ${missing.join(" and ")} for the browser tests (once)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install = spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], {
    stdio: "inherit",
    env,
  });
  if (update.status !== 0 || install.status !== 0 || !existsSync(chromiumPath())) {
    throw new Error(`Could not install ${missing.join(" ")}: run \`${command}\` by hand.`);
  }
}

try {
  const started = Date.now();
  checkJava();
  ensureDynamoDbLocal(say);
  ensureBrowser();
  ensureMiniappBuild(repoRoot, "h5", say);
  ensureMiniappBuild(repoRoot, "weapp", say);
  say(`Ready in ${Math.round((Date.now() - started) / 1000)} s.`);
} catch (error) {
  console.error(
    `[prepare] ${error instanceof JavaMissingError || error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
