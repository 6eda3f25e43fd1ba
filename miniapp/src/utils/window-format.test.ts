import { describe, expect, it } from "vitest";
import type { Translate } from "../i18n";
import { en } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import {
  feeText,
  holidayName,
  hoursLines,
  localized,
  processingText,
  slotKey,
  spacedCode,
} from "./window-format";

const plain = (text: string) => text.replaceAll("\u2060", "");
const zh: Translate = (key, params) => plain(format(zhCN[key], params));
const english: Translate = (key, params) => plain(format(en[key], params));

describe("matter facts", () => {
  it("says 即办 for no processing days, working days otherwise", () => {
    expect(processingText(zh, 0)).toBe("即办");
    expect(processingText(zh, 5)).toBe("5 个工作日");
    expect(processingText(english, 20)).toBe("20 working days");
  });

  it("says 免费 for no fee and keeps cents only when there are some", () => {
    expect(feeText(zh, 0)).toBe("免费");
    expect(feeText(english, 0)).toBe("Free");
    expect(feeText(zh, 20)).toBe("¥20");
    expect(feeText(zh, 12.5)).toBe("¥12.50");
  });

  it("picks the English name only for English readers who have one", () => {
    expect(localized("en", "生育保险报销", "Maternity insurance")).toBe("Maternity insurance");
    expect(localized("en", "生育保险报销", null)).toBe("生育保险报销");
    expect(localized("zh-CN", "生育保险报销", "Maternity insurance")).toBe("生育保险报销");
  });
});

describe("tickets and slots", () => {
  it("groups the ticket code by four", () => {
    expect(spacedCode("ABCD2345")).toBe("ABCD 2345");
    expect(spacedCode("ABC")).toBe("ABC");
  });

  it("keys a slot by its Shanghai wall-clock time", () => {
    expect(slotKey("2026-11-23T01:30:00.000Z")).toBe("0930");
    expect(slotKey("2026-11-23T05:45:00.000Z")).toBe("1345");
  });
});

describe("holidayName", () => {
  it("translates the official names, each part of a joint holiday, and leaves others", () => {
    expect(holidayName(zh, "国庆节")).toBe("国庆节");
    expect(holidayName(english, "国庆节、中秋节")).toBe("National Day, Mid-Autumn Festival");
    expect(holidayName(english, "社区活动")).toBe("社区活动");
  });
});

describe("hoursLines", () => {
  const day = [
    { open: "09:00", close: "12:00" },
    { open: "13:30", close: "17:00" },
  ];

  it("runs weekdays with the same hours together and leaves closed days out", () => {
    const hours = {
      "1": day,
      "2": day,
      "3": day,
      "4": day,
      "5": day,
      "6": [{ open: "09:00", close: "12:00" }],
    };
    expect(hoursLines(zh, hours)).toEqual(["周一至周五 09:00–12:00、13:30–17:00", "周六 09:00–12:00"]);
    expect(hoursLines(english, hours)).toEqual(["Mon–Fri 09:00–12:00, 13:30–17:00", "Sat 09:00–12:00"]);
  });

  it("does not join days across a closed one", () => {
    expect(hoursLines(zh, { "1": day, "3": day })).toEqual([
      "周一 09:00–12:00、13:30–17:00",
      "周三 09:00–12:00、13:30–17:00",
    ]);
    expect(hoursLines(zh, {})).toEqual([]);
  });
});
