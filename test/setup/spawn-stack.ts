import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { freePort, repoRoot } from "../../functions/src/db/dynamodb-local.js";

export interface LocalStack {
  baseUrl: string;
  stop(): Promise<void>;
  /** Sends `signal` (SIGKILL: a crash, no shutdown handler runs) and waits until the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `npm start`'s own entry (functions/src/local.ts) as a child process on a free port and
 * waits until its health check answers. No vitest here: the benchmark uses it too.
 */
export async function spawnLocalStack(
  options: { port?: number; args?: string[]; env?: Record<string, string> } = {},
): Promise<LocalStack> {
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
      ...(options.args ?? []),
    ],
    { cwd: repoRoot, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const collect = (chunk: unknown) => {
    output += String(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  };

  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await exited;
    }
  };

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The local stack exited: ${output}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return { baseUrl, stop, kill };
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  await stop();
  throw new Error(`The local stack did not become healthy in 90 s: ${output}`);
}
