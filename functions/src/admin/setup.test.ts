import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createTestStack,
  localEndpoint,
  loginAs,
  type TestStack,
} from "../../../test/setup/harness.js";
import { buildAudit, listCommunityAudit } from "../audit/repo.js";
import { getHousehold, updateHousehold } from "../community/repo.js";
import { repoRoot } from "../db/dynamodb-local.js";
import { scanAll } from "../db/items.js";
import { keys } from "../db/keys.js";
import { getLawyer } from "../legal/repo.js";
import { getUser, getUserIdByOpenid } from "../users/repo.js";
import { type CliIo, main } from "./cli.js";
import { householdIdOf, parseCommunityFile, readCommunityFile } from "./community-file.js";
import {
  applyCreate,
  applyRolePlan,
  findUsers,
  planCreate,
  planGrant,
  planIsUnchanged,
  planRevoke,
  type SetupContext,
  summarizeCommunities,
} from "./setup.js";

const EXAMPLE = join(repoRoot, "infra/community.example.json");
const COMMUNITY = "wenhua-north";

let stack: TestStack;
let ctx: SetupContext;

/** Runs the command line against the test table; returns its exit status and what it printed. */
async function run(argv: string[], files: Record<string, string> = {}, answer = false, on?: TestStack) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    confirm: async (question) => {
      asked.push(question);
      return answer;
    },
    readFile: async (path) => files[path] ?? readFile(path, "utf8"),
    env: {},
    username: "tester",
  };
  const table = (on ?? stack).deps.db.tableName;
  const status = await main([...argv, "--table", table, "--endpoint", localEndpoint()], io);
  return { status, out: out.join("\n"), err: err.join("\n"), asked };
}

/** Every item in the test table (a Scan: tests only), to prove what a run did or did not write. */
async function tableSnapshot(on: TestStack = stack): Promise<string[]> {
  return (await scanAll(on.deps.db)).map((item) => `${item.PK} ${item.SK}`).sort();
}

beforeAll(async () => {
  // An empty table, as a freshly deployed stage starts.
  stack = await createTestStack({ seed: false });
  ctx = { db: stack.deps.db, clock: stack.clock, newId: stack.deps.newId, actor: "operator:tester" };
});
afterAll(() => stack.cleanup());

describe("the community file", () => {
  it("expands the example: compact buildings by floor and room, and an explicit list", async () => {
    const read = parseCommunityFile(await readFile(EXAMPLE, "utf8"));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const [b1, , b3, shop] = read.definition.buildings;
    expect(b1).toMatchObject({ id: "b1", name: "1栋", units: ["1", "2"] });
    expect(b1?.households).toHaveLength(24);
    expect(b1?.households.slice(0, 3)).toEqual([
      { id: "hh-wenhua-north_b1_1_101", unit: "1", room: "101", area: 89.36, path: "buildings.0" },
      { id: "hh-wenhua-north_b1_1_102", unit: "1", room: "102", area: 76.12, path: "buildings.0" },
      { id: "hh-wenhua-north_b1_1_201", unit: "1", room: "201", area: 89.36, path: "buildings.0" },
    ]);
    // 18 floors from the 2nd, 4 rooms each: 201 … 1804.
    expect(b3?.households).toHaveLength(68);
    expect(b3?.households[0]?.room).toBe("201");
    expect(b3?.households.at(-1)).toMatchObject({ room: "1804", area: 118.5 });
    expect(shop).toMatchObject({ id: "b-shop", name: "沿街商住楼", units: ["1"] });
    expect(shop?.households.map((h) => h.room)).toEqual(["201", "202", "301"]);
  });

  it("lists every problem with its path", () => {
    const read = parseCommunityFile(
      JSON.stringify({
        community: { id: "bad id", name: "", district: "金水区", street: "丰产路街道", address: "x" },
        buildings: [
          { building: "1栋", units: 2, floors: 6, roomsPerFloor: 2, area: [89.5] },
          { building: "1栋", units: ["1", "1"], floors: 3 },
          { building: "商业楼", units: 1, households: [{ unit: "1", room: "101", area: 50 }] },
          { building: "5栋", units: ["1"], households: [{ unit: "2", room: "1 01", area: -3 }] },
          {
            building: "6栋",
            units: 1,
            households: [
              { unit: "1", room: "101", area: 60 },
              { unit: "1", room: "101", area: 60 },
            ],
          },
        ],
      }),
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems).toEqual(
      expect.arrayContaining([
        { path: "community.id", message: "1–24 letters, digits, '_' or '-'" },
        expect.objectContaining({ path: "community.name" }),
        { path: "community", message: 'Unrecognized key: "address"' },
        expect.objectContaining({
          path: "buildings.0.area",
          message: expect.stringContaining("1 areas for 2 rooms"),
        }),
        expect.objectContaining({
          path: "buildings.1.building",
          message: expect.stringContaining("also buildings.0"),
        }),
        expect.objectContaining({
          path: "buildings.1.id",
          message: expect.stringContaining("also buildings.0"),
        }),
        expect.objectContaining({ path: "buildings.1.roomsPerFloor" }),
        expect.objectContaining({ path: "buildings.1.area" }),
        { path: "buildings.1.units", message: "A unit is listed twice" },
        expect.objectContaining({ path: "buildings.2.id", message: expect.stringContaining("Give an id") }),
        { path: "buildings.3.households.0.room", message: "Room is 1–8 letters, digits or '-'" },
        { path: "buildings.3.households.0.area", message: "Area must be greater than 0" },
        expect.objectContaining({
          path: "buildings.4.households.1.room",
          message: expect.stringContaining("listed twice"),
        }),
      ]),
    );
    expect(parseCommunityFile("{ not json")).toMatchObject({
      ok: false,
      problems: [{ path: "(file)", message: expect.stringContaining("Not valid JSON") }],
    });
  });

  it("gives different addresses different household ids, though building ids and rooms hold '-'", () => {
    // 1栋2单元3-101 and 12栋3单元101 were both hh-c1-b1-2-3-101.
    const read = parseCommunityFile(
      JSON.stringify({
        community: { id: "c1", name: "测试社区", district: "金水区", street: "文化路街道" },
        buildings: [
          { id: "b1", building: "1栋", units: ["2"], households: [{ unit: "2", room: "3-101", area: 80 }] },
          { id: "b1-2", building: "12栋", units: ["3"], households: [{ unit: "3", room: "101", area: 90 }] },
        ],
      }),
    );
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.definition.buildings.flatMap((b) => b.households.map((h) => h.id))).toEqual([
      "hh-c1_b1_2_3-101",
      "hh-c1_b1-2_3_101",
    ]);
  });

  it("household ids read back as the address they were made from, within the API's 64-character ids", () => {
    // The characters the file allows in community ids, building ids, units and rooms.
    const parts = fc.tuple(
      fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/),
      fc.stringMatching(/^[A-Za-z0-9-]{1,16}$/),
      fc.stringMatching(/^[0-9A-Za-z]{1,4}$/),
      fc.stringMatching(/^[0-9A-Z-]{1,8}$/),
    );
    fc.assert(
      fc.property(parts, ([community, building, unit, room]) => {
        const id = householdIdOf(community, building, unit, room);
        expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
        const rest = id.slice("hh-".length).split("_");
        const [r, u, b] = [rest.pop(), rest.pop(), rest.pop()];
        expect([rest.join("_"), b, u, r]).toEqual([community, building, unit, room]);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses two addresses with one household id, naming both paths", () => {
    // The scheme before `_` separated the parts: the file of the test above gave one id twice.
    const dashed = (community: string, building: string, unit: string, room: string) =>
      `hh-${community}-${building}-${unit}-${room}`;
    const read = readCommunityFile(
      {
        community: { id: "c1", name: "测试社区", district: "金水区", street: "文化路街道" },
        buildings: [
          { id: "b1", building: "1栋", units: ["2"], households: [{ unit: "2", room: "3-101", area: 80 }] },
          { id: "b1-2", building: "12栋", units: 3, floors: 1, roomsPerFloor: 1, area: 90 },
        ],
      },
      dashed,
    );
    expect(read).toEqual({
      ok: false,
      problems: [
        {
          path: "buildings.1",
          message:
            "Household id hh-c1-b1-2-3-101 of buildings.1 (12栋3单元101) is also that of buildings.0.households.0 (1栋2单元3-101)",
        },
      ],
    });
  });

  it("refuses building ids with '_', the household ids' separator", () => {
    const read = parseCommunityFile(
      JSON.stringify({
        community: { id: "c_1", name: "测试社区", district: "金水区", street: "文化路街道" },
        buildings: [{ id: "b_1", building: "1栋", units: 1, floors: 1, roomsPerFloor: 1, area: 80 }],
      }),
    );
    expect(read).toEqual({
      ok: false,
      problems: [{ path: "buildings.0.id", message: "1–16 letters, digits or '-'" }],
    });
  });

  it("refuses community ids starting with '_' (the deployment's audit log)", () => {
    const read = parseCommunityFile(
      JSON.stringify({
        community: { id: "_deployment", name: "测试社区", district: "金水区", street: "文化路街道" },
        buildings: [{ building: "1栋", units: 1, floors: 1, roomsPerFloor: 1, area: 80 }],
      }),
    );
    expect(read).toEqual({
      ok: false,
      problems: [
        {
          path: "community.id",
          message:
            "Must not start with '_': such ids are reserved (_deployment is the deployment's audit log)",
        },
      ],
    });
  });
});

describe("create", () => {
  it("refuses a bad file with every error listed and writes nothing", async () => {
    const before = await tableSnapshot();
    const bad = JSON.stringify({
      community: { id: COMMUNITY, name: "文化北路社区", district: "金水区" },
      buildings: [
        { building: "1栋", units: 2, floors: 6, roomsPerFloor: 2, area: 0 },
        { building: "2栋", units: ["1"], households: [{ unit: "3", room: "101", area: 80 }] },
      ],
    });
    const result = await run(["create", "--file", "bad.json"], { "bad.json": bad });
    expect(result.status).toBe(1);
    expect(result.err).toContain("bad.json: 3 problems; nothing was written.");
    expect(result.err).toContain("community.street:");
    expect(result.err).toContain("buildings.0.area: Area must be greater than 0");
    expect(result.err).toContain("buildings.1.households.0.unit: Not a unit of this building (1)");
    expect(await tableSnapshot()).toEqual(before);
  });

  it("dry run prints the plan and writes nothing", async () => {
    const result = await run(["create", "--file", EXAMPLE, "--dry-run"]);
    expect(result.status).toBe(0);
    expect(result.out).toContain("Community wenhua-north 文化北路社区 · 金水区 文化路街道: create");
    expect(result.out).toContain("3栋 (b3), unit 1: create · 68 households to create");
    expect(result.out).toContain("To write: the community (create), 4 buildings, 119 households.");
    expect(result.out).toContain("Dry run: nothing was written.");
    expect(await tableSnapshot()).toEqual([]);
  });

  it("creates the community from the example; a resident's verification request matches a created household", async () => {
    const result = await run(["create", "--file", EXAMPLE]);
    expect(result.err).toBe("");
    expect(result.status).toBe(0);
    expect(result.out).toContain(
      "Done: community created, 4 buildings, 119 households written, with 10 audit entries as operator:tester.",
    );
    expect(result.out).toContain("no acceptance center yet");
    expect(result.out).toContain("no lawyer yet");

    const resident = await loginAs(stack.app, "wx-resident-wang");
    const communities = await call(stack.app, "GET", "/api/v1/communities", { token: resident });
    expect(communities.json.communities).toEqual([
      { id: COMMUNITY, name: "文化北路社区", district: "金水区", street: "文化路街道" },
    ]);
    const buildings = await call(stack.app, "GET", `/api/v1/communities/${COMMUNITY}/buildings`, {
      token: resident,
    });
    expect(buildings.json.buildings).toEqual([
      { id: "b-shop", name: "沿街商住楼", units: ["1"] },
      { id: "b1", name: "1栋", units: ["1", "2"] },
      { id: "b2", name: "2栋", units: ["1", "2"] },
      { id: "b3", name: "3栋", units: ["1"] },
    ]);
    const filed = await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: resident,
      body: {
        communityId: COMMUNITY,
        buildingId: "b3",
        unit: "1",
        room: "1804",
        relation: "owner",
        realName: "王建华",
        phone: "13912345678",
      },
    });
    expect(filed.status).toBe(201);
    expect(filed.json.request).toMatchObject({
      buildingName: "3栋",
      candidateHouseholdId: "hh-wenhua-north_b3_1_1804",
    });

    const audit = await listCommunityAudit(stack.deps.db, COMMUNITY, 20);
    expect(audit.items.map((entry) => entry.action).sort()).toEqual([
      "building.create",
      "building.create",
      "building.create",
      "building.create",
      "community.create",
      "household.import",
      "household.import",
      "household.import",
      "household.import",
      "household.import",
    ]);
    expect(audit.items.every((e) => e.actorId === "operator:tester" && e.actorRole === "operator")).toBe(
      true,
    );
    // 68 households of 3栋 in two transactions, each with one audit entry.
    const b3 = audit.items.filter((e) => e.target === "b3" && e.action === "household.import");
    expect(b3.map((e) => e.details).sort((a, b) => Number(b.count) - Number(a.count))).toEqual([
      { count: 49, first: "3栋1单元201", last: "3栋1单元1401" },
      { count: 19, first: "3栋1单元1402", last: "3栋1单元1804" },
    ]);
  });

  it("run again with the same file: unchanged, nothing written", async () => {
    const before = await tableSnapshot();
    const result = await run(["create", "--file", EXAMPLE]);
    expect(result.status).toBe(0);
    expect(result.out).toContain("Community wenhua-north 文化北路社区 · 金水区 文化路街道: unchanged");
    expect(result.out).toContain("1栋 (b1), units 1, 2: unchanged · 24 households unchanged");
    expect(result.out).toContain(
      "Unchanged: the table already holds everything in the file. Nothing was written.",
    );
    expect(await tableSnapshot()).toEqual(before);
  });

  it("adds only a new building and a new unit; keeps what the file leaves out; refuses a rename", async () => {
    const example = JSON.parse(await readFile(EXAMPLE, "utf8"));
    const edited = {
      ...example,
      buildings: [
        // 1栋 gains a third unit; 2栋 is left out of the file; the shop building stays as it is.
        { ...example.buildings[0], units: 3 },
        example.buildings[2],
        example.buildings[3],
        { building: "4栋", units: 1, floors: 2, roomsPerFloor: 2, area: 70 },
      ],
    };
    const before = await tableSnapshot();
    const read = parseCommunityFile(JSON.stringify(edited));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const plan = await planCreate(ctx, read.definition);
    expect(plan.buildings.map((b) => [b.id, b.action, b.create.length])).toEqual([
      ["b1", "add-units", 12],
      ["b3", "unchanged", 0],
      ["b-shop", "unchanged", 0],
      ["b4", "create", 4],
    ]);
    expect(plan.kept).toEqual({ buildings: ["2栋 (b2)"], households: 24 });
    await applyCreate(ctx, plan);
    const after = await tableSnapshot();
    expect(before.every((key) => after.includes(key))).toBe(true);
    expect(after.filter((key) => key.startsWith("HOUSEHOLD#"))).toHaveLength(119 + 16);
    const b1 = await call(stack.app, "GET", `/api/v1/communities/${COMMUNITY}/buildings`, {
      token: await loginAs(stack.app, "wx-resident-wang"),
    });
    expect(b1.json.buildings.find((b: { id: string }) => b.id === "b1").units).toEqual(["1", "2", "3"]);

    const renamed = parseCommunityFile(
      JSON.stringify({ ...example, buildings: [{ ...example.buildings[0], id: "b1", building: "一栋" }] }),
    );
    if (!renamed.ok) throw new Error("renamed file should parse");
    const refused = await planCreate(ctx, renamed.definition);
    expect(refused.problems).toEqual([
      {
        path: "buildings.0.building",
        message: "Building b1 is stored as 1栋; renaming is not supported (its households carry the name)",
      },
    ]);
    await expect(applyCreate(ctx, refused)).rejects.toThrow("conflicts");
    expect(planIsUnchanged(await planCreate(ctx, read.definition))).toBe(true);
  });
});

describe("grant and revoke", () => {
  let staffToken: string;
  let staffId: string;

  beforeAll(async () => {
    // A second community, to show staff rights stop at their own.
    const other = JSON.stringify({
      community: { id: "other-one", name: "长江东路社区", district: "金水区", street: "丰产路街道" },
      buildings: [{ building: "1栋", units: 1, floors: 1, roomsPerFloor: 2, area: 80 }],
    });
    expect((await run(["create", "--file", "other.json"], { "other.json": other })).status).toBe(0);
    staffToken = await loginAs(stack.app, "wx-new-staff");
    staffId = (await getUserIdByOpenid(stack.deps.db, "wx-new-staff")) as string;
  });

  it("a user who never logged in cannot be granted anything", async () => {
    const result = await run(["grant", "--openid", "wx-nobody", "--role", "staff", "--community", COMMUNITY]);
    expect(result.status).toBe(1);
    expect(result.err).toContain("Nobody has logged in with openid wx-nobody");
    const unknown = await run(["grant", "--user", staffId, "--role", "staff", "--community", "nowhere"]);
    expect(unknown.err).toContain(
      "No community nowhere. Known: wenhua-north (文化北路社区), other-one (长江东路社区).",
    );
  });

  it("refuses grant --community with a reserved id", async () => {
    const result = await run([
      "grant",
      "--openid",
      "wx-new-staff",
      "--role",
      "staff",
      "--community",
      "_deployment",
    ]);
    expect(result.status).toBe(1);
    expect(result.err).toContain(
      "No community _deployment: community ids never start with '_' (_deployment is the deployment's own audit log).",
    );
  });

  it("before the grant the new user is refused the staff routes", async () => {
    const page = await call(stack.app, "GET", `/api/v1/households?communityId=${COMMUNITY}`, {
      token: staffToken,
    });
    expect(page.status).toBe(403);
  });

  it("grant staff: their token opens the staff routes of that community only; audited; idempotent", async () => {
    const result = await run([
      "grant",
      "--openid",
      "wx-new-staff",
      "--role",
      "staff",
      "--community",
      COMMUNITY,
      "--name",
      "刘敏",
    ]);
    expect(result.status).toBe(0);
    expect(result.out).toContain(`微信用户 (${staffId}): grant staff in ${COMMUNITY}`);
    expect(result.out).toContain("roles: resident → staff");
    expect(result.out).toContain("name: 微信用户 → 刘敏");
    expect(result.out).toContain("Done, with 1 audit entry as operator:tester.");

    // The same token as before: the user is loaded on every request.
    const households = await call(
      stack.app,
      "GET",
      `/api/v1/households?communityId=${COMMUNITY}&buildingId=b3`,
      {
        token: staffToken,
      },
    );
    expect(households.status).toBe(200);
    expect(households.json.items[0]).toMatchObject({ address: "3栋1单元201", area: 118.5 });
    const queue = await call(stack.app, "GET", "/api/v1/verification-requests", { token: staffToken });
    expect(queue.status).toBe(200);
    expect(queue.json.items).toEqual([expect.objectContaining({ realName: "王建华", room: "1804" })]);
    const otherCommunity = await call(stack.app, "GET", "/api/v1/households?communityId=other-one", {
      token: staffToken,
    });
    expect(otherCommunity.status).toBe(403);

    // The staff member verifies the resident to the household the command created.
    const resident = queue.json.items[0];
    const verified = await call(stack.app, "POST", `/api/v1/residents/${resident.userId}/verify`, {
      token: staffToken,
      body: { householdId: "hh-wenhua-north_b3_1_1804", relation: "owner" },
    });
    expect(verified.status).toBe(200);
    const me = await call(stack.app, "GET", "/api/v1/me", {
      token: await loginAs(stack.app, "wx-resident-wang"),
    });
    expect(me.json.households).toEqual([expect.objectContaining({ address: "3栋1单元1804", area: 118.5 })]);

    const audit = await listCommunityAudit(stack.deps.db, COMMUNITY, 5);
    expect(audit.items.find((e) => e.action === "user.role_grant")).toMatchObject({
      actorId: "operator:tester",
      actorRole: "operator",
      subjectUserId: staffId,
      details: { role: "staff", community: COMMUNITY, name: "刘敏", roles: "staff" },
    });

    const again = await run(["grant", "--user", staffId, "--role", "staff", "--community", COMMUNITY]);
    expect(again.status).toBe(0);
    expect(again.out).toContain("Unchanged: they already have this role. Nothing was written.");
    expect(
      (await listCommunityAudit(stack.deps.db, COMMUNITY, 50)).items.filter(
        (e) => e.action === "user.role_grant",
      ),
    ).toHaveLength(1);
  });

  it("grant lawyer: the profile appears where the rosters screen lists lawyers, and a roster can be set", async () => {
    await loginAs(stack.app, "wx-lawyer-zhou");
    const lawyerId = (await getUserIdByOpenid(stack.deps.db, "wx-lawyer-zhou")) as string;
    const nameless = await run(["grant", "--user", lawyerId, "--role", "lawyer", "--community", COMMUNITY]);
    expect(nameless.status).toBe(1);
    expect(nameless.err).toContain("give --name");

    const plan = await planGrant(ctx, {
      userId: lawyerId,
      role: "lawyer",
      communityId: COMMUNITY,
      name: "周律师",
      firm: "河南天一律师事务所",
      specialties: ["婚姻家庭", "劳动争议"],
    });
    expect(plan.lawyer?.action).toBe("create");
    await applyRolePlan(ctx, plan);

    const lawyers = await call(stack.app, "GET", `/api/v1/legal/lawyers?communityId=${COMMUNITY}`, {
      token: staffToken,
    });
    expect(lawyers.json.lawyers).toEqual([
      {
        id: lawyerId,
        name: "周律师",
        firm: "河南天一律师事务所",
        specialties: ["婚姻家庭", "劳动争议"],
        intro: "",
      },
    ]);
    const from = new Date(stack.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const roster = await call(stack.app, "POST", "/api/v1/legal/rosters", {
      token: staffToken,
      body: {
        communityId: COMMUNITY,
        lawyerId,
        from,
        to: from,
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        startTime: "09:00",
        endTime: "10:00",
        slotMinutes: 30,
        mode: "in_person",
        seats: 1,
      },
    });
    expect(roster.status).toBe(201);
    const duty = await call(stack.app, "GET", `/api/v1/legal/lawyer/bookings?date=${from}`, {
      token: await loginAs(stack.app, "wx-lawyer-zhou"),
    });
    expect(duty.status).toBe(200);
    expect(duty.json.slots).toHaveLength(2);

    // Revoked: off the list and the lawyer routes; the open slots are pointed out, not cancelled.
    const revoke = await planRevoke(ctx, { userId: lawyerId, role: "lawyer", communityId: COMMUNITY });
    expect(revoke.warnings).toEqual([
      "Their profile is removed from the community's lawyers: 周律师，河南天一律师事务所；婚姻家庭、劳动争议",
      `2 of their slots in ${COMMUNITY} are still open (first ${from}): staff cancel them in 值班排班 so the residents booked are told.`,
    ]);
    await applyRolePlan(ctx, revoke);
    const after = await call(stack.app, "GET", `/api/v1/legal/lawyers?communityId=${COMMUNITY}`, {
      token: staffToken,
    });
    expect(after.json.lawyers).toEqual([]);
    expect((await getUser(stack.deps.db, lawyerId))?.roles).toEqual(["resident"]);
  });

  it("revoke staff: the staff routes close again; revoking twice is unchanged", async () => {
    const result = await run(["revoke", "--user", staffId, "--role", "staff", "--community", COMMUNITY]);
    expect(result.status).toBe(0);
    expect(result.out).toContain("roles: staff → resident");
    const page = await call(stack.app, "GET", `/api/v1/households?communityId=${COMMUNITY}`, {
      token: staffToken,
    });
    expect(page.status).toBe(403);
    const again = await run(["revoke", "--user", staffId, "--role", "staff", "--community", COMMUNITY]);
    expect(again.out).toContain("Unchanged: they do not have this role.");
    const audit = await listCommunityAudit(stack.deps.db, COMMUNITY, 50);
    expect(
      audit.items
        .filter((e) => e.action === "user.role_revoke")
        .map((e) => e.details.role)
        .sort(),
    ).toEqual(["lawyer", "staff"]);
  });

  it("grant admin: audited in every community; asks before writing to prod", async () => {
    await loginAs(stack.app, "wx-ops");
    const prodArgs = ["grant", "--openid", "wx-ops", "--role", "admin", "--stage", "prod"];
    const declined = await run(prodArgs, {}, false);
    expect(declined.asked).toEqual([expect.stringContaining("(production)? Type yes")]);
    expect(declined.status).toBe(1);
    expect(declined.out).toContain("roles: resident → resident, admin");
    expect(declined.out).toContain("Admin alone shows no workbench");
    // --table decides the table; the stage still marks it as production.
    const id = (await getUserIdByOpenid(stack.deps.db, "wx-ops")) as string;
    expect((await getUser(stack.deps.db, id))?.roles).toEqual(["resident"]);
    const granted = await run([...prodArgs, "--yes"]);
    expect(granted.asked).toEqual([]);
    expect(granted.out).toContain("Done, with 2 audit entries as operator:tester.");
    const admin = await loginAs(stack.app, "wx-ops");
    expect(
      (await call(stack.app, "GET", "/api/v1/households?communityId=other-one", { token: admin })).status,
    ).toBe(200);
    for (const communityId of [COMMUNITY, "other-one"])
      expect(
        (await listCommunityAudit(stack.deps.db, communityId, 5)).items.find(
          (e) => e.action === "user.role_grant",
        )?.subjectUserId,
      ).toBe(id);
  });
});

describe("lookups", () => {
  it("list: communities with buildings, households, staff and lawyers", async () => {
    await run(["grant", "--openid", "wx-new-staff", "--role", "staff", "--community", COMMUNITY]);
    const { communities, admins } = await summarizeCommunities(ctx);
    expect(
      communities.map((s) => [s.community.id, s.buildings, s.households, s.verified, s.staff.length]),
    ).toEqual([
      [COMMUNITY, 5, 135, 1, 1],
      ["other-one", 1, 2, 0, 0],
    ]);
    expect(admins.map((u) => u.openid)).toEqual(["wx-ops"]);
    const printed = await run(["list"]);
    expect(printed.out).toContain("wenhua-north  文化北路社区 · 金水区 文化路街道");
    expect(printed.out).toContain(
      "5 buildings · 135 households · 1 verified · 0 pending verification · window: 0 centers, 0 matters",
    );
    expect(printed.out).toMatch(/staff \(1\): 刘敏 \(\w+\)/);
    expect(printed.out).toMatch(
      /\(Staff, lawyers and admins found by a Scan of [\d,]+ items in \d+ pages? \(no index holds users by role\)\.\)/,
    );
  });

  it("users: whoever logged in lately (scan), a community's residents (index), by openid (key)", async () => {
    stack.clock.advance(3_600_000);
    const late = await loginAs(stack.app, "wx-latecomer");
    const recent = await findUsers(ctx, {
      since: new Date(stack.clock.now().getTime() - 60_000).toISOString(),
    });
    expect(recent.via).toBe("scan");
    expect(recent.users.map((u) => u.openid)).toEqual(["wx-latecomer"]);
    const residents = await findUsers(ctx, { communityId: COMMUNITY, role: "resident" });
    expect(residents.via).toBe("index");
    expect(residents.users.map((u) => u.openid)).toEqual(["wx-resident-wang"]);
    const byOpenid = await findUsers(ctx, { openid: "wx-latecomer" });
    expect(byOpenid).toMatchObject({
      via: "key",
      users: [expect.objectContaining({ nickname: "微信用户" })],
    });
    const staff = await run(["users", "--community", COMMUNITY, "--role", "staff"]);
    expect(staff.out).toMatch(/1 user found by a Scan of/);
    expect(staff.out).toMatch(
      / 刘敏 {2}\[staff\] {2}staff of wenhua-north {2}first login \d{4}-\d\d-\d\d \d\d:\d\d {2}openid …taff/,
    );
    const recentRun = await run(["users", "--since", "30m"]);
    expect(recentRun.out).toContain("  openid …omer");

    // Someone who asked to be verified is found by the real name they gave (an index, no Scan).
    const filed = await call(stack.app, "POST", "/api/v1/me/verification-request", {
      token: late,
      body: {
        communityId: COMMUNITY,
        buildingId: "b1",
        unit: "1",
        room: "101",
        relation: "tenant",
        realName: "李秀英",
        phone: "13712345678",
      },
    });
    expect(filed.status).toBe(201);
    const pending = await run(["users", "--community", COMMUNITY, "--pending"]);
    expect(pending.out).toContain("1 verification request waiting in wenhua-north (an index query):");
    expect(pending.out).toMatch(/ {2}\w+ {2}李秀英 \(微信用户\) {2}1栋1单元101 {2}filed /);
    expect(pending.out).not.toContain("13712345678");
  });
});

describe("households the file and the table disagree on", () => {
  const file = JSON.stringify({
    community: { id: "c-dash", name: "连字社区", district: "金水区", street: "文化路街道" },
    buildings: [
      { id: "b1", building: "1栋", units: ["2"], households: [{ unit: "2", room: "3-101", area: 80 }] },
      { id: "b1-2", building: "12栋", units: ["3"], households: [{ unit: "3", room: "101", area: 90 }] },
    ],
  });

  it("creates both households whose ids used to collide", async () => {
    const result = await run(["create", "--file", "dash.json"], { "dash.json": file });
    expect(result.err).toBe("");
    expect(result.status).toBe(0);
    expect(result.out).toContain("2 households written");
    expect(await getHousehold(stack.deps.db, "hh-c-dash_b1_2_3-101")).toMatchObject({ buildingName: "1栋" });
    expect(await getHousehold(stack.deps.db, "hh-c-dash_b1-2_3_101")).toMatchObject({ buildingName: "12栋" });
  });

  it("refuses a run when a household's id is stored at another address (moved in the app)", async () => {
    const before = await getHousehold(stack.deps.db, "hh-c-dash_b1-2_3_101");
    if (!before) throw new Error("created above");
    const now = stack.clock.now().toISOString();
    await updateHousehold(
      stack.deps.db,
      before,
      { ...before, room: "102", updatedAt: now, version: before.version + 1 },
      buildAudit(stack.deps.newId(), now, {
        communityId: "c-dash",
        actor: { id: "u-staff", roles: ["staff"] },
        action: "household.update",
        target: before.id,
      }),
    );
    const snapshot = await tableSnapshot();
    const result = await run(["create", "--file", "dash.json"], { "dash.json": file });
    expect(result.status).toBe(1);
    expect(result.err).toContain("The file conflicts with the table (1 problem); nothing was written.");
    expect(result.err).toContain(
      "buildings.1.households.0: 12栋3单元101: its household hh-c-dash_b1-2_3_101 is stored at 12栋3单元102 (changed in the app)",
    );
    expect(await tableSnapshot()).toEqual(snapshot);
  });
});

describe("the deployment's audit log, where no community records a role change", () => {
  // An empty table: no community yet.
  let empty: TestStack;
  beforeAll(async () => {
    empty = await createTestStack({ seed: false });
  });
  afterAll(() => empty.cleanup());
  const deploymentLog = async () => (await listCommunityAudit(empty.deps.db, "_deployment", 50)).items;

  it("records an admin grant and revoke in the deployment's log while no community exists", async () => {
    await loginAs(empty.app, "wx-first-admin");
    const adminId = (await getUserIdByOpenid(empty.deps.db, "wx-first-admin")) as string;
    const granted = await run(["grant", "--user", adminId, "--role", "admin"], {}, false, empty);
    expect(granted.status).toBe(0);
    expect(granted.out).toContain("Done, with 1 audit entry as operator:tester.");
    expect(await deploymentLog()).toEqual([
      expect.objectContaining({
        communityId: "_deployment",
        actorId: "operator:tester",
        actorRole: "operator",
        action: "user.role_grant",
        subjectUserId: adminId,
        details: expect.objectContaining({ role: "admin", community: null }),
      }),
    ]);
    // Where web login's entries for an admin in no community are read.
    const page = await call(empty.app, "GET", "/api/v1/audit?communityId=_deployment", {
      token: await loginAs(empty.app, "wx-first-admin"),
    });
    expect(page.json.items.map((e: { action: string }) => e.action)).toContain("user.role_grant");

    empty.clock.advance(1000);
    const revoked = await run(["revoke", "--user", adminId, "--role", "admin"], {}, false, empty);
    expect(revoked.status).toBe(0);
    expect(revoked.out).toContain("Done, with 1 audit entry as operator:tester.");
    expect((await deploymentLog()).map((e) => e.action)).toEqual(["user.role_revoke", "user.role_grant"]);
  });

  it("records revoking staff of a community that no longer exists in the deployment's log", async () => {
    const gone = JSON.stringify({
      community: { id: "gone", name: "旧社区", district: "金水区", street: "文化路街道" },
      buildings: [{ building: "1栋", units: 1, floors: 1, roomsPerFloor: 1, area: 80 }],
    });
    await loginAs(empty.app, "wx-someone");
    expect((await run(["create", "--file", "gone.json"], { "gone.json": gone }, false, empty)).status).toBe(
      0,
    );
    const granted = await run(
      ["grant", "--openid", "wx-someone", "--role", "staff", "--community", "gone", "--name", "刘敏"],
      {},
      false,
      empty,
    );
    expect(granted.status).toBe(0);
    await empty.deps.db.doc.send(
      new DeleteCommand({ TableName: empty.deps.db.tableName, Key: keys.community("gone") }),
    );
    empty.clock.advance(1000);
    const revoked = await run(
      ["revoke", "--openid", "wx-someone", "--role", "staff", "--community", "gone"],
      {},
      false,
      empty,
    );
    expect(revoked.status).toBe(0);
    expect(revoked.out).toContain("Done, with 1 audit entry as operator:tester.");
    expect((await deploymentLog())[0]).toMatchObject({
      action: "user.role_revoke",
      details: { role: "staff", community: "gone", roles: "resident" },
    });
  });
});

describe("a lawyer profile staff change while the command runs", () => {
  const COMMUNITY_L = "lawyers-c";
  let staff: string;
  let lawyerId: string;
  const staffEdit = async (intro: string) => {
    stack.clock.advance(1000);
    const put = await call(stack.app, "PUT", `/api/v1/legal/lawyers/${lawyerId}`, {
      token: staff,
      body: {
        communityId: COMMUNITY_L,
        name: "周律师",
        firm: "河南天一律师事务所",
        specialties: [],
        intro,
      },
    });
    expect(put.status).toBe(200);
    stack.clock.advance(1000);
  };

  beforeAll(async () => {
    const community = JSON.stringify({
      community: { id: COMMUNITY_L, name: "律师社区", district: "金水区", street: "文化路街道" },
      buildings: [{ building: "1栋", units: 1, floors: 1, roomsPerFloor: 1, area: 80 }],
    });
    expect((await run(["create", "--file", "l.json"], { "l.json": community })).status).toBe(0);
    staff = await loginAs(stack.app, "wx-l-staff");
    const staffId = (await getUserIdByOpenid(stack.deps.db, "wx-l-staff")) as string;
    await applyRolePlan(
      ctx,
      await planGrant(ctx, { userId: staffId, role: "staff", communityId: COMMUNITY_L, name: "刘敏" }),
    );
    await loginAs(stack.app, "wx-l-lawyer");
    lawyerId = (await getUserIdByOpenid(stack.deps.db, "wx-l-lawyer")) as string;
    await applyRolePlan(
      ctx,
      await planGrant(ctx, {
        userId: lawyerId,
        role: "lawyer",
        communityId: COMMUNITY_L,
        name: "周律师",
        firm: "河南天一律师事务所",
      }),
    );
  });

  it("an update is refused, keeps the staff edit, and goes through when run again", async () => {
    const plan = await planGrant(ctx, {
      userId: lawyerId,
      role: "lawyer",
      communityId: COMMUNITY_L,
      specialties: ["婚姻家庭"],
    });
    expect(plan.lawyer?.action).toBe("update");
    await staffEdit("staff wrote this");
    await expect(applyRolePlan(ctx, plan)).rejects.toThrow(
      "The lawyer profile of 周律师 in lawyers-c changed while the command ran; run it again.",
    );
    expect(await getLawyer(stack.deps.db, COMMUNITY_L, lawyerId)).toMatchObject({
      intro: "staff wrote this",
      specialties: [],
    });
    const again = await planGrant(ctx, {
      userId: lawyerId,
      role: "lawyer",
      communityId: COMMUNITY_L,
      specialties: ["婚姻家庭"],
    });
    await applyRolePlan(ctx, again);
    expect(await getLawyer(stack.deps.db, COMMUNITY_L, lawyerId)).toMatchObject({
      intro: "staff wrote this",
      specialties: ["婚姻家庭"],
    });
  });

  it("a delete (revoke) is refused and the lawyer keeps role and profile", async () => {
    const plan = await planRevoke(ctx, { userId: lawyerId, role: "lawyer", communityId: COMMUNITY_L });
    expect(plan.lawyer?.action).toBe("delete");
    await staffEdit("edited before the revoke");
    await expect(applyRolePlan(ctx, plan)).rejects.toThrow("changed while the command ran; run it again");
    expect(await getLawyer(stack.deps.db, COMMUNITY_L, lawyerId)).toMatchObject({
      intro: "edited before the revoke",
    });
    expect((await getUser(stack.deps.db, lawyerId))?.lawyerCommunityIds).toEqual([COMMUNITY_L]);
  });

  it("a create is refused when staff wrote a profile meanwhile", async () => {
    // A lawyer without a profile (as `list` reports them), then both write one.
    await stack.deps.db.doc.send(
      new DeleteCommand({ TableName: stack.deps.db.tableName, Key: keys.lawyer(COMMUNITY_L, lawyerId) }),
    );
    const plan = await planGrant(ctx, {
      userId: lawyerId,
      role: "lawyer",
      communityId: COMMUNITY_L,
      firm: "另一家律师事务所",
    });
    expect(plan.lawyer?.action).toBe("create");
    await staffEdit("staff created it");
    await expect(applyRolePlan(ctx, plan)).rejects.toThrow("changed while the command ran; run it again");
    expect(await getLawyer(stack.deps.db, COMMUNITY_L, lawyerId)).toMatchObject({
      firm: "河南天一律师事务所",
      intro: "staff created it",
    });
  });
});
