import { describe, expect, it } from "vitest";
import type { Translate } from "../i18n";
import { en } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import { formatDay, formatWhen, messageText, timeRange } from "./legal-format";

// Word joiners are invisible; the expectations below are written without them.
const plain = (text: string) => text.replaceAll("\u2060", "");
const zh: Translate = (key, params) => plain(format(zhCN[key], params));
const english: Translate = (key, params) => plain(format(en[key], params));

const params = {
  bookingId: "b1",
  slotId: "s1",
  lawyerName: "周律师",
  startsAt: "2026-11-23T01:00:00.000Z",
  endsAt: "2026-11-23T01:30:00.000Z",
  mode: "in_person",
  place: "社区党群服务中心一楼 法律服务窗口",
  category: "labour",
};

describe("formatWhen", () => {
  it("never lets a line break split a time range", () => {
    expect(timeRange(params.startsAt, params.endsAt)).toBe("09:00\u2060–\u206009:30");
  });

  it("shows the Shanghai day, weekday and times", () => {
    expect(formatWhen(zh, params.startsAt, params.endsAt)).toBe("11月23日 周一 09:00–09:30");
    expect(formatWhen(english, params.startsAt, params.endsAt)).toBe("Mon 11/23 09:00–09:30");
  });

  it("moves a late UTC evening to the next Shanghai day", () => {
    expect(formatWhen(zh, "2026-11-22T16:30:00.000Z", "2026-11-22T17:00:00.000Z")).toBe(
      "11月23日 周一 00:30–01:00",
    );
    expect(formatDay(zh, "2026-01-05")).toBe("1月5日");
  });
});

describe("messageText", () => {
  it("renders a confirmation with lawyer, time and place", () => {
    expect(messageText(zh, { kind: "legal.booking_confirmed", params })).toEqual({
      title: "法律咨询预约成功",
      lines: ["周律师 · 11月23日 周一 09:00–09:30", "地点：社区党群服务中心一楼 法律服务窗口"],
    });
  });

  it("says the lawyer calls for a phone consultation, in either language", () => {
    const phone = { ...params, mode: "phone", place: "电话咨询：律师将致电 138****0000" };
    expect(messageText(zh, { kind: "legal.reminder_hour_before", params: phone }).lines[1]).toBe(
      "电话咨询，律师将致电您",
    );
    expect(messageText(english, { kind: "legal.promoted", params: phone })).toEqual({
      title: "A seat freed up: you're booked",
      lines: ["周律师 · Mon 11/23 09:00–09:30", "By phone: the lawyer will call you"],
    });
  });

  it("gives the reason of a cancellation or a closed waitlist", () => {
    expect(
      messageText(zh, { kind: "legal.cancelled_by_center", params: { ...params, reason: "律师临时出庭" } })
        .lines[1],
    ).toBe("原因：律师临时出庭");
    expect(
      messageText(zh, { kind: "legal.waitlist_closed", params: { ...params, reason: "not_eligible" } })
        .lines[1],
    ).toBe("您已达到预约上限或暂不能预约，未能转为正式预约");
    expect(
      messageText(english, { kind: "legal.waitlist_closed", params: { ...params, reason: "slot_cancelled" } })
        .lines[1],
    ).toBe("The community cancelled the slot");
  });

  it("copes with unknown kinds and missing parameters", () => {
    expect(messageText(zh, { kind: "vote.closed", params: {} })).toEqual({ title: "新消息", lines: [] });
    expect(messageText(zh, { kind: "legal.promoted", params: {} })).toEqual({
      title: "候补成功，已为您预约",
      lines: [],
    });
  });
});

describe("messageText for the window", () => {
  const appointment = {
    appointmentId: "20261123-a1",
    matterName: "生育保险报销",
    matterNameEn: "Maternity insurance reimbursement",
    startsAt: "2026-11-23T01:30:00.000Z",
    endsAt: "2026-11-23T01:45:00.000Z",
    place: "黄河西路社区党群服务中心（黄河西路 88 号一楼）",
    ticketCode: "ABCD2345",
  };

  it("renders a booking with matter, time, place and the ticket code", () => {
    expect(messageText(zh, { kind: "window.booked", params: appointment })).toEqual({
      title: "办事预约成功",
      lines: [
        "生育保险报销 · 11月23日 周一 09:30–09:45",
        "地点：黄河西路社区党群服务中心（黄河西路 88 号一楼）",
        "签到码：ABCD 2345",
      ],
    });
  });

  it("uses the matter's English name for English readers", () => {
    const { title, lines } = messageText(english, { kind: "window.reminder", params: appointment });
    expect(title).toBe("Window appointment tomorrow");
    expect(lines[0]).toBe("Maternity insurance reimbursement · Mon 11/23 09:30–09:45");
    expect(lines.at(-1)).toBe("Bring your materials and show the QR code at the window");
  });

  it("lists what was missing with the staff's note, and a center's reason", () => {
    expect(
      messageText(zh, {
        kind: "window.materials_missing",
        params: { ...appointment, missing: "结婚证、医学出生证明", note: "请带结婚证原件" },
      }).lines.slice(1),
    ).toEqual(["缺少：结婚证、医学出生证明", "工作人员留言：请带结婚证原件"]);
    expect(
      messageText(zh, { kind: "window.cancelled_by_center", params: { ...appointment, reason: "系统升级" } }),
    ).toEqual({
      title: "中心取消了您的办事预约",
      lines: ["生育保险报销 · 11月23日 周一 09:30–09:45", "原因：系统升级"],
    });
    expect(messageText(zh, { kind: "window.no_show", params: appointment }).lines[1]).toBe(
      "如仍需办理，请重新预约",
    );
    expect(messageText(zh, { kind: "window.done", params: appointment })).toEqual({
      title: "事项已办结",
      lines: ["生育保险报销 · 11月23日 周一 09:30–09:45"],
    });
  });

  it("follows a proxy case: expected date while it runs, the note when it ends", () => {
    const proxy = { proxyId: "p1", matterName: "高龄津贴申领", expectedBy: "2026-12-04" };
    expect(messageText(zh, { kind: "window.proxy_received", params: proxy })).toEqual({
      title: "代办事项已受理",
      lines: ["高龄津贴申领", "预计 12月4日 前办结"],
    });
    expect(messageText(english, { kind: "window.proxy_in_progress", params: proxy }).lines[1]).toBe(
      "Expected by 12/4",
    );
    expect(messageText(zh, { kind: "window.proxy_done", params: proxy }).lines).toEqual(["高龄津贴申领"]);
    expect(
      messageText(zh, { kind: "window.proxy_returned", params: { ...proxy, note: "户籍证明已过期" } }),
    ).toEqual({ title: "代办事项已退回", lines: ["高龄津贴申领", "工作人员留言：户籍证明已过期"] });
  });

  it("treats an unknown window kind as an unknown message", () => {
    expect(messageText(zh, { kind: "window.something_new", params: {} })).toEqual({
      title: "新消息",
      lines: [],
    });
  });
});

describe("messageText for the deliberation hall", () => {
  it("names the topic and gives the reason, in either language", () => {
    const declined = { topicId: "t1", topicTitle: "小区东门夜间开放", reason: "涉及消防通道" };
    expect(messageText(zh, { kind: "deliberation.declined", params: declined })).toEqual({
      title: "您的提议未被受理",
      lines: ["议题：小区东门夜间开放", "原因：涉及消防通道"],
    });
    expect(messageText(english, { kind: "deliberation.passed", params: { topicTitle: "加装电梯" } })).toEqual(
      {
        title: "The vote on your topic passed",
        lines: ["Topic: 加装电梯"],
      },
    );
    expect(messageText(zh, { kind: "deliberation.unknown", params: {} }).title).toBe("新消息");
  });
});
