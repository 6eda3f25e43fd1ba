import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, localEndpoint } from "../../test/setup/harness.js";
import { dropTable } from "./db/admin.js";
import type { Db } from "./db/client.js";
import { handler } from "./jobs-lambda.js";

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
  vi.stubEnv("STAGE", "test");
  vi.stubEnv("TABLE_NAME", db.tableName);
  vi.stubEnv("DYNAMODB_ENDPOINT", localEndpoint());
  vi.stubEnv("JWT_SECRET", randomBytes(32).toString("hex"));
  vi.stubEnv("UPLOAD_BUCKET", "onedoor-test-files");
  vi.stubEnv("WECHAT_API_BASE", "http://127.0.0.1:9");
  vi.stubEnv("LOG_LEVEL", "info");
  vi.stubEnv("JWT_SECRET_ARN", undefined);
  vi.stubEnv("WECHAT_SECRET_ARN", undefined);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await dropTable(db);
});

describe("jobs Lambda handler", () => {
  it("logs the run and writes its metrics as one raw EMF line on stdout", async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const before = Date.now();
    try {
      const summary = await handler({}, { awsRequestId: "inv-1" });
      expect(summary.jobs.every((job) => job.ok)).toBe(true);
    } finally {
      write.mockRestore();
    }
    const lines = written.join("").split("\n").filter(Boolean);
    const parsed = lines.map((line) => JSON.parse(line));
    // The run's lines name the invocation (raw lines have no runtime prefix to carry it).
    expect(parsed.find((entry) => entry.message === "jobs ran")).toMatchObject({ lambdaRequestId: "inv-1" });
    const emf = parsed.filter((entry) => entry._aws);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: "OneDoor",
            Dimensions: [["Stage"]],
            Metrics: [
              { Name: "JobRuns", Unit: "Count" },
              { Name: "JobFailures", Unit: "Count" },
              { Name: "OutboxBacklogAgeSeconds", Unit: "Seconds" },
            ],
          },
        ],
      },
      Stage: "test",
      JobRuns: 1,
      JobFailures: 0,
      OutboxBacklogAgeSeconds: 0,
    });
    expect(emf[0]._aws.Timestamp).toBeGreaterThanOrEqual(before);
    expect(emf[0]._aws.Timestamp).toBeLessThanOrEqual(Date.now());
  });
});
