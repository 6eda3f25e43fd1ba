import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import type { NoticeReach } from "../api/notices";
import type { Translate } from "../i18n";
import { en as enCatalog } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import {
  barWidth,
  csvFileName,
  followUpCounts,
  followUpGroups,
  followUpLists,
  followUpTotal,
  type GridMember,
  gridFieldErrors,
  gridInput,
  isForbiddenError,
  memberState,
  membersHouseholds,
  membersLabel,
  newFormKey,
  newGridDraft,
  percentText,
  reachErrorMessage,
  sortBuildingReach,
  toggleUnit,
  toggleWholeBuilding,
  validateGrid,
  withBom,
} from "./notices-reach";

const zh: Translate = (key, params) => format(zhCN[key], params);
const en: Translate = (key, params) => format(enCatalog[key], params);

const household = (id: string, room: string, readAt: string | null = null) => ({
  householdId: id,
  room,
  address: `x${room}`,
  readAt,
  ackAt: null,
});

const REACH: NoticeReach = {
  noticeId: "n1",
  title: "停水通知",
  ackRequired: true,
  audienceHouseholds: 10,
  reads: 6,
  acks: 3,
  readRate: 0.6,
  ackRate: 0.3,
  buildings: [
    { buildingId: "b10", buildingName: "10栋", households: 4, reads: 4, acks: 2 },
    { buildingId: "b2", buildingName: "2栋", households: 6, reads: 2, acks: 1 },
  ],
  list: "unread",
  followUp: [
    {
      buildingId: "b2",
      buildingName: "2栋",
      units: [
        { unit: "2", households: [household("h5", "201")] },
        { unit: "1", households: [household("h2", "1001"), household("h1", "201"), household("h3", "302")] },
      ],
    },
  ],
};

const OPTIONS = {
  buildings: [
    {
      id: "b1",
      name: "1栋",
      households: 20,
      units: [
        { unit: "1", households: 12 },
        { unit: "2", households: 8 },
      ],
    },
    {
      id: "b2",
      name: "2栋",
      households: 30,
      units: [
        { unit: "1", households: 10 },
        { unit: "2", households: 10 },
        { unit: "3", households: 10 },
      ],
    },
  ],
};
const B2 = OPTIONS.buildings[1] as (typeof OPTIONS.buildings)[number];

describe("percentText", () => {
  it("shows one decimal only when needed", () => {
    expect(percentText(6, 10)).toBe("60%");
    expect(percentText(1, 3)).toBe("33.3%");
    expect(percentText(2, 3)).toBe("66.7%");
    expect(percentText(10, 10)).toBe("100%");
  });

  it("is 0% of nothing and never above 100%", () => {
    expect(percentText(0, 0)).toBe("0%");
    expect(percentText(3, 0)).toBe("0%");
    expect(percentText(0, 8)).toBe("0%");
    expect(percentText(12, 10)).toBe("100%");
  });
});

describe("barWidth", () => {
  it("is the share in percent, within 0–100", () => {
    expect(barWidth(6, 10)).toBe(60);
    expect(barWidth(1, 3)).toBe(33.3);
    expect(barWidth(15, 10)).toBe(100);
    expect(barWidth(0, 10)).toBe(0);
    expect(barWidth(5, 0)).toBe(0);
  });

  it("keeps a small share visible", () => {
    expect(barWidth(1, 500)).toBe(2);
  });
});

describe("sortBuildingReach", () => {
  it("puts buildings in their natural order", () => {
    expect(sortBuildingReach(REACH.buildings).map((b) => b.buildingName)).toEqual(["2栋", "10栋"]);
  });
});

describe("the follow-up list", () => {
  it("counts the households left to visit for each list", () => {
    expect(followUpCounts(REACH)).toEqual({ unread: 4, unacked: 7 });
  });

  it("groups by building and unit, rooms in their natural order", () => {
    const groups = followUpGroups(REACH);
    expect(groups.map((g) => g.key)).toEqual(["b2-1", "b2-2"]);
    expect(groups[0]?.households.map((h) => h.room)).toEqual(["201", "302", "1001"]);
    expect(followUpTotal(groups)).toBe(4);
  });

  it("leaves out empty units and is empty when everyone is done", () => {
    const reach = {
      followUp: [{ buildingId: "b1", buildingName: "1栋", units: [{ unit: "1", households: [] }] }],
    };
    expect(followUpGroups(reach)).toEqual([]);
    expect(followUpTotal([])).toBe(0);
  });

  it("offers the unacknowledged list only when the notice asks for acknowledgement", () => {
    expect(followUpLists(true)).toEqual(["unread", "unacked"]);
    expect(followUpLists(false)).toEqual(["unread"]);
  });
});

describe("csvFileName", () => {
  it("names the notice and the list", () => {
    expect(csvFileName(zh, "停水通知", "unread")).toBe("通知跟进名单-停水通知-未读.csv");
    expect(csvFileName(zh, "停水通知", "unacked")).toBe("通知跟进名单-停水通知-未确认.csv");
    expect(csvFileName(en, "Water off", "unread")).toBe("notice-follow-up-Water_off-Unread.csv");
  });

  it("drops what a file system refuses and cuts a long title", () => {
    expect(csvFileName(zh, ' a/b:c*?"<>| ', "unread")).toBe("通知跟进名单-abc-未读.csv");
    const name = csvFileName(zh, "长".repeat(80), "unread");
    expect(name).toBe(`通知跟进名单-${"长".repeat(40)}-未读.csv`);
    expect(csvFileName(zh, "///", "unread")).toBe("通知跟进名单-未读.csv");
  });
});

describe("grid members", () => {
  it("choosing the whole building clears its units", () => {
    const units: GridMember[] = [
      { buildingId: "b2", unit: "1" },
      { buildingId: "b1", unit: "2" },
    ];
    const whole = toggleWholeBuilding(units, "b2");
    expect(whole).toEqual([
      { buildingId: "b1", unit: "2" },
      { buildingId: "b2", unit: null },
    ]);
    expect(memberState(whole, "b2", null)).toBe("on");
    expect(memberState(whole, "b2", "1")).toBe("covered");
    expect(memberState(whole, "b1", null)).toBe("off");
    expect(memberState(whole, "b1", "2")).toBe("on");
    expect(toggleWholeBuilding(whole, "b2")).toEqual([{ buildingId: "b1", unit: "2" }]);
  });

  it("toggles single units on and off", () => {
    let members = toggleUnit([], B2, "1");
    members = toggleUnit(members, B2, "3");
    expect(members).toEqual([
      { buildingId: "b2", unit: "1" },
      { buildingId: "b2", unit: "3" },
    ]);
    expect(toggleUnit(members, B2, "1")).toEqual([{ buildingId: "b2", unit: "3" }]);
  });

  it("keeps every unit chosen one by one as units, not the whole building", () => {
    let members: GridMember[] = [];
    for (const u of ["1", "2", "3"]) members = toggleUnit(members, B2, u);
    expect(members.every((m) => m.unit !== null)).toBe(true);
    expect(memberState(members, "b2", null)).toBe("off");
  });

  it("taking a unit out of a whole building leaves the other units", () => {
    const members = toggleUnit([{ buildingId: "b2", unit: null }], B2, "2");
    expect(members).toEqual([
      { buildingId: "b2", unit: "1" },
      { buildingId: "b2", unit: "3" },
    ]);
  });

  it("counts households once and labels in the picker's order", () => {
    const members: GridMember[] = [
      { buildingId: "b2", unit: "3" },
      { buildingId: "b1", unit: null },
      { buildingId: "b2", unit: "1" },
    ];
    expect(membersHouseholds(members, OPTIONS)).toBe(40);
    expect(membersHouseholds([{ buildingId: "b2", unit: null }], OPTIONS)).toBe(30);
    expect(membersLabel(zh, members, OPTIONS)).toBe("1栋、2栋1单元、2栋3单元");
    expect(membersLabel(en, members, OPTIONS)).toBe("1栋, 2栋 unit 1, 2栋 unit 3");
    expect(membersLabel(zh, [{ buildingId: "gone", unit: null }], OPTIONS)).toBe("gone");
  });
});

describe("the grid form", () => {
  it("starts empty, or from the grid edited (a copy)", () => {
    expect(newGridDraft()).toEqual({ name: "", members: [] });
    const members = [{ buildingId: "b1", unit: null }];
    const draft = newGridDraft({ name: "第一网格", members });
    expect(draft).toEqual({ name: "第一网格", members });
    expect(draft.members).not.toBe(members);
  });

  it("asks for a name of 1–30 characters and at least one building or unit", () => {
    const problems = validateGrid({ name: "   ", members: [] });
    expect(problems.name && zh(problems.name.key, problems.name.params)).toBe("请填写 1–30 个字的网格名称");
    expect(problems.members?.key).toBe("nx.grid.err.members");
    expect(
      validateGrid({ name: "网".repeat(31), members: [{ buildingId: "b1", unit: null }] }).name,
    ).toBeDefined();
    expect(validateGrid({ name: "网".repeat(30), members: [{ buildingId: "b1", unit: null }] })).toEqual({});
    const many = Array.from({ length: 201 }, (_, i) => ({ buildingId: `b${i}`, unit: null }));
    expect(validateGrid({ name: "a", members: many }).members?.key).toBe("nx.grid.err.membersMax");
  });

  it("sends the name as the server keeps it and members in the picker's order", () => {
    expect(
      gridInput(
        {
          name: "  第一   网格 ",
          members: [
            { buildingId: "b2", unit: "2" },
            { buildingId: "b1", unit: null },
          ],
        },
        OPTIONS,
      ),
    ).toEqual({
      name: "第一 网格",
      members: [
        { buildingId: "b1", unit: null },
        { buildingId: "b2", unit: "2" },
      ],
    });
  });

  it("puts a 400's details under the name or the members, translated when known", () => {
    expect(
      gridFieldErrors(zh, [
        { path: "name", message: "Leave phone and ID numbers out" },
        { path: "members.1.unit", message: "2栋 has no unit 9" },
        { path: "members.2", message: "Listed twice" },
      ]),
    ).toEqual({ name: "名称里不要写手机号或身份证号", members: "所选的楼栋或单元已不存在，请重新选择" });
    expect(gridFieldErrors(zh, [{ path: "members", message: "Pick at least one building or unit" }])).toEqual(
      {
        members: "请至少选择一个楼栋或单元",
      },
    );
    // Words we do not know: the field's rule, never the server's English.
    expect(gridFieldErrors(en, [{ path: "name", message: "Something new" }])).toEqual({
      name: "Give the grid a name of 1–30 characters",
    });
    expect(gridFieldErrors(zh, [{ path: "members.0.buildingId", message: "Invalid id" }])).toEqual({
      members: "所选的楼栋或单元已不存在，请重新选择",
    });
    expect(
      gridFieldErrors(zh, [{ path: "members", message: "Too big: expected array to have <=200 items" }]),
    ).toEqual({ members: "最多选择 200 项" });
    expect(gridFieldErrors(zh, [{ path: "communityId", message: "Invalid id" }])).toEqual({});
  });
});

describe("errors", () => {
  it("names what we know, hides server failures", () => {
    expect(reachErrorMessage(zh, new ApiError(404, "NOTICE_NOT_FOUND", "No such notice."))).toBe(
      "找不到这条通知",
    );
    expect(reachErrorMessage(zh, new ApiError(0, "NETWORK_ERROR", "x"))).toBe(zhCN["common.networkError"]);
    expect(reachErrorMessage(zh, new Error("boom"))).toBe(zhCN["common.networkError"]);
    expect(reachErrorMessage(zh, new ApiError(500, "INTERNAL", "x"))).toBe(zhCN["common.networkError"]);
    expect(reachErrorMessage(en, new ApiError(409, "ODD", "Odd thing"))).toBe(
      "Something went wrong, please try again later",
    );
    expect(reachErrorMessage(zh, new ApiError(404, "NOT_FOUND", "Not found."))).toBe(
      "出了点问题，请稍后再试",
    );
    expect(reachErrorMessage(zh, new ApiError(403, "STAFF_ONLY", "x"))).toBe(zhCN["nx.forbidden"]);
  });

  it("knows a refusal to staff", () => {
    expect(isForbiddenError(new ApiError(403, "NOT_STAFF_OF_COMMUNITY", "x"))).toBe(true);
    expect(isForbiddenError(new ApiError(404, "NOTICE_NOT_FOUND", "x"))).toBe(false);
  });
});

describe("small helpers", () => {
  it("adds the byte-order mark once", () => {
    expect(withBom("a,b\r\n")).toBe("\ufeffa,b\r\n");
    expect(withBom("\ufeffa,b\r\n")).toBe("\ufeffa,b\r\n");
  });

  it("makes keys the server accepts, a new one each time", () => {
    const a = newFormKey();
    expect(a).toMatch(/^[A-Za-z0-9_.:-]{8,128}$/);
    expect(newFormKey()).not.toBe(a);
  });
});
