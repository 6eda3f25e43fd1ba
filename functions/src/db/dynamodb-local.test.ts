import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { ensureTable } from "./admin.js";
import { createDb } from "./client.js";
import { checkJava, JavaMissingError, repoRoot, startDynamoDbLocal } from "./dynamodb-local.js";

const javaProcessesOnPort = (port: number) => {
  try {
    return execFileSync("pgrep", ["-f", `DynamoDBLocal.jar.*-port ${port}$`], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
};

describe("DynamoDB Local launcher", () => {
  it("stops with one line naming the package when Java is missing", () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      expect(() => checkJava()).toThrow(JavaMissingError);
      expect(() => checkJava()).toThrow(/apt-get install -y openjdk-17-jre-headless/);
    } finally {
      process.env.PATH = path;
    }
  });

  it("keeps on-disk data across restarts (the npm start mode)", async () => {
    const dbPath = mkdtempSync(join(tmpdir(), "onedoor-disk-"));
    try {
      const first = await startDynamoDbLocal({ dbPath });
      const db = createDb({ tableName: "persist-check", region: "ap-east-1", endpoint: first.endpoint });
      await ensureTable(db);
      await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { PK: "A", SK: "B", value: 42 } }));
      await first.stop();

      const second = await startDynamoDbLocal({ dbPath });
      try {
        const again = createDb({
          tableName: "persist-check",
          region: "ap-east-1",
          endpoint: second.endpoint,
        });
        expect(await ensureTable(again)).toBe("exists");
        const item = await again.doc.send(
          new GetCommand({ TableName: again.tableName, Key: { PK: "A", SK: "B" } }),
        );
        expect(item.Item?.value).toBe(42);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dbPath, { recursive: true, force: true });
    }
  }, 90_000);

  it("leaves no java process behind when its owner is killed with SIGKILL", async () => {
    const script = join(repoRoot, "functions/src/db/dynamodb-local.ts");
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import(${JSON.stringify(script)}).then(async (m) => { const d = await m.startDynamoDbLocal(); console.log("PORT " + d.port); setInterval(() => {}, 1000); });`,
      ],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
    );
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (chunk) => {
        out += String(chunk);
        const match = /PORT (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.on("exit", () => reject(new Error(`launcher exited early: ${out}`)));
      setTimeout(() => reject(new Error("launcher did not start in 60 s")), 60_000).unref();
    });
    expect(javaProcessesOnPort(port)).not.toBe("");
    child.kill("SIGKILL");
    const deadline = Date.now() + 10_000;
    while (javaProcessesOnPort(port) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(javaProcessesOnPort(port)).toBe("");
  }, 90_000);
});
