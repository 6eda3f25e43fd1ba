import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, writeRawLine } from "./logger.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("logger output", () => {
  it("writes each line to stdout as it is, not through console.log (Lambda prefixes those)", () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const consoleLog = vi.spyOn(console, "log");
    createLogger("info").info("hello", { n: 1 });
    writeRawLine('{"raw":true}');
    expect(consoleLog).not.toHaveBeenCalled();
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(/^\{.*\}\n$/);
    expect(JSON.parse(written[0] as string)).toMatchObject({ level: "info", message: "hello", n: 1 });
    expect(written[1]).toBe('{"raw":true}\n');
  });
});
