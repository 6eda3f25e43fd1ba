import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { runJobs } from "../jobs/run.js";

let stack: TestStack;
const tokens: Record<string, string> = {};
const MONDAY = "2026-11-23T02:00:00.000Z"; // 10:00 in Shanghai

beforeAll(async () => {
  stack = await createTestStack();
  stack.clock.set(MONDAY);
  for (const openid of ["demo-resident-1", "demo-resident-2", "demo-staff-1", "demo-handler-1", "demo-admin"])
    tokens[openid] = await loginAs(stack.app, openid);
});
afterAll(() => stack.cleanup());

const post = (who: string, path: string, body?: unknown) =>
  call(stack.app, "POST", `/api/v1${path}`, { token: tokens[who], body });
const get = (who: string, path: string) => call(stack.app, "GET", `/api/v1${path}`, { token: tokens[who] });

describe("a report from submission to rating", () => {
  it("goes through dispatch, escalation, resolution and one reopen", async () => {
    const created = await post("demo-resident-1", "/reports", {
      category: "public_facilities",
      description: "路灯坏了三天，晚上很黑",
      location: { buildingId: "b1", unit: "1", address: "" },
    });
    expect(created.status).toBe(201);
    const report = created.json.report;
    expect(report.number).toMatch(/^HX-20261123-\d{4}$/);
    expect(report.status).toBe("submitted");
    const id = report.id as string;

    expect((await post("demo-handler-1", `/reports/${id}/resolve`, { text: "已修好" })).status).toBe(404);
    expect((await post("demo-staff-1", `/reports/${id}/resolve`, { text: "已修好" })).json.error.code).toBe(
      "CASE_NOT_DISPATCHED",
    );
    const dispatched = await post("demo-staff-1", `/reports/${id}/dispatch`, {
      departmentId: "dept-urban",
      dueWorkingDays: 1,
    });
    expect(dispatched.status).toBe(200);
    expect(dispatched.json.report.dueDate).toBe("2026-11-24");
    expect((await get("demo-handler-1", `/reports/${id}`)).status).toBe(200);

    stack.clock.set("2026-11-25T02:00:00.000Z");
    const [first, second] = await Promise.all([runJobs(stack.deps), runJobs(stack.deps)]);
    const reports = [first, second].map((run) => run.jobs.find((j) => j.name === "case-escalation"));
    expect(reports.map((r) => r?.error ?? null)).toEqual([null, null]);
    const lit = reports.map((r) => r?.result);
    expect(lit.map((r) => (r as { lit: number }).lit).sort()).toEqual([0, 1]);
    const seen = await get("demo-staff-1", `/reports/${id}`);
    expect(seen.json.report.overdue).toBe(true);
    expect(seen.json.report.escalationLevel).toBe(1);

    const center = await get("demo-staff-1", "/command-center");
    expect(center.status).toBe(200);
    expect(center.json.overdue.map((c: { id: string }) => c.id)).toContain(id);

    expect((await post("demo-handler-1", `/reports/${id}/resolve`, { text: "已更换灯泡" })).status).toBe(200);
    const reopened = await post("demo-resident-1", `/reports/${id}/rating`, {
      satisfied: false,
      comment: "又坏了",
    });
    expect(reopened.json.report.status).toBe("dispatched");
    expect((await post("demo-handler-1", `/reports/${id}/resolve`, { text: "更换了线路" })).status).toBe(200);
    const closed = await post("demo-resident-1", `/reports/${id}/rating`, { satisfied: false });
    expect(closed.json.report.status).toBe("closed");
    expect((await post("demo-resident-1", `/reports/${id}/rating`, { satisfied: true })).status).toBe(409);
  });
});
