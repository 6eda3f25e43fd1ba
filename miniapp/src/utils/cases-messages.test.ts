import { describe, expect, it } from "vitest";
import type { Translate } from "../i18n";
import { en } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import { caseMessageText } from "./cases-messages";
import { messageText } from "./legal-format";

const zh: Translate = (key, params) => format(zhCN[key], params);
const english: Translate = (key, params) => format(en[key], params);

describe("caseMessageText", () => {
  it("tells the reporter their report was received, with its number and category", () => {
    expect(
      caseMessageText(zh, {
        kind: "case.received",
        params: { number: "HX-20261122-0042", category: "safety_hazard" },
      }),
    ).toEqual({ title: "已收到您的随手拍", lines: ["编号 HX-20261122-0042", "类别：安全隐患"] });
  });

  it("names the department and the deadline of a dispatched case", () => {
    expect(
      caseMessageText(english, {
        kind: "case.dispatched",
        params: { number: "HX-20261122-0042", department: "城管中队", dueDate: "2026-11-30" },
      }),
    ).toEqual({
      title: "Your case was dispatched",
      lines: ["Number HX-20261122-0042", "Handled by: 城管中队", "Due: 11/30"],
    });
  });

  it("says how many days an overdue case is late, and leaves a zero out", () => {
    const overdue = caseMessageText(zh, {
      kind: "case.overdue",
      params: { number: "HX-20261122-0042", department: "物业公司", overdueDays: "3" },
    });
    expect(overdue?.title).toBe("诉求已超期");
    expect(overdue?.lines).toContain("已超期3天");
    const today = caseMessageText(zh, { kind: "case.escalated", params: { overdueDays: "0" } });
    expect(today?.lines).toEqual([]);
  });

  it("gives a declined report's reason", () => {
    expect(
      caseMessageText(zh, { kind: "case.declined", params: { number: "HX-1", reason: "不属于社区管辖" } })
        ?.lines,
    ).toEqual(["编号 HX-1", "原因：不属于社区管辖"]);
  });

  it("shows a dispute's type, mediator, session time in Shanghai and outcome", () => {
    expect(
      caseMessageText(zh, {
        kind: "dispute.assigned",
        params: { number: "TJ-20261122-0007", category: "neighbour", department: "人民调解委员会" },
      }),
    ).toEqual({
      title: "调解员已指派",
      lines: ["编号 TJ-20261122-0007", "类别：邻里纠纷", "调解：人民调解委员会"],
    });
    expect(
      caseMessageText(zh, {
        kind: "dispute.session",
        params: { scheduledAt: "2026-11-24T06:30:00.000Z", place: "调解室" },
      })?.lines,
    ).toEqual(["时间：2026-11-24 14:30", "地点：调解室"]);
    expect(
      caseMessageText(english, { kind: "dispute.closed", params: { outcome: "not_settled" } })?.lines,
    ).toEqual(["Outcome: Not settled"]);
  });

  it("keeps values it does not know as they are", () => {
    expect(caseMessageText(zh, { kind: "case.received", params: { category: "flood" } })?.lines).toEqual([
      "类别：flood",
    ]);
  });

  it("answers null for other kinds, and for case kinds it does not know", () => {
    expect(caseMessageText(zh, { kind: "legal.promoted", params: {} })).toBeNull();
    expect(caseMessageText(zh, { kind: "case.exploded", params: {} })).toBeNull();
    expect(caseMessageText(zh, { kind: "dispute.received", params: {} })).toBeNull();
  });

  it("is what the message list shows for these kinds", () => {
    expect(messageText(zh, { kind: "case.resolved", params: { number: "HX-20261122-0042" } })).toEqual({
      title: "您的诉求已办结，请评价",
      lines: ["编号 HX-20261122-0042"],
    });
    expect(messageText(zh, { kind: "dispute.filed", params: {} }).title).toBe("调解申请已收到");
  });
});
