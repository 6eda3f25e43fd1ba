import { describe, expect, it } from "vitest";
import { en } from "./en";
import { format } from "./format";
import { zhCN } from "./zh-CN";

describe("catalogs", () => {
  it("en has exactly the keys of zh-CN", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it("every translation keeps the placeholders of the Chinese original", () => {
    const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(zhCN) as Array<keyof typeof zhCN>) {
      expect(names(en[key]), key).toEqual(names(zhCN[key]));
    }
  });
});

describe("format", () => {
  it("fills placeholders and leaves unknown ones", () => {
    expect(format("您好，{name}", { name: "王阿姨" })).toBe("您好，王阿姨");
    expect(format("{a}-{b}", { a: 1 })).toBe("1-{b}");
  });
});
