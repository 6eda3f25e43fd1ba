import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import {
  describeDiff,
  diffSnapshots,
  isEmptyDiff,
  snapshotTable,
} from "../../../test/setup/table-snapshot.js";
import { getItem } from "../db/items.js";
import { keys } from "../db/keys.js";

let stack: TestStack;
const tokens: Record<string, string> = {};
const STAFF = "demo-staff-1";
const MONDAY = "2026-11-23T02:00:00.000Z";

beforeAll(async () => {
  stack = await createTestStack();
  stack.clock.set(MONDAY);
  for (const openid of [
    "demo-resident-1",
    "demo-resident-29",
    "demo-resident-30",
    STAFF,
    "demo-staff-2",
    "demo-staff-other",
    "demo-handler-1",
    "demo-admin",
  ])
    tokens[openid] = await loginAs(stack.app, openid);
});
afterAll(() => stack.cleanup());

const send = (method: string, who: string, path: string, body?: unknown) =>
  call(stack.app, method, `/api/v1${path}`, { token: tokens[who], body });
const codeOf = async (result: ReturnType<typeof send>) => {
  const done = await result;
  return [done.status, done.json?.error?.code];
};
const pathsOf = async (result: ReturnType<typeof send>) => {
  const done = await result;
  expect(done.status, done.text).toBe(400);
  return (done.json.error.details as { path: string }[]).map((d) => d.path);
};
const deskOf = async (who: string) => {
  const me = await send("GET", who, "/me");
  expect(me.status, me.text).toBe(200);
  return me.json.caseDesk as {
    departments: { communityId: string; id: string; name: string }[];
    supervisorOf: string[];
  };
};
const pointer = (userId: string, departmentId: string) =>
  getItem(stack.deps.db, keys.handlerOf(userId, "huanghe-west", departmentId), true);

const department = (overrides: Record<string, unknown> = {}) => ({
  name: "区园林绿化所",
  kind: "other",
  contacts: [{ name: "周工", title: "所长", phone: "0371-6556 0099" }],
  handlerIds: ["u-demo-resident-29"],
  ...overrides,
});

describe("departments", () => {
  it("gives each handler a pointer that /me shows, moves it with the handlers, drops it while inactive", async () => {
    const created = await send("POST", STAFF, "/departments", department());
    expect(created.status, created.text).toBe(201);
    const dept = created.json.department;
    expect(dept).toMatchObject({
      communityId: "huanghe-west",
      name: "区园林绿化所",
      active: true,
      handlers: [{ id: "u-demo-resident-29", name: expect.any(String) }],
    });
    expect(await pointer("u-demo-resident-29", dept.id)).not.toBeNull();
    expect((await deskOf("demo-resident-29")).departments).toEqual([
      { communityId: "huanghe-west", id: dept.id, name: "区园林绿化所" },
    ]);

    const moved = await send(
      "PUT",
      STAFF,
      `/departments/${dept.id}`,
      department({ handlerIds: ["u-demo-resident-30"] }),
    );
    expect(moved.status, moved.text).toBe(200);
    expect(await pointer("u-demo-resident-29", dept.id)).toBeNull();
    expect((await deskOf("demo-resident-29")).departments).toEqual([]);
    expect((await deskOf("demo-resident-30")).departments.map((d) => d.id)).toEqual([dept.id]);

    const off = await send(
      "PUT",
      STAFF,
      `/departments/${dept.id}`,
      department({ handlerIds: ["u-demo-resident-30"], active: false }),
    );
    expect(off.status, off.text).toBe(200);
    expect(off.json.department.active).toBe(false);
    expect(await pointer("u-demo-resident-30", dept.id)).toBeNull();
    expect((await deskOf("demo-resident-30")).departments).toEqual([]);
    const listed = (await send("GET", STAFF, "/departments")).json.departments as {
      id: string;
      active: boolean;
    }[];
    expect(listed.at(-1)).toMatchObject({ id: dept.id, active: false });
    // Nothing is dispatched to an inactive department.
    const report = await send("POST", "demo-resident-1", "/reports", {
      category: "environment_sanitation",
      description: "绿化带杂草丛生无人修剪",
      location: { address: "小区南门绿化带" },
    });
    expect(report.status, report.text).toBe(201);
    expect(
      await pathsOf(
        send("POST", STAFF, `/reports/${report.json.report.id}/dispatch`, {
          departmentId: dept.id,
          dueWorkingDays: 3,
        }),
      ),
    ).toEqual(["departmentId"]);

    const on = await send(
      "PUT",
      STAFF,
      `/departments/${dept.id}`,
      department({ handlerIds: ["u-demo-resident-30"], active: true }),
    );
    expect(on.status, on.text).toBe(200);
    expect(await pointer("u-demo-resident-30", dept.id)).not.toBeNull();
    expect((await deskOf("demo-resident-30")).departments.map((d) => d.id)).toEqual([dept.id]);
  });

  it("renames the department on its handlers' desks too", async () => {
    const created = await send("POST", STAFF, "/departments", department({ name: "区市政维修队" }));
    expect(created.status, created.text).toBe(201);
    const id = created.json.department.id as string;
    const renamed = await send(
      "PUT",
      STAFF,
      `/departments/${id}`,
      department({ name: "区市政设施维修中心" }),
    );
    expect(renamed.status, renamed.text).toBe(200);
    expect((await deskOf("demo-resident-29")).departments).toContainEqual({
      communityId: "huanghe-west",
      id,
      name: "区市政设施维修中心",
    });
    expect((await deskOf("demo-resident-29")).departments.map((d) => d.name)).not.toContain("区市政维修队");
  });

  it("refuses unknown or repeated handler ids by field, and writes nothing", async () => {
    const before = await snapshotTable(stack.deps.db);
    expect(
      await pathsOf(send("POST", STAFF, "/departments", department({ handlerIds: ["u-nobody"] }))),
    ).toEqual(["handlerIds.0"]);
    expect(
      await pathsOf(
        send(
          "PUT",
          STAFF,
          "/departments/dept-urban",
          department({ handlerIds: ["u-demo-handler-1", "u-ghost"] }),
        ),
      ),
    ).toEqual(["handlerIds.1"]);
    expect(
      await pathsOf(
        send(
          "POST",
          STAFF,
          "/departments",
          department({ handlerIds: ["u-demo-resident-29", "u-demo-resident-29"] }),
        ),
      ),
    ).toEqual(["handlerIds"]);
    expect(await codeOf(send("POST", "demo-resident-1", "/departments", department()))).toEqual([
      403,
      "STAFF_ONLY",
    ]);
    expect(await codeOf(send("PUT", "demo-handler-1", "/departments/dept-urban", department()))).toEqual([
      403,
      "STAFF_ONLY",
    ]);
    // Staff who are not the community's case supervisors do not decide who reads its cases.
    expect(await codeOf(send("PUT", "demo-staff-2", "/departments/dept-urban", department()))).toEqual([
      403,
      "NOT_SUPERVISOR",
    ]);
    expect(await codeOf(send("POST", "demo-staff-2", "/departments", department()))).toEqual([
      403,
      "NOT_SUPERVISOR",
    ]);
    // Another community's staff (no supervisor there either).
    expect(await codeOf(send("PUT", "demo-staff-other", "/departments/dept-urban", department()))).toEqual([
      403,
      "NOT_SUPERVISOR",
    ]);
    expect(
      await codeOf(
        send(
          "PUT",
          "demo-staff-other",
          "/departments/dept-urban",
          department({ communityId: "huanghe-west" }),
        ),
      ),
    ).toEqual([403, "NOT_STAFF_OF_COMMUNITY"]);
    expect(await codeOf(send("GET", "demo-resident-1", "/departments"))).toEqual([403, "STAFF_ONLY"]);
    const diff = diffSnapshots(before, await snapshotTable(stack.deps.db));
    expect(isEmptyDiff(diff), describeDiff(diff)).toBe(true);
  });

  it("shows the demo handler's two departments on /me", async () => {
    expect((await deskOf("demo-handler-1")).departments.map((d) => d.id).sort()).toEqual([
      "dept-property",
      "dept-urban",
    ]);
    expect((await deskOf("demo-handler-1")).supervisorOf).toEqual([]);
  });
});

describe("case settings", () => {
  it("are read by staff and changed by the district admin only; /me tells who supervises", async () => {
    const read = await send("GET", "demo-staff-2", "/cases/settings");
    expect(read.status, read.text).toBe(200);
    expect(read.json.settings).toMatchObject({
      communityId: "huanghe-west",
      supervisors: [{ id: "u-demo-staff-1", name: "刘敏" }],
      districtAdmins: [{ id: "u-demo-admin", name: "系统管理员" }],
      secondLevelAfterWorkingDays: 2,
    });
    expect(await codeOf(send("GET", "demo-resident-1", "/cases/settings"))).toEqual([403, "STAFF_ONLY"]);
    expect((await deskOf(STAFF)).supervisorOf).toEqual(["huanghe-west"]);
    expect((await deskOf("demo-staff-2")).supervisorOf).toEqual([]);

    const change = {
      supervisorIds: ["u-demo-staff-1", "u-demo-staff-2"],
      districtAdminIds: ["u-demo-admin"],
    };
    expect(await codeOf(send("PUT", STAFF, "/cases/settings", change))).toEqual([403, "ADMIN_ONLY"]);
    expect(await codeOf(send("PUT", "demo-resident-1", "/cases/settings", change))).toEqual([
      403,
      "ADMIN_ONLY",
    ]);
    expect(await pathsOf(send("PUT", "demo-admin", "/cases/settings", change))).toEqual(["communityId"]);
    expect(
      await codeOf(
        send("PUT", "demo-admin", "/cases/settings", { ...change, communityId: "no-such-community" }),
      ),
    ).toEqual([404, "COMMUNITY_NOT_FOUND"]);
    expect(
      await pathsOf(
        send("PUT", "demo-admin", "/cases/settings", {
          ...change,
          communityId: "huanghe-west",
          supervisorIds: ["u-ghost"],
        }),
      ),
    ).toEqual(["supervisorIds.0"]);
    expect(
      await pathsOf(
        send("PUT", "demo-admin", "/cases/settings", {
          communityId: "huanghe-west",
          supervisorIds: ["u-demo-staff-1"],
          districtAdminIds: ["u-demo-admin", "u-ghost"],
        }),
      ),
    ).toEqual(["districtAdminIds.1"]);
    expect(await codeOf(send("GET", "demo-staff-2", "/disputes"))).toEqual([403, "DISPUTES_PRIVATE"]);

    const saved = await send("PUT", "demo-admin", "/cases/settings", {
      ...change,
      communityId: "huanghe-west",
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.settings.supervisors.map((s: { id: string }) => s.id)).toEqual([
      "u-demo-staff-1",
      "u-demo-staff-2",
    ]);
    expect((await deskOf("demo-staff-2")).supervisorOf).toEqual(["huanghe-west"]);
    expect((await send("GET", "demo-staff-2", "/disputes")).status).toBe(200);
  });
});
