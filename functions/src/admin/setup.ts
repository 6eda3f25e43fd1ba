/**
 * What the operator command does, with the app's own repositories: create a community from a
 * file (idempotent, additive), grant and revoke the staff, lawyer and admin roles (audited as
 * `operator:<name>`), and the lookups an operator needs. The command line is in cli.ts.
 */
import { z } from "@hono/zod-openapi";
import { type AuditEntry, type AuditInput, auditPut, buildAudit } from "../audit/repo.js";
import { DEFAULT_NICKNAME } from "../auth/service.js";
import { DEPLOYMENT_AUDIT } from "../auth/web-login.js";
import type { Clock } from "../clock.js";
import {
  getCommunity,
  listAllHouseholds,
  listBuildings,
  listCommunities,
  listCommunityMembers,
  listVerificationQueue,
} from "../community/repo.js";
import type { Building, Community, Household, StoredVerificationRequest } from "../community/schemas.js";
import { formatAddress } from "../community/service.js";
import type { Db } from "../db/client.js";
import { getAll, type TransactItem } from "../db/items.js";
import { keys } from "../db/keys.js";
import { getLawyer, lawyerItem, listLawyerSlots, listLawyers } from "../legal/repo.js";
import { type LawyerProfile, lawyerBody } from "../legal/schemas.js";
import { getUser, getUserIdByOpenid } from "../users/repo.js";
import type { Role, UserProfile } from "../users/schemas.js";
import { listCenters, listMatters } from "../window/repo.js";
import type { CommunityDefinition, Problem } from "./community-file.js";
import {
  addBuildingUnits,
  countQuery,
  createBuilding,
  createCommunity,
  createHouseholds,
  HOUSEHOLDS_PER_TRANSACTION,
  listAddressGuards,
  type ScanProgress,
  saveUserRoles,
  scanUsers,
  updateCommunity,
} from "./repo.js";

export interface SetupContext {
  db: Db;
  clock: Clock;
  newId: () => string;
  /** Who is acting, as the audit log records it: `operator:<local user name>`. */
  actor: string;
}

/** Something the operator must fix (a missing user, an unknown community); nothing was written. */
export class OperatorError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

/** The operator's audit entries: like the API's, with `operator` as the actor's role. */
function operatorAudit(ctx: SetupContext, at: string, input: Omit<AuditInput, "actor">): AuditEntry {
  return {
    ...buildAudit(ctx.newId(), at, { ...input, actor: { id: ctx.actor, roles: [] } }),
    actorRole: "operator",
  };
}

// ——— Create a community ———

export interface BuildingPlan {
  id: string;
  name: string;
  action: "create" | "add-units" | "unchanged";
  /** The units after the run: those stored, then the file's new ones. */
  units: string[];
  stored: Building | null;
  addedUnits: string[];
  /** Stored units the file no longer lists: kept (the command never deletes). */
  keptUnits: string[];
  create: Household[];
  unchanged: number;
  notes: string[];
}

export interface CreatePlan {
  community: {
    action: "create" | "update" | "unchanged";
    after: Community;
    before: Community | null;
    changes: string[];
  };
  buildings: BuildingPlan[];
  /** Stored buildings the file does not list, and households at addresses it does not list: kept. */
  kept: { buildings: string[]; households: number };
  /** Conflicts with what is stored: with any, nothing is written. */
  problems: Problem[];
}

export const planWrites = (plan: CreatePlan) => ({
  community: plan.community.action === "unchanged" ? 0 : 1,
  buildings: plan.buildings.filter((b) => b.action === "create").length,
  unitsAdded: plan.buildings.reduce(
    (sum, b) => sum + (b.action === "add-units" ? b.addedUnits.length : 0),
    0,
  ),
  households: plan.buildings.reduce((sum, b) => sum + b.create.length, 0),
});

export const planIsUnchanged = (plan: CreatePlan) => {
  const writes = planWrites(plan);
  return writes.community + writes.buildings + writes.unitsAdded + writes.households === 0;
};

const addressKey = (buildingId: string, unit: string, room: string) => `${buildingId}#${unit}#${room}`;

/**
 * Compares the file with the table: what to create, what is already there ("unchanged"), and what
 * conflicts (a building renamed, or stored under another id; a household whose id is stored at
 * another address). Reads only.
 */
export async function planCreate(ctx: SetupContext, definition: CommunityDefinition): Promise<CreatePlan> {
  const { db } = ctx;
  const now = ctx.clock.now().toISOString();
  const wanted = definition.community;
  const before = await getCommunity(db, wanted.id);
  const [buildings, households, addresses] = before
    ? await Promise.all([
        listBuildings(db, wanted.id),
        listAllHouseholds(db, wanted.id),
        listAddressGuards(db, wanted.id),
      ])
    : [[], [], new Map<string, string>()];

  const after: Community = { ...wanted, createdAt: before?.createdAt ?? now };
  const changes = before
    ? (["name", "district", "street"] as const)
        .filter((field) => before[field] !== wanted[field])
        .map((field) => `${field}: ${before[field]} → ${wanted[field]}`)
    : [];
  const problems: Problem[] = [];
  const byId = new Map(households.map((household) => [household.id, household]));
  const atAddress = new Map(households.map((h) => [addressKey(h.buildingId, h.unit, h.room), h]));
  const storedBuildings = new Map(buildings.map((building) => [building.id, building]));
  const listedAddresses = new Set<string>();

  const plans = definition.buildings.map((building, index): BuildingPlan => {
    const stored = storedBuildings.get(building.id) ?? null;
    const path = `buildings.${index}`;
    if (stored && stored.name !== building.name)
      problems.push({
        path: `${path}.building`,
        message: `Building ${building.id} is stored as ${stored.name}; renaming is not supported (its households carry the name)`,
      });
    const namesake = buildings.find((b) => b.name === building.name && b.id !== building.id);
    if (!stored && namesake)
      problems.push({
        path: `${path}.id`,
        message: `A building named ${building.name} is stored with id ${namesake.id}: give "id": "${namesake.id}"`,
      });
    const storedUnits = stored?.units ?? [];
    const addedUnits = building.units.filter((unit) => !storedUnits.includes(unit));
    const keptUnits = storedUnits.filter((unit) => !building.units.includes(unit));
    const notes: string[] = [];
    if (keptUnits.length) notes.push(`units ${keptUnits.join(", ")} are stored but not in the file: kept`);
    const create: Household[] = [];
    let unchanged = 0;
    const areaDiffers: string[] = [];
    for (const planned of building.households) {
      const key = addressKey(building.id, planned.unit, planned.room);
      listedAddresses.add(key);
      const address = formatAddress(building.name, planned.unit, planned.room);
      const existingId = addresses.get(key) ?? atAddress.get(key)?.id;
      if (existingId) {
        unchanged += 1;
        const existing = byId.get(existingId);
        if (existing && existing.area !== planned.area)
          areaDiffers.push(`${address} (${existing.area} stored, ${planned.area} in the file)`);
        continue;
      }
      // Its id is taken by a household at another address (moved in the app): creating it would
      // fail, and skipping it would leave the address without a household. The operator decides.
      const elsewhere = byId.get(planned.id);
      if (elsewhere) {
        problems.push({
          path: planned.path,
          message: `${address}: its household ${planned.id} is stored at ${formatAddress(elsewhere.buildingName, elsewhere.unit, elsewhere.room)} (changed in the app). Make the file and the table agree: leave ${address} out of the file, or move the household back in the app`,
        });
        continue;
      }
      create.push({
        id: planned.id,
        communityId: wanted.id,
        buildingId: building.id,
        buildingName: building.name,
        unit: planned.unit,
        room: planned.room,
        area: planned.area,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
    }
    if (areaDiffers.length)
      notes.push(
        `${areaDiffers.length} household(s) have another area stored, kept as stored (staff correct areas in the app): ${areaDiffers.slice(0, 5).join("; ")}${areaDiffers.length > 5 ? "; …" : ""}`,
      );
    return {
      id: building.id,
      name: building.name,
      action: !stored ? "create" : addedUnits.length ? "add-units" : "unchanged",
      units: [...storedUnits, ...addedUnits],
      stored,
      addedUnits: stored ? addedUnits : [],
      keptUnits,
      create,
      unchanged,
      notes,
    };
  });
  const listedBuildings = new Set(definition.buildings.map((b) => b.id));
  return {
    community: {
      action: !before ? "create" : changes.length ? "update" : "unchanged",
      after,
      before,
      changes,
    },
    buildings: plans,
    kept: {
      buildings: buildings.filter((b) => !listedBuildings.has(b.id)).map((b) => `${b.name} (${b.id})`),
      households: households.filter((h) => !listedAddresses.has(addressKey(h.buildingId, h.unit, h.room)))
        .length,
    },
    problems,
  };
}

export interface CreateResult {
  community: CreatePlan["community"]["action"];
  buildings: number;
  unitsAdded: number;
  households: number;
  auditEntries: number;
}

/**
 * Writes a plan: the community, then each building, then its households in transactions of 49
 * (each with its address guard and one audit entry). Stopped part-way (network, credentials, a
 * concurrent writer), a second run finishes the rest: everything written is then "unchanged".
 */
export async function applyCreate(
  ctx: SetupContext,
  plan: CreatePlan,
  onProgress: (line: string) => void = () => undefined,
): Promise<CreateResult> {
  if (plan.problems.length) throw new OperatorError("The file conflicts with the table.", plan.problems);
  const { db } = ctx;
  const communityId = plan.community.after.id;
  const at = () => ctx.clock.now().toISOString();
  const result: CreateResult = {
    community: plan.community.action,
    buildings: 0,
    unitsAdded: 0,
    households: 0,
    auditEntries: 0,
  };
  const { after, before } = plan.community;
  if (plan.community.action === "create") {
    await createCommunity(
      db,
      after,
      operatorAudit(ctx, at(), {
        communityId,
        action: "community.create",
        target: communityId,
        details: { name: after.name, district: after.district, street: after.street },
      }),
    );
    result.auditEntries += 1;
  } else if (plan.community.action === "update" && before) {
    await updateCommunity(
      db,
      before,
      after,
      operatorAudit(ctx, at(), {
        communityId,
        action: "community.update",
        target: communityId,
        details: Object.fromEntries(plan.community.changes.map((change, i) => [`change${i + 1}`, change])),
      }),
    );
    result.auditEntries += 1;
  }
  for (const building of plan.buildings) {
    if (building.action === "create") {
      await createBuilding(
        db,
        { id: building.id, communityId, name: building.name, units: building.units, createdAt: at() },
        operatorAudit(ctx, at(), {
          communityId,
          action: "building.create",
          target: building.id,
          details: { name: building.name, units: building.units.join(",") },
        }),
      );
      result.buildings += 1;
      result.auditEntries += 1;
    } else if (building.action === "add-units" && building.stored) {
      await addBuildingUnits(
        db,
        building.stored,
        building.units,
        operatorAudit(ctx, at(), {
          communityId,
          action: "building.add_units",
          target: building.id,
          details: { name: building.name, added: building.addedUnits.join(",") },
        }),
      );
      result.unitsAdded += building.addedUnits.length;
      result.auditEntries += 1;
    }
    for (let i = 0; i < building.create.length; i += HOUSEHOLDS_PER_TRANSACTION) {
      const batch = building.create.slice(i, i + HOUSEHOLDS_PER_TRANSACTION);
      const first = batch[0] as Household;
      const last = batch[batch.length - 1] as Household;
      await createHouseholds(
        db,
        batch,
        operatorAudit(ctx, at(), {
          communityId,
          action: "household.import",
          target: building.id,
          details: {
            count: batch.length,
            first: formatAddress(first.buildingName, first.unit, first.room),
            last: formatAddress(last.buildingName, last.unit, last.room),
          },
        }),
      );
      result.households += batch.length;
      result.auditEntries += 1;
      onProgress(
        `${building.name}: ${Math.min(i + batch.length, building.create.length)}/${building.create.length} households written`,
      );
    }
  }
  return result;
}

// ——— Roles ———

export type GrantableRole = Extract<Role, "staff" | "lawyer" | "admin">;

export interface RoleInput {
  userId?: string;
  openid?: string;
  role: GrantableRole;
  communityId?: string;
  /** The name others see (nickname) and, for a lawyer, the profile's name. */
  name?: string;
  firm?: string;
  specialties?: string[];
  intro?: string;
  /** Keep the resident services for a staff member or lawyer who is not (yet) verified to a household. */
  keepResident?: boolean;
}

export interface RolePlan {
  kind: "grant" | "revoke";
  role: GrantableRole;
  before: UserProfile;
  after: UserProfile;
  communityId: string | null;
  /** Every community whose audit log records the change, else the deployment's own (`_deployment`). */
  auditCommunities: string[];
  /** `stored` is the profile as read: the write is refused if it changed meanwhile. */
  lawyer: {
    action: "create" | "update" | "delete" | "unchanged";
    profile: LawyerProfile;
    stored: LawyerProfile | null;
  } | null;
  changes: string[];
  warnings: string[];
  unchanged: boolean;
}

/** The user named by id or by openid; they must have logged in through WeChat once. */
export async function findUser(db: Db, input: { userId?: string; openid?: string }): Promise<UserProfile> {
  if (Boolean(input.userId) === Boolean(input.openid))
    throw new OperatorError("Name the user with --user <userId> or --openid <openid> (one of them).");
  const userId = input.userId ?? (await getUserIdByOpenid(db, input.openid as string));
  if (!userId)
    throw new OperatorError(
      `Nobody has logged in with openid ${input.openid}: the person opens the mini-program and logs in once first.`,
    );
  const user = await getUser(db, userId);
  if (!user)
    throw new OperatorError(
      `No user ${userId}: the person opens the mini-program and logs in once first (find their id with the users command).`,
    );
  if (!user.openid)
    throw new OperatorError(
      `${user.nickname} (${user.id}) was registered by staff without WeChat and cannot log in: roles need a WeChat login.`,
    );
  return user;
}

async function requireCommunity(db: Db, communityId: string | undefined, role: string): Promise<Community> {
  if (!communityId) throw new OperatorError(`The ${role} role is per community: give --community <id>.`);
  const community = await getCommunity(db, communityId);
  if (!community) {
    const known = (await listCommunities(db)).map((c) => `${c.id} (${c.name})`);
    throw new OperatorError(
      `No community ${communityId}. ${known.length ? `Known: ${known.join(", ")}.` : "Create it first (create --file …)."}`,
    );
  }
  return community;
}

/**
 * Where a role change is audited: the communities concerned; with none (no community yet, or one
 * since removed), the deployment's own log, as web login does for an admin who works in none.
 */
const auditLogs = (communityIds: string[]) => (communityIds.length ? communityIds : [DEPLOYMENT_AUDIT]);

const nameSchema = lawyerBody.shape.name;
const lawyerProfileSchema = lawyerBody
  .omit({ communityId: true })
  .extend({ firm: lawyerBody.shape.firm.or(z.literal("")) });

const withRole = (roles: Role[], role: Role): Role[] => (roles.includes(role) ? roles : [...roles, role]);
const withoutRole = (roles: Role[], role: Role): Role[] => roles.filter((r) => r !== role);
const withId = (ids: string[], id: string) => (ids.includes(id) ? ids : [...ids, id]);
const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

function describeChanges(before: UserProfile, after: UserProfile): string[] {
  const changes: string[] = [];
  if (!sameList(before.roles, after.roles))
    changes.push(`roles: ${before.roles.join(", ") || "none"} → ${after.roles.join(", ")}`);
  if (!sameList(before.staffCommunityIds, after.staffCommunityIds))
    changes.push(
      `staff of: ${before.staffCommunityIds.join(", ") || "none"} → ${after.staffCommunityIds.join(", ") || "none"}`,
    );
  if (!sameList(before.lawyerCommunityIds, after.lawyerCommunityIds))
    changes.push(
      `lawyer in: ${before.lawyerCommunityIds.join(", ") || "none"} → ${after.lawyerCommunityIds.join(", ") || "none"}`,
    );
  if (before.nickname !== after.nickname) changes.push(`name: ${before.nickname} → ${after.nickname}`);
  return changes;
}

/** What granting a role changes; reads only. Granting what the user already has is "unchanged". */
export async function planGrant(ctx: SetupContext, input: RoleInput): Promise<RolePlan> {
  const { db } = ctx;
  if (input.communityId?.startsWith("_"))
    throw new OperatorError(
      `No community ${input.communityId}: community ids never start with '_' (${DEPLOYMENT_AUDIT} is the deployment's own audit log).`,
    );
  const before = await findUser(db, input);
  const now = ctx.clock.now().toISOString();
  const warnings: string[] = [];
  if (input.name !== undefined) {
    const name = nameSchema.safeParse(input.name);
    if (!name.success) throw new OperatorError(`--name: ${name.error.issues[0]?.message ?? "invalid"}`);
  }
  let roles = withRole(before.roles, input.role);
  const livesHere = before.householdCount > 0 || Boolean(before.pendingRequestId);
  if (input.role !== "admin" && roles.includes("resident") && !before.roles.includes(input.role)) {
    if (!livesHere && !input.keepResident) {
      roles = withoutRole(roles, "resident");
      warnings.push(
        "The resident services are hidden for them (not verified to a household); --keep-resident keeps them.",
      );
    }
  }
  const after: UserProfile = { ...before, roles, nickname: input.name ?? before.nickname, updatedAt: now };
  let communityId: string | null = null;
  let auditCommunities: string[];
  let lawyer: RolePlan["lawyer"] = null;

  if (input.role === "admin") {
    if (input.communityId)
      throw new OperatorError("Admin spans every community of the deployment: leave out --community.");
    auditCommunities = auditLogs((await listCommunities(db)).map((c) => c.id));
    if (auditCommunities[0] === DEPLOYMENT_AUDIT)
      warnings.push(
        `No community exists yet: the deployment's own audit log (${DEPLOYMENT_AUDIT}) records this grant.`,
      );
    if (!before.roles.includes("staff"))
      warnings.push(
        "Admin alone shows no workbench in the mini-program (it is shown to staff and lawyers): grant staff in a community for that. Admin acts in every community through the API.",
      );
  } else {
    const community = await requireCommunity(db, input.communityId, input.role);
    communityId = community.id;
    auditCommunities = [community.id];
    if (input.role === "staff") {
      after.staffCommunityIds = withId(before.staffCommunityIds, community.id);
      if (after.nickname === DEFAULT_NICKNAME)
        warnings.push(
          `Residents and colleagues will see them as ${DEFAULT_NICKNAME}: give --name <their name>.`,
        );
    } else {
      after.lawyerCommunityIds = withId(before.lawyerCommunityIds, community.id);
      const stored = await getLawyer(db, community.id, before.id);
      const name = input.name ?? stored?.name ?? before.nickname;
      if (name === DEFAULT_NICKNAME)
        throw new OperatorError(
          `Their name is still WeChat's default ${DEFAULT_NICKNAME}: give --name <the lawyer's name> for the profile residents see.`,
        );
      const parsed = lawyerProfileSchema.safeParse({
        name,
        firm: input.firm ?? stored?.firm ?? "",
        specialties: input.specialties ?? stored?.specialties ?? [],
        intro: input.intro ?? stored?.intro ?? "",
      });
      if (!parsed.success)
        throw new OperatorError(
          "The lawyer profile is not valid.",
          parsed.error.issues.map((issue) => ({ path: `--${issue.path.join(".")}`, message: issue.message })),
        );
      const profile: LawyerProfile = {
        userId: before.id,
        communityId: community.id,
        ...parsed.data,
        updatedAt: now,
      };
      const same =
        stored &&
        stored.name === profile.name &&
        stored.firm === profile.firm &&
        stored.intro === profile.intro &&
        sameList(stored.specialties, profile.specialties);
      lawyer = same
        ? { action: "unchanged", profile: stored, stored }
        : { action: stored ? "update" : "create", profile, stored };
      if (!profile.firm)
        warnings.push("No law firm in the profile: residents see the name only (--firm sets it).");
    }
  }
  const changes = describeChanges(before, after);
  if (lawyer && lawyer.action !== "unchanged")
    changes.push(
      `lawyer profile in ${communityId} (${lawyer.action}): ${lawyer.profile.name}${lawyer.profile.firm ? `，${lawyer.profile.firm}` : ""}${lawyer.profile.specialties.length ? `；${lawyer.profile.specialties.join("、")}` : ""}`,
    );
  return {
    kind: "grant",
    role: input.role,
    before,
    after,
    communityId,
    auditCommunities,
    lawyer,
    changes,
    warnings,
    unchanged: changes.length === 0,
  };
}

/** What revoking a role changes; reads only. A user left with no role is a resident again. */
export async function planRevoke(ctx: SetupContext, input: RoleInput): Promise<RolePlan> {
  const { db } = ctx;
  const before = await findUser(db, input);
  const now = ctx.clock.now().toISOString();
  const warnings: string[] = [];
  const after: UserProfile = { ...before, updatedAt: now };
  let communityId: string | null = null;
  let auditCommunities: string[];
  let lawyer: RolePlan["lawyer"] = null;
  if (input.role === "admin") {
    if (input.communityId)
      throw new OperatorError("Admin spans every community of the deployment: leave out --community.");
    after.roles = withoutRole(before.roles, "admin");
    auditCommunities = auditLogs((await listCommunities(db)).map((c) => c.id));
  } else {
    if (!input.communityId)
      throw new OperatorError(`The ${input.role} role is per community: give --community <id>.`);
    communityId = input.communityId;
    auditCommunities = auditLogs((await getCommunity(db, communityId)) ? [communityId] : []);
    if (input.role === "staff") {
      after.staffCommunityIds = before.staffCommunityIds.filter((id) => id !== communityId);
      if (!after.staffCommunityIds.length) after.roles = withoutRole(before.roles, "staff");
    } else {
      after.lawyerCommunityIds = before.lawyerCommunityIds.filter((id) => id !== communityId);
      if (!after.lawyerCommunityIds.length) after.roles = withoutRole(before.roles, "lawyer");
      const stored = await getLawyer(db, communityId, before.id);
      if (stored) {
        lawyer = { action: "delete", profile: stored, stored };
        warnings.push(
          `Their profile is removed from the community's lawyers: ${stored.name}${stored.firm ? `，${stored.firm}` : ""}${stored.specialties.length ? `；${stored.specialties.join("、")}` : ""}`,
        );
      }
      const horizon = new Date(ctx.clock.now().getTime() + 366 * 24 * 3600_000).toISOString();
      const open = (await listLawyerSlots(db, before.id, now, horizon)).filter(
        (slot) => slot.communityId === communityId && slot.status === "open",
      );
      if (open.length)
        warnings.push(
          `${open.length} of their slots in ${communityId} are still open (first ${open[0]?.date}): staff cancel them in 值班排班 so the residents booked are told.`,
        );
    }
  }
  if (!after.roles.length) after.roles = ["resident"];
  const changes = describeChanges(before, after);
  if (lawyer) changes.push(`lawyer profile in ${communityId}: removed`);
  return {
    kind: "revoke",
    role: input.role,
    before,
    after,
    communityId,
    auditCommunities,
    lawyer,
    changes,
    warnings: changes.length ? warnings : [],
    unchanged: changes.length === 0,
  };
}

/** The condition that a lawyer profile still reads as planned: as stored then, or still absent. */
function lawyerAsRead(stored: LawyerProfile | null) {
  return stored
    ? { ConditionExpression: "updatedAt = :seen", ExpressionAttributeValues: { ":seen": stored.updatedAt } }
    : { ConditionExpression: "attribute_not_exists(PK)" };
}

/**
 * Writes a role change with its lawyer profile and audit entries in one transaction. The profile
 * is written or deleted only as it was read (staff edit it with `PUT /legal/lawyers/{id}`).
 */
export async function applyRolePlan(ctx: SetupContext, plan: RolePlan): Promise<{ auditEntries: number }> {
  if (plan.unchanged) return { auditEntries: 0 };
  const { db } = ctx;
  const at = plan.after.updatedAt;
  const alsoWrite: { item: TransactItem; what: string }[] = [];
  if (plan.kind === "grant" && plan.communityId)
    alsoWrite.push({
      what: `Community ${plan.communityId}`,
      item: {
        ConditionCheck: {
          TableName: db.tableName,
          Key: keys.community(plan.communityId),
          ConditionExpression: "attribute_exists(PK)",
        },
      },
    });
  const lawyer = plan.lawyer;
  const profileOf = (profile: LawyerProfile) =>
    `The lawyer profile of ${profile.name} in ${profile.communityId}`;
  if (lawyer?.action === "create" || lawyer?.action === "update")
    alsoWrite.push({
      what: profileOf(lawyer.profile),
      item: {
        Put: { TableName: db.tableName, Item: lawyerItem(lawyer.profile), ...lawyerAsRead(lawyer.stored) },
      },
    });
  if (lawyer?.action === "delete")
    alsoWrite.push({
      what: profileOf(lawyer.profile),
      item: {
        Delete: {
          TableName: db.tableName,
          Key: keys.lawyer(lawyer.profile.communityId, plan.before.id),
          ...lawyerAsRead(lawyer.stored),
        },
      },
    });
  const audits = plan.auditCommunities.map((communityId) =>
    operatorAudit(ctx, at, {
      communityId,
      action: plan.kind === "grant" ? "user.role_grant" : "user.role_revoke",
      subjectUserId: plan.before.id,
      target: plan.before.id,
      details: {
        role: plan.role,
        community: plan.communityId,
        name: plan.after.nickname,
        roles: plan.after.roles.join(","),
      },
    }),
  );
  if (audits.length + alsoWrite.length > 99)
    throw new OperatorError("Too many communities to audit in one transaction (at most 97).");
  await saveUserRoles(db, plan.before, plan.after, [
    ...alsoWrite,
    ...audits.map((entry) => ({ item: auditPut(db, entry), what: `An audit entry of ${entry.communityId}` })),
  ]);
  return { auditEntries: audits.length };
}

// ——— Lookups ———

export interface CommunitySummary {
  community: Community;
  buildings: number;
  households: number;
  /** Verified memberships (a resident verified to two households counts twice). */
  verified: number;
  pending: number;
  staff: string[];
  lawyers: string[];
  /** Lawyers (by role) without the profile the rosters screen lists. */
  lawyersWithoutProfile: string[];
  centers: number;
  matters: number;
}

/**
 * Every community with its counts. Staff and lawyers come from one paged Scan of the user items
 * (no index holds users by role); everything else from queries.
 */
export async function summarizeCommunities(
  ctx: SetupContext,
  onScan?: (progress: ScanProgress) => void,
): Promise<{ communities: CommunitySummary[]; admins: UserProfile[] }> {
  const { db } = ctx;
  const communities = await listCommunities(db);
  const people = await scanUsers(
    db,
    {
      expression: "contains(#roles, :staff) OR contains(#roles, :lawyer) OR contains(#roles, :admin)",
      names: { "#roles": "roles" },
      values: { ":staff": "staff", ":lawyer": "lawyer", ":admin": "admin" },
    },
    { onPage: onScan },
  );
  const label = (user: UserProfile) => `${user.nickname} (${user.id})`;
  const summaries: CommunitySummary[] = [];
  for (const community of communities) {
    const id = community.id;
    const [buildings, households, verified, pending, profiles, centers, matters] = await Promise.all([
      listBuildings(db, id),
      countQuery(db, {
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk AND begins_with(GSI1SK, :prefix)",
        ExpressionAttributeValues: {
          ":pk": keys.householdListGsi(id, "", "", "").GSI1PK,
          ":prefix": "BUILDING#",
        },
      }),
      countQuery(db, {
        IndexName: "GSI2",
        KeyConditionExpression: "GSI2PK = :pk",
        ExpressionAttributeValues: { ":pk": keys.membershipByCommunityGsi(id, "", "").GSI2PK },
      }),
      countQuery(db, {
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk",
        ExpressionAttributeValues: { ":pk": keys.verificationQueueGsi(id, "pending", "", "").GSI1PK },
      }),
      listLawyers(db, id),
      listCenters(db, id),
      listMatters(db, id),
    ]);
    const lawyers = people.filter((u) => u.roles.includes("lawyer") && u.lawyerCommunityIds.includes(id));
    const withProfile = new Set(profiles.map((p) => p.userId));
    summaries.push({
      community,
      buildings: buildings.length,
      households,
      verified,
      pending,
      staff: people.filter((u) => u.roles.includes("staff") && u.staffCommunityIds.includes(id)).map(label),
      lawyers: lawyers.map(label),
      lawyersWithoutProfile: lawyers.filter((u) => !withProfile.has(u.id)).map(label),
      centers: centers.length,
      matters: matters.filter((m) => m.status !== "retired").length,
    });
  }
  return { communities: summaries, admins: people.filter((u) => u.roles.includes("admin")) };
}

export interface UserQuery {
  userId?: string;
  openid?: string;
  communityId?: string;
  role?: Role;
  /** Part of the nickname. WeChat logins start as 微信用户: useful after --name, or for dev logins. */
  nickname?: string;
  /** Created at or after this instant (ISO): who logged in for the first time lately. */
  since?: string;
  limit?: number;
}

export interface FoundUsers {
  users: UserProfile[];
  /** How they were found: a key lookup or index query, or a Scan of the table. */
  via: "key" | "index" | "scan";
  progress?: ScanProgress;
}

/** Users for an operator to grant a role to. Key lookups and index queries where possible, else a Scan. */
export async function findUsers(
  ctx: SetupContext,
  query: UserQuery,
  onScan?: (progress: ScanProgress) => void,
): Promise<FoundUsers> {
  const { db } = ctx;
  const keep = (user: UserProfile) =>
    (!query.nickname || user.nickname.includes(query.nickname)) &&
    (!query.since || user.createdAt >= query.since);
  if (query.userId || query.openid) {
    const userId = query.userId ?? (await getUserIdByOpenid(db, query.openid as string));
    const user = userId ? await getUser(db, userId) : null;
    return { users: user ? [user] : [], via: "key" };
  }
  if (query.communityId && query.role === "resident") {
    const members = await listCommunityMembers(db, query.communityId);
    const ids = [...new Set(members.map((m) => m.userId))];
    const users = (
      await getAll<UserProfile>(
        db,
        ids.map((id) => keys.user(id)),
      )
    )
      .map((user) => ({
        ...user,
        staffCommunityIds: user.staffCommunityIds ?? [],
        lawyerCommunityIds: user.lawyerCommunityIds ?? [],
      }))
      .filter(keep)
      .sort((a, b) => a.nickname.localeCompare(b.nickname, "zh-CN"));
    return { users: query.limit ? users.slice(0, query.limit) : users, via: "index" };
  }
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (query.role) {
    conditions.push("contains(#roles, :role)");
    names["#roles"] = "roles";
    values[":role"] = query.role;
  }
  if (query.communityId) {
    values[":community"] = query.communityId;
    conditions.push(
      query.role === "staff"
        ? "contains(staffCommunityIds, :community)"
        : query.role === "lawyer"
          ? "contains(lawyerCommunityIds, :community)"
          : "(communityId = :community OR contains(staffCommunityIds, :community) OR contains(lawyerCommunityIds, :community))",
    );
  }
  if (query.nickname) {
    conditions.push("contains(nickname, :nickname)");
    values[":nickname"] = query.nickname;
  }
  if (query.since) {
    conditions.push("createdAt >= :since");
    values[":since"] = query.since;
  }
  let progress: ScanProgress | undefined;
  const users = await scanUsers(
    db,
    conditions.length ? { expression: conditions.join(" AND "), names, values } : {},
    {
      limit: query.limit,
      onPage: (p) => {
        progress = p;
        onScan?.(p);
      },
    },
  );
  users.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { users, via: "scan", progress };
}

/** The verification requests waiting in a community (an index): residents by their real names. */
export async function pendingRequests(
  ctx: SetupContext,
  communityId: string,
): Promise<StoredVerificationRequest[]> {
  const requests: StoredVerificationRequest[] = [];
  let cursor: string | undefined;
  do {
    const page = await listVerificationQueue(ctx.db, communityId, "pending", { limit: 100, cursor });
    requests.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return requests;
}
