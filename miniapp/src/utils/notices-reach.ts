// The staff's reach and grids pages without I/O: figures and bars, the follow-up list grouped for
// the walk, the CSV's file name, the grid form (its members, checks and the API's body), errors.
import { ApiError, type FieldIssue } from "../api/errors";
import type { AudienceOptions, FollowUpList, GridInput, NoticeReach } from "../api/notices";
import type { MessageKey, Translate } from "../i18n";

export interface Problem {
  key: MessageKey;
  params?: Record<string, string | number>;
}

const natural = (a: string, b: string) => a.localeCompare(b, "zh-CN", { numeric: true });

// ——— Figures and bars ———

/** "45.5%" (one decimal, without a trailing ".0"); "0%" of nothing. */
export function percentText(part: number, whole: number): string {
  if (!(whole > 0) || !(part > 0)) return "0%";
  const value = Math.round((Math.min(part, whole) * 1000) / whole) / 10;
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;
}

/**
 * A bar's width in percent, 0–100: a share that is not nothing shows at least a sliver, so one
 * household read out of five hundred is still visible.
 */
export function barWidth(part: number, whole: number): number {
  if (!(whole > 0) || !(part > 0)) return 0;
  const value = Math.round((Math.min(part, whole) * 1000) / whole) / 10;
  return Math.max(2, value);
}

export type BuildingReach = NoticeReach["buildings"][number];

/** Buildings in their natural order ("2栋" before "10栋"). */
export function sortBuildingReach(rows: BuildingReach[]): BuildingReach[] {
  return [...rows].sort(
    (a, b) => natural(a.buildingName, b.buildingName) || natural(a.buildingId, b.buildingId),
  );
}

// ——— The follow-up list ———

/** Households still to visit for each list, from the same pass over the audience as the list itself. */
export function followUpCounts(reach: Pick<NoticeReach, "buildings">): { unread: number; unacked: number } {
  let unread = 0;
  let unacked = 0;
  for (const b of reach.buildings) {
    unread += Math.max(0, b.households - b.reads);
    unacked += Math.max(0, b.households - b.acks);
  }
  return { unread, unacked };
}

export type FollowUpHousehold = NoticeReach["followUp"][number]["units"][number]["households"][number];

export interface FollowUpGroup {
  /** `<buildingId>-<unit>`: the element id's tail. */
  key: string;
  buildingId: string;
  buildingName: string;
  unit: string;
  households: FollowUpHousehold[];
}

/** The list as the grid member walks it: building by building, unit by unit, room by room. */
export function followUpGroups(reach: Pick<NoticeReach, "followUp">): FollowUpGroup[] {
  const buildings = [...reach.followUp].sort(
    (a, b) => natural(a.buildingName, b.buildingName) || natural(a.buildingId, b.buildingId),
  );
  return buildings.flatMap((b) =>
    [...b.units]
      .sort((x, y) => natural(x.unit, y.unit))
      .filter((u) => u.households.length > 0)
      .map((u) => ({
        key: `${b.buildingId}-${u.unit}`,
        buildingId: b.buildingId,
        buildingName: b.buildingName,
        unit: u.unit,
        households: [...u.households].sort(
          (x, y) => natural(x.room, y.room) || natural(x.householdId, y.householdId),
        ),
      })),
  );
}

/** How many households the list holds. */
export const followUpTotal = (groups: FollowUpGroup[]) =>
  groups.reduce((sum, group) => sum + group.households.length, 0);

/** The lists staff can switch between: "unacked" only when the notice asks for acknowledgement. */
export const followUpLists = (ackRequired: boolean): FollowUpList[] =>
  ackRequired ? ["unread", "unacked"] : ["unread"];

// ——— The CSV ———

/**
 * "通知跟进名单-停水通知-未读.csv": characters a file system refuses are dropped, spaces become
 * "_", and a long title is cut so the name stays usable.
 */
export function csvFileName(t: Translate, title: string, list: FollowUpList): string {
  const safe = Array.from(
    title
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is dropped
      .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, "")
      .trim()
      .replace(/\s+/g, "_"),
  )
    .slice(0, 40)
    .join("");
  return [t("nx.csvFilePrefix"), safe, t(`nx.list.${list}`)].filter(Boolean).join("-").concat(".csv");
}

// ——— Grids ———

export type GridMember = GridInput["members"][number];
export type AudienceBuilding = AudienceOptions["buildings"][number];

export const GRID_NAME_MIN = 1;
export const GRID_NAME_MAX = 30;
export const GRID_MEMBERS_MAX = 200;

export interface GridDraft {
  name: string;
  members: GridMember[];
}

export const newGridDraft = (grid?: { name: string; members: GridMember[] }): GridDraft => ({
  name: grid?.name ?? "",
  members: grid ? grid.members.map((m) => ({ buildingId: m.buildingId, unit: m.unit })) : [],
});

/** Whether a building or one of its units is chosen: "covered" is a unit inside a whole building chosen. */
export type MemberState = "on" | "covered" | "off";

const isWhole = (m: GridMember, buildingId: string) => m.buildingId === buildingId && m.unit === null;

export function memberState(members: GridMember[], buildingId: string, unit: string | null): MemberState {
  if (members.some((m) => m.buildingId === buildingId && m.unit === unit)) return "on";
  if (unit !== null && members.some((m) => isWhole(m, buildingId))) return "covered";
  return "off";
}

/** The whole building on (its units chosen one by one are cleared) or off. */
export function toggleWholeBuilding(members: GridMember[], buildingId: string): GridMember[] {
  if (members.some((m) => isWhole(m, buildingId))) return members.filter((m) => !isWhole(m, buildingId));
  return [...members.filter((m) => m.buildingId !== buildingId), { buildingId, unit: null }];
}

/**
 * One unit on or off. Taking a unit out of a whole building leaves its other units chosen one by
 * one; choosing every unit one by one stays a list of units (the whole building would also take in
 * units added later).
 */
export function toggleUnit(
  members: GridMember[],
  building: Pick<AudienceBuilding, "id" | "units">,
  unit: string,
): GridMember[] {
  if (members.some((m) => isWhole(m, building.id))) {
    const others = building.units.map((u) => u.unit).filter((u) => u !== unit);
    const at = members.findIndex((m) => isWhole(m, building.id));
    return [
      ...members.slice(0, at),
      ...others.map((u) => ({ buildingId: building.id, unit: u })),
      ...members.slice(at + 1),
    ];
  }
  if (members.some((m) => m.buildingId === building.id && m.unit === unit))
    return members.filter((m) => !(m.buildingId === building.id && m.unit === unit));
  return [...members, { buildingId: building.id, unit }];
}

/** Members in the order of the picker (buildings, then units), which is how they read back. */
export function sortMembers(
  members: GridMember[],
  options: Pick<AudienceOptions, "buildings">,
): GridMember[] {
  const rank = (m: GridMember) => {
    const b = options.buildings.findIndex((x) => x.id === m.buildingId);
    const u = m.unit === null ? -1 : (options.buildings[b]?.units.findIndex((x) => x.unit === m.unit) ?? -1);
    return [b < 0 ? Number.MAX_SAFE_INTEGER : b, u] as const;
  };
  return [...members].sort((a, b) => {
    const [ab, au] = rank(a);
    const [bb, bu] = rank(b);
    return ab - bb || au - bu || natural(a.buildingId, b.buildingId) || natural(a.unit ?? "", b.unit ?? "");
  });
}

/** Households the members cover (a unit inside a whole building chosen counts once). */
export function membersHouseholds(
  members: GridMember[],
  options: Pick<AudienceOptions, "buildings">,
): number {
  let total = 0;
  for (const b of options.buildings) {
    if (members.some((m) => isWhole(m, b.id))) total += b.households;
    else
      for (const u of b.units)
        if (members.some((m) => m.buildingId === b.id && m.unit === u.unit)) total += u.households;
  }
  return total;
}

/** "1栋、2栋1单元" (in English "1栋, 2栋 unit 1"), as the list of grids shows it. */
export function membersLabel(
  t: Translate,
  members: GridMember[],
  options: Pick<AudienceOptions, "buildings">,
): string {
  return sortMembers(members, options)
    .map((m) => {
      const name = options.buildings.find((b) => b.id === m.buildingId)?.name ?? m.buildingId;
      return m.unit === null ? name : t("nx.grid.unitLabel", { building: name, unit: m.unit });
    })
    .join(t("nx.grid.joiner"));
}

/** The name as the server keeps it: runs of spaces as one, trimmed. */
export const gridName = (name: string) => name.replace(/\s+/g, " ").trim();

export type GridField = "name" | "members";

export function validateGrid(draft: GridDraft): Partial<Record<GridField, Problem>> {
  const out: Partial<Record<GridField, Problem>> = {};
  const length = gridName(draft.name).length;
  if (length < GRID_NAME_MIN || length > GRID_NAME_MAX)
    out.name = { key: "nx.grid.err.name", params: { min: GRID_NAME_MIN, max: GRID_NAME_MAX } };
  if (draft.members.length === 0) out.members = { key: "nx.grid.err.members" };
  else if (draft.members.length > GRID_MEMBERS_MAX)
    out.members = { key: "nx.grid.err.membersMax", params: { max: GRID_MEMBERS_MAX } };
  return out;
}

export function gridInput(draft: GridDraft, options: Pick<AudienceOptions, "buildings">): GridInput {
  return { name: gridName(draft.name), members: sortMembers(draft.members, options) };
}

/** The server's English field messages we know (functions/src/notices/schemas.ts, grid-routes.ts), by field. */
const FIELD_MESSAGES: Record<GridField, Array<[RegExp, MessageKey]>> = {
  name: [
    [/phone and ID numbers/i, "nx.grid.err.noNumbers"],
    [/^Name is at (least|most)/i, "nx.grid.err.name"],
  ],
  members: [
    [/Pick at least one building or unit/i, "nx.grid.err.members"],
    [/^No building |has no unit|Listed twice|Unit is 1/i, "nx.grid.err.stale"],
    // zod's words for a list longer than 200.
    [/too big|at most|<=/i, "nx.grid.err.membersMax"],
  ],
};

/**
 * When the message is not one we know (zod's own words, "Invalid id"), the field's rule: the name's
 * length; for one member (`members.3.unit`) that it is no longer there; for the list, to pick one.
 */
const pathKey = (field: GridField, path: string[]): MessageKey =>
  field === "name" ? "nx.grid.err.name" : path.length > 1 ? "nx.grid.err.stale" : "nx.grid.err.members";

/**
 * A 400's details as the grid form shows them: under the name, or under the members, always in
 * the reader's language (never the server's words).
 */
export function gridFieldErrors(t: Translate, details: FieldIssue[]): Partial<Record<GridField, string>> {
  const out: Partial<Record<GridField, string>> = {};
  for (const issue of details) {
    const path = String(issue.path)
      .split(/[.[\]/]+/)
      .filter(Boolean);
    const field: GridField | null = path[0] === "name" ? "name" : path[0] === "members" ? "members" : null;
    if (!field || out[field]) continue;
    const known = FIELD_MESSAGES[field].find(([pattern]) => pattern.test(String(issue.message)));
    out[field] = t(known ? known[1] : pathKey(field, path), {
      min: GRID_NAME_MIN,
      max: field === "members" ? GRID_MEMBERS_MAX : GRID_NAME_MAX,
    });
  }
  return out;
}

// ——— Errors ———

const FORBIDDEN_CODES = new Set(["STAFF_ONLY", "NOT_STAFF_OF_COMMUNITY", "NOT_IN_COMMUNITY", "FORBIDDEN"]);

export const isForbiddenError = (err: unknown) => err instanceof ApiError && FORBIDDEN_CODES.has(err.code);

const KNOWN: Record<string, MessageKey> = {
  NOTICE_NOT_FOUND: "nx.err.NOTICE_NOT_FOUND",
  GRID_NOT_FOUND: "nx.err.GRID_NOT_FOUND",
  IDEMPOTENCY_IN_PROGRESS: "nx.err.inProgress",
  IDEMPOTENCY_KEY_REUSED: "nx.err.keyReused",
  CONFLICT_RETRY: "nx.err.inProgress",
  RATE_LIMITED: "nx.err.RATE_LIMITED",
  VALIDATION_FAILED: "nx.err.validation",
};

/** A message for any failure of these pages, in the reader's language (a general one for codes we do not know). */
export function reachErrorMessage(t: Translate, err: unknown): string {
  if (!(err instanceof ApiError) || err.status === 0) return t("common.networkError");
  if (FORBIDDEN_CODES.has(err.code)) return t("nx.forbidden");
  const key = KNOWN[err.code];
  if (key) return t(key);
  if (err.status >= 500) return t("common.networkError");
  return t("nx.err.generic");
}

// ——— Small helpers ———

/** The CSV as a spreadsheet wants it: a browser's text() drops the byte-order mark Excel needs for Chinese. */
export const withBom = (csv: string) => (csv.startsWith("\ufeff") ? csv : `\ufeff${csv}`);

/** An Idempotency-Key (8–128 of A–Z a–z 0–9 _ . : -), one per form opened. */
export const newFormKey = () => `grid-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
