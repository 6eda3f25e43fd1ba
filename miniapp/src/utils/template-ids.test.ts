import { describe, expect, it } from "vitest";
import { parseTemplateIds, parseTemplateSetting, subscribeOutcome } from "./template-ids";

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

describe("parseTemplateSetting", () => {
  it("reads kind=id entries by kind, booking kinds also as reminders", () => {
    expect(
      parseTemplateSetting("legal.booking_confirmed=tmplA, window.booked=tmplW,notice.emergency=tmplE"),
    ).toEqual({
      reminders: ["tmplA", "tmplW"],
      byKind: { "legal.booking_confirmed": "tmplA", "window.booked": "tmplW", "notice.emergency": "tmplE" },
    });
  });

  it("takes the API's form with layouts, and bare ids beside keyed ones", () => {
    expect(
      parseTemplateSetting("legal.promoted=tmplP[thing3:title time5:startsAt],x1,notice.emergency=tmplE"),
    ).toEqual({
      reminders: ["tmplP", "x1"],
      byKind: { "legal.promoted": "tmplP", "notice.emergency": "tmplE" },
    });
  });

  it("drops entries that are neither an id nor kind=id", () => {
    expect(parseTemplateSetting("notice.emergency, =x, a b,notice.emergency=")).toEqual({
      reminders: [],
      byKind: {},
    });
  });

  it("keeps no emergency template when none is configured", () => {
    expect(parseTemplateSetting("a,b").byKind["notice.emergency"]).toBeUndefined();
    expect(parseTemplateSetting(undefined)).toEqual({ reminders: [], byKind: {} });
  });
});

describe("subscribeOutcome", () => {
  it("reads WeChat's answer for the template", () => {
    expect(subscribeOutcome("t", { errMsg: "requestSubscribeMessage:ok", t: "accept" })).toBe("accepted");
    expect(subscribeOutcome("t", { errMsg: "requestSubscribeMessage:ok", t: "reject" })).toBe("declined");
    expect(subscribeOutcome("t", { errMsg: "requestSubscribeMessage:ok", t: "ban" })).toBe("declined");
    expect(subscribeOutcome("t", { errMsg: "requestSubscribeMessage:ok" })).toBe("declined");
  });

  it("tells the switched-off setting from other failures", () => {
    expect(subscribeOutcome("t", null, 20004)).toBe("switchedOff");
    expect(subscribeOutcome("t", null, 10005)).toBe("failed");
    expect(subscribeOutcome("t", null)).toBe("failed");
  });
});
