import { describe, expect, it } from "vitest";
import type { Material, WindowDay } from "../api/window";
import type { Translate } from "../i18n";
import { en } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import {
  calendarWeeks,
  dayCell,
  dayNotes,
  joinIds,
  missingLastTime,
  parseIds,
  requiredLeft,
  slotPeriod,
  windowErrorText,
} from "./window-rules";

const plain = (text: string) => text.replaceAll("\u2060", "");
const zh: Translate = (key, params) => plain(format(zhCN[key], params));
const english: Translate = (key, params) => plain(format(en[key], params));

const material = (id: string, required: boolean): Material => ({
  id,
  name: `材料${id}`,
  nameEn: null,
  note: null,
  noteEn: null,
  required,
});

const day = (date: string, patch: Partial<WindowDay> = {}): WindowDay => ({
  date,
  open: true,
  closedBecause: null,
  reason: null,
  makeUpFor: null,
  calendarKnown: true,
  available: 10,
  ...patch,
});

describe("the checklist", () => {
  const materials = [material("m1", true), material("m2", false), material("m3", true)];

  it("lists the required materials not yet ticked", () => {
    expect(requiredLeft(materials, new Set()).map((m) => m.id)).toEqual(["m1", "m3"]);
    expect(requiredLeft(materials, new Set(["m1", "m3"]))).toEqual([]);
  });

  it("marks what the last visit lacked only after materials_missing", () => {
    const missing = [{ id: "m3", name: "材料m3", nameEn: null }];
    const visit = { appointmentId: "a1", missing, note: null, at: "2026-11-20T02:00:00.000Z" };
    expect([...missingLastTime({ ...visit, result: "materials_missing" })]).toEqual(["m3"]);
    expect(missingLastTime({ ...visit, result: "done" }).size).toBe(0);
    expect(missingLastTime(null).size).toBe(0);
  });

  it("passes confirmed ids through the query string and drops anything else", () => {
    expect(joinIds(["m1", "m3"])).toBe("m1,m3");
    expect(parseIds("m1,m3,m1")).toEqual(["m1", "m3"]);
    expect(parseIds(encodeURIComponent("m1,<x>,m2"))).toEqual(["m1", "m2"]);
    expect(parseIds(undefined)).toEqual([]);
  });
});

describe("the booking calendar", () => {
  const today = "2026-11-22";

  it("shows seats left, full, and each closed day's reason", () => {
    expect(dayCell(zh, day("2026-11-23", { available: 7 }), today)).toMatchObject({
      tone: "open",
      label: "余 7",
    });
    expect(dayCell(zh, day("2026-11-24", { available: 0 }), today)).toMatchObject({
      tone: "full",
      label: "已约满",
    });
    expect(dayCell(zh, day(today, { available: 0 }), today).label).toBe("已结束");
    const holiday = day("2026-10-01", {
      open: false,
      closedBecause: "holiday",
      reason: "国庆节",
      available: 0,
    });
    expect(dayCell(zh, holiday, today)).toMatchObject({ tone: "closed", label: "国庆节" });
    expect(dayCell(english, holiday, today).label).toBe("National Day");
    const weekend = day("2026-11-28", { open: false, closedBecause: "weekend", available: 0 });
    expect(dayCell(zh, weekend, today).label).toBe("周末");
    const closure = day("2026-11-25", {
      open: false,
      closedBecause: "closure",
      reason: "系统升级",
      available: 0,
    });
    expect(dayCell(zh, closure, today).label).toBe("闭馆");
    const makeUp = day("2026-10-10", { makeUpFor: "国庆节" });
    expect(dayCell(zh, makeUp, today)).toMatchObject({ tone: "open", makeUp: true });
  });

  it("lays days out in weeks starting on Monday", () => {
    // 2026-11-22 is a Sunday.
    const days = ["2026-11-22", "2026-11-23", "2026-11-24"].map((date) => ({ date }));
    const weeks = calendarWeeks(days);
    expect(weeks).toHaveLength(2);
    expect(weeks[0]?.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(weeks[0]?.[6]).toEqual({ date: "2026-11-22" });
    expect(weeks[1]?.slice(0, 3)).toEqual([{ date: "2026-11-23" }, { date: "2026-11-24" }, null]);
    expect(calendarWeeks([])).toEqual([]);
  });

  it("explains holidays, closures and make-up days in sentences, runs in one line", () => {
    const days = [
      day("2026-09-30"),
      ...["2026-10-01", "2026-10-02", "2026-10-03"].map((date) =>
        day(date, { open: false, closedBecause: "holiday", reason: "国庆节", available: 0 }),
      ),
      day("2026-10-08", { open: false, closedBecause: "closure", reason: "系统升级", available: 0 }),
      day("2026-10-10", { makeUpFor: "国庆节" }),
      day("2026-10-11", { open: false, closedBecause: "weekend", available: 0 }),
    ];
    expect(dayNotes(zh, days)).toEqual([
      "10月1日至10月3日 国庆节，中心休息",
      "10月8日 周四 闭馆：系统升级",
      "10月10日 周六 调休上班（国庆节）",
    ]);
    expect(dayNotes(english, days)[2]).toBe("Sat 10/10: make-up working day (National Day)");
  });

  it("splits slots into morning and afternoon in Shanghai time", () => {
    expect(slotPeriod("2026-11-23T03:45:00.000Z")).toBe("morning");
    expect(slotPeriod("2026-11-23T05:30:00.000Z")).toBe("afternoon");
  });
});

describe("windowErrorText", () => {
  it("names each unconfirmed material", () => {
    const err = {
      status: 400,
      code: "MATERIALS_INCOMPLETE",
      message: "…",
      details: [
        { path: "confirmedMaterials.m1", message: "居民身份证" },
        { path: "confirmedMaterials.m3", message: "医学出生证明" },
      ],
    };
    expect(windowErrorText(zh, err)).toBe("以下必备材料尚未确认：居民身份证、医学出生证明");
  });

  it("maps known codes, keeps the API's message for others, and says when the network failed", () => {
    expect(windowErrorText(zh, { status: 409, code: "SLOT_FULL", message: "x" })).toBe(
      "这个时段刚刚约满，请另选一个时段",
    );
    expect(windowErrorText(english, { status: 409, code: "CENTER_CLOSED", message: "x" })).toBe(
      "The center is closed that day; please pick another day",
    );
    expect(windowErrorText(zh, { status: 400, code: "VALIDATION_FAILED", message: "Bad input" })).toBe(
      "Bad input",
    );
    expect(windowErrorText(zh, { status: 0, code: "NETWORK_ERROR", message: "x" })).toBe(
      "网络不给力，请稍后再试",
    );
  });

  it("tells the two booking limits apart by the API's details", () => {
    const limit = (message: string) => ({
      status: 409,
      code: "BOOKING_LIMIT",
      message: "x",
      details: [{ path: "limit", message }],
    });
    expect(windowErrorText(zh, limit("same_matter_same_day"))).toBe(
      "您当天已预约过这个事项，同一事项同一天只能约一次",
    );
    expect(windowErrorText(zh, limit("max_upcoming:3"))).toBe(
      "您已有 3 个待办理的预约，办完或取消一个后才能再约",
    );
    expect(windowErrorText(zh, { status: 409, code: "BOOKING_LIMIT", message: "x" })).toContain(
      "已达预约上限",
    );
  });
});
