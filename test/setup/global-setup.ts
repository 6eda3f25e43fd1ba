import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { startDynamoDbLocal } from "../../functions/src/db/dynamodb-local.js";
import { finishLogScan } from "./log-scan.js";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/**
 * One in-memory DynamoDB Local for the whole run; each test file makes its own table in it.
 * Every log line of the run (test processes and the local stacks they spawn, which inherit the
 * environment) is captured under .out/logs/<run>/; at the end a line with a full phone or ID
 * number fails the run (finishLogScan).
 */
export default async function setup(project: TestProject) {
  pruneOldCaptures(resolve(".out", "logs"));
  const captureDir = resolve(
    ".out",
    "logs",
    `${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}`,
  );
  mkdirSync(captureDir, { recursive: true });
  process.env.ONEDOOR_LOG_CAPTURE_DIR = captureDir;
  const dynamo = await startDynamoDbLocal();
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return async () => {
    await dynamo.stop();
    finishLogScan(captureDir);
  };
}

/** Captures of earlier runs are kept a day (a run still going elsewhere is never younger than that). */
function pruneOldCaptures(root: string) {
  let runs: string[] = [];
  try {
    runs = readdirSync(root);
  } catch {
    return;
  }
  for (const run of runs) {
    const path = resolve(root, run);
    if (Date.now() - statSync(path).mtimeMs > 24 * 3600_000) rmSync(path, { recursive: true, force: true });
  }
}
