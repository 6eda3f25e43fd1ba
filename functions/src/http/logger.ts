import { mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { redact } from "./redact.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Writes one line to stdout as it is. In Lambda, console.log puts a timestamp, request id and level
 * in front of each line, which hides the JSON from Logs Insights and an EMF line from CloudWatch.
 */
export function writeRawLine(line: string): void {
  process.stdout.write(`${line}\n`);
  captureLine(line);
}

/** The capture file of this process, opened on the first line (undefined: not opened yet; null: off). */
let captureFd: number | null | undefined;

/**
 * With ONEDOOR_LOG_CAPTURE_DIR set (the test run sets it, and spawned local stacks inherit it),
 * every log line is also appended to `<dir>/<pid>.log`, so the run can check afterwards that no
 * line holds a phone or ID number. One synchronous write per line on a descriptor kept open.
 */
export function captureLine(line: string): void {
  if (captureFd === undefined) {
    const dir = process.env.ONEDOOR_LOG_CAPTURE_DIR;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      captureFd = openSync(join(dir, `${process.pid}.log`), "a");
    } else captureFd = null;
  }
  if (captureFd !== null) writeSync(captureFd, `${line}\n`);
}

/** One JSON object per line; every string value goes through redact(). */
export function createLogger(level: LogLevel, write: (line: string) => void = writeRawLine): Logger {
  const log = (at: Exclude<LogLevel, "silent">, message: string, fields?: Record<string, unknown>) => {
    if (order[at] < order[level]) return;
    const line = JSON.stringify(
      { level: at, time: new Date().toISOString(), message, ...fields },
      (_key, value) => (typeof value === "string" ? redact(value) : value),
    );
    write(line);
    // writeRawLine captures its own lines; a custom writer (tests collect lines in memory) does not.
    if (write !== writeRawLine) captureLine(line);
  };
  return {
    debug: (message, fields) => log("debug", message, fields),
    info: (message, fields) => log("info", message, fields),
    warn: (message, fields) => log("warn", message, fields),
    error: (message, fields) => log("error", message, fields),
  };
}

/** The same logger with these fields on every line (e.g. the invocation's id). */
export function withFields(logger: Logger, fields: Record<string, unknown>): Logger {
  return {
    debug: (message, more) => logger.debug(message, { ...fields, ...more }),
    info: (message, more) => logger.info(message, { ...fields, ...more }),
    warn: (message, more) => logger.warn(message, { ...fields, ...more }),
    error: (message, more) => logger.error(message, { ...fields, ...more }),
  };
}
