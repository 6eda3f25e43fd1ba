import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";

let stack: TestStack;
let staff: string;
let otherStaff: string;
let admin: string;

const request = (overrides: Record<string, unknown> = {}) => ({
  communityId: "huanghe-west",
  buildingId: "b3",
  unit: "2",
  room: "402",
  relation: "owner",
  realName: "测试居民",
  phone: "13912345678",
  ...overrides,
});

beforeAll(async () => {
  stack = await createTestStack();
  [staff, otherStaff, admin] = await Promise.all([
    loginAs(stack.app, "demo-staff-1"),
    loginAs(stack.app, "demo-staff-other"),
    loginAs(stack.app, "demo-admin"),
  ]);
});
afterAll(() => stack.cleanup());

describe("verification", () => {
  it("takes a resident from request to verified, with masked phone, audit, and /me updated", async () => {
    const resident = await loginAs(stack.app, "new-resident-flow");
    const filed = await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: resident,
      body: request(),
    });
    expect(filed.status).toBe(201);
    expect(filed.json.request).toMatchObject({
      status: "pending",
      buildingName: "3栋",
      candidateHouseholdId: "hh-b3-2-402",
      phoneMasked: "*******5678",
    });
    expect(filed.text).not.toContain("13912345678");
    const me = await call(stack.app, "GET", "/api/v1/me", { token: resident });
    expect(me.json.verification.status).toBe("pending");

    const queue = await call(stack.app, "GET", "/api/v1/verification-requests?status=pending", {
      token: staff,
    });
    expect(queue.status).toBe(200);
    const mine = queue.json.items.find((item: { userId: string }) => item.userId === me.json.id);
    expect(mine).toMatchObject({ realName: "测试居民", phoneMasked: "*******5678" });
    expect(queue.text).not.toMatch(/139\d{8}/);

    const verified = await call(stack.app, "POST", `/api/v1/residents/${me.json.id}/verify`, {
      token: staff,
      body: { householdId: "hh-b3-2-402", relation: "owner" },
    });
    expect(verified.status).toBe(200);
    expect(verified.json.request.status).toBe("verified");

    const after = await call(stack.app, "GET", "/api/v1/me", { token: resident });
    expect(after.json.verification.status).toBe("verified");
    expect(after.json.community).toEqual({ id: "huanghe-west", name: "黄河西路社区" });
    expect(after.json.households).toEqual([
      expect.objectContaining({
        householdId: "hh-b3-2-402",
        relation: "owner",
        address: "3栋2单元402",
        area: 132.87,
      }),
    ]);

    const audit = await call(stack.app, "GET", "/api/v1/audit?communityId=huanghe-west", { token: staff });
    expect(audit.json.items[0]).toMatchObject({
      action: "resident.verify",
      actorId: "u-demo-staff-1",
      subjectUserId: me.json.id,
      target: "hh-b3-2-402",
    });
    expect(audit.text).not.toContain("13912345678");

    const queueAfter = await call(stack.app, "GET", "/api/v1/verification-requests", { token: staff });
    expect(queueAfter.json.items.map((item: { userId: string }) => item.userId)).not.toContain(me.json.id);
  });

  it("rejects with a reason the resident sees, and lets them file again", async () => {
    const resident = await loginAs(stack.app, "new-resident-reject");
    const me = (await call(stack.app, "GET", "/api/v1/me", { token: resident })).json;
    await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: resident,
      body: request({ room: "401" }),
    });
    const rejected = await call(stack.app, "POST", `/api/v1/residents/${me.id}/reject`, {
      token: staff,
      body: { reason: "房号与登记不符" },
    });
    expect(rejected.status).toBe(200);
    const after = (await call(stack.app, "GET", "/api/v1/me", { token: resident })).json;
    expect(after.verification).toMatchObject({ status: "rejected", reason: "房号与登记不符" });
    const twice = await call(stack.app, "POST", `/api/v1/residents/${me.id}/reject`, {
      token: staff,
      body: { reason: "again" },
    });
    expect(twice.status).toBe(404);
    const again = await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: resident,
      body: request({ room: "301" }),
    });
    expect(again.status).toBe(201);
  });

  it("lets the resident withdraw a pending request, once", async () => {
    const resident = await loginAs(stack.app, "new-resident-withdraw");
    await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: resident,
      body: request({ room: "201" }),
    });
    const withdrawn = await call(stack.app, "DELETE", "/api/v1/me/verification-request", { token: resident });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json.request.status).toBe("cancelled");
    const me = (await call(stack.app, "GET", "/api/v1/me", { token: resident })).json;
    expect(me.verification.status).toBe("unverified");
    const queue = await call(stack.app, "GET", "/api/v1/verification-requests?limit=100", { token: staff });
    expect(queue.json.items.map((item: { userId: string }) => item.userId)).not.toContain(me.id);
    const again = await call(stack.app, "DELETE", "/api/v1/me/verification-request", { token: resident });
    expect(again.status).toBe(404);
  });

  it("keeps phone and ID numbers out of reasons", async () => {
    const result = await call(stack.app, "POST", "/api/v1/residents/u-demo-resident-37/reject", {
      token: staff,
      body: { reason: "请致电13812345678核实" },
    });
    expect(result.status).toBe(400);
    expect(result.json.error.details[0].path).toBe("reason");
    const resident = await loginAs(stack.app, "demo-resident-37");
    expect((await call(stack.app, "GET", "/api/v1/me", { token: resident })).json.verification.status).toBe(
      "pending",
    );
  });

  it("lets a resident whose last household was revoked move to another community", async () => {
    const resident = await loginAs(stack.app, "demo-resident-7");
    const revoked = await call(stack.app, "POST", "/api/v1/residents/u-demo-resident-7/revoke", {
      token: staff,
      body: { householdId: "hh-b1-1-401", reason: "已搬离本社区" },
    });
    expect(revoked.status).toBe(200);
    // The old community's staff can no longer attach the resident to a household without a request.
    const stale = await call(stack.app, "POST", "/api/v1/residents/u-demo-resident-7/verify", {
      token: staff,
      body: { householdId: "hh-b1-1-501", relation: "owner" },
    });
    expect(stale.status).toBe(404);
    const filed = await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: resident,
      body: request({ communityId: "changjiang-east", buildingId: "b1", unit: "1", room: "202" }),
    });
    expect(filed.status).toBe(201);
    const verified = await call(stack.app, "POST", "/api/v1/residents/u-demo-resident-7/verify", {
      token: otherStaff,
      body: { householdId: "hh-cj-b1-1-202", relation: "owner" },
    });
    expect(verified.status).toBe(200);
    const me = (await call(stack.app, "GET", "/api/v1/me", { token: resident })).json;
    expect(me.community).toEqual({ id: "changjiang-east", name: "长江东路社区" });
    expect(me.verification.status).toBe("verified");
  });

  it("revokes a household; the last one leaves the resident revoked", async () => {
    const resident = await loginAs(stack.app, "demo-resident-29");
    const result = await call(stack.app, "POST", "/api/v1/residents/u-demo-resident-29/revoke", {
      token: staff,
      body: { householdId: "hh-b2-1-502", reason: "租约到期" },
    });
    expect(result.status).toBe(200);
    const me = (await call(stack.app, "GET", "/api/v1/me", { token: resident })).json;
    expect(me.verification).toMatchObject({ status: "revoked", reason: "租约到期" });
    expect(me.households).toEqual([]);
    const again = await call(stack.app, "POST", "/api/v1/residents/u-demo-resident-29/revoke", {
      token: staff,
      body: { householdId: "hh-b2-1-502", reason: "租约到期" },
    });
    expect(again.status).toBe(404);
  });

  it("refuses bad input with field details and writes nothing", async () => {
    const resident = await loginAs(stack.app, "new-resident-bad-input");
    const bad = await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: resident,
      body: request({ phone: "12345", relation: "landlord", realName: "" }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "phone",
      "realName",
      "relation",
    ]);
    const wrongUnit = await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: resident,
      body: request({ unit: "9" }),
    });
    expect(wrongUnit.status).toBe(400);
    expect(wrongUnit.json.error.details[0].path).toBe("unit");
    const me = (await call(stack.app, "GET", "/api/v1/me", { token: resident })).json;
    expect(me.verification).toMatchObject({ status: "unverified", request: null });
  });

  it("keeps one pending request per resident under 20 simultaneous submissions", async () => {
    const resident = await loginAs(stack.app, "new-resident-race");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(stack.app, "POST", "/api/v1/me/verification-request", {
          token: resident,
          body: request({ room: `${(i % 5) + 1}01` }),
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(results.find((r) => r.status === 409)?.json.error.code).toBe("VERIFICATION_PENDING");
    const queue = await call(stack.app, "GET", "/api/v1/verification-requests?limit=100", { token: staff });
    const me = (await call(stack.app, "GET", "/api/v1/me", { token: resident })).json;
    expect(queue.json.items.filter((item: { userId: string }) => item.userId === me.id)).toHaveLength(1);
  });

  it("honours Idempotency-Key: a retry returns the first response and writes nothing new", async () => {
    const resident = await loginAs(stack.app, "new-resident-idem");
    const headers = { "Idempotency-Key": "verify-request-0001" };
    const first = await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: resident,
      body: request(),
      headers,
    });
    const retry = await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: resident,
      body: request(),
      headers,
    });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const reused = await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: resident,
      body: request({ room: "102" }),
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.json.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });
});

describe("idempotency", () => {
  it("commits the stored response with the write itself, so nothing after it can strand the key", async () => {
    const send = stack.deps.db.doc.send.bind(stack.deps.db.doc);
    let updates = 0;
    // Any write after the handler's transaction fails, as if the function died right after it.
    stack.deps.db.doc.send = (async (command: { constructor: { name: string } }) => {
      if (command.constructor.name === "UpdateCommand") {
        updates++;
        throw new Error("the container died");
      }
      return send(command as never);
    }) as typeof stack.deps.db.doc.send;
    const body = { communityId: "huanghe-west", buildingId: "b3", unit: "1", room: "701", area: 97.3 };
    const headers = { "Idempotency-Key": "create-household-b3-1-701" };
    try {
      const first = await call(stack.app, "POST", "/api/v1/households", { token: staff, body, headers });
      expect(first.status).toBe(201);
      const retry = await call(stack.app, "POST", "/api/v1/households", { token: staff, body, headers });
      expect(retry.status).toBe(201);
      expect(retry.json.household.id).toBe(first.json.household.id);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      expect(updates).toBe(0);
    } finally {
      stack.deps.db.doc.send = send;
    }
    const list = await call(
      stack.app,
      "GET",
      "/api/v1/households?communityId=huanghe-west&buildingId=b3&limit=100",
      {
        token: staff,
      },
    );
    expect(list.json.items.filter((h: { address: string }) => h.address === "3栋1单元701")).toHaveLength(1);
  });

  it("releases the key when the first attempt fails, so a corrected retry runs", async () => {
    const headers = { "Idempotency-Key": "create-household-conflict" };
    const body = { communityId: "huanghe-west", buildingId: "b1", unit: "1", room: "101", area: 70 };
    const taken = await call(stack.app, "POST", "/api/v1/households", { token: staff, body, headers });
    expect(taken.status).toBe(409);
    const again = await call(stack.app, "POST", "/api/v1/households", { token: staff, body, headers });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("HOUSEHOLD_EXISTS");
  });
});

describe("authorization", () => {
  it("refuses staff routes to a resident with 403", async () => {
    const resident = await loginAs(stack.app, "demo-resident-1");
    const checks = [
      call(stack.app, "GET", "/api/v1/verification-requests", { token: resident }),
      call(stack.app, "POST", "/api/v1/residents/u-demo-resident-36/verify", {
        token: resident,
        body: { householdId: "hh-b2-2-301", relation: "owner" },
      }),
      call(stack.app, "POST", "/api/v1/households", {
        token: resident,
        body: { communityId: "huanghe-west", buildingId: "b1", unit: "1", room: "601", area: 80 },
      }),
      call(stack.app, "GET", "/api/v1/households?communityId=huanghe-west", { token: resident }),
      call(stack.app, "GET", "/api/v1/audit?communityId=huanghe-west", { token: resident }),
    ];
    for (const result of await Promise.all(checks)) expect(result.status).toBe(403);
  });

  it("keeps staff of one community out of another (403 or 404) and changes nothing", async () => {
    const verify = await call(stack.app, "POST", "/api/v1/residents/u-demo-resident-36/verify", {
      token: otherStaff,
      body: { householdId: "hh-b2-2-301", relation: "owner" },
    });
    expect(verify.status).toBe(403);
    const ownHousehold = await call(stack.app, "POST", "/api/v1/residents/u-demo-resident-36/verify", {
      token: otherStaff,
      body: { householdId: "hh-cj-b1-1-101", relation: "owner" },
    });
    expect(ownHousehold.status).toBe(404);
    const reject = await call(stack.app, "POST", "/api/v1/residents/u-demo-resident-36/reject", {
      token: otherStaff,
      body: { reason: "not ours" },
    });
    expect(reject.status).toBe(404);
    const queue = await call(stack.app, "GET", "/api/v1/verification-requests?communityId=huanghe-west", {
      token: otherStaff,
    });
    expect(queue.status).toBe(403);
    const household = await call(stack.app, "POST", "/api/v1/households", {
      token: otherStaff,
      body: { communityId: "huanghe-west", buildingId: "b1", unit: "1", room: "601", area: 80 },
    });
    expect(household.status).toBe(403);
    const revoke = await call(stack.app, "POST", "/api/v1/residents/u-demo-resident-1/revoke", {
      token: otherStaff,
      body: { householdId: "hh-b1-1-101", reason: "not ours" },
    });
    expect(revoke.status).toBe(403);

    const resident36 = await loginAs(stack.app, "demo-resident-36");
    expect((await call(stack.app, "GET", "/api/v1/me", { token: resident36 })).json.verification.status).toBe(
      "pending",
    );
    const resident1 = await loginAs(stack.app, "demo-resident-1");
    expect((await call(stack.app, "GET", "/api/v1/me", { token: resident1 })).json.households).toHaveLength(
      1,
    );
  });

  it("lets no staff member verify their own residency: a colleague does", async () => {
    const filed = await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: staff,
      body: request({ unit: "1", room: "101", realName: "刘敏" }),
    });
    expect(filed.status).toBe(201);
    const householdId = filed.json.request.candidateHouseholdId as string;
    const self = await call(stack.app, "POST", "/api/v1/residents/u-demo-staff-1/verify", {
      token: staff,
      body: { householdId, relation: "owner" },
    });
    expect(self.status).toBe(403);
    expect(self.json.error.code).toBe("CANNOT_VERIFY_SELF");
    expect((await call(stack.app, "GET", "/api/v1/me", { token: staff })).json.verification.status).toBe(
      "pending",
    );
    const colleague = await loginAs(stack.app, "demo-staff-2");
    const verified = await call(stack.app, "POST", "/api/v1/residents/u-demo-staff-1/verify", {
      token: colleague,
      body: { householdId, relation: "owner" },
    });
    expect(verified.status).toBe(200);
  });

  it("lets the admin act in any community", async () => {
    const result = await call(stack.app, "GET", "/api/v1/verification-requests?communityId=changjiang-east", {
      token: admin,
    });
    expect(result.status).toBe(200);
  });
});

describe("paging", () => {
  it("pages households in address order with an opaque cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/v1/households?communityId=huanghe-west&buildingId=b2&limit=7${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await call(stack.app, "GET", query, { token: staff });
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((h: { address: string }) => h.address));
      cursor = page.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
    expect(seen[0]).toBe("2栋1单元101");
    expect(seen.at(-1)).toBe("2栋2单元502");
  });

  it("refuses a forged or foreign cursor with 400 instead of a database error", async () => {
    const forged = Buffer.from(JSON.stringify({ x: 1 })).toString("base64url");
    const first = await call(
      stack.app,
      "GET",
      "/api/v1/households?communityId=huanghe-west&buildingId=b2&limit=2",
      {
        token: staff,
      },
    );
    const otherBuilding = first.json.nextCursor;
    const checks = [
      `/api/v1/households?communityId=huanghe-west&cursor=${forged}`,
      "/api/v1/households?communityId=huanghe-west&cursor=not-base64-json",
      `/api/v1/households?communityId=huanghe-west&buildingId=b1&cursor=${otherBuilding}`,
      `/api/v1/audit?communityId=huanghe-west&cursor=${forged}`,
      `/api/v1/verification-requests?cursor=${otherBuilding}`,
    ];
    for (const path of checks) {
      const result = await call(stack.app, "GET", path, { token: staff });
      expect(result.status, path).toBe(400);
      expect(result.json.error.code).toBe("VALIDATION_FAILED");
    }
  });
});

describe("households", () => {
  it("creates one household per address, even under 15 simultaneous creations", async () => {
    const body = { communityId: "huanghe-west", buildingId: "b1", unit: "2", room: "601", area: 88.456 };
    const results = await Promise.all(
      Array.from({ length: 15 }, () => call(stack.app, "POST", "/api/v1/households", { token: staff, body })),
    );
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 409).every((r) => r.json.error.code === "HOUSEHOLD_EXISTS"),
    ).toBe(true);
    expect(created[0]?.json.household).toMatchObject({ address: "1栋2单元601", area: 88.46 });
    const list = await call(
      stack.app,
      "GET",
      "/api/v1/households?communityId=huanghe-west&buildingId=b1&limit=100",
      { token: staff },
    );
    expect(
      list.json.items.filter((h: { room: string; unit: string }) => h.unit === "2" && h.room === "601"),
    ).toHaveLength(1);
  });

  it("lets staff verify the pending resident who named a new address once the household exists", async () => {
    const queue = await call(stack.app, "GET", "/api/v1/verification-requests", { token: staff });
    const pending38 = queue.json.items.find(
      (item: { userId: string }) => item.userId === "u-demo-resident-38",
    );
    expect(pending38.candidateHouseholdId).toBeNull();
    const list = await call(
      stack.app,
      "GET",
      "/api/v1/households?communityId=huanghe-west&buildingId=b1&limit=100",
      { token: staff },
    );
    const household = list.json.items.find(
      (h: { unit: string; room: string }) => h.unit === "2" && h.room === "601",
    );
    const verified = await call(stack.app, "POST", "/api/v1/residents/u-demo-resident-38/verify", {
      token: staff,
      body: { householdId: household.id, relation: "owner" },
    });
    expect(verified.status).toBe(200);
  });

  it("refuses a unit the building lacks, a bad area, and edits with history in the audit log", async () => {
    const noUnit = await call(stack.app, "POST", "/api/v1/households", {
      token: staff,
      body: { communityId: "huanghe-west", buildingId: "b1", unit: "7", room: "101", area: 70 },
    });
    expect(noUnit.status).toBe(404);
    const badArea = await call(stack.app, "POST", "/api/v1/households", {
      token: staff,
      body: { communityId: "huanghe-west", buildingId: "b1", unit: "1", room: "701", area: -3 },
    });
    expect(badArea.status).toBe(400);
    expect(badArea.json.error.details[0].path).toBe("area");

    const edited = await call(stack.app, "PATCH", "/api/v1/households/hh-b1-1-501", {
      token: staff,
      body: { area: 69.01 },
    });
    expect(edited.status).toBe(200);
    expect(edited.json.household.area).toBe(69.01);
    const clash = await call(stack.app, "PATCH", "/api/v1/households/hh-b1-1-501", {
      token: staff,
      body: { room: "502" },
    });
    expect(clash.status).toBe(409);
    const audit = await call(stack.app, "GET", "/api/v1/audit?communityId=huanghe-west&limit=5", {
      token: staff,
    });
    expect(audit.json.items.find((e: { action: string }) => e.action === "household.update")).toMatchObject({
      target: "hh-b1-1-501",
      details: { fromArea: 68.52, toArea: 69.01 },
    });
  });
});
