import { describe, expect, it } from "vitest";
import type { Translate } from "../../../i18n";
import { format } from "../../../i18n/format";
import { zhCN } from "../../../i18n/zh-CN";
import { draftOf, hasStarted, outcomeInput, resultLabel, validateOutcome } from "./outcome";

const t: Translate = (key, params) => format(zhCN[key], params);

describe("outcome form", () => {
  it("asks for attendance, and for an outcome when the resident came", () => {
    expect(validateOutcome({ attendance: null, outcome: null, notes: "" })).toEqual({
      attendance: "lawyer.pickAttendance",
    });
    expect(validateOutcome({ attendance: "attended", outcome: null, notes: "" })).toEqual({
      outcome: "lawyer.pickOutcome",
    });
    expect(validateOutcome({ attendance: "no_show", outcome: null, notes: "" })).toEqual({});
    expect(validateOutcome({ attendance: "attended", outcome: "answered", notes: "" })).toEqual({});
  });

  it("sends no outcome for a no-show even if one was picked first", () => {
    expect(outcomeInput({ attendance: "no_show", outcome: "answered", notes: "  called twice " })).toEqual({
      attendance: "no_show",
      notes: "called twice",
    });
    expect(outcomeInput({ attendance: "attended", outcome: "referred_mediation", notes: "" })).toEqual({
      attendance: "attended",
      outcome: "referred_mediation",
      notes: "",
    });
  });

  it("starts from what is recorded", () => {
    expect(draftOf({ attendance: "attended", outcome: "answered", notes: null })).toEqual({
      attendance: "attended",
      outcome: "answered",
      notes: "",
    });
  });

  it("labels the recorded result", () => {
    expect(resultLabel(t, { attendance: "attended", outcome: "referred_legal_aid" })).toBe(
      "已到场 · 转法律援助",
    );
    expect(resultLabel(t, { attendance: "no_show", outcome: null })).toBe("未到场");
    expect(resultLabel(t, { attendance: null, outcome: null })).toBeNull();
  });

  it("knows when a consultation has started", () => {
    const now = new Date("2026-11-23T01:30:00.000Z");
    expect(hasStarted("2026-11-23T01:30:00.000Z", now)).toBe(true);
    expect(hasStarted("2026-11-23T02:00:00.000Z", now)).toBe(false);
  });
});
