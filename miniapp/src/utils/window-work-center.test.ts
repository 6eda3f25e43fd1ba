import { describe, expect, it } from "vitest";
import type { Center } from "../api/window-work";
import {
  addPeriod,
  centerDraft,
  centerInput,
  copyMondayToWeekdays,
  newCenterDraft,
  removePeriod,
  setPeriodTime,
  slotsPerDay,
  toggleDay,
  validateCenter,
  validateClosure,
  validateHours,
} from "./window-work-center";

const center: Center = {
  id: "c1",
  communityId: "huanghe-west",
  name: "黄河西路社区党群服务中心",
  nameEn: null,
  address: "黄河西路 88 号一楼",
  phone: "0371-12345678",
  windows: 3,
  slotMinutes: 15,
  hours: {
    "1": [
      { open: "09:00", close: "12:00" },
      { open: "13:30", close: "17:00" },
    ],
    "6": [{ open: "09:00", close: "11:30" }],
  },
  followsHolidayCalendar: true,
  cancelCutoffMinutes: 60,
  maxUpcoming: 3,
  bookingDays: 14,
  updatedAt: "2026-11-20T00:00:00.000Z",
};

describe("the center draft", () => {
  it("starts a new center on weekday mornings and afternoons", () => {
    const draft = newCenterDraft();
    expect(draft.hours["1"]).toEqual([
      { open: "09:00", close: "12:00" },
      { open: "13:30", close: "17:00" },
    ]);
    expect(draft.hours["6"]).toEqual([]);
    expect(validateCenter({ ...draft, name: "中心", address: "某路 1 号" })).toEqual({});
  });

  it("round-trips a center into the body PUT needs, closed days left out", () => {
    const input = centerInput(centerDraft(center));
    expect(input).toEqual({
      name: center.name,
      nameEn: null,
      address: center.address,
      phone: center.phone,
      windows: 3,
      slotMinutes: 15,
      hours: center.hours,
      followsHolidayCalendar: true,
      cancelCutoffMinutes: 60,
      maxUpcoming: 3,
      bookingDays: 14,
    });
  });

  it("sends periods in time order and empty optional text as null", () => {
    const draft = centerDraft(center);
    draft.hours["1"] = [
      { open: "13:30", close: "17:00" },
      { open: "09:00", close: "12:00" },
    ];
    draft.phone = "  ";
    const input = centerInput(draft);
    expect(input.hours["1"]?.[0]?.open).toBe("09:00");
    expect(input.phone).toBeNull();
  });
});

describe("the hours editor", () => {
  const hours = centerDraft(center).hours;

  it("opens a closed day with a morning and closes an open one", () => {
    expect(toggleDay(hours, "2")["2"]).toEqual([{ open: "09:00", close: "12:00" }]);
    expect(toggleDay(hours, "1")["1"]).toEqual([]);
  });

  it("adds an afternoon, at most two periods", () => {
    const one = toggleDay(hours, "3");
    const two = addPeriod(one, "3");
    expect(two["3"]).toEqual([
      { open: "09:00", close: "12:00" },
      { open: "13:30", close: "17:00" },
    ]);
    expect(addPeriod(two, "3")).toBe(two);
  });

  it("puts the second period after a first one that runs into the afternoon", () => {
    const late = setPeriodTime(toggleDay(hours, "3"), "3", 0, "close", "14:00");
    expect(addPeriod(late, "3")["3"]?.[1]).toEqual({ open: "15:00", close: "17:00" });
  });

  it("removes a period and copies Monday to the other weekdays", () => {
    expect(removePeriod(hours, "1", 0)["1"]).toEqual([{ open: "13:30", close: "17:00" }]);
    const copied = copyMondayToWeekdays(hours);
    expect(copied["5"]).toEqual(hours["1"]);
    expect(copied["6"]).toEqual(hours["6"]);
    expect(copied["5"]).not.toBe(hours["1"]);
  });

  it("counts the slots a day gives", () => {
    expect(slotsPerDay(hours["1"], 15)).toBe(12 + 14);
    expect(slotsPerDay(hours["6"], 60)).toBe(2);
    expect(slotsPerDay([], 15)).toBe(0);
  });
});

describe("validateCenter", () => {
  it("checks the numbers against the server's limits", () => {
    const draft = {
      ...centerDraft(center),
      windows: "0",
      cancelCutoffMinutes: "99999",
      maxUpcoming: "11",
      bookingDays: "1.5",
    };
    expect(Object.keys(validateCenter(draft)).sort()).toEqual(
      ["bookingDays", "cancelCutoffMinutes", "maxUpcoming", "windows"].sort(),
    );
  });

  it("checks the text fields", () => {
    const draft = { ...centerDraft(center), name: " a ", address: "", phone: "0371 123" };
    const errors = validateCenter(draft);
    expect(errors.name).toEqual({ key: "ww.field.textRange", params: { min: 2, max: 60 } });
    expect(errors.address?.key).toBe("ww.field.textRange");
    expect(errors.phone?.key).toBe("ww.field.phone");
  });

  it("refuses a week without opening hours", () => {
    const draft = centerDraft(center);
    for (const day of ["1", "6"] as const) draft.hours[day] = [];
    expect(validateCenter(draft).hours?.key).toBe("ww.field.noHours");
  });

  it("checks each period the way the server does, keyed by its row", () => {
    const errors = validateHours(
      {
        "1": [{ open: "12:00", close: "09:00" }],
        "2": [
          { open: "13:00", close: "17:00" },
          { open: "09:00", close: "13:30" },
        ],
        "3": [{ open: "09:00", close: "09:10" }],
        "4": [],
        "5": [],
        "6": [],
        "7": [],
      },
      15,
    );
    expect(errors).toEqual({
      "hours.1.0": { key: "ww.field.closeAfterOpen" },
      "hours.2.0": { key: "ww.field.overlap" },
      "hours.3.0": { key: "ww.field.shorterThanSlot" },
    });
  });
});

describe("validateClosure", () => {
  it("wants a day from today on and a reason residents can read", () => {
    expect(validateClosure("2026-11-22", "设备检修", "2026-11-23").date?.key).toBe("ww.field.closurePast");
    expect(validateClosure("", "设备检修", "2026-11-23").date?.key).toBe("ww.field.pickDate");
    expect(validateClosure("2026-11-23", "修", "2026-11-23").reason?.key).toBe("ww.field.textRange");
    expect(validateClosure("2026-11-23", "请联系 13800138000", "2026-11-23").reason?.key).toBe(
      "ww.field.noNumbers",
    );
    expect(validateClosure("2026-11-23", "中心设备检修", "2026-11-23")).toEqual({
      date: undefined,
      reason: undefined,
    });
  });
});
