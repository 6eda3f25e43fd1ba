/**
 * The demo case desk of 黄河西路社区: departments with contacts (urban management, housing, the
 * police station, the property company, the street office, and the mediation studio 老段说事) and
 * a handler account, 刘敏 as supervisor and the demo admin at the district; reports and disputes
 * in every state, one of them past its deadline (lit up), and closed mediations for the success
 * rate. Built with the same item functions and rules the API uses.
 */
import { departmentItem, newCaseWritesItems, watchItem } from "../cases/repo.js";
import type { Case, Department, Dispute, Report } from "../cases/schemas.js";
import { caseNumber, deadline, event, freshCase, nextWatch } from "../cases/service.js";
import { keys } from "../db/keys.js";
import { addDays, shanghaiDate, shanghaiInstant } from "../time/shanghai.js";
import { demoUserId } from "./accounts.js";
import { DEMO_COMMUNITY, RESIDENT_NAMES } from "./data.js";

export const DEMO_HANDLER_OPENID = "demo-handler-1";
export const DEMO_DEPARTMENTS = {
  urban: "dept-urban",
  housing: "dept-housing",
  police: "dept-police",
  property: "dept-property",
  street: "dept-street",
  studio: "dept-laoduan",
};
const SECOND_LEVEL_WORKING_DAYS = 2;

export function buildCasesDemo(now: Date, seedTime: string): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  const communityId = DEMO_COMMUNITY.id;
  const handler = demoUserId(DEMO_HANDLER_OPENID);
  const staff = demoUserId("demo-staff-1");
  const dept = (
    id: string,
    name: string,
    kind: Department["kind"],
    contact: string,
    phone: string,
    handlers: string[],
  ) =>
    ({
      id,
      communityId,
      name,
      kind,
      contacts: [{ name: contact, title: "联络人", phone }],
      handlerIds: handlers,
      active: true,
      createdAt: seedTime,
      updatedAt: seedTime,
    }) satisfies Department;
  const departments = [
    dept(DEMO_DEPARTMENTS.urban, "金水区城管执法中队", "urban_management", "王建国", "0371-6556 0001", [
      handler,
    ]),
    dept(DEMO_DEPARTMENTS.housing, "区住建局物业科", "housing", "李娟", "0371-6556 0002", []),
    dept(DEMO_DEPARTMENTS.police, "黄河路派出所", "police_station", "赵警官", "0371-6556 0110", []),
    dept(DEMO_DEPARTMENTS.property, "绿城物业服务中心", "property_company", "陈经理", "0371-6556 0003", [
      handler,
    ]),
    dept(DEMO_DEPARTMENTS.street, "黄河路街道办事处", "street_office", "钱主任", "0371-6556 0004", []),
    dept(DEMO_DEPARTMENTS.studio, "老段说事调解工作室", "mediation", "段志明", "0371-6556 0005", [staff]),
  ];
  for (const d of departments) {
    items.push(departmentItem(d));
    for (const userId of d.handlerIds)
      items.push({
        ...keys.handlerOf(userId, communityId, d.id),
        entity: "Handler",
        userId,
        communityId,
        departmentId: d.id,
        name: d.name,
      });
  }
  items.push({
    ...keys.caseSettings(communityId),
    entity: "CaseSettings",
    communityId,
    supervisorIds: [staff],
    districtAdminIds: [demoUserId("demo-admin")],
    updatedAt: seedTime,
  });

  const today = shanghaiDate(now);
  const at = (days: number, time: string) => shanghaiInstant(addDays(today, days), time);
  const sequences = new Map<string, number>();
  const number = (prefix: string, createdAt: string) => {
    const day = shanghaiDate(createdAt).replace(/-/g, "");
    const next = (sequences.get(`${prefix}#${day}`) ?? 0) + 1;
    sequences.set(`${prefix}#${day}`, next);
    return caseNumber(prefix, createdAt, next);
  };
  const base = (id: string, createdAt: string, filedBy: string) => ({
    id,
    communityId,
    ...freshCase(filedBy, "self", createdAt),
  });
  const report = (
    id: string,
    resident: number,
    createdAt: string,
    category: Report["category"],
    description: string,
    buildingId: string,
  ): Report => ({
    ...base(id, createdAt, demoUserId(`demo-resident-${resident}`)),
    kind: "report",
    number: number("HX", createdAt),
    category,
    description,
    photos: [],
    location: { buildingId, unit: null, address: "", point: null },
    anonymous: false,
    reporterName: RESIDENT_NAMES[resident - 1] as string,
    status: "submitted",
    resolution: null,
    rating: null,
    reopened: false,
    mergedInto: null,
    declineReason: null,
    history: [event(createdAt, "submit", "resident")],
  });
  const dispatch = (r: Report, at: string, department: Department, days: number): Report => ({
    ...r,
    status: "dispatched",
    assignee: { kind: "department", departmentId: department.id },
    assigneeName: department.name,
    dueWorkingDays: days,
    ...deadline(at, days),
    updatedAt: at,
    history: [...r.history, event(at, "dispatch", "staff")],
  });
  const [urban, , , property, street, studio] = departments as [
    Department,
    Department,
    Department,
    Department,
    Department,
    Department,
  ];
  const reports: Report[] = [];
  // Waiting for triage.
  reports.push({
    ...report(
      "demo-case-1",
      1,
      at(0, "08:40"),
      "public_facilities",
      "3栋门口路灯坏了三天，晚上很黑，老人出门不安全。",
      "b3",
    ),
  });
  reports.push({
    ...report(
      "demo-case-2",
      2,
      at(-1, "19:20"),
      "noise",
      "2栋楼下烧烤摊每晚营业到凌晨一点，噪音很大。",
      "b2",
    ),
    anonymous: true,
  });
  // Dispatched 6 working days or more ago with 3 days to do it: past its deadline, lit up.
  const late = dispatch(
    {
      ...report(
        "demo-case-3",
        1,
        at(-9, "10:05"),
        "illegal_construction",
        "1栋顶楼有住户在露台加盖彩钢房。",
        "b1",
      ),
    },
    at(-9, "15:00"),
    urban,
    3,
  );
  const lit = late.dueAt && late.dueAt < now.toISOString();
  reports.push(
    lit
      ? {
          ...late,
          escalationLevel: 1,
          overdueAt: late.dueAt,
          updatedAt: late.dueAt as string,
          history: [...late.history, event(late.dueAt as string, "escalate", "system", "overdue")],
        }
      : late,
  );
  // In progress, within its deadline.
  const working = dispatch(
    {
      ...report(
        "demo-case-4",
        29,
        at(-1, "09:30"),
        "environment_sanitation",
        "小区东门垃圾桶满溢，无人清运。",
        "b2",
      ),
    },
    at(-1, "11:00"),
    property,
    3,
  );
  reports.push({
    ...working,
    status: "in_progress",
    updatedAt: at(0, "08:00"),
    history: [
      ...working.history,
      event(at(0, "08:00"), "progress", "handler", "已安排保洁今日加派一车清运。"),
    ],
  });
  // Resolved on time and rated.
  const done = dispatch(
    {
      ...report("demo-case-5", 2, at(-12, "14:00"), "safety_hazard", "地下车库消防通道被电动车堵塞。", "b1"),
    },
    at(-12, "16:00"),
    property,
    2,
  );
  const resolvedAt = at(-11, "17:00");
  reports.push({
    ...done,
    status: "closed",
    resolution: { text: "已清理通道并加装隔离桩，物业每日巡查。", photos: [], at: resolvedAt },
    rating: { satisfied: true, comment: "处理很及时", at: at(-10, "09:00") },
    finishedAt: resolvedAt,
    closedAt: at(-10, "09:00"),
    updatedAt: at(-10, "09:00"),
    history: [
      ...done.history,
      event(resolvedAt, "resolve", "handler", "已清理通道并加装隔离桩，物业每日巡查。"),
      event(at(-10, "09:00"), "rate", "resident", "处理很及时"),
    ],
  });
  // Resolved late (the street office), waiting for the resident's rating.
  const slow = dispatch(
    {
      ...report("demo-case-6", 32, at(-20, "10:00"), "public_facilities", "健身器材扶手断裂。", "b2"),
    },
    at(-20, "11:00"),
    street,
    2,
  );
  const slowDone = at(-8, "16:00");
  reports.push({
    ...slow,
    status: "resolved",
    resolution: { text: "已更换扶手。", photos: [], at: slowDone },
    finishedAt: slowDone,
    updatedAt: slowDone,
    history: [...slow.history, event(slowDone, "resolve", "handler", "已更换扶手。")],
  });

  const dispute = (
    id: string,
    resident: number,
    createdAt: string,
    type: Dispute["type"],
    description: string,
    other: string,
  ): Dispute => {
    const userId = demoUserId(`demo-resident-${resident}`);
    return {
      ...base(id, createdAt, userId),
      kind: "dispute",
      number: number("TJ", createdAt),
      type,
      description,
      parties: [
        { side: "applicant", name: RESIDENT_NAMES[resident - 1] as string, userId, phone: null },
        { side: "respondent", name: other, userId: null, phone: null },
      ],
      partyUserIds: [userId],
      referralBookingId: null,
      status: "filed",
      sessions: [],
      outcome: null,
      agreement: null,
      referredTo: null,
      closeNote: null,
      history: [event(createdAt, "file", "resident")],
    };
  };
  const assign = (d: Dispute, when: string, days: number): Dispute => ({
    ...d,
    status: "assigned",
    assignee: { kind: "department", departmentId: studio.id },
    assigneeName: studio.name,
    dueWorkingDays: days,
    ...deadline(when, days),
    updatedAt: when,
    history: [...d.history, event(when, "assign", "staff", studio.name)],
  });
  const disputes: Dispute[] = [
    dispute(
      "demo-dispute-1",
      1,
      at(-2, "09:00"),
      "neighbour",
      "楼上住户夜间拖动家具，多次沟通无果。",
      "401室住户",
    ),
    assign(
      dispute("demo-dispute-2", 2, at(-3, "10:00"), "property", "物业费上涨未经业主大会同意。", "绿城物业"),
      at(-3, "15:00"),
      10,
    ),
  ];
  const closed = (n: number, outcome: "settled" | "not_settled", daysAgo: number): Dispute => {
    const filed = dispute(
      `demo-dispute-c${n}`,
      1 + (n % 2),
      at(-daysAgo - 5, "09:00"),
      n % 3 === 0 ? "family" : "neighbour",
      "邻里之间因漏水维修费用产生争议。",
      "对方住户",
    );
    const assigned = assign(filed, at(-daysAgo - 5, "14:00"), 10);
    const when = at(-daysAgo, "16:00");
    return {
      ...assigned,
      status: "closed",
      outcome,
      agreement: outcome === "settled" ? "双方同意各承担一半维修费用，于本月底前付清。" : null,
      referredTo: outcome === "not_settled" ? "court" : null,
      closedAt: when,
      finishedAt: when,
      updatedAt: when,
      history: [...assigned.history, event(when, "close", "mediator", outcome)],
    };
  };
  for (let n = 1; n <= 8; n++) disputes.push(closed(n, n === 5 ? "not_settled" : "settled", n * 2));

  const all: Case[] = [...reports, ...disputes];
  for (const c of all) {
    items.push(...newCaseWritesItems(c, c.kind === "report" ? [c.filedBy] : c.partyUserIds));
    const watch = nextWatch(c, SECOND_LEVEL_WORKING_DAYS);
    if (watch) items.push(watchItem(c, watch));
  }
  for (const [key, seq] of sequences) {
    const [prefix, day] = key.split("#") as [string, string];
    items.push({ ...keys.caseCounter(prefix, day), entity: "CaseCounter", seq });
  }
  return items;
}
