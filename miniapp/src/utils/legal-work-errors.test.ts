import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import type { Translate } from "../i18n";
import { en as enCatalog } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import { fieldIssues, isForbidden, legalErrorMessage, translateFieldMessage } from "./legal-work-errors";

const zh: Translate = (key, params) => format(zhCN[key], params);
const en: Translate = (key, params) => format(enCatalog[key], params);

describe("legalErrorMessage", () => {
  it("explains the codes the lawyer and staff pages meet", () => {
    expect(legalErrorMessage(zh, new ApiError(409, "NOT_STARTED", "x"))).toBe(
      "咨询尚未开始，开始后才能登记结果",
    );
    expect(legalErrorMessage(en, new ApiError(404, "SLOT_NOT_FOUND", "x"))).toContain("Slot not found");
  });

  it("names the clashing slot of a roster overlap", () => {
    const err = new ApiError(409, "ROSTER_OVERLAP", "王律师 already has a slot on 2026-11-23 at 09:00.");
    expect(legalErrorMessage(zh, err)).toBe("该律师在 2026-11-23 09:00 已有值班时段，与新排班重叠");
  });

  it("falls back to the network message or the server's text", () => {
    expect(legalErrorMessage(zh, new ApiError(0, "NETWORK_ERROR", "x"))).toBe("网络不给力，请稍后再试");
    expect(legalErrorMessage(zh, new Error("boom"))).toBe("网络不给力，请稍后再试");
    expect(legalErrorMessage(zh, new ApiError(409, "SOMETHING_NEW", "New rule"))).toBe("操作失败：New rule");
  });

  it("recognises a page that is not for the caller", () => {
    expect(isForbidden(new ApiError(403, "LAWYER_ONLY", "x"))).toBe(true);
    expect(isForbidden(new ApiError(409, "NOT_STARTED", "x"))).toBe(false);
  });
});

describe("fieldIssues", () => {
  it("puts array items on their field and translates known messages", () => {
    const issues = fieldIssues(
      zh,
      [
        { path: "body.weekdays.0", message: "Too big: expected number to be <=7" },
        { path: "to", message: "This roster gives 420 slots; at most 400 at a time" },
        { path: "endTime", message: "The end time is not after the start time" },
        { path: "nothing", message: "ignored" },
      ],
      ["weekdays", "to", "endTime"] as const,
    );
    expect(issues).toEqual({
      weekdays: "Too big: expected number to be <=7",
      to: "将生成 420 个时段，一次最多 400 个",
      endTime: "结束时间须晚于开始时间",
    });
  });

  it("keeps unknown messages as they are", () => {
    expect(translateFieldMessage(en, "Something else")).toBe("Something else");
  });
});
