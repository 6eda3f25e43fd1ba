/** The case desk's configuration (departments, supervisors) and the command center. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { auditPut, buildAudit } from "../audit/repo.js";
import { getCommunity } from "../community/repo.js";
import { getAll, transact } from "../db/items.js";
import { keys } from "../db/keys.js";
import { getTopicBundle, listTopics, tallyOf } from "../deliberation/repo.js";
import { canStaff, isAdmin, requireUser, staffCommunity } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { type FieldIssue, forbidden, notFound, validationFailed } from "../http/errors.js";
import { idempotency } from "../http/idempotency.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { createRateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { listCommunityBookings } from "../legal/repo.js";
import { addDays, dayBounds, daysBetween, isValidDate, shanghaiDate } from "../time/shanghai.js";
import type { UserProfile } from "../users/schemas.js";
import { listCenters, listDayAppointments } from "../window/repo.js";
import { caseFigures } from "./command-center.js";
import {
  getCaseSettings,
  getDepartment,
  listCreatedCases,
  listDepartments,
  listFinishedCases,
  listOpenCases,
  saveDepartment,
  settingsPut,
} from "./repo.js";
import {
  type CaseSettings,
  commandCenterSchema,
  communityQuery,
  type Department,
  departmentBody,
  departmentParams,
  departmentSchema,
  periodQuery,
  settingsBody,
  settingsSchema,
} from "./schemas.js";

const route = <const T extends Parameters<typeof createRoute>[0]>(config: T) =>
  createRoute({ tags: ["cases"], security: bearer, ...config });

const MAX_PERIOD_DAYS = 366;
const DEFAULT_PERIOD_DAYS = 30;

const listDepartmentsRoute = route({
  method: "get",
  path: "/departments",
  summary: "Staff: the departments cases are dispatched to, with contact people and handlers",
  middleware: [requireUser] as const,
  request: { query: communityQuery },
  responses: {
    200: jsonContent(z.object({ departments: z.array(departmentSchema) }), "Departments"),
    ...errorResponses(400, 401, 403),
  },
});

const createDepartmentRoute = route({
  method: "post",
  path: "/departments",
  summary:
    "Staff: add a department (urban management, housing, police station, property company, a mediation studio…)",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(departmentBody) },
  responses: {
    201: jsonContent(z.object({ department: departmentSchema }), "Created"),
    ...errorResponses(400, 401, 403, 409, 422, 429),
  },
});

const updateDepartmentRoute = route({
  method: "put",
  path: "/departments/{departmentId}",
  summary:
    "Staff: change a department, its contacts and its handlers (cases already dispatched stay with it)",
  middleware: [requireUser] as const,
  request: { params: departmentParams, body: jsonBody(departmentBody) },
  responses: {
    200: jsonContent(z.object({ department: departmentSchema }), "Saved"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const getSettingsRoute = route({
  method: "get",
  path: "/cases/settings",
  summary: "Staff: who supervises the community's cases and who at the district is told at the second level",
  middleware: [requireUser] as const,
  request: { query: communityQuery },
  responses: {
    200: jsonContent(z.object({ settings: settingsSchema }), "Settings"),
    ...errorResponses(400, 401, 403),
  },
});

const putSettingsRoute = route({
  method: "put",
  path: "/cases/settings",
  summary: "District admin: name the community's case supervisors and the district admins told at level 2",
  middleware: [requireUser] as const,
  request: { body: jsonBody(settingsBody) },
  responses: {
    200: jsonContent(z.object({ settings: settingsSchema }), "Saved"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const commandCenterRoute = route({
  method: "get",
  path: "/command-center",
  summary:
    "Staff and admin: open and overdue cases, on-time rates, mediation success, today's services, open votes",
  description:
    "Figures for the period [from, to] (Shanghai dates, default the last 30 days, at most 366 days) are counted from the stored cases; open and overdue cases are as of now.",
  middleware: [requireUser] as const,
  request: { query: periodQuery },
  responses: {
    200: jsonContent(commandCenterSchema, "The command center"),
    ...errorResponses(400, 401, 403),
  },
});

type Users = Map<string, UserProfile>;

/** The users named in some lists, read once (BatchGetItem refuses the same key twice). */
async function usersOf(db: Parameters<typeof getAll>[0], ids: string[]): Promise<Users> {
  const found = await getAll<UserProfile>(
    db,
    [...new Set(ids)].map((id) => keys.user(id)),
  );
  return new Map(found.map((u) => [u.id, u]));
}

const names = (users: Users, ids: string[]) =>
  ids.map((id) => ({ id, name: users.get(id)?.nickname ?? "—" }));

function departmentView(d: Department, users: Users) {
  return {
    id: d.id,
    communityId: d.communityId,
    name: d.name,
    kind: d.kind,
    contacts: d.contacts,
    handlers: names(users, d.handlerIds),
    active: d.active,
    updatedAt: d.updatedAt,
  };
}

/** The ids of a list that name no user (and a repeat, unless repeats are merged), on the list's field. */
function unknownUsers(users: Users, ids: string[], path: string, repeatsAllowed = false): FieldIssue[] {
  const issues = ids.flatMap((id, i) =>
    users.has(id)
      ? []
      : [{ path: `${path}.${i}`, message: "No user with this id (they must have logged in once)" }],
  );
  if (!repeatsAllowed && new Set(ids).size !== ids.length) issues.push({ path, message: "Listed twice" });
  return issues;
}

/** The handlers as users, once: checked, then shown in the answer. */
async function checkHandlers(db: Parameters<typeof getAll>[0], handlerIds: string[]): Promise<Users> {
  const users = await usersOf(db, handlerIds);
  const issues = unknownUsers(users, handlerIds, "handlerIds");
  if (issues.length > 0) throw validationFailed(issues);
  return users;
}

const withDisputeLines = <F extends { overdue: { kind: string }[] }>(figures: F, lines: boolean): F =>
  lines ? figures : { ...figures, overdue: figures.overdue.filter((line) => line.kind !== "dispute") };

/**
 * A department's handlers read its cases (and, for a mediation studio, its disputes with the
 * parties' phones): only the community's case supervisors and admins decide who they are.
 */
async function assertKeepsDepartments(
  deps: AppEnv["Variables"]["deps"],
  user: UserProfile,
  communityId: string,
) {
  if (isAdmin(user)) return;
  const settings = await getCaseSettings(deps.db, communityId, true);
  if (!settings?.supervisorIds.includes(user.id))
    throw forbidden("Only the community's case supervisors keep the departments.", "NOT_SUPERVISOR");
}

export const deskRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listDepartmentsRoute, async (c) => {
    const deps = c.get("deps");
    const communityId = staffCommunity(c.get("user"), c.req.valid("query").communityId);
    const departments = await listDepartments(deps.db, communityId);
    departments.sort(
      (a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, "zh-Hans-CN"),
    );
    // Every department's handlers in one read.
    const users = await usersOf(
      deps.db,
      departments.flatMap((d) => d.handlerIds),
    );
    return c.json({ departments: departments.map((d) => departmentView(d, users)) }, 200);
  })
  .openapi(createDepartmentRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const communityId = staffCommunity(user, body.communityId);
    await assertKeepsDepartments(deps, user, communityId);
    const handlers = await checkHandlers(deps.db, body.handlerIds);
    const now = deps.clock.now().toISOString();
    const department: Department = {
      id: `dept-${deps.newId().slice(0, 12)}`,
      communityId,
      name: body.name,
      kind: body.kind,
      contacts: body.contacts,
      handlerIds: body.handlerIds,
      active: body.active,
      createdAt: now,
      updatedAt: now,
    };
    const view = departmentView(department, handlers);
    await saveDepartment(deps.db, null, department, [
      auditPut(
        deps.db,
        buildAudit(deps.newId(), now, {
          communityId,
          actor: user,
          action: "department.create",
          target: department.id,
          details: { name: department.name, handlersAdded: department.handlerIds.join(",") },
        }),
      ),
    ]);
    return c.json({ department: view }, 201);
  })
  .openapi(updateDepartmentRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const communityId = staffCommunity(user, body.communityId);
    await assertKeepsDepartments(deps, user, communityId);
    const before = await getDepartment(deps.db, communityId, c.req.valid("param").departmentId, true);
    if (!before) throw notFound("No such department.", "DEPARTMENT_NOT_FOUND");
    const handlers = await checkHandlers(deps.db, body.handlerIds);
    const now = deps.clock.now().toISOString();
    const after: Department = {
      ...before,
      name: body.name,
      kind: body.kind,
      contacts: body.contacts,
      handlerIds: body.handlerIds,
      active: body.active,
      updatedAt: now,
    };
    await saveDepartment(deps.db, before, after, [
      auditPut(
        deps.db,
        buildAudit(deps.newId(), now, {
          communityId,
          actor: user,
          action: "department.update",
          target: after.id,
          details: {
            name: after.name,
            active: after.active,
            // Who may now read the department's cases: every change of it is on the record.
            handlersAdded: after.handlerIds.filter((id) => !before.handlerIds.includes(id)).join(","),
            handlersRemoved: before.handlerIds.filter((id) => !after.handlerIds.includes(id)).join(","),
          },
        }),
      ),
    ]);
    return c.json({ department: departmentView(after, handlers) }, 200);
  })
  .openapi(getSettingsRoute, async (c) => {
    const deps = c.get("deps");
    const communityId = staffCommunity(c.get("user"), c.req.valid("query").communityId);
    const settings = await getCaseSettings(deps.db, communityId);
    const users = await usersOf(deps.db, [
      ...(settings?.supervisorIds ?? []),
      ...(settings?.districtAdminIds ?? []),
    ]);
    return c.json({ settings: settingsView(deps, communityId, settings, users) }, 200);
  })
  .openapi(putSettingsRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    if (!isAdmin(user)) throw forbidden("Only a district admin names supervisors.", "ADMIN_ONLY");
    const communityId = staffCommunity(user, body.communityId);
    if (!(await getCommunity(deps.db, communityId)))
      throw notFound("No such community.", "COMMUNITY_NOT_FOUND");
    const users = await usersOf(deps.db, [...body.supervisorIds, ...body.districtAdminIds]);
    // Each list on its own field (repeats are merged below).
    const issues = [
      ...unknownUsers(users, body.supervisorIds, "supervisorIds", true),
      ...unknownUsers(users, body.districtAdminIds, "districtAdminIds", true),
    ];
    if (issues.length > 0) throw validationFailed(issues);
    // Supervisors are told of every dispute and overdue case and read the disputes as staff of the
    // community; district admins are told at the second level. Anyone else named would get those
    // messages (numbers, categories, departments) without any right to them.
    const wrongRole = [
      ...body.supervisorIds.flatMap((id, i) => {
        const named = users.get(id);
        return named && canStaff(named, communityId)
          ? []
          : [{ path: `supervisorIds.${i}`, message: "Not a staff member of this community" }];
      }),
      ...body.districtAdminIds.flatMap((id, i) =>
        isAdmin(users.get(id) as UserProfile)
          ? []
          : [{ path: `districtAdminIds.${i}`, message: "Not a district admin" }],
      ),
    ];
    if (wrongRole.length > 0) throw validationFailed(wrongRole);
    const now = deps.clock.now().toISOString();
    const settings: CaseSettings = {
      communityId,
      supervisorIds: [...new Set(body.supervisorIds)],
      districtAdminIds: [...new Set(body.districtAdminIds)],
      updatedAt: now,
    };
    await transact(deps.db, [
      settingsPut(deps.db, settings),
      auditPut(
        deps.db,
        buildAudit(deps.newId(), now, {
          communityId,
          actor: user,
          action: "cases.settings",
          details: {
            supervisors: settings.supervisorIds.length,
            districtAdmins: settings.districtAdminIds.length,
          },
        }),
      ),
    ]);
    return c.json({ settings: settingsView(deps, communityId, settings, users) }, 200);
  })
  .openapi(commandCenterRoute, async (c) => {
    const deps = c.get("deps");
    const query = c.req.valid("query");
    const user = c.get("user");
    const communityId = staffCommunity(user, query.communityId);
    const nowDate = deps.clock.now();
    const now = nowDate.toISOString();
    const today = shanghaiDate(nowDate);
    const to = query.to ?? today;
    const from = query.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
    const issues = [];
    if (!isValidDate(from)) issues.push({ path: "query.from", message: "Not a date" });
    if (!isValidDate(to)) issues.push({ path: "query.to", message: "Not a date" });
    if (issues.length === 0 && from > to) issues.push({ path: "query.from", message: "from is after to" });
    if (issues.length === 0 && daysBetween(from, to) >= MAX_PERIOD_DAYS)
      issues.push({ path: "query.to", message: `At most ${MAX_PERIOD_DAYS} days` });
    if (issues.length > 0) throw validationFailed(issues);
    const start = dayBounds(from).start;
    const end = dayBounds(to).end;
    const todayBounds = dayBounds(today);
    const [open, finished, created, departments, centers, consultations, voting, settings] =
      await Promise.all([
        listOpenCases(deps.db, communityId),
        listFinishedCases(deps.db, communityId, start, end),
        listCreatedCases(deps.db, communityId, start, end),
        listDepartments(deps.db, communityId),
        listCenters(deps.db, communityId),
        listCommunityBookings(deps.db, communityId, todayBounds.start, todayBounds.end),
        listTopics(deps.db, communityId, { status: "voting", limit: 50 }),
        getCaseSettings(deps.db, communityId),
      ]);
    const [appointments, bundles] = await Promise.all([
      Promise.all(centers.map((center) => listDayAppointments(deps.db, center.id, today))).then((lists) =>
        lists.flat(),
      ),
      Promise.all(voting.items.map((topic) => getTopicBundle(deps.db, topic.id))),
    ]);
    const liveAppointments = appointments.filter(
      (a) => a.status !== "cancelled" && a.status !== "cancelled_by_center",
    );
    const votes = bundles.flatMap((bundle) => {
      if (!bundle || bundle.vote?.state !== "open") return [];
      const tally = tallyOf(bundle);
      const voted = tally.approve.count + tally.reject.count + tally.abstain.count;
      const eligible = bundle.vote.eligible?.count ?? 0;
      return [
        {
          topicId: bundle.topic.id,
          title: bundle.topic.title,
          closesAt: bundle.vote.closesAt,
          eligible,
          voted,
          turnout: eligible === 0 ? null : Math.round((voted / eligible) * 1000) / 1000,
        },
      ];
    });
    return c.json(
      {
        communityId,
        from,
        to,
        generatedAt: now,
        ...withDisputeLines(
          caseFigures({ open, finished, created, departments }, now),
          // Other staff see disputes as counts only; their lines are for supervisors (and admins).
          isAdmin(user) || Boolean(settings?.supervisorIds.includes(user.id)),
        ),
        today: {
          date: today,
          windowAppointments: liveAppointments.length,
          windowAttended: liveAppointments.filter((a) => a.checkedInAt !== null).length,
          legalConsultations: consultations.filter((b) => b.status === "confirmed").length,
        },
        votes,
      },
      200,
    );
  });

function settingsView(
  deps: AppEnv["Variables"]["deps"],
  communityId: string,
  settings: CaseSettings | null,
  users: Users,
) {
  return {
    communityId,
    supervisors: names(users, settings?.supervisorIds ?? []),
    districtAdmins: names(users, settings?.districtAdminIds ?? []),
    secondLevelAfterWorkingDays: deps.config.CASE_SECOND_LEVEL_WORKING_DAYS,
    updatedAt: settings?.updatedAt ?? null,
  };
}
