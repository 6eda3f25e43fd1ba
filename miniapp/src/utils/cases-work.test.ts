import { describe, expect, it } from "vitest";
import type { CaseSummary } from "../api/command-center";
import type { Me } from "../api/types";
import type { Translate } from "../i18n";
import { en as enCatalog } from "../i18n/en";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import {
  caseDeskOf,
  caseUrl,
  categoryLabel,
  departmentInput,
  deskOrder,
  deskView,
  dueDay,
  escalationLabel,
  groupThousands,
  kindStatusLabel,
  newDepartmentDraft,
  overdueCsvRows,
  overdueLabel,
  parseIds,
  statusLabel,
  statusOrder,
  validateDepartment,
} from "./cases-work";
import { toCsv } from "./csv";

const zh: Translate = (key, params) => format(zhCN[key], params);
const en: Translate = (key, params) => format(enCatalog[key], params);

const row = (patch: Partial<CaseSummary> & { id: string }): CaseSummary => ({
  number: `HX-${patch.id}`,
  kind: "report",
  category: "noise",
  status: "dispatched",
  assigneeName: "城管中队",
  createdAt: "2026-11-20T01:00:00.000Z",
  dueAt: "2026-11-26T16:00:00.000Z",
  overdue: false,
  overdueDays: 0,
  escalationLevel: 0,
  ...patch,
});

const me = (patch: Partial<Me> & Record<string, unknown>): Me =>
  ({
    id: "u-1",
    nickname: "刘敏",
    roles: ["resident"],
    community: null,
    staffCommunityIds: [],
    lawyerCommunityIds: [],
    verification: { status: "unverified", reason: null, request: null },
    households: [],
    ...patch,
  }) as unknown as Me;

describe("labels", () => {
  it("names categories and types, bare or as the command center keys them", () => {
    expect(categoryLabel(zh, "illegal_construction")).toBe("违法建设");
    expect(categoryLabel(zh, "report:noise")).toBe("噪音扰民");
    expect(categoryLabel(zh, "dispute:neighbour")).toBe("邻里纠纷");
    // "other" is both: the kind decides.
    expect(categoryLabel(zh, "report:other")).toBe("其他");
    expect(categoryLabel(zh, "dispute:other")).toBe("其他纠纷");
    expect(categoryLabel(zh, "other", "dispute")).toBe("其他纠纷");
    expect(categoryLabel(en, "dispute:labour")).toBe("Labour");
    expect(categoryLabel(zh, "report:unknown_thing")).toBe("unknown_thing");
  });

  it("names statuses; a dispute's closed reads 已结案, and the kind is said where both read alike", () => {
    expect(statusLabel(zh, "submitted")).toBe("待受理");
    expect(statusLabel(zh, "closed", "report")).toBe("已关闭");
    expect(statusLabel(zh, "closed", "dispute")).toBe("已结案");
    expect(statusLabel(zh, "dispute:in_mediation")).toBe("调解中");
    expect(kindStatusLabel(zh, "report:submitted")).toBe("随手拍·待受理");
    expect(kindStatusLabel(zh, "dispute:filed")).toBe("矛盾调解·待受理");
  });

  it("says the level and the days overdue", () => {
    expect(escalationLabel(zh, 0)).toBeNull();
    expect(escalationLabel(zh, 1)).toBe("亮灯");
    expect(escalationLabel(zh, 2)).toBe("升级至区");
    expect(escalationLabel(en, 2)).toBe("Escalated to district");
    expect(overdueLabel(zh, { overdue: true, overdueDays: 3 })).toBe("超期 3 天");
    expect(overdueLabel(zh, { overdue: true, overdueDays: 0 })).toBe("已超期");
    expect(overdueLabel(zh, { overdue: false, overdueDays: 0 })).toBeNull();
  });

  it("groups thousands without Intl", () => {
    expect(groupThousands(0)).toBe("0");
    expect(groupThousands(999)).toBe("999");
    expect(groupThousands(1509)).toBe("1,509");
    expect(groupThousands(1234567)).toBe("1,234,567");
    expect(groupThousands(-1515)).toBe("-1,515");
  });
});

describe("the case desk", () => {
  it("says the last day to finish on, not the midnight after it", () => {
    expect(dueDay("2026-11-18T16:00:00.000Z")).toBe("2026-11-18");
    expect(dueDay("2026-11-18T15:59:59.999Z")).toBe("2026-11-18");
    expect(dueDay("2026-11-18T16:00:00.001Z")).toBe("2026-11-19");
    expect(dueDay(null)).toBeNull();
    expect(dueDay("not a date")).toBeNull();
  });

  it("opens a report's page or a dispute's page", () => {
    expect(caseUrl({ id: "r1", kind: "report" })).toBe("/pages/cases/detail/index?id=r1");
    expect(caseUrl({ id: "d1", kind: "dispute" })).toBe("/pages/cases/dispute/index?id=d1");
  });

  it("lists the triage queue first (oldest first), then overdue (most days, higher level), then by deadline", () => {
    const rows = [
      row({ id: "due-late", dueAt: "2026-11-30T15:59:59.999Z" }),
      row({ id: "no-due", dueAt: null }),
      row({ id: "late-1", overdue: true, overdueDays: 1, escalationLevel: 1 }),
      row({ id: "new-2", status: "submitted", createdAt: "2026-11-22T01:00:00.000Z", dueAt: null }),
      row({ id: "late-5", overdue: true, overdueDays: 5, escalationLevel: 2 }),
      row({ id: "due-soon", dueAt: "2026-11-24T15:59:59.999Z" }),
      row({ id: "new-1", status: "submitted", createdAt: "2026-11-21T01:00:00.000Z", dueAt: null }),
      row({ id: "late-1-l2", overdue: true, overdueDays: 1, escalationLevel: 2 }),
      row({
        id: "filed",
        kind: "dispute",
        status: "filed",
        createdAt: "2026-11-23T01:00:00.000Z",
        dueAt: null,
      }),
    ];
    expect(deskOrder(rows).map((r) => r.id)).toEqual([
      "new-1",
      "new-2",
      "filed",
      "late-5",
      "late-1-l2",
      "late-1",
      "due-soon",
      "due-late",
      "no-due",
    ]);
  });

  it("gives staff their community's open cases and a handler (not staff) their department's", () => {
    expect(deskView(me({ roles: ["staff"], staffCommunityIds: ["huanghe-west"] }))).toEqual({
      scope: "open",
      communityId: "huanghe-west",
    });
    const handler = me({
      roles: ["resident"],
      caseDesk: { departments: [{ communityId: "huanghe-west", id: "d1", name: "城管" }], supervisorOf: [] },
    });
    expect(deskView(handler)).toEqual({ scope: "assigned", communityId: "huanghe-west" });
    expect(caseDeskOf(handler).departments).toHaveLength(1);
    expect(deskView(me({ roles: ["resident"] }))).toBeNull();
    expect(deskView(null)).toBeNull();
    // An older /me without caseDesk: no departments, no error.
    expect(caseDeskOf(me({}))).toEqual({ departments: [], supervisorOf: [] });
  });
});

describe("the department form", () => {
  const good = {
    name: " 城管执法中队 ",
    kind: "urban_management" as const,
    contacts: [{ name: "张队长", title: "中队长", phone: "0531-8888 6666" }],
    handlerIds: "u-a, u-b\nu-a、u-c",
    active: true,
  };

  it("reads handler ids separated by commas, spaces, 、 or lines, each once", () => {
    expect(parseIds("u-a, u-b\nu-a、u-c；u-d  ")).toEqual(["u-a", "u-b", "u-c", "u-d"]);
    expect(parseIds("  ")).toEqual([]);
  });

  it("accepts a good department and sends it trimmed", () => {
    expect(validateDepartment(good)).toEqual({});
    expect(departmentInput(good)).toEqual({
      name: "城管执法中队",
      kind: "urban_management",
      contacts: [{ name: "张队长", title: "中队长", phone: "0531-8888 6666" }],
      handlerIds: ["u-a", "u-b", "u-c"],
      active: true,
    });
  });

  it("names the field that is wrong, and which contact", () => {
    expect(validateDepartment({ ...good, name: "城" }).name?.key).toBe("cw.dept.error.name");
    expect(validateDepartment({ ...good, kind: null }).kind?.key).toBe("cw.dept.error.kind");
    const contacts = [good.contacts[0], { name: "李", title: "", phone: "12" }] as typeof good.contacts;
    expect(validateDepartment({ ...good, contacts }).contacts).toEqual({
      key: "cw.dept.error.contactPhone",
      index: 1,
    });
    expect(
      validateDepartment({ ...good, contacts: [{ name: " ", title: "", phone: "88886666" }] }).contacts,
    ).toEqual({
      key: "cw.dept.error.contactName",
      index: 0,
    });
    expect(validateDepartment({ ...good, handlerIds: "u-a u/b" }).handlerIds?.key).toBe(
      "cw.dept.error.handlerId",
    );
  });

  it("fills the form from a department and back without loss", () => {
    const draft = newDepartmentDraft({
      id: "d1",
      communityId: "huanghe-west",
      name: "物业公司",
      kind: "property_company",
      contacts: [{ name: "王经理", title: "", phone: "88886666" }],
      handlers: [
        { id: "u-a", name: "甲" },
        { id: "u-b", name: "乙" },
      ],
      active: false,
      updatedAt: "2026-11-23T00:00:00.000Z",
    });
    expect(draft.handlerIds).toBe("u-a\nu-b");
    expect(departmentInput(draft)).toEqual({
      name: "物业公司",
      kind: "property_company",
      contacts: [{ name: "王经理", title: "", phone: "88886666" }],
      handlerIds: ["u-a", "u-b"],
      active: false,
    });
  });
});

describe("the command center", () => {
  it("orders the status bar as work moves: reports, then disputes", () => {
    const rows = [
      { key: "dispute:in_mediation", count: 1 },
      { key: "report:resolved", count: 2 },
      { key: "dispute:filed", count: 1 },
      { key: "report:submitted", count: 4 },
      { key: "report:dispatched", count: 3 },
    ];
    expect(statusOrder(rows).map((r) => r.key)).toEqual([
      "report:submitted",
      "report:dispatched",
      "report:resolved",
      "dispute:filed",
      "dispute:in_mediation",
    ]);
  });

  it("exports the overdue list with its labels, days and level, a resident's formula made harmless", () => {
    const csv = toCsv(
      overdueCsvRows(zh, [
        row({ id: "1", overdue: true, overdueDays: 3, escalationLevel: 2, assigneeName: "=HYPERLINK(1)" }),
      ]),
    );
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe("编号,类型,类别,状态,承办,上报时间,办结时限（当日）,超期天数,亮灯级别");
    expect(lines[1]).toBe(
      "HX-1,随手拍,噪音扰民,已派遣,'=HYPERLINK(1),2026-11-20 09:00,2026-11-26,3,升级至区",
    );
    expect(lines).toHaveLength(3);
  });
});
