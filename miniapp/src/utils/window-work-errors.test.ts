import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import type { Translate } from "../i18n";
import { en as enCatalog } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import { isForbidden, isNoCenter, issuesByPath, issueUnder, windowErrorMessage } from "./window-work-errors";

const zh: Translate = (key, params) => format(zhCN[key], params);
const en: Translate = (key, params) => format(enCatalog[key], params);

describe("windowErrorMessage", () => {
  it("reads the ticket code back when no appointment has it", () => {
    const err = new ApiError(404, "TICKET_NOT_FOUND", "No appointment has the ticket code ABCD2345.");
    expect(windowErrorMessage(zh, err)).toBe("没有取号码为 ABCD2345 的预约，请核对后重试");
    expect(windowErrorMessage(zh, new ApiError(404, "TICKET_NOT_FOUND", "?"))).toBe(
      "没有这个取号码的预约，请核对后重试",
    );
  });

  it("names the day a wrong-day ticket is for", () => {
    const err = new ApiError(409, "WRONG_DAY", "This ticket is for 2026-11-23, not today (2026-11-22).");
    expect(windowErrorMessage(zh, err)).toBe("这张预约是 2026-11-23 的，不是今天，不能签到");
    expect(windowErrorMessage(en, err)).toContain("2026-11-23");
  });

  it("explains each check-in refusal", () => {
    expect(windowErrorMessage(zh, new ApiError(409, "WRONG_CENTER", "x"))).toContain("其他受理中心");
    expect(windowErrorMessage(zh, new ApiError(409, "ALREADY_CHECKED_IN", "x"))).toBe("该预约已经签到过了");
    expect(windowErrorMessage(zh, new ApiError(409, "ALREADY_HANDLED", "x"))).toBe("该预约已经办理完毕");
    expect(windowErrorMessage(en, new ApiError(409, "APPOINTMENT_CANCELLED", "x"))).toContain("cancelled");
  });

  it("tells the two booking limits apart and names what was not confirmed", () => {
    const day = new ApiError(
      409,
      "BOOKING_LIMIT",
      "You already have an appointment for this matter on that day.",
    );
    const upcoming = new ApiError(
      409,
      "BOOKING_LIMIT",
      "You already have 3 upcoming appointments, the most one resident may hold.",
    );
    expect(windowErrorMessage(zh, day)).toBe("该居民当天已经预约过这个事项");
    expect(windowErrorMessage(zh, upcoming)).toBe("该居民已有 3 个未办预约，已达上限");
    const byDetails = new ApiError(409, "BOOKING_LIMIT", "?", undefined, [
      { path: "limit", message: "max_upcoming:5" },
    ]);
    expect(windowErrorMessage(zh, byDetails)).toBe("该居民已有 5 个未办预约，已达上限");
    const sameDay = new ApiError(409, "BOOKING_LIMIT", "?", undefined, [
      { path: "limit", message: "same_matter_same_day" },
    ]);
    expect(windowErrorMessage(zh, sameDay)).toBe("该居民当天已经预约过这个事项");
    const incomplete = new ApiError(400, "MATERIALS_INCOMPLETE", "x", undefined, [
      { path: "confirmedMaterials.m1", message: "身份证" },
      { path: "confirmedMaterials.m2", message: "户口簿" },
    ]);
    expect(windowErrorMessage(zh, incomplete)).toBe("还有必需材料未核对：身份证、户口簿");
  });

  it("gives a closed day's reason", () => {
    const err = new ApiError(409, "CENTER_CLOSED", "The center is closed on 2026-10-01: 国庆节.");
    expect(windowErrorMessage(zh, err)).toBe("中心 2026-10-01 不办公：国庆节");
    expect(
      windowErrorMessage(zh, new ApiError(409, "CENTER_CLOSED", "The center is closed on 2026-10-03.")),
    ).toBe("中心这一天不办公");
  });

  it("falls back to the network message or the server's text", () => {
    expect(windowErrorMessage(zh, new ApiError(0, "NETWORK_ERROR", "x"))).toBe("网络不给力，请稍后再试");
    expect(windowErrorMessage(zh, new Error("boom"))).toBe("网络不给力，请稍后再试");
    expect(windowErrorMessage(zh, new ApiError(500, "INTERNAL", "x"))).toBe("网络不给力，请稍后再试");
    expect(windowErrorMessage(zh, new ApiError(409, "SOMETHING_NEW", "New rule"))).toBe("操作失败：New rule");
  });

  it("recognises a page that is not for the caller, and a community without a center", () => {
    expect(isForbidden(new ApiError(403, "STAFF_ONLY", "x"))).toBe(true);
    expect(isForbidden(new ApiError(409, "WRONG_DAY", "x"))).toBe(false);
    expect(isNoCenter(new ApiError(404, "CENTER_NOT_FOUND", "x"))).toBe(true);
  });
});

describe("issuesByPath", () => {
  it("keys issues by their path and translates the window's own messages", () => {
    const issues = issuesByPath(zh, [
      { path: "hours.1.0", message: "Closes before it opens" },
      { path: "hours.2.1", message: "Overlaps the period before" },
      { path: "materials.2.name", message: "Too small: expected string to have >=1 characters" },
      { path: "query.to", message: "At most 92 days at a time" },
      { path: "phone", message: "Digits and dashes" },
    ]);
    expect(issues).toEqual({
      "hours.1.0": "结束时间须晚于开始时间",
      "hours.2.1": "与前一段时间重叠",
      "materials.2.name": "Too small: expected string to have >=1 characters",
      to: "一次最多 92 天",
      phone: "只能填写数字和短横线（5–20 位）",
    });
  });

  it("prefers the form's own rule to the server's English for other messages", () => {
    const issues = issuesByPath(
      zh,
      [{ path: "windows", message: "Too big: expected number to be <=50" }],
      (path) => (path === "windows" ? "请填写 1–50 之间的整数" : null),
    );
    expect(issues.windows).toBe("请填写 1–50 之间的整数");
  });

  it("finds the first issue under a field", () => {
    const issues = { "hours.3.1": "a", name: "b" };
    expect(issueUnder(issues, "hours")).toBe("a");
    expect(issueUnder(issues, "name")).toBe("b");
    expect(issueUnder(issues, "materials")).toBeUndefined();
  });
});
