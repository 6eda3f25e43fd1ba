/**
 * The file an operator describes a community in (`npm run community -- create --file …`), its
 * validation, and its expansion into the buildings and households the app stores. No I/O here.
 */
import { z } from "@hono/zod-openapi";
import { createHouseholdBody } from "../community/schemas.js";
import { formatAddress, normalizeRoom, roundArea } from "../community/service.js";

export interface Problem {
  path: string;
  message: string;
}

export interface PlannedHousehold {
  id: string;
  unit: string;
  room: string;
  area: number;
  /** Where in the file it comes from: `buildings.0` (generated) or `buildings.3.households.1`. */
  path: string;
}

export interface PlannedBuilding {
  id: string;
  name: string;
  units: string[];
  households: PlannedHousehold[];
}

export interface CommunityDefinition {
  community: { id: string; name: string; district: string; street: string };
  buildings: PlannedBuilding[];
}

export const MAX_HOUSEHOLDS_PER_BUILDING = 5_000;

/**
 * Household ids are `hh-<community>_<building>_<unit>_<room>`: `_` separates the parts, and only
 * the community id may hold one, so reading the last three `_` from the right gives
 * building, unit and room back and no two addresses share an id (rooms and building ids hold `-`,
 * units neither). At most 3 + 24 + 1 + 16 + 1 + 4 + 1 + 8 = 58 characters, within the API's
 * 64-character ids.
 */
export const HOUSEHOLD_ID_SEPARATOR = "_";
/** `_deployment` is the deployment's own audit log (auth/web-login.ts): community ids never start with `_`. */
const communityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,24}$/, "1–24 letters, digits, '_' or '-'")
  .refine((id) => !id.startsWith("_"), {
    error: "Must not start with '_': such ids are reserved (_deployment is the deployment's audit log)",
  });
const buildingIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,16}$/, "1–16 letters, digits or '-'");
const text = (max: number) => z.string().trim().min(1, "Required").max(max, `At most ${max} characters`);
const unitSchema = createHouseholdBody.shape.unit;
const roomSchema = createHouseholdBody.shape.room;
const areaSchema = createHouseholdBody.shape.area;

const communitySchema = z
  .object({ id: communityIdSchema, name: text(30), district: text(30), street: text(30) })
  .strict();

const householdSchema = z.object({ unit: unitSchema, room: roomSchema, area: areaSchema }).strict();

const buildingSchema = z
  .object({
    id: buildingIdSchema.optional(),
    /** The building's name as residents write it: 1栋, 3号楼, A座. */
    building: text(20),
    units: z.union([z.number().int().min(1).max(20), z.array(unitSchema).min(1).max(20)], {
      error: 'A number of units (1–20) or a list of unit names such as ["1", "2"]',
    }),
    floors: z.number().int().min(1).max(99).optional(),
    /** The first residential floor (shops below): rooms start at this floor. */
    fromFloor: z.number().int().min(1).max(99).optional(),
    roomsPerFloor: z.number().int().min(1).max(20).optional(),
    /** One area for every room, or one per room position on a floor (…01, …02, …). */
    area: z
      .union([areaSchema, z.array(areaSchema).min(1).max(20)], {
        error: "An area in m², or a list of areas: one per room on a floor",
      })
      .optional(),
    households: z.array(householdSchema).max(MAX_HOUSEHOLDS_PER_BUILDING).optional(),
  })
  .strict();

const fileSchema = z
  .object({ community: z.unknown(), buildings: z.array(z.unknown()).min(1, "List at least one building") })
  .strict();

type BuildingInput = z.infer<typeof buildingSchema>;

const issuesOf = (error: z.ZodError, prefix: (string | number)[]): Problem[] =>
  error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join("."),
    message: issue.message,
  }));

/** `1栋` → `b1`, `A座` → `bA`; null when the name starts with neither a letter nor a digit. */
export function buildingIdFromName(name: string): string | null {
  const match = /^[A-Za-z0-9]+/.exec(name.trim());
  return match ? `b${match[0]}`.slice(0, 16) : null;
}

/** Rooms as the demo numbers them: floor, then the room's position in two digits (1801, 1802…). */
export function roomNumber(floor: number, position: number): string {
  return `${floor}${String(position).padStart(2, "0")}`;
}

export type HouseholdIdScheme = (
  communityId: string,
  buildingId: string,
  unit: string,
  room: string,
) => string;

export const householdIdOf: HouseholdIdScheme = (communityId, buildingId, unit, room) =>
  `hh-${[communityId, buildingId, unit, room].join(HOUSEHOLD_ID_SEPARATOR)}`;

/**
 * Two addresses with one planned household id: the second would be refused as "created while the
 * command ran", and skipped by the next run. The id scheme rules it out; this check keeps it that
 * way. One address twice (a building id or a room listed twice) is reported where it is found.
 */
function duplicateHouseholdIds(buildings: PlannedBuilding[]): Problem[] {
  const seen = new Map<string, { building: PlannedBuilding; household: PlannedHousehold }>();
  const problems: Problem[] = [];
  const describe = (b: PlannedBuilding, h: PlannedHousehold) =>
    `${h.path} (${formatAddress(b.name, h.unit, h.room)})`;
  for (const building of buildings)
    for (const household of building.households) {
      const first = seen.get(household.id);
      if (!first) seen.set(household.id, { building, household });
      else if (
        first.building.id !== building.id ||
        first.household.unit !== household.unit ||
        first.household.room !== household.room
      )
        problems.push({
          path: household.path,
          message: `Household id ${household.id} of ${describe(building, household)} is also that of ${describe(first.building, first.household)}`,
        });
    }
  return problems;
}

function unitsOf(input: BuildingInput): string[] {
  return typeof input.units === "number"
    ? Array.from({ length: input.units }, (_, i) => String(i + 1))
    : [...input.units];
}

/** The building's households: generated floor by floor (compact form), then the listed ones. */
function expandBuilding(
  idOf: HouseholdIdScheme,
  communityId: string,
  id: string,
  input: BuildingInput,
  path: string,
  problems: Problem[],
): PlannedBuilding {
  const units = unitsOf(input);
  const households: PlannedHousehold[] = [];
  const compact = [input.floors, input.roomsPerFloor, input.area];
  const given = compact.filter((value) => value !== undefined).length;
  if (given > 0 && given < 3) {
    for (const [key, value] of Object.entries({
      floors: input.floors,
      roomsPerFloor: input.roomsPerFloor,
      area: input.area,
    })) {
      if (value === undefined)
        problems.push({
          path: `${path}.${key}`,
          message: "The compact form needs floors, roomsPerFloor and area",
        });
    }
  }
  if (given === 0 && input.fromFloor !== undefined)
    problems.push({ path: `${path}.fromFloor`, message: "Only with floors, roomsPerFloor and area" });
  if (given === 0 && !input.households?.length)
    problems.push({
      path: path,
      message: "Give floors, roomsPerFloor and area, or a list of households",
    });
  if (given === 3 && input.floors && input.roomsPerFloor && input.area !== undefined) {
    const areas = input.area;
    const fromFloor = input.fromFloor ?? 1;
    if (Array.isArray(areas) && areas.length !== input.roomsPerFloor)
      problems.push({
        path: `${path}.area`,
        message: `${areas.length} areas for ${input.roomsPerFloor} rooms per floor: give one per room, or a single area`,
      });
    if (fromFloor > input.floors)
      problems.push({ path: `${path}.fromFloor`, message: `Above the top floor (${input.floors})` });
    const count = units.length * (input.floors - fromFloor + 1) * input.roomsPerFloor;
    if (count > MAX_HOUSEHOLDS_PER_BUILDING)
      problems.push({
        path,
        message: `${count} households: at most ${MAX_HOUSEHOLDS_PER_BUILDING} per building`,
      });
    else
      for (const unit of units)
        for (let floor = fromFloor; floor <= input.floors; floor++)
          for (let position = 1; position <= input.roomsPerFloor; position++) {
            const room = roomNumber(floor, position);
            const area = Array.isArray(areas) ? (areas[position - 1] ?? areas[0] ?? 0) : areas;
            households.push({
              id: idOf(communityId, id, unit, room),
              unit,
              room,
              area: roundArea(area),
              path,
            });
          }
  }
  const generated = new Set(households.map((h) => `${h.unit}#${h.room}`));
  const listed = new Set<string>();
  for (const [i, household] of (input.households ?? []).entries()) {
    const room = normalizeRoom(household.room);
    const at = `${path}.households.${i}`;
    if (!units.includes(household.unit))
      problems.push({ path: `${at}.unit`, message: `Not a unit of this building (${units.join(", ")})` });
    const address = `${household.unit}#${room}`;
    if (generated.has(address))
      problems.push({
        path: `${at}.room`,
        message: `Unit ${household.unit} room ${room} is already generated by floors/roomsPerFloor`,
      });
    else if (listed.has(address))
      problems.push({ path: `${at}.room`, message: `Unit ${household.unit} room ${room} is listed twice` });
    listed.add(address);
    households.push({
      id: idOf(communityId, id, household.unit, room),
      unit: household.unit,
      room,
      area: roundArea(household.area),
      path: at,
    });
  }
  if (new Set(units).size !== units.length)
    problems.push({ path: `${path}.units`, message: "A unit is listed twice" });
  return { id, name: input.building, units, households };
}

/**
 * Validates a parsed community file and expands it. Every problem is reported with its path
 * (`buildings.1.area`), not only the first one; with any problem there is no definition.
 * `idOf` is the household id scheme (tests pass another to exercise the duplicate check).
 */
export function readCommunityFile(
  json: unknown,
  idOf: HouseholdIdScheme = householdIdOf,
): { ok: true; definition: CommunityDefinition } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const file = fileSchema.safeParse(json);
  if (!file.success) {
    problems.push(...issuesOf(file.error, []));
    // The parts that are there are still checked, so the operator sees everything at once.
    if (!json || typeof json !== "object" || Array.isArray(json)) return { ok: false, problems };
  }
  const raw = json as { community?: unknown; buildings?: unknown };
  const community = communitySchema.safeParse(raw.community);
  if (!community.success) problems.push(...issuesOf(community.error, ["community"]));
  const communityId = community.success ? community.data.id : "community";

  const buildings: PlannedBuilding[] = [];
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  for (const [i, rawBuilding] of (Array.isArray(raw.buildings) ? raw.buildings : []).entries()) {
    const path = `buildings.${i}`;
    const parsed = buildingSchema.safeParse(rawBuilding);
    if (!parsed.success) {
      problems.push(...issuesOf(parsed.error, ["buildings", i]));
      continue;
    }
    const input = parsed.data;
    const id = input.id ?? buildingIdFromName(input.building);
    if (!id) {
      problems.push({
        path: `${path}.id`,
        message: `Give an id (letters, digits or -): "${input.building}" does not start with one to make it from`,
      });
      continue;
    }
    const sameId = ids.get(id);
    if (sameId !== undefined)
      problems.push({ path: `${path}.id`, message: `Building id ${id} is also buildings.${sameId}'s` });
    const sameName = names.get(input.building);
    if (sameName !== undefined)
      problems.push({
        path: `${path}.building`,
        message: `The name ${input.building} is also buildings.${sameName}'s`,
      });
    ids.set(id, ids.get(id) ?? i);
    names.set(input.building, names.get(input.building) ?? i);
    buildings.push(expandBuilding(idOf, communityId, id, input, path, problems));
  }
  problems.push(...duplicateHouseholdIds(buildings));
  if (problems.length > 0 || !community.success) return { ok: false, problems };
  return { ok: true, definition: { community: community.data, buildings } };
}

/** Reads the file's text: a JSON syntax error is a problem like any other. */
export function parseCommunityFile(
  text: string,
): { ok: true; definition: CommunityDefinition } | { ok: false; problems: Problem[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: "(file)", message: `Not valid JSON: ${(error as Error).message}` }],
    };
  }
  return readCommunityFile(json);
}
