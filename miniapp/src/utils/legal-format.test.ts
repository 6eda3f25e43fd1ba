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
