import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../functions/src/http/logger.js";
import { leakReport, leaksIn, scanLogDir } from "./log-scan.js";

const dir = mkdtempSync(join(tmpdir(), "onedoor-log-scan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("log scan", () => {
  it("finds a full mobile or ID number and lets masked forms pass", () => {
    expect(leaksIn('{"message":"call 13812345678"}')).toEqual([{ kind: "phone", masked: "*******5678" }]);
    expect(
      leaksIn('{"message":"电话13812345678，身份证11010519491231002X"}')
        .map((l) => l.kind)
        .sort(),
    ).toEqual(["id-number", "phone"]);
    expect(leaksIn('{"id":"11010519491231002X"}')).toEqual([
      { kind: "id-number", masked: "**************002X" },
    ]);
    for (const clean of [
      '{"phone":"138****5678"}',
      '{"phone":"[phone]","id":"[id-number]"}',
      '{"at":1763847600000,"ms":12}',
      '{"n":"1381234567"}',
      '{"n":"123456789012345678901"}',
      // A hex id with 18 and 11 digits in a row by chance (seen in a CI run).
      '{"path":"/api/v1/window/appointments/20260928-9d539a16c861405891897921930e3144/result"}',
      '{"requestId":"a13812345678b"}',
    ])
      expect(leaksIn(clean), clean).toEqual([]);
  });

  it("reports a planted line with its file and line number, and nothing for clean files", () => {
    writeFileSync(join(dir, "1.log"), '{"message":"ok"}\n{"message":"138****0001"}\n');
    expect(leakReport(dir)).toBeNull();
    writeFileSync(join(dir, "2.log"), '{"message":"ok"}\n{"message":"resident 13900001111 called"}\n');
    const { leaks, lines } = scanLogDir(dir);
    expect(lines).toBe(4);
    expect(leaks).toEqual([{ file: join(dir, "2.log"), line: 2, kind: "phone", masked: "*******1111" }]);
    expect(leakReport(dir)).toContain("2.log:2 phone *******1111");
    expect(leakReport(dir)).not.toContain("13900001111");
  });

  it("fails a vitest run whose captured logs hold a leak, and passes a clean one", () => {
    const repo = process.cwd();
    const run = (planted: string) => {
      const project = mkdtempSync(join(dir, "run-"));
      const logs = join(project, "logs");
      mkdirSync(logs);
      writeFileSync(join(logs, "1.log"), `{"message":"ok"}\n{"message":${JSON.stringify(planted)}}\n`);
      writeFileSync(
        join(project, "setup.ts"),
        `import { finishLogScan } from ${JSON.stringify(join(repo, "test/setup/log-scan.ts"))};
         export default () => () => finishLogScan(${JSON.stringify(logs)});`,
      );
      writeFileSync(join(project, "one.test.ts"), `test("passes", () => {});`);
      writeFileSync(
        join(project, "vitest.config.mjs"),
        `export default { test: { globals: true, include: ["one.test.ts"], globalSetup: ["setup.ts"] } };`,
      );
      return spawnSync(process.execPath, [join(repo, "node_modules/vitest/vitest.mjs"), "run"], {
        cwd: project,
        env: { ...process.env, ONEDOOR_LOG_CAPTURE_DIR: "" },
        encoding: "utf8",
        timeout: 120_000,
      });
    };
    const leaking = run("resident 13900001111 called");
    expect(leaking.status, leaking.stdout + leaking.stderr).toBe(1);
    expect(leaking.stderr).toContain("1.log:2 phone *******1111");
    const clean = run("resident 139****1111 called");
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
  }, 240_000);

  it("captures the logger's lines to the run's folder, already redacted", () => {
    const capture = join(dir, "capture");
    // A child process, so this process's own capture file (the real run's) is not touched.
    const script = `import { createLogger } from ${JSON.stringify(join(process.cwd(), "functions/src/http/logger.ts"))};
      const logger = createLogger("info", () => {});
      logger.info("booked", { phone: "13912345678", note: "id 11010519491231002X" });`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      env: { ...process.env, ONEDOOR_LOG_CAPTURE_DIR: capture },
      encoding: "utf8",
    });
    expect(child.status, child.stderr).toBe(0);
    const { lines, leaks } = scanLogDir(capture);
    expect(lines).toBe(1);
    expect(leaks).toEqual([]);
    expect(createLogger).toBeTypeOf("function");
  });
});
