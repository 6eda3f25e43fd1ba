import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { freePort, repoRoot } from "../../functions/src/db/dynamodb-local.js";
import { localEndpoint } from "./harness.js";

export interface LocalStack {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the real `npm start` entry as a child process (black box): API under /api and the H5
 * build under /, on a free port, against a fresh table in the test run's DynamoDB Local, seeded.
 */
export async function startLocalStack(options: { port?: number } = {}): Promise<LocalStack> {
  const port = options.port ?? (await freePort());
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(repoRoot, "functions/src/local.ts"),
      "--no-build",
      "--quiet",
      "--port",
      String(port),
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: localEndpoint(),
        TABLE_NAME: `stack-${Date.now()}-${randomBytes(3).toString("hex")}`,
        JWT_SECRET: randomBytes(32).toString("hex"),
        AUTH_RATE_LIMIT_PER_MINUTE: "100000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The local stack exited: ${output}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return { baseUrl, stop };
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  await stop();
  throw new Error(`The local stack did not become healthy in 60 s: ${output}`);
}
