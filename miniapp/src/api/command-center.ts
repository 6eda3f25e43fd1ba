// The staff's side of cases: the case desk's lists, departments and their contacts, the cases
// settings (supervisors) and the command center. Shapes come from the API's own schemas.
import type { z } from "@hono/zod-openapi";
import type {
  CaseSummary,
  CommandCenter,
  DepartmentKind,
  departmentBody,
  departmentSchema,
  settingsBody,
  settingsSchema,
} from "../../../functions/src/cases/schemas";
import { client } from "./client";
import { unwrap } from "./errors";

export type { CaseSummary, CommandCenter, DepartmentKind };
export type Department = z.infer<typeof departmentSchema>;
export type DepartmentInput = Omit<z.input<typeof departmentBody>, "communityId">;
export type CaseSettings = z.infer<typeof settingsSchema>;
export type CaseSettingsInput = Omit<z.input<typeof settingsBody>, "communityId">;
/** open: not finished · all: every case · assigned: my department's, or mine to mediate. */
export type CaseScope = "open" | "all" | "assigned";
export type CommandCenterDepartment = CommandCenter["departments"][number];
export type CommandCenterVote = CommandCenter["votes"][number];

const v1 = client.api.v1;

/** Staff name their community so a staff member who is also a resident elsewhere sees the right one. */
const inCommunity = (communityId: string | undefined) => (communityId ? { communityId } : {});

// ——— The case desk's lists ———

export async function listReports(scope: CaseScope, communityId?: string): Promise<CaseSummary[]> {
  const body: { items: CaseSummary[] } = await unwrap(
    v1.reports.$get({ query: { ...inCommunity(communityId), scope } }),
  );
  return body.items;
}

/** 403 DISPUTES_PRIVATE for staff who are neither a supervisor nor a mediator. */
export async function listDisputes(scope: CaseScope, communityId?: string): Promise<CaseSummary[]> {
  const body: { items: CaseSummary[] } = await unwrap(
    v1.disputes.$get({ query: { ...inCommunity(communityId), scope } }),
  );
  return body.items;
}

// ——— Departments and their contacts ———

export async function listDepartments(communityId?: string): Promise<Department[]> {
  const body: { departments: Department[] } = await unwrap(
    v1.departments.$get({ query: inCommunity(communityId) }),
  );
  return body.departments;
}

/** `key` makes a retried submission create one department only. */
export async function createDepartment(
  input: DepartmentInput,
  key: string,
  communityId?: string,
): Promise<Department> {
  const body: { department: Department } = await unwrap(
    v1.departments.$post(
      { json: { ...input, ...inCommunity(communityId) } },
      { headers: { "Idempotency-Key": key } },
    ),
  );
  return body.department;
}

/** The whole department: PUT replaces its name, kind, contacts, handlers and whether it is active. */
export async function updateDepartment(departmentId: string, input: DepartmentInput): Promise<Department> {
  const body: { department: Department } = await unwrap(
    v1.departments[":departmentId"].$put({ param: { departmentId }, json: input }),
  );
  return body.department;
}

// ——— Settings: who supervises cases ———

export async function getCaseSettings(communityId?: string): Promise<CaseSettings> {
  const body: { settings: CaseSettings } = await unwrap(
    v1.cases.settings.$get({ query: inCommunity(communityId) }),
  );
  return body.settings;
}

/** Admins only. */
export async function updateCaseSettings(
  input: CaseSettingsInput,
  communityId?: string,
): Promise<CaseSettings> {
  const body: { settings: CaseSettings } = await unwrap(
    v1.cases.settings.$put({ json: { ...input, ...inCommunity(communityId) } }),
  );
  return body.settings;
}

// ——— The command center ———

/** `from`/`to`: Shanghai days, YYYY-MM-DD; the period of the finished-case figures. */
export async function getCommandCenter(
  from: string,
  to: string,
  communityId?: string,
): Promise<CommandCenter> {
  return unwrap(
    v1["command-center"].$get({ query: { ...inCommunity(communityId), from, to } }),
  ) as Promise<CommandCenter>;
}
