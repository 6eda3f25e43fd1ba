import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { buildAudit } from "../audit/repo.js";
import { newResident } from "../auth/service.js";
import { assertStaffOf, requireUser } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { notFound } from "../http/errors.js";
import { idempotency, idempotentCompletion } from "../http/idempotency.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { createRateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { getUser } from "../users/repo.js";
import {
  createHousehold,
  getBuilding,
  getCommunity,
  getHousehold,
  listBuildings,
  listCommunities,
  listHouseholdMembers,
  listHouseholds,
  registerOfflineResident,
  updateHousehold,
} from "./repo.js";
import {
  buildingSchema,
  communityParams,
  communitySchema,
  createHouseholdBody,
  type Household,
  householdMemberSchema,
  householdParams,
  householdSchema,
  listHouseholdsQuery,
  offlineResidentBody,
  updateHouseholdBody,
} from "./schemas.js";
import { formatAddress, householdView, normalizeRoom, roundArea } from "./service.js";

const listCommunitiesRoute = createRoute({
  method: "get",
  path: "/communities",
  tags: ["community"],
  summary: "Communities of this deployment",
  security: bearer,
  middleware: [requireUser] as const,
  responses: {
    200: jsonContent(z.object({ communities: z.array(communitySchema) }), "Communities"),
    ...errorResponses(401),
  },
});

const listBuildingsRoute = createRoute({
  method: "get",
  path: "/communities/{communityId}/buildings",
  tags: ["community"],
  summary: "Buildings of a community with their units",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: communityParams },
  responses: {
    200: jsonContent(z.object({ buildings: z.array(buildingSchema) }), "Buildings"),
    ...errorResponses(401, 404),
  },
});

const listHouseholdsRoute = createRoute({
  method: "get",
  path: "/households",
  tags: ["community"],
  summary: "Staff: households of a community in address order",
  security: bearer,
  middleware: [requireUser] as const,
  request: { query: listHouseholdsQuery },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(householdSchema), nextCursor: z.string().nullable() }),
      "Households",
    ),
    ...errorResponses(400, 401, 403),
  },
});

const createHouseholdRoute = createRoute({
  method: "post",
  path: "/households",
  tags: ["community"],
  summary: "Staff: create a household (one per address)",
  security: bearer,
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(createHouseholdBody) },
  responses: {
    201: jsonContent(z.object({ household: householdSchema }), "Created"),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const householdMembersRoute = createRoute({
  method: "get",
  path: "/households/{householdId}/members",
  tags: ["community"],
  summary: "Staff: the verified residents of a household (to act for one at the window)",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: householdParams },
  responses: {
    200: jsonContent(z.object({ members: z.array(householdMemberSchema) }), "Members"),
    ...errorResponses(401, 403, 404),
  },
});

const addOfflineResidentRoute = createRoute({
  method: "post",
  path: "/households/{householdId}/members",
  tags: ["community"],
  summary: "Staff: register a resident who cannot use a phone (no WeChat), verified to this household",
  description:
    "For elderly or disabled residents whom staff serve at the window: they never log in; staff book and act for them (audited). Honours Idempotency-Key.",
  security: bearer,
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { params: householdParams, body: jsonBody(offlineResidentBody) },
  responses: {
    201: jsonContent(z.object({ member: householdMemberSchema }), "Registered"),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const updateHouseholdRoute = createRoute({
  method: "patch",
  path: "/households/{householdId}",
  tags: ["community"],
  summary: "Staff: correct a household's room or registered area",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: householdParams, body: jsonBody(updateHouseholdBody) },
  responses: {
    200: jsonContent(z.object({ household: householdSchema }), "Updated"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const communityRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listCommunitiesRoute, async (c) => {
    const communities = await listCommunities(c.get("deps").db);
    return c.json(
      { communities: communities.map(({ id, name, district, street }) => ({ id, name, district, street })) },
      200,
    );
  })
  .openapi(listBuildingsRoute, async (c) => {
    const { db } = c.get("deps");
    const { communityId } = c.req.valid("param");
    const [community, buildings] = await Promise.all([
      getCommunity(db, communityId),
      listBuildings(db, communityId),
    ]);
    if (!community) throw notFound("Community not found.", "COMMUNITY_NOT_FOUND");
    return c.json({ buildings: buildings.map(({ id, name, units }) => ({ id, name, units })) }, 200);
  })
  .openapi(listHouseholdsRoute, async (c) => {
    const query = c.req.valid("query");
    assertStaffOf(c.get("user"), query.communityId);
    const page = await listHouseholds(c.get("deps").db, query.communityId, query);
    return c.json({ items: page.items.map(householdView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(createHouseholdRoute, async (c) => {
    const deps = c.get("deps");
    const body = c.req.valid("json");
    const staff = c.get("user");
    assertStaffOf(staff, body.communityId);
    const building = await getBuilding(deps.db, body.communityId, body.buildingId);
    if (!building) throw notFound("This building does not exist in the community.", "BUILDING_NOT_FOUND");
    const now = deps.clock.now().toISOString();
    const household: Household = {
      id: deps.newId(),
      communityId: body.communityId,
      buildingId: body.buildingId,
      buildingName: building.name,
      unit: body.unit,
      room: normalizeRoom(body.room),
      area: roundArea(body.area),
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const response = { household: householdView(household) };
    await createHousehold(
      deps.db,
      household,
      buildAudit(deps.newId(), now, {
        communityId: body.communityId,
        actor: staff,
        action: "household.create",
        target: household.id,
        details: {
          address: formatAddress(building.name, household.unit, household.room),
          area: household.area,
        },
      }),
      idempotentCompletion(c, 201, response),
    );
    return c.json(response, 201);
  })
  .openapi(householdMembersRoute, async (c) => {
    const { db } = c.get("deps");
    const household = await getHousehold(db, c.req.valid("param").householdId);
    if (!household) throw notFound("Household not found.", "HOUSEHOLD_NOT_FOUND");
    assertStaffOf(c.get("user"), household.communityId);
    const members = [];
    for (const membership of await listHouseholdMembers(db, household.id)) {
      const user = await getUser(db, membership.userId);
      if (user)
        members.push({
          userId: user.id,
          nickname: user.nickname,
          relation: membership.relation,
          offline: membership.offline ?? false,
        });
    }
    return c.json({ members }, 200);
  })
  .openapi(addOfflineResidentRoute, async (c) => {
    const deps = c.get("deps");
    const staff = c.get("user");
    const body = c.req.valid("json");
    const household = await getHousehold(deps.db, c.req.valid("param").householdId);
    if (!household) throw notFound("Household not found.", "HOUSEHOLD_NOT_FOUND");
    assertStaffOf(staff, household.communityId);
    const now = deps.clock.now().toISOString();
    const id = `offline-${deps.newId()}`;
    // No openid: nobody can log in as them, and no WeChat message is sent to them.
    const user = {
      ...newResident(id, "", body.name, now),
      communityId: household.communityId,
      householdCount: 1,
    };
    const member = { userId: id, nickname: user.nickname, relation: body.relation, offline: true };
    await registerOfflineResident(deps.db, {
      user,
      membership: {
        userId: id,
        householdId: household.id,
        communityId: household.communityId,
        relation: body.relation,
        verifiedAt: now,
        verifiedBy: staff.id,
        offline: true,
      },
      audit: buildAudit(deps.newId(), now, {
        communityId: household.communityId,
        actor: staff,
        action: "resident.register_offline",
        subjectUserId: id,
        target: household.id,
        details: {
          address: formatAddress(household.buildingName, household.unit, household.room),
          relation: body.relation,
        },
      }),
      alsoWrite: idempotentCompletion(c, 201, { member }),
    });
    return c.json({ member }, 201);
  })
  .openapi(updateHouseholdRoute, async (c) => {
    const deps = c.get("deps");
    const staff = c.get("user");
    const body = c.req.valid("json");
    const before = await getHousehold(deps.db, c.req.valid("param").householdId);
    if (!before) throw notFound("Household not found.", "HOUSEHOLD_NOT_FOUND");
    assertStaffOf(staff, before.communityId);
    const now = deps.clock.now().toISOString();
    const after: Household = {
      ...before,
      room: body.room !== undefined ? normalizeRoom(body.room) : before.room,
      area: body.area !== undefined ? roundArea(body.area) : before.area,
      updatedAt: now,
      version: before.version + 1,
    };
    await updateHousehold(
      deps.db,
      before,
      after,
      buildAudit(deps.newId(), now, {
        communityId: before.communityId,
        actor: staff,
        action: "household.update",
        target: before.id,
        details: {
          fromRoom: before.room,
          toRoom: after.room,
          fromArea: before.area,
          toArea: after.area,
        },
      }),
    );
    return c.json({ household: householdView(after) }, 200);
  });
