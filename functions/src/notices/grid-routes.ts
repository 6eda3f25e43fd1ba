/** What staff compose with: grids (groups of buildings and units), the audience picker, image uploads. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { auditPut, buildAudit } from "../audit/repo.js";
import { listHandled } from "../cases/repo.js";
import { listAllHouseholds, listBuildings } from "../community/repo.js";
import type { Building, Household } from "../community/schemas.js";
import type { Db } from "../db/client.js";
import { getItem, type TransactItem, transact } from "../db/items.js";
import { keys } from "../db/keys.js";
import { requireUser, staffCommunity } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { type FieldIssue, notFound, validationFailed } from "../http/errors.js";
import { idempotency } from "../http/idempotency.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { createRateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { readableCommunity } from "../legal/access.js";
import { extensionOf, MAX_IMAGE_BYTES, UPLOAD_TTL_SECONDS } from "../storage/store.js";
import type { UserProfile } from "../users/schemas.js";
import { gridItem, listGrids } from "./repo.js";
import {
  audienceOptionsSchema,
  communityQuery,
  type Grid,
  gridBody,
  gridParams,
  gridSchema,
  uploadBody,
  uploadSchema,
} from "./schemas.js";
import { gridLabel, resolveAudience } from "./service.js";

const route = <const T extends Parameters<typeof createRoute>[0]>(config: T) =>
  createRoute({ tags: ["notices"], security: bearer, ...config });

function gridView(grid: Grid, buildings: Building[], households: Household[]) {
  return {
    id: grid.id,
    name: grid.name,
    members: grid.members,
    label: gridLabel(grid, buildings),
    // Counted as a notice to this grid would count them.
    households: resolveAudience({ kind: "grids", gridIds: [grid.id] }, buildings, [grid], households)
      .households.length,
    updatedAt: grid.updatedAt,
  };
}

function checkMembers(members: Grid["members"], buildings: Building[]) {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  members.forEach((member, i) => {
    const building = buildings.find((b) => b.id === member.buildingId);
    const key = `${member.buildingId}#${member.unit ?? ""}`;
    if (!building)
      issues.push({ path: `members.${i}.buildingId`, message: `No building ${member.buildingId}` });
    else if (member.unit !== null && !building.units.includes(member.unit))
      issues.push({ path: `members.${i}.unit`, message: `${building.name} has no unit ${member.unit}` });
    else if (seen.has(key)) issues.push({ path: `members.${i}`, message: "Listed twice" });
    seen.add(key);
  });
  if (issues.length > 0) throw validationFailed(issues);
}

const gridResponse = z.object({ grid: gridSchema });

const listGridsRoute = route({
  method: "get",
  path: "/grids",
  summary: "Staff: the community's grids, with the households each covers",
  middleware: [requireUser] as const,
  request: { query: communityQuery },
  responses: {
    200: jsonContent(z.object({ items: z.array(gridSchema) }), "Grids"),
    ...errorResponses(400, 401, 403),
  },
});

const createGridRoute = route({
  method: "post",
  path: "/grids",
  summary: "Staff define a grid: a name and the buildings (or units of them) it covers",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(gridBody) },
  responses: { 201: jsonContent(gridResponse, "Created"), ...errorResponses(400, 401, 403, 409, 422, 429) },
});

const updateGridRoute = route({
  method: "put",
  path: "/grids/{gridId}",
  summary: "Staff rename a grid or change what it covers (published notices keep their audience)",
  middleware: [requireUser] as const,
  request: { params: gridParams, body: jsonBody(gridBody) },
  responses: { 200: jsonContent(gridResponse, "Saved"), ...errorResponses(400, 401, 403, 404) },
});

const audienceRoute = route({
  method: "get",
  path: "/notices/audience",
  summary: "Staff: the audience picker — buildings and units, and grids, each with its household count",
  middleware: [requireUser] as const,
  request: { query: communityQuery },
  responses: {
    200: jsonContent(z.object({ options: audienceOptionsSchema }), "Options"),
    ...errorResponses(400, 401, 403),
  },
});

const uploadRoute = route({
  method: "post",
  path: "/uploads",
  summary: "A presigned upload for one image (JPEG/PNG/WebP, ≤ 5 MB, usable for 10 minutes)",
  description:
    "POST a multipart form to `url` with every field of `fields`, then the file as `file`. Storage refuses another type, a larger file or an expired form. Put the returned `key` in the notice's images (purpose notice-image: staff only) or in a report's photos (purpose case-photo: a resident, staff member or lawyer of the community).",
  middleware: [requireUser] as const,
  request: { body: jsonBody(uploadBody) },
  responses: {
    201: jsonContent(z.object({ upload: uploadSchema }), "Presigned"),
    ...errorResponses(400, 401, 403),
  },
});

async function saveGrid(
  c: { get: (key: "deps") => AppEnv["Variables"]["deps"] },
  user: AppEnv["Variables"]["user"],
  grid: Grid,
  action: string,
  extra: TransactItem[] = [],
) {
  const deps = c.get("deps");
  await transact(deps.db, [
    { Put: { TableName: deps.db.tableName, Item: gridItem(grid) } },
    auditPut(
      deps.db,
      buildAudit(deps.newId(), grid.updatedAt, {
        communityId: grid.communityId,
        actor: user,
        action,
        target: grid.id,
        details: { name: grid.name, members: grid.members.length },
      }),
    ),
    ...extra,
  ]);
}

/**
 * Where a case photo may be uploaded for: the community the caller belongs to (resident, staff,
 * lawyer), or one where they handle a department's cases (a handler of 城管 or the property company
 * need not be either: they name the community of the case).
 */
async function casePhotoCommunity(db: Db, user: UserProfile, requested?: string): Promise<string> {
  if (requested && (await listHandled(db, user.id)).some((h) => h.communityId === requested))
    return requested;
  return readableCommunity(user, requested);
}

export const gridRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listGridsRoute, async (c) => {
    const deps = c.get("deps");
    const communityId = staffCommunity(c.get("user"), c.req.valid("query").communityId);
    const [grids, buildings, households] = await Promise.all([
      listGrids(deps.db, communityId),
      listBuildings(deps.db, communityId),
      listAllHouseholds(deps.db, communityId),
    ]);
    return c.json({ items: grids.map((g) => gridView(g, buildings, households)) }, 200);
  })
  .openapi(createGridRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const communityId = staffCommunity(user, body.communityId);
    const [buildings, households] = await Promise.all([
      listBuildings(deps.db, communityId),
      listAllHouseholds(deps.db, communityId),
    ]);
    checkMembers(body.members, buildings);
    const now = deps.clock.now().toISOString();
    const grid: Grid = {
      id: `grid-${deps.newId().slice(0, 12)}`,
      communityId,
      name: body.name,
      members: body.members,
      createdAt: now,
      updatedAt: now,
    };
    await saveGrid(c, user, grid, "grid.create");
    return c.json({ grid: gridView(grid, buildings, households) }, 201);
  })
  .openapi(updateGridRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const communityId = staffCommunity(user, body.communityId);
    const existing = await getItem<Grid>(deps.db, keys.grid(communityId, c.req.valid("param").gridId), true);
    if (!existing) throw notFound("No such grid.", "GRID_NOT_FOUND");
    const [buildings, households] = await Promise.all([
      listBuildings(deps.db, communityId),
      listAllHouseholds(deps.db, communityId),
    ]);
    checkMembers(body.members, buildings);
    const grid: Grid = {
      ...existing,
      name: body.name,
      members: body.members,
      updatedAt: deps.clock.now().toISOString(),
    };
    await saveGrid(c, user, grid, "grid.update");
    return c.json({ grid: gridView(grid, buildings, households) }, 200);
  })
  .openapi(audienceRoute, async (c) => {
    const deps = c.get("deps");
    const communityId = staffCommunity(c.get("user"), c.req.valid("query").communityId);
    const [grids, buildings, households] = await Promise.all([
      listGrids(deps.db, communityId),
      listBuildings(deps.db, communityId),
      listAllHouseholds(deps.db, communityId),
    ]);
    const count = (filter: (h: Household) => boolean) => households.filter(filter).length;
    return c.json(
      {
        options: {
          households: households.length,
          buildings: buildings.map((b) => ({
            id: b.id,
            name: b.name,
            households: count((h) => h.buildingId === b.id),
            units: b.units.map((unit) => ({
              unit,
              households: count((h) => h.buildingId === b.id && h.unit === unit),
            })),
          })),
          grids: grids.map((g) => gridView(g, buildings, households)),
        },
      },
      200,
    );
  })
  .openapi(uploadRoute, async (c) => {
    const deps = c.get("deps");
    const body = c.req.valid("json");
    const communityId =
      body.purpose === "case-photo"
        ? await casePhotoCommunity(deps.db, c.get("user"), body.communityId)
        : staffCommunity(c.get("user"), body.communityId);
    const now = deps.clock.now().toISOString();
    // Uploads land under uploads/ (expiring): a notice that names one keeps a copy under notices/.
    const key = `uploads/${communityId}/${now.slice(0, 7)}/${deps.newId()}.${extensionOf[body.contentType]}`;
    const upload = await deps.storage.presignUpload({
      key,
      contentType: body.contentType,
      // The form allows the size announced, never more than the limit.
      maxBytes: Math.min(body.size, MAX_IMAGE_BYTES),
      expiresInSeconds: UPLOAD_TTL_SECONDS,
    });
    return c.json({ upload }, 201);
  });
