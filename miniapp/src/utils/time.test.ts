import { describe, expect, it } from "vitest";
import { formatShanghai } from "./time";

describe("formatShanghai", () => {
  it("shows UTC instants in Beijing time", () => {
    expect(formatShanghai("2025-03-01T16:05:00.000Z")).toBe("2025-03-02 00:05");
  });

  it("returns unparsable input unchanged", () => {
    expect(formatShanghai("later")).toBe("later");
  });
});
