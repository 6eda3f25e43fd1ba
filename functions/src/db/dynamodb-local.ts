/**
 * Obtains and runs the real AWS DynamoDB Local. The jar ships inside the npm package
 * `amplify-dynamodb-simulator`; we fetch only its tarball (`npm pack`, ~57 MB) into an ignored
 * cache instead of installing it, which would pull ~350 MB of Amplify dependencies.
 * The jar is never committed (AWS licence).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const SIMULATOR_PACKAGE = "amplify-dynamodb-simulator@2.9.30";
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const cacheDir = join(repoRoot, ".cache", "dynamodb-local", SIMULATOR_PACKAGE.replace(/[@/]/g, "_"));
const JAVA_HINT = "apt-get install -y openjdk-17-jre-headless";

export class JavaMissingError extends Error {}

/** One clear line when Java 17+ is missing, naming the package to install. */
export function checkJava(): void {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new JavaMissingError(
      `DynamoDB Local needs Java 17 or newer, and no 'java' was found: run \`${JAVA_HINT}\``,
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? Number(match[1] === "1" ? match[2] : match[1]) : 0;
  if (major < 17) {
    throw new JavaMissingError(
      `DynamoDB Local needs Java 17 or newer, found Java ${major}: run \`${JAVA_HINT}\``,
    );
  }
}

/** Returns the folder holding DynamoDBLocal.jar, downloading the package tarball once. */
export function ensureDynamoDbLocal(log: (line: string) => void = () => {}): string {
  if (existsSync(join(cacheDir, "DynamoDBLocal.jar"))) return cacheDir;
  log(`Fetching DynamoDB Local from the npm package ${SIMULATOR_PACKAGE} (once, ~57 MB)…`);
  mkdirSync(dirname(cacheDir), { recursive: true });
  const work = mkdtempSync(join(dirname(cacheDir), "download-"));
  try {
    const out = execFileSync("npm", ["pack", SIMULATOR_PACKAGE, "--silent", "--pack-destination", work], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const tarball = join(work, out.trim().split("\n").pop() ?? "");
    const extracted = join(work, "emulator");
    mkdirSync(extracted);
    execFileSync("tar", ["-xzf", tarball, "-C", extracted, "--strip-components=2", "package/emulator"]);
    if (!existsSync(join(extracted, "DynamoDBLocal.jar"))) {
      throw new Error(`${SIMULATOR_PACKAGE} no longer contains emulator/DynamoDBLocal.jar`);
    }
    // A parallel process may have finished first; either copy is the same.
    if (!existsSync(join(cacheDir, "DynamoDBLocal.jar"))) renameSync(extracted, cacheDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return cacheDir;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface DynamoDbLocalOptions {
  /** Keep data in this folder across restarts; in memory when absent. */
  dbPath?: string;
  port?: number;
  log?: (line: string) => void;
}

export interface RunningDynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
  /**
   * Ends the java process itself with SIGKILL (a crash: no shutdown, nothing flushed), then waits
   * until the watchdog has noticed and exited. For crash tests; stop() is the graceful way.
   */
  kill(): Promise<void>;
}

/**
 * Starts DynamoDB Local behind a small shell watchdog: if this Node process dies in any way
 * (even SIGKILL), the watchdog notices within half a second and ends java, so no run ever
 * leaves a java process behind.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  checkJava();
  const emulator = ensureDynamoDbLocal(options.log);
  const port = options.port ?? (await freePort());
  const storage = options.dbPath ? ["-dbPath", options.dbPath, "-sharedDb"] : ["-inMemory"];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const javaArgs = [
    "-Xms64m",
    `-Djava.library.path=${join(emulator, "DynamoDBLocal_lib")}`,
    "-jar",
    join(emulator, "DynamoDBLocal.jar"),
    ...storage,
    "-port",
    String(port),
  ];
  const watchdog = [
    'java "$@" & child=$!',
    'trap \'kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0\' TERM INT HUP',
    'while kill -0 "$OWNER_PID" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.5; done',
    'kill "$child" 2>/dev/null; wait "$child" 2>/dev/null',
  ].join("\n");
  // Its metadata file lands in the working directory: keep it out of the repo.
  const cwd = options.dbPath ?? mkdtempSync(join(tmpdir(), "onedoor-ddb-"));
  const child: ChildProcess = spawn("bash", ["-c", watchdog, "dynamodb-local", ...javaArgs], {
    cwd,
    env: { ...process.env, OWNER_PID: String(process.pid) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });

  const stop = async () => {
    if (exited) return;
    await new Promise<void>((done) => {
      child.once("exit", () => done());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
    if (!options.dbPath) rmSync(cwd, { recursive: true, force: true });
  };

  const kill = async () => {
    if (exited) return;
    const gone = new Promise<void>((done) => child.once("exit", () => done()));
    // java is the watchdog's only child; the watchdog then sees it gone and exits within half a second.
    const java = spawnSync("ps", ["-o", "pid=", "--ppid", String(child.pid)], { encoding: "utf8" })
      .stdout.split("\n")
      .map((line) => Number(line.trim()))
      .filter((pid) => pid > 0);
    for (const pid of java) process.kill(pid, "SIGKILL");
    if (java.length === 0) child.kill("SIGKILL");
    await gone;
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`DynamoDB Local exited during start-up: ${stderr.trim().slice(-500)}`);
    if (await answers(endpoint)) return { endpoint, port, stop, kill };
    await new Promise((wait) => setTimeout(wait, 150));
  }
  await stop();
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s`);
}

/** Any HTTP answer means the server is up (it rejects unsigned requests with 400). */
async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { method: "GET", signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}
