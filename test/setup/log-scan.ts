import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * PIPL: no log line may hold a full phone or ID number. The test run captures every log line
 * (ONEDOOR_LOG_CAPTURE_DIR, see functions/src/http/logger.ts) and this scan fails the run on one.
 * Masked forms (138****0001, [phone]) pass.
 */
// Not inside a longer run of letters or digits: random hex ids (appointment and request ids)
// hold 11- and 18-digit stretches by chance, which are not numbers of anyone.
export const FULL_MOBILE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/;
export const FULL_ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])/;

export interface Leak {
  file: string;
  line: number;
  kind: "phone" | "id-number";
  /** The number with all but its last 4 characters hidden: the report must not leak it again. */
  masked: string;
}

const mask = (value: string) => `${"*".repeat(value.length - 4)}${value.slice(-4)}`;

export function leaksIn(text: string): { kind: Leak["kind"]; masked: string }[] {
  const found: { kind: Leak["kind"]; masked: string }[] = [];
  const id = FULL_ID_NUMBER.exec(text);
  if (id) found.push({ kind: "id-number", masked: mask(id[0]) });
  const phone = FULL_MOBILE.exec(text);
  if (phone) found.push({ kind: "phone", masked: mask(phone[0]) });
  return found;
}

/** Every leak in every file of the capture folder; also how many lines were read. */
export function scanLogDir(dir: string): { lines: number; files: number; leaks: Leak[] } {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return { lines: 0, files: 0, leaks: [] };
  }
  const leaks: Leak[] = [];
  let lines = 0;
  for (const name of entries) {
    const file = join(dir, name);
    const text = readFileSync(file, "utf8");
    const rows = text.split("\n");
    rows.forEach((row, index) => {
      if (!row) return;
      lines++;
      for (const leak of leaksIn(row)) leaks.push({ file, line: index + 1, ...leak });
    });
  }
  return { lines, files: entries.length, leaks };
}

/** The report for the end of the run: null when clean. */
export function leakReport(dir: string): string | null {
  const { lines, files, leaks } = scanLogDir(dir);
  if (leaks.length === 0) return null;
  const shown = leaks
    .slice(0, 20)
    .map((leak) => `  ${leak.file}:${leak.line} ${leak.kind} ${leak.masked}`)
    .join("\n");
  return `Log scan: ${leaks.length} log line(s) of ${lines} in ${files} file(s) hold a full phone or ID number:\n${shown}${leaks.length > 20 ? `\n  … and ${leaks.length - 20} more` : ""}`;
}

/**
 * The end of a test run: prints the leaks and sets a failing exit code. Throwing from vitest's
 * global teardown is only printed ("error during close") and the run still exits 0; the exit
 * code is kept (log-scan.test.ts runs vitest to prove it).
 */
export function finishLogScan(dir: string): void {
  const report = leakReport(dir);
  if (report) {
    console.error(`\n${report}\n`);
    process.exitCode = 1;
  } else {
    const { lines, files } = scanLogDir(dir);
    console.log(`Log scan: ${lines} log lines in ${files} file(s), no full phone or ID number (${dir})`);
  }
}
