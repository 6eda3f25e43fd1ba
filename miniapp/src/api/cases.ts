// 随手拍 reports and dispute mediation: the resident's calls, and the actions on one case that
// staff, department handlers and mediators take from its page. Shapes come from the API's schemas.
import type { z } from "@hono/zod-openapi";
import type {
  assignBody,
  CaseLocation,
  CaseSummary,
  closeBody,
  DepartmentKind,
  DisputeOutcome,
  DisputeStatus,
  DisputeType,
  DisputeView,
  departmentSchema,
  dispatchBody,
  disputeBody,
  ReportCategory,
  ReportStatus,
  ReportView,
  ratingBody,
  referredToSchema,
  reportBody,
} from "../../../functions/src/cases/schemas";
import { client } from "./client";
import { unwrap } from "./errors";

export type {
  CaseLocation,
  CaseSummary,
  DepartmentKind,
  DisputeOutcome,
  DisputeStatus,
  DisputeType,
  DisputeView,
  ReportCategory,
  ReportStatus,
  ReportView,
};
export type Department = z.infer<typeof departmentSchema>;
export type ReferredTo = z.infer<typeof referredToSchema>;
export type ReportInput = z.input<typeof reportBody>;
export type DisputeInput = z.input<typeof disputeBody>;
export type RatingInput = z.input<typeof ratingBody>;
export type DispatchInput = z.input<typeof dispatchBody>;
export type AssignInput = z.input<typeof assignBody>;
export type CloseInput = z.input<typeof closeBody>;

const v1 = client.api.v1;
const report = v1.reports[":id"];
const dispute = v1.disputes[":id"];

// ——— Reports ———

/** `key` makes a double tap (or a retry after a lost answer) make one report. */
export async function createReport(input: ReportInput, key: string): Promise<ReportView> {
  const body: { report: ReportView } = await unwrap(
    v1.reports.$post({ json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.report;
}

export async function listMyReports(): Promise<CaseSummary[]> {
  const body: { items: CaseSummary[] } = await unwrap(v1.reports.mine.$get());
  return body.items;
}

export async function getReport(id: string): Promise<ReportView> {
  const body: { report: ReportView } = await unwrap(report.$get({ param: { id } }));
  return body.report;
}

/** The actions on one report (POST /reports/{id}/<action>), each typed by the API's own route. */
async function reportAction(answer: Promise<Response>): Promise<ReportView> {
  const body: { report: ReportView } = await unwrap(answer);
  return body.report;
}

export const rateReport = (id: string, input: RatingInput) =>
  reportAction(report.rating.$post({ param: { id }, json: input }));

export const dispatchReport = (id: string, input: DispatchInput) =>
  reportAction(report.dispatch.$post({ param: { id }, json: input }));

/** `into`: the case id or its number (HX-…). */
export const mergeReport = (id: string, into: string) =>
  reportAction(report.merge.$post({ param: { id }, json: { into } }));

export const declineReport = (id: string, reason: string) =>
  reportAction(report.decline.$post({ param: { id }, json: { reason } }));

export const recordProgress = (id: string, note: string, photos: string[]) =>
  reportAction(report.progress.$post({ param: { id }, json: { note, photos } }));

export const resolveReport = (id: string, text: string, photos: string[]) =>
  reportAction(report.resolve.$post({ param: { id }, json: { text, photos } }));

export async function listDepartments(communityId: string): Promise<Department[]> {
  const body: { departments: Department[] } = await unwrap(v1.departments.$get({ query: { communityId } }));
  return body.departments;
}

// ——— Disputes ———

/** Staff pass `onBehalfOf`, a lawyer `referralBookingId`; `key` makes one request of a double tap. */
export async function fileDispute(input: DisputeInput, key: string): Promise<DisputeView> {
  const body: { dispute: DisputeView } = await unwrap(
    v1.disputes.$post({ json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.dispute;
}

export async function listMyDisputes(): Promise<CaseSummary[]> {
  const body: { items: CaseSummary[] } = await unwrap(v1.disputes.mine.$get());
  return body.items;
}

export async function getDispute(id: string): Promise<DisputeView> {
  const body: { dispute: DisputeView } = await unwrap(dispute.$get({ param: { id } }));
  return body.dispute;
}

export async function assignMediator(id: string, input: AssignInput): Promise<DisputeView> {
  const body: { dispute: DisputeView } = await unwrap(dispute.assign.$post({ param: { id }, json: input }));
  return body.dispute;
}

/** `scheduledAt`: an ISO instant. */
export async function scheduleSession(id: string, scheduledAt: string, place: string): Promise<DisputeView> {
  const body: { dispute: DisputeView } = await unwrap(
    dispute.sessions.$post({ param: { id }, json: { scheduledAt, place } }),
  );
  return body.dispute;
}

export async function recordSession(
  id: string,
  n: number,
  status: "held" | "cancelled",
  summary: string,
): Promise<DisputeView> {
  const body: { dispute: DisputeView } = await unwrap(
    dispute.sessions[":n"].$post({ param: { id, n: String(n) }, json: { status, summary } }),
  );
  return body.dispute;
}

export async function closeDispute(id: string, input: CloseInput): Promise<DisputeView> {
  const body: { dispute: DisputeView } = await unwrap(dispute.close.$post({ param: { id }, json: input }));
  return body.dispute;
}
