import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import type { Translate } from "../i18n";
import { format } from "../i18n/format";
import { zhCN } from "../i18n/zh-CN";
import {
  categoryLabel,
  deadlineText,
  eventLabel,
  eventNote,
  locationText,
  overdueText,
  summaryStatus,
} from "./cases-labels";
import {
  caseErrorProblem,
  caseRef,
  closeInput,
  closeProblem,
  disputeInput,
  disputeValid,
  dueDaysProblem,
  mergeProblem,
  type ReportDraft,
  reportInput,
  sessionProblems,
  validateDispute,
  validateReport,
} from "./cases-rules";

const zh: Translate = (key, params) => format(zhCN[key], params);

const draft = (patch: Partial<ReportDraft> = {}): ReportDraft => ({
  category: "safety_hazard",
  description: "楼道里堆满了纸箱，挡住了消防通道",
  photos: [{ key: "uploads/c1/2026-11/abcdefgh12.jpg", uploading: false }],
  buildingId: "b3",
  unit: "2",
  address: "三楼楼梯口",
  point: null,
  anonymous: false,
  ...patch,
});

describe("labels", () => {
  it("names report categories and dispute types, and keeps an unknown value", () => {
    expect(categoryLabel(zh, "noise")).toBe("噪音扰民");
    expect(categoryLabel(zh, "neighbour")).toBe("邻里纠纷");
    expect(categoryLabel(zh, "other")).toBe("其他");
    expect(categoryLabel(zh, "flood")).toBe("flood");
  });

  it("reads a status by the kind of case", () => {
    expect(summaryStatus(zh, { kind: "report", status: "resolved" })).toEqual({
      text: "已办结待评价",
      tone: "orange",
    });
    expect(summaryStatus(zh, { kind: "dispute", status: "assigned" })).toEqual({
      text: "已指派调解员",
      tone: "green",
    });
    // A dispute's status read as a report's is not guessed at.
    expect(summaryStatus(zh, { kind: "dispute", status: "declined" })).toEqual({
      text: "declined",
      tone: "grey",
    });
  });

  it("writes the deadline with its working days, and nothing before dispatch", () => {
    expect(deadlineText(zh, { dueDate: "2026-11-30", dueWorkingDays: 5 })).toBe(
      "办理期限：11月30日（5个工作日）",
    );
    expect(deadlineText(zh, { dueDate: null, dueWorkingDays: null })).toBeNull();
  });

  it("says overdue days only when overdue, at least one", () => {
    expect(overdueText(zh, { overdue: true, overdueDays: 3 })).toBe("已超期3天");
    expect(overdueText(zh, { overdue: true, overdueDays: 0 })).toBe("已超期1天");
    expect(overdueText(zh, { overdue: false, overdueDays: 0 })).toBeNull();
  });

  it("labels history events, unknown ones generically", () => {
    expect(eventLabel(zh, { action: "dispatch", by: "staff" })).toBe("派遣 · 社区工作人员");
    expect(eventLabel(zh, { action: "teleport", by: "alien" })).toBe("处理");
    expect(eventLabel(zh, { action: "session_held", by: "mediator" })).toBe("调解已进行 · 调解员");
    expect(eventLabel(zh, { action: "file", by: "lawyer" })).toBe("申请调解 · 律师");
  });

  it("says the codes the server keeps in notes, and people's words as written", () => {
    expect(eventNote(zh, { action: "session_cancelled", note: "#2" })).toBe("第2次");
    expect(eventNote(zh, { action: "close", note: "not_settled" })).toBe("调解不成");
    expect(eventNote(zh, { action: "escalate", note: "district" })).toBe("超期未办结，已上报区级");
    expect(eventNote(zh, { action: "decline", note: "#2 不属于本社区" })).toBe("#2 不属于本社区");
    expect(eventNote(zh, { action: "close", note: "双方已和解" })).toBe("双方已和解");
    expect(eventNote(zh, { action: "dispatch", note: null })).toBeNull();
  });

  it("writes a place from building, unit and free text", () => {
    expect(locationText(zh, { buildingId: "b3", unit: "2", address: "楼梯口" }, "3栋")).toBe(
      "3栋 2单元 · 楼梯口",
    );
    expect(locationText(zh, { buildingId: null, unit: null, address: "东门" }, null)).toBe("东门");
    expect(locationText(zh, { buildingId: "b3", unit: null, address: "" }, null)).toBe("b3");
  });
});

describe("validateReport", () => {
  it("accepts a complete report", () => {
    expect(validateReport(draft())).toEqual({});
  });

  it("asks for a category and a description of 5 to 1000 characters", () => {
    const problems = validateReport(draft({ category: null, description: "  太吵 " }));
    expect(problems.category?.key).toBe("cr.err.category");
    expect(problems.description).toEqual({ key: "cr.err.description", params: { min: 5, max: 1000 } });
    expect(validateReport(draft({ description: "好".repeat(1001) })).description?.key).toBe(
      "cr.err.description",
    );
  });

  it("refuses phone and ID numbers in the description, as the server does", () => {
    expect(validateReport(draft({ description: "有事请打13812345678联系我" })).description?.key).toBe(
      "cr.err.noNumbers",
    );
  });

  it("waits for photos still uploading", () => {
    expect(validateReport(draft({ photos: [{ key: null, uploading: true }] })).photos?.key).toBe(
      "cr.err.photosUploading",
    );
  });

  it("limits the free-text place to 100 characters", () => {
    expect(validateReport(draft({ address: "路".repeat(101) })).address).toEqual({
      key: "cr.err.address",
      params: { max: 100 },
    });
  });

  it("wants to know where: a building, a place or a point", () => {
    expect(validateReport(draft({ buildingId: null, unit: null, address: "  " })).address?.key).toBe(
      "cr.err.where",
    );
    expect(validateReport(draft({ buildingId: null, unit: null, address: "东门岗亭旁" }))).toEqual({});
    const point = { latitude: 31.2, longitude: 121.4, system: "wgs84" as const };
    expect(validateReport(draft({ buildingId: null, unit: null, address: "", point }))).toEqual({});
  });
});

describe("reportInput", () => {
  it("sends the uploaded keys, the place and the point", () => {
    const point = { latitude: 31.2, longitude: 121.4, system: "gcj02" as const };
    expect(reportInput(draft({ point, anonymous: true, description: " 纸箱挡住消防通道 " }))).toEqual({
      category: "safety_hazard",
      description: "纸箱挡住消防通道",
      photos: ["uploads/c1/2026-11/abcdefgh12.jpg"],
      location: { buildingId: "b3", unit: "2", address: "三楼楼梯口", point },
      anonymous: true,
    });
  });

  it("drops a unit without its building", () => {
    expect(reportInput(draft({ buildingId: null, unit: "2" })).location.unit).toBeNull();
  });
});

describe("validateDispute", () => {
  const dispute = {
    type: "neighbour" as const,
    description: "楼上每晚十二点后还在装修敲打",
    parties: [{ side: "respondent" as const, name: "502住户", phone: "" }],
  };
  const self = { needsBehalf: false, hasBehalf: false };

  it("accepts a dispute whose other party has no phone", () => {
    expect(disputeValid(validateDispute(dispute, self))).toBe(true);
  });

  it("wants the type, a description, and a name for every party", () => {
    const problems = validateDispute(
      { type: null, description: "吵", parties: [{ side: "respondent", name: " ", phone: "" }] },
      self,
    );
    expect(problems.fields.type?.key).toBe("cr.err.type");
    expect(problems.fields.description?.key).toBe("cr.err.description");
    expect(problems.parties[0]?.name?.key).toBe("cr.err.party");
    expect(disputeValid(problems)).toBe(false);
    expect(validateDispute({ ...dispute, parties: [] }, self).fields.parties?.key).toBe("cr.err.party");
  });

  it("checks a given phone is a mainland mobile", () => {
    const problems = validateDispute(
      { ...dispute, parties: [{ side: "respondent", name: "王先生", phone: "12345" }] },
      self,
    );
    expect(problems.parties[0]?.phone?.key).toBe("cr.err.phone");
    expect(
      disputeValid(
        validateDispute(
          { ...dispute, parties: [{ side: "respondent", name: "王先生", phone: "13912345678" }] },
          self,
        ),
      ),
    ).toBe(true);
  });

  it("makes staff choose the resident they file for", () => {
    expect(validateDispute(dispute, { needsBehalf: true, hasBehalf: false }).fields.behalf?.key).toBe(
      "cr.err.behalf",
    );
    expect(disputeValid(validateDispute(dispute, { needsBehalf: true, hasBehalf: true }))).toBe(true);
  });

  it("sends phones only when given, and who it is filed for", () => {
    expect(disputeInput(dispute, { onBehalfOf: "u7" })).toEqual({
      type: "neighbour",
      description: "楼上每晚十二点后还在装修敲打",
      parties: [{ side: "respondent", name: "502住户", userId: null, phone: null }],
      onBehalfOf: "u7",
    });
    expect(disputeInput(dispute, { referralBookingId: "bk1" })).not.toHaveProperty("onBehalfOf");
  });
});

describe("staff actions", () => {
  it("keeps the working days between 1 and 60", () => {
    expect(dueDaysProblem(5)).toBeNull();
    expect(dueDaysProblem(60)).toBeNull();
    expect(dueDaysProblem(0)?.key).toBe("cr.err.days");
    expect(dueDaysProblem(61)?.key).toBe("cr.err.days");
    expect(dueDaysProblem(2.5)?.key).toBe("cr.err.days");
  });

  it("reads a case number however it was typed, or an id", () => {
    expect(caseRef(" hx-20261122-0042 ")).toBe("HX-20261122-0042");
    expect(caseRef("HX 20261122 0042")).toBe("HX-20261122-0042");
    expect(caseRef("HX-2026112")).toBeNull();
    expect(caseRef("c_8f3k2m9q")).toBe("c_8f3k2m9q");
    expect(caseRef("合并")).toBeNull();
  });

  it("does not merge a case into itself", () => {
    const self = { id: "c_self0001", number: "HX-20261122-0042" };
    expect(mergeProblem("hx-20261122-0042", self)?.key).toBe("cr.err.mergeSelf");
    expect(mergeProblem("HX-20261122-0041", self)).toBeNull();
    expect(mergeProblem("", self)?.key).toBe("cr.err.caseNumber");
  });
});

describe("caseErrorProblem", () => {
  it("names the server's codes, and never shows its words", () => {
    expect(caseErrorProblem(new ApiError(409, "CASE_CHANGED", "x")).key).toBe("cr.err.CASE_CHANGED");
    expect(caseErrorProblem(new ApiError(403, "DISPUTE_PRIVATE", "x")).key).toBe("cr.err.DISPUTE_PRIVATE");
    expect(caseErrorProblem(new ApiError(403, "NOT_SUPERVISOR", "x")).key).toBe("cr.err.NOT_SUPERVISOR");
    expect(caseErrorProblem(new ApiError(409, "SESSION_RECORDED", "x")).key).toBe("cr.err.SESSION_RECORDED");
    expect(caseErrorProblem(new ApiError(409, "ALREADY_REFERRED", "x")).key).toBe("cr.err.ALREADY_REFERRED");
    expect(caseErrorProblem(new ApiError(403, "SOMETHING_NEW", "x")).key).toBe("cr.err.FORBIDDEN");
    expect(caseErrorProblem(new ApiError(409, "SOMETHING_NEW", "x")).key).toBe("cr.err.generic");
    expect(caseErrorProblem(new ApiError(0, "NETWORK_ERROR", "x")).key).toBe("common.networkError");
    expect(caseErrorProblem(new Error("boom")).key).toBe("common.networkError");
  });
});

describe("mediation", () => {
  const now = new Date("2026-11-23T02:00:00.000Z"); // 10:00 in Shanghai

  it("schedules a session only ahead of now, at a named place", () => {
    expect(sessionProblems({ date: "2026-11-23", time: "10:30", place: "调解室" }, now)).toEqual({});
    expect(sessionProblems({ date: "2026-11-23", time: "09:30", place: "调解室" }, now).when?.key).toBe(
      "cr.err.when",
    );
    expect(sessionProblems({ date: "", time: "", place: "调解室" }, now).when?.key).toBe("cr.err.when");
    expect(sessionProblems({ date: "2026-11-24", time: "09:00", place: "室" }, now).place?.key).toBe(
      "cr.err.text",
    );
  });

  it("closes with what each outcome needs", () => {
    const blank = { outcome: null, agreement: "", referredTo: null, note: "" };
    expect(closeProblem(blank)?.key).toBe("cr.err.outcome");
    expect(closeProblem({ ...blank, outcome: "settled", agreement: "赔偿" })?.key).toBe("cr.err.text");
    expect(closeProblem({ ...blank, outcome: "not_settled" })?.key).toBe("cr.err.referredTo");
    expect(closeProblem({ ...blank, outcome: "withdrawn" })).toBeNull();
    const settled = {
      ...blank,
      outcome: "settled" as const,
      agreement: " 502室承担维修费用800元 ",
      note: "x",
    };
    expect(closeProblem(settled)).toBeNull();
    expect(closeInput(settled)).toEqual({ outcome: "settled", agreement: "502室承担维修费用800元" });
    expect(closeInput({ ...blank, outcome: "not_settled", referredTo: "court", note: " " })).toEqual({
      outcome: "not_settled",
      referredTo: "court",
    });
    expect(closeInput({ ...blank, outcome: "withdrawn", note: "已私下和解" })).toEqual({
      outcome: "withdrawn",
      note: "已私下和解",
    });
  });
});
