import { describe, expect, it } from "vitest";
import { parseTemplateIds } from "./template-ids";

describe("parseTemplateIds", () => {
  it("splits, trims and drops empty and repeated ids", () => {
    expect(parseTemplateIds(" a, b,,a ,c ")).toEqual(["a", "b", "c"]);
  });

  it("gives nothing for an empty or missing setting", () => {
    expect(parseTemplateIds("")).toEqual([]);
    expect(parseTemplateIds(undefined)).toEqual([]);
  });

  it("keeps at most three, as WeChat allows per request", () => {
    expect(parseTemplateIds("a,b,c,d")).toEqual(["a", "b", "c"]);
  });
});
