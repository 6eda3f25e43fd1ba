import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";
import { maskPhone, redact } from "./redact.js";

describe("redact", () => {
  it("removes mainland mobile numbers and resident ID numbers wherever they stand", () => {
    expect(redact("call 13812345678 now")).toBe("call [phone] now");
    expect(redact("+86 13812345678")).toBe("[phone]");
    expect(redact("id 11010119900307777X end")).toBe("id [id-number] end");
    expect(redact("/residents/110101199003077777/x")).toBe("/residents/[id-number]/x");
  });

  it("leaves ordinary ids, dates and counts alone", () => {
    for (const text of [
      "u-demo-resident-1",
      "2026-11-22T10:00:00Z",
      "hh-b1-1-101",
      "12345",
      "a1b2c3d4e5f6",
    ]) {
      expect(redact(text)).toBe(text);
    }
  });
});

describe("maskPhone", () => {
  it("keeps the last 4 digits only", () => {
    expect(maskPhone("13912345678")).toBe("*******5678");
    expect(maskPhone("139-1234-5678")).toBe("*******5678");
  });
});

describe("logger", () => {
  it("writes one JSON line per call, redacted, and respects the level", () => {
    const lines: string[] = [];
    const logger = createLogger("info", (line) => lines.push(line));
    logger.debug("hidden");
    logger.info("visible", { phone: "13812345678", nested: { id: "110101199003077777" } });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toMatchObject({
      level: "info",
      message: "visible",
      phone: "[phone]",
      nested: { id: "[id-number]" },
    });
  });
});
