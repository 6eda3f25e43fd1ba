import { describe, expect, it } from "vitest";
import type { Translate } from "../../../i18n";
import { en as enCatalog } from "../../../i18n/en";
import { format } from "../../../i18n/format";
import { zhCN } from "../../../i18n/zh-CN";
import { dayLabel, spacedPhone, stripDays, weekLabel } from "./days";

const zh: Translate = (key, params) => format(zhCN[key], params);
const en: Translate = (key, params) => format(enCatalog[key], params);

describe("the lawyer's day strip", () => {
  it("always shows today and the chosen day, in date order", () => {
    const days = stripDays(
      "2026-11-23",
      [
        { date: "2026-11-25", slots: 4, booked: 2 },
        { date: "2026-11-24", slots: 2, booked: 0 },
      ],
      "2026-12-01",
    );
    expect(days.map((d) => d.date)).toEqual(["2026-11-23", "2026-11-24", "2026-11-25", "2026-12-01"]);
    expect(days[0]).toEqual({ date: "2026-11-23", slots: 0, booked: 0 });
  });

  it("labels days in both languages", () => {
    expect(dayLabel(zh, "2026-11-03")).toBe("11月3日");
    expect(dayLabel(en, "2026-11-03")).toBe("3/11");
    expect(weekLabel(zh, "2026-11-23", "2026-11-23")).toBe("今天");
    expect(weekLabel(zh, "2026-11-24", "2026-11-23")).toBe("周二");
    expect(weekLabel(en, "2026-11-29", "2026-11-23")).toBe("Sun");
  });
});

describe("spacedPhone", () => {
  it("groups a mobile number 3-4-4 and leaves anything else", () => {
    expect(spacedPhone("13800138000")).toBe("138 0013 8000");
    expect(spacedPhone("*******8000")).toBe("*******8000");
  });
});
