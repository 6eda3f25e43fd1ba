import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { buildAudit } from "../audit/repo.js";
import { assertStaffOf, canStaff, requireUser, staffCommunity } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { conflict, forbidden, notFound, validationFailed } from "../http/errors.js";
import { idempotency, idempotentCompletion } from "../http/idempotency.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { createRateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { toRequestView } from "../users/me.js";
import { getUser } from "../users/repo.js";
import { verificationRequestSchema } from "../users/schemas.js";
import {
  cancelRequest,
  createVerificationRequest,
  findHouseholdIdByAddress,
  getBuilding,
  getHousehold,
  getVerificationRequest,
  listVerificationQueue,
  rejectRequest,
  revokeMembership,
  verifyResident,
} from "./repo.js";
import {
  queueQuery,
  reasonBody,
  revokeBody,
  type StoredVerificationRequest,
  userParams,
  verificationRequestBody,
  verifyBody,
} from "./schemas.js";
import { formatAddress, isVerified, normalizeRoom, relationLabel } from "./service.js";

const requestResponse = z.object({ request: verificationRequestSchema });

const fileRequestRoute = createRoute({
  method: "post",
  path: "/me/verification-request",
  tags: ["verification"],
  summary: "Resident: ask staff to verify me to a household",
  security: bearer,
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(verificationRequestBody) },
  responses: {
    201: jsonContent(requestResponse, "Filed; staff will review it"),
    ...errorResponses(400, 401, 404, 409, 422, 429),
  },
});

const cancelRequestRoute = createRoute({
  method: "delete",
  path: "/me/verification-request",
  tags: ["verification"],
  summary: "Resident: withdraw my pending verification request",
  security: bearer,
  middleware: [requireUser] as const,
  responses: { 200: jsonContent(requestResponse, "Withdrawn"), ...errorResponses(401, 404, 409) },
});

const queueRoute = createRoute({
  method: "get",
  path: "/verification-requests",
  tags: ["verification"],
  summary: "Staff: the verification queue of a community (phone numbers masked)",
  security: bearer,
  middleware: [requireUser] as const,
  request: { query: queueQuery },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(verificationRequestSchema), nextCursor: z.string().nullable() }),
      "Requests, oldest first",
    ),
    ...errorResponses(400, 401, 403),
  },
});

const verifyRoute = createRoute({
  method: "post",
  path: "/residents/{userId}/verify",
  tags: ["verification"],
  summary: "Staff: verify a resident to a household with a relation",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: userParams, body: jsonBody(verifyBody) },
  responses: {
    200: jsonContent(z.object({ request: verificationRequestSchema.nullable() }), "Verified"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const rejectRoute = createRoute({
  method: "post",
  path: "/residents/{userId}/reject",
  tags: ["verification"],
  summary: "Staff: reject a resident's pending request with a reason",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: userParams, body: jsonBody(reasonBody) },
  responses: { 200: jsonContent(requestResponse, "Rejected"), ...errorResponses(400, 401, 403, 404, 409) },
});

const revokeRoute = createRoute({
  method: "post",
  path: "/residents/{userId}/revoke",
  tags: ["verification"],
  summary: "Staff: remove a resident's verification to a household",
  security: bearer,
  middleware: [requireUser] as const,
  request: { params: userParams, body: jsonBody(revokeBody) },
  responses: {
    200: jsonContent(z.object({ revoked: z.literal(true) }), "Revoked"),
    ...errorResponses(400, 401, 403, 404),
  },
});

/** The household named in a staff action, which the caller must be staff of. */
async function householdForStaff(
  c: { get: <K extends "deps" | "user">(key: K) => AppEnv["Variables"][K] },
  householdId: string,
) {
  const household = await getHousehold(c.get("deps").db, householdId);
  if (!household) throw notFound("Household not found.", "HOUSEHOLD_NOT_FOUND");
  assertStaffOf(c.get("user"), household.communityId);
  return household;
}

async function pendingRequestOf(c: { get: (key: "deps") => AppEnv["Variables"]["deps"] }, userId: string) {
  const { db } = c.get("deps");
  const user = await getUser(db, userId);
  if (!user) throw notFound("No such resident.", "USER_NOT_FOUND");
  const request = user.pendingRequestId
    ? await getVerificationRequest(db, userId, user.pendingRequestId)
    : null;
  return { user, request };
}

export const verificationRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(fileRequestRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const building = await getBuilding(deps.db, body.communityId, body.buildingId);
    if (!building) throw notFound("This building does not exist in the community.", "BUILDING_NOT_FOUND");
    if (!building.units.includes(body.unit)) {
      throw validationFailed([
        { path: "unit", message: `Building ${building.name} has no unit ${body.unit}` },
      ]);
    }
    if (user.communityId && isVerified(user) && user.communityId !== body.communityId) {
      throw conflict(
        "OTHER_COMMUNITY",
        "You are verified in another community; ask its staff to revoke that first.",
      );
    }
    const room = normalizeRoom(body.room);
    const now = deps.clock.now().toISOString();
    const request: StoredVerificationRequest = {
      id: `${now.replace(/[-:.TZ]/g, "")}-${deps.newId()}`,
      userId: user.id,
      nickname: user.nickname,
      communityId: body.communityId,
      buildingId: body.buildingId,
      buildingName: building.name,
      unit: body.unit,
      room,
      relation: body.relation,
      realName: body.realName,
      phone: body.phone,
      status: "pending",
      reason: null,
      candidateHouseholdId: await findHouseholdIdByAddress(
        deps.db,
        body.communityId,
        body.buildingId,
        body.unit,
        room,
      ),
      createdAt: now,
      decidedAt: null,
      decidedBy: null,
    };
    const response = { request: toRequestView(request) };
    await createVerificationRequest(deps.db, request, now, idempotentCompletion(c, 201, response));
    return c.json(response, 201);
  })
  .openapi(cancelRequestRoute, async (c) => {
    const deps = c.get("deps");
    const { request } = await pendingRequestOf(c, c.get("user").id);
    if (!request) throw notFound("You have no pending request.", "NO_PENDING_REQUEST");
    const now = deps.clock.now().toISOString();
    await cancelRequest(deps.db, request, now);
    return c.json({ request: toRequestView({ ...request, status: "cancelled", decidedAt: now }) }, 200);
  })
  .openapi(queueRoute, async (c) => {
    const staff = c.get("user");
    const query = c.req.valid("query");
    const communityId = staffCommunity(staff, query.communityId, "query.communityId");
    const page = await listVerificationQueue(c.get("deps").db, communityId, query.status, query);
    return c.json({ items: page.items.map(toRequestView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(verifyRoute, async (c) => {
    const deps = c.get("deps");
    const staff = c.get("user");
    const { userId } = c.req.valid("param");
    const body = c.req.valid("json");
    // A staff member's own residency is checked by a colleague, as anyone else's is.
    if (userId === staff.id) {
      throw forbidden("Another staff member must verify your own residency.", "CANNOT_VERIFY_SELF");
    }
    const household = await householdForStaff(c, body.householdId);
    const { user, request } = await pendingRequestOf(c, userId);
    // Staff see only residents who asked to join their community or already live in it.
    const asked = request?.communityId === household.communityId ? request : null;
    const livesHere = isVerified(user) && user.communityId === household.communityId;
    if (!asked && !livesHere) {
      throw notFound("This resident has not asked to be verified in this community.", "USER_NOT_FOUND");
    }
    const now = deps.clock.now().toISOString();
    await verifyResident(deps.db, {
      user,
      request: asked,
      staffId: staff.id,
      membership: {
        userId,
        householdId: household.id,
        communityId: household.communityId,
        relation: body.relation,
        verifiedAt: now,
        verifiedBy: staff.id,
      },
      audit: buildAudit(deps.newId(), now, {
        communityId: household.communityId,
        actor: staff,
        action: "resident.verify",
        subjectUserId: userId,
        target: household.id,
        details: {
          address: formatAddress(household.buildingName, household.unit, household.room),
          relation: relationLabel[body.relation],
          requestId: asked?.id ?? null,
        },
      }),
    });
    return c.json(
      {
        request: asked
          ? toRequestView({ ...asked, status: "verified", decidedAt: now, decidedBy: staff.id })
          : null,
      },
      200,
    );
  })
  .openapi(rejectRoute, async (c) => {
    const deps = c.get("deps");
    const staff = c.get("user");
    const { userId } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    const { request } = await pendingRequestOf(c, userId);
    if (!request) throw notFound("This resident has no pending request.", "NO_PENDING_REQUEST");
    if (!canStaff(staff, request.communityId)) {
      throw notFound("This resident has no pending request in your community.", "NO_PENDING_REQUEST");
    }
    const now = deps.clock.now().toISOString();
    await rejectRequest(deps.db, {
      request,
      reason,
      staffId: staff.id,
      now,
      audit: buildAudit(deps.newId(), now, {
        communityId: request.communityId,
        actor: staff,
        action: "resident.reject",
        subjectUserId: userId,
        target: request.id,
        details: { reason },
      }),
    });
    return c.json(
      {
        request: toRequestView({
          ...request,
          status: "rejected",
          reason,
          decidedAt: now,
          decidedBy: staff.id,
        }),
      },
      200,
    );
  })
  .openapi(revokeRoute, async (c) => {
    const deps = c.get("deps");
    const staff = c.get("user");
    const { userId } = c.req.valid("param");
    const body = c.req.valid("json");
    const household = await householdForStaff(c, body.householdId);
    const now = deps.clock.now().toISOString();
    await revokeMembership(deps.db, {
      membership: { userId, householdId: household.id },
      reason: body.reason,
      now,
      audit: buildAudit(deps.newId(), now, {
        communityId: household.communityId,
        actor: staff,
        action: "resident.revoke",
        subjectUserId: userId,
        target: household.id,
        details: { reason: body.reason },
      }),
    });
    return c.json({ revoked: true as const }, 200);
  });
