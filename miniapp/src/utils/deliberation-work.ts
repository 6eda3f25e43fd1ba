// The deliberation hall, staff's side, without I/O: the new-topic and vote forms (drafts of what the
// inputs edit → the API's bodies, checked early with the server's rules), turnout lists, errors.
import type {
  Choice,
  Electorate,
  TopicInput,
  TopicStatus,
  Vote,
  VoteInput,
  VoteResults,
  VoteRule,
  VoteTurnout,
} from "../api/deliberation";
import { ApiError, type FieldIssue } from "../api/errors";
import type { Me } from "../api/types";
import type { MessageKey, Translate } from "../i18n";
import { addDays, formatShanghai, shanghaiClock, shanghaiDate, shanghaiInstant } from "./time";

const DAY_MS = 24 * 60 * 60 * 1000;

// ——— Who may use the pages ———

/**
 * The community a staff member manages, or null for anyone else. Residents may read topics too,
 * so the pages cannot wait for a 403 to know they are not for this reader.
 */
export function staffCommunityOf(user: Pick<Me, "roles" | "staffCommunityIds"> | null): string | null {
  if (!user) return null;
  if (!user.roles.includes("staff") && !user.roles.includes("admin")) return null;
  return user.staffCommunityIds[0] ?? null;
}

// ——— The manage page's tabs ———

export type ManageTab = "proposed" | "discussion" | "voting" | "closed";
export const MANAGE_TABS: ManageTab[] = ["proposed", "discussion", "voting", "closed"];

/** The tab a topic is listed under: decided, rejected and withdrawn are all "closed". */
export function tabOfStatus(status: TopicStatus): ManageTab {
  return status === "proposed" || status === "discussion" || status === "voting" ? status : "closed";
}

// ——— Rules and electorates ———

export const VOTE_RULES: VoteRule[] = [
  "simple_majority",
  "residents_meeting",
  "owners_ordinary",
  "owners_major",
];

/** How a residents' meeting counts: every verified resident, or one representative per household. */
export type MeetingElectorate = "residents" | "households";

export const isOwnersRule = (rule: VoteRule) => rule === "owners_ordinary" || rule === "owners_major";

/** The electorate a rule implies (the server refuses any other): only a residents' meeting has a choice. */
export function electorateFor(rule: VoteRule, meeting: MeetingElectorate): Electorate {
  if (isOwnersRule(rule)) return "owners";
  if (rule === "residents_meeting") return meeting;
  return "residents";
}

// ——— The vote form ———

export const CLOSING_PRESETS = { "1d": 1, "3d": 3, "7d": 7, "14d": 14 } as const;
export type ClosingPreset = keyof typeof CLOSING_PRESETS;
export const CLOSING_PRESET_IDS = Object.keys(CLOSING_PRESETS) as ClosingPreset[];
/** The server refuses a vote longer than this. */
export const MAX_VOTE_DAYS = 90;

export interface VoteDraft {
  /** Null until staff pick one: a rule with legal force is never chosen by default. */
  rule: VoteRule | null;
  meetingElectorate: MeetingElectorate;
  abstain: boolean;
  opensLater: boolean;
  /** Asia/Shanghai wall clock: YYYY-MM-DD and HH:MM. */
  opensDate: string;
  opensTime: string;
  closing: ClosingPreset | "custom";
  closesDate: string;
  closesTime: string;
  secret: boolean;
  changeable: boolean;
  liveResults: boolean;
  earlyClose: boolean;
}

export function newVoteDraft(now: Date): VoteDraft {
  const today = shanghaiDate(now);
  return {
    rule: null,
    meetingElectorate: "residents",
    abstain: true,
    opensLater: false,
    opensDate: addDays(today, 1),
    opensTime: "09:00",
    closing: "7d",
    closesDate: addDays(today, 7),
    closesTime: "18:00",
    secret: true,
    changeable: false,
    liveResults: false,
    earlyClose: false,
  };
}

/** When the vote opens (ISO), or null for "now". */
export function openingInstant(draft: VoteDraft): string | null {
  return draft.opensLater ? shanghaiInstant(draft.opensDate, draft.opensTime) : null;
}

/** When the vote closes (ISO): a preset counts from the opening (now, unless it opens later). */
export function closingInstant(draft: VoteDraft, now: Date): string {
  if (draft.closing === "custom") return shanghaiInstant(draft.closesDate, draft.closesTime);
  const from = Date.parse(openingInstant(draft) ?? now.toISOString());
  return new Date(from + CLOSING_PRESETS[draft.closing] * DAY_MS).toISOString();
}

export type VoteField = "rule" | "opensAt" | "closesAt";
export type VoteProblems = Partial<Record<VoteField, MessageKey>>;

export function validateVote(draft: VoteDraft, now: Date): VoteProblems {
  const problems: VoteProblems = {};
  if (!draft.rule) problems.rule = "dw.vote.err.rule";
  const opens = openingInstant(draft);
  if (opens && Date.parse(opens) <= now.getTime()) problems.opensAt = "dw.vote.err.opensPast";
  const from = Date.parse(opens ?? now.toISOString());
  const closes = Date.parse(closingInstant(draft, now));
  if (closes <= from) problems.closesAt = "dw.vote.err.closesBeforeOpens";
  else if (closes - from > MAX_VOTE_DAYS * DAY_MS) problems.closesAt = "dw.vote.err.tooLong";
  return problems;
}

/** The API body, or null while the draft has problems (see validateVote). */
export function voteInput(draft: VoteDraft, now: Date): VoteInput | null {
  if (!draft.rule || Object.keys(validateVote(draft, now)).length > 0) return null;
  const opensAt = openingInstant(draft);
  return {
    rule: draft.rule,
    electorate: electorateFor(draft.rule, draft.meetingElectorate),
    options: draft.abstain ? ["approve", "reject", "abstain"] : ["approve", "reject"],
    ...(opensAt ? { opensAt } : {}),
    closesAt: closingInstant(draft, now),
    secret: draft.secret,
    changeable: draft.changeable,
    liveResults: draft.liveResults,
    earlyClose: draft.earlyClose,
  };
}

/** "2026-11-30 18:00" (Asia/Shanghai), the Picker values of an instant. */
export function pickerValues(iso: string): { date: string; time: string } {
  return { date: shanghaiDate(iso), time: shanghaiClock(iso) };
}

/** One line restating the form: rule · who votes · open/close · ballot kind. */
export function voteSummary(t: Translate, draft: VoteDraft, now: Date): string {
  if (!draft.rule) return t("dw.vote.summaryNoRule");
  const opens = openingInstant(draft);
  return t("dw.vote.summary", {
    rule: t(`dw.rule.${draft.rule}`),
    electorate: t(`dw.electorate.${electorateFor(draft.rule, draft.meetingElectorate)}`),
    opens: opens ? formatShanghai(opens) : t("dw.vote.now"),
    closes: formatShanghai(closingInstant(draft, now)),
    ballot: t(draft.secret ? "dw.vote.secretShort" : "dw.vote.publicShort"),
  });
}

// ——— The new-topic form ———

export const TITLE_MIN = 4;
export const TITLE_MAX = 60;
export const BODY_MIN = 10;
export const BODY_MAX = 5000;
export const MAX_SCOPE_BUILDINGS = 50;

export interface TopicDraft {
  title: string;
  body: string;
  /** True: the whole community; false: the buildings picked. */
  wholeCommunity: boolean;
  buildingIds: string[];
}

export const newTopicDraft = (): TopicDraft => ({
  title: "",
  body: "",
  wholeCommunity: true,
  buildingIds: [],
});

export type TopicField = "title" | "body" | "scope";
export interface Problem {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** Lengths as the server counts them (UTF-16 units, after trimming). */
export function validateTopic(draft: TopicDraft): Partial<Record<TopicField, Problem>> {
  const out: Partial<Record<TopicField, Problem>> = {};
  const title = draft.title.trim().length;
  const body = draft.body.trim().length;
  if (title < TITLE_MIN || title > TITLE_MAX)
    out.title = { key: "dw.topic.err.title", params: { min: TITLE_MIN, max: TITLE_MAX } };
  if (body < BODY_MIN || body > BODY_MAX)
    out.body = { key: "dw.topic.err.body", params: { min: BODY_MIN, max: BODY_MAX } };
  if (!draft.wholeCommunity && draft.buildingIds.length === 0) out.scope = { key: "dw.topic.err.scope" };
  else if (!draft.wholeCommunity && draft.buildingIds.length > MAX_SCOPE_BUILDINGS)
    out.scope = { key: "dw.topic.err.scopeMax", params: { max: MAX_SCOPE_BUILDINGS } };
  return out;
}

export function topicInput(draft: TopicDraft): TopicInput {
  return {
    title: draft.title.trim(),
    body: draft.body.trim(),
    scope: draft.wholeCommunity
      ? { kind: "community" }
      : { kind: "buildings", buildingIds: draft.buildingIds },
  };
}

export function toggleBuilding(ids: string[], id: string): string[] {
  return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id];
}

// ——— Settings ———

export const DEFAULT_SECONDING_PERCENT = 20;

/** The seconding share from its text box: a whole number 1–100, or null. */
export function parsePercent(text: string): number | null {
  const value = text.trim();
  if (!/^\d{1,3}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= 100 ? n : null;
}

/** Households needed for a given number in scope, as the server counts (以上, rounded up, at least 1). */
export const secondsNeeded = (households: number, percent: number) =>
  Math.max(1, Math.ceil((households * percent) / 100));

// ——— Reasons and paper ballots ———

export const REASON_MIN = 2;
export const REASON_MAX = 200;

export function reasonProblem(reason: string): Problem | null {
  const n = reason.trim().length;
  return n < REASON_MIN || n > REASON_MAX
    ? { key: "dw.reason.err", params: { min: REASON_MIN, max: REASON_MAX } }
    : null;
}

export interface PaperDraft {
  choice: Choice | null;
  collector: string;
  note: string;
}

export type PaperField = "choice" | "collector" | "note";

export function validatePaper(draft: PaperDraft): Partial<Record<PaperField, MessageKey>> {
  const out: Partial<Record<PaperField, MessageKey>> = {};
  if (!draft.choice) out.choice = "dw.paper.err.choice";
  const collector = draft.collector.trim().length;
  if (collector < 2 || collector > 30) out.collector = "dw.paper.err.collector";
  if (draft.note.trim().length > 200) out.note = "dw.paper.err.note";
  return out;
}

// ——— Turnout ———

export type TurnoutUnit = VoteTurnout["units"][number];
export type BuildingTurnout = VoteTurnout["byBuilding"][number];
export type UnitFilter = "notvoted" | "voted" | "all";
export const UNIT_FILTERS: UnitFilter[] = ["notvoted", "voted", "all"];

const natural = (a: string, b: string) => a.localeCompare(b, "zh-CN", { numeric: true });

/** Buildings in their natural order ("2栋" before "10栋"). */
export function sortBuildings(rows: BuildingTurnout[]): BuildingTurnout[] {
  return [...rows].sort(
    (a, b) => natural(a.buildingName, b.buildingName) || natural(a.buildingId, b.buildingId),
  );
}

/** Units by building, then by label, in their natural order. */
export function sortUnits(units: TurnoutUnit[]): TurnoutUnit[] {
  return [...units].sort(
    (a, b) =>
      natural(a.buildingName, b.buildingName) || natural(a.label, b.label) || natural(a.unitId, b.unitId),
  );
}

/** The units a filter and (optionally) a building show, sorted. */
export function filterUnits(
  units: TurnoutUnit[],
  filter: UnitFilter,
  buildingId: string | null,
): TurnoutUnit[] {
  return sortUnits(
    units.filter(
      (unit) =>
        (!buildingId || unit.buildingId === buildingId) &&
        (filter === "all" || (filter === "voted") === unit.voted),
    ),
  );
}

export function unitCounts(units: TurnoutUnit[], buildingId: string | null): Record<UnitFilter, number> {
  const shown = units.filter((unit) => !buildingId || unit.buildingId === buildingId);
  const voted = shown.filter((unit) => unit.voted).length;
  return { notvoted: shown.length - voted, voted, all: shown.length };
}

/** "45.5%" (one decimal, without a trailing ".0"); "0%" of nothing. */
export function percentText(part: number, whole: number): string {
  if (whole <= 0) return "0%";
  const value = Math.round((part * 1000) / whole) / 10;
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;
}

/** m² with two decimals: "1234.56㎡". */
export const areaText = (squareMetres: number) => `${squareMetres.toFixed(2)}㎡`;

/** The household a paper ballot is recorded for: the unit's first (an owner of several parts votes once). */
export const paperHouseholdId = (unit: TurnoutUnit): string | null => unit.householdIds[0] ?? null;

/**
 * Whether staff may record a paper ballot for this unit now: never for a residents' vote (each
 * resident votes in person), only while open, and for a unit that voted only when changes are allowed.
 */
export function canRecordPaper(vote: Vote, unit: TurnoutUnit, now: Date): boolean {
  if (vote.electorate === "residents" || vote.status !== "open") return false;
  if (now.getTime() >= Date.parse(vote.closesAt)) return false;
  if (!paperHouseholdId(unit)) return false;
  return !unit.voted || vote.changeable;
}

/** Staff may close an open vote early only when it says so; after its closing time, always. */
export function canCloseVote(vote: Vote, now: Date): boolean {
  return vote.status === "open" && (vote.earlyClose || now.getTime() >= Date.parse(vote.closesAt));
}

// ——— Results ———

export type ResultCondition = VoteResults["conditions"][number];

const CONDITION_KEYS: Array<[RegExp, MessageKey]> = [
  [/^approve > reject$/, "dw.cond.approveOverReject"],
  [/^participants > 1\/2 of eligible$/, "dw.cond.turnoutHalf"],
  [/^approve > 1\/2 of participants$/, "dw.cond.approveHalf"],
  [/^participating area ≥ 2\/3/, "dw.cond.areaQuorum"],
  [/^participating owners ≥ 2\/3/, "dw.cond.ownerQuorum"],
  [/^approving area ≥ 3\/4/, "dw.cond.areaMajor"],
  [/^approving owners ≥ 3\/4/, "dw.cond.ownersMajor"],
  [/^approving area > 1\/2/, "dw.cond.areaOrdinary"],
  [/^approving owners > 1\/2/, "dw.cond.ownersOrdinary"],
];

/**
 * A condition in words: "参与表决面积 ≥ 2/3 · 8123.40㎡ / 12000.00㎡（67.7%）". Area ratios come
 * from the server in 0.01 m²; counts as they are.
 */
export function conditionText(t: Translate, condition: ResultCondition): string {
  const key = CONDITION_KEYS.find(([pattern]) => pattern.test(condition.name))?.[1];
  const label = key ? t(key) : condition.name;
  const [a, b] = condition.value.split("/").map(Number);
  if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b))
    return `${label} · ${condition.value}`;
  const area = /area/.test(condition.name);
  const shown = area ? `${areaText(a / 100)} / ${areaText(b / 100)}` : `${a} / ${b}`;
  // "approve > reject" compares two counts: a share of the second means nothing there.
  const share = condition.needs === ">" ? "" : `（${percentText(a, b)}）`;
  return `${label} · ${shown}${share}`;
}

// ——— Errors ———

const KNOWN: Record<string, MessageKey> = {
  TOPIC_STATUS: "dw.err.TOPIC_STATUS",
  TOPIC_NOT_FOUND: "dw.err.TOPIC_NOT_FOUND",
  VOTE_EXISTS: "dw.err.VOTE_EXISTS",
  VOTE_NOT_FOUND: "dw.err.VOTE_NOT_FOUND",
  VOTE_NOT_OPEN: "dw.err.VOTE_NOT_OPEN",
  VOTE_CLOSED: "dw.err.VOTE_CLOSED",
  ALREADY_VOTED: "dw.err.ALREADY_VOTED",
  NOT_ELIGIBLE: "dw.err.NOT_ELIGIBLE",
  EARLY_CLOSE_NOT_ALLOWED: "dw.err.EARLY_CLOSE_NOT_ALLOWED",
  NOT_STAFF_OF_COMMUNITY: "dw.forbidden",
  STAFF_ONLY: "dw.forbidden",
  NOT_IN_COMMUNITY: "dw.forbidden",
  IDEMPOTENCY_IN_PROGRESS: "dw.err.IN_PROGRESS",
  CONFLICT_RETRY: "dw.err.IN_PROGRESS",
  VALIDATION_FAILED: "dw.err.VALIDATION_FAILED",
  RATE_LIMITED: "dw.err.RATE_LIMITED",
};

const FORBIDDEN_CODES = new Set(["STAFF_ONLY", "NOT_STAFF_OF_COMMUNITY", "NOT_IN_COMMUNITY", "FORBIDDEN"]);

export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && FORBIDDEN_CODES.has(err.code);
}

/** A message for any failure of the deliberation staff pages, in the reader's language where we know the code. */
export function deliberationErrorMessage(t: Translate, err: unknown): string {
  if (!(err instanceof ApiError) || err.status === 0) return t("common.networkError");
  const key = KNOWN[err.code];
  if (key) return t(key);
  if (err.status >= 500) return t("common.networkError");
  return t("dw.err.generic", { message: err.message });
}

/** The server's English field messages we know (functions/src/deliberation/schemas.ts, actions.ts). */
const FIELD_MESSAGES: Array<[RegExp, MessageKey]> = [
  [/phone and ID numbers/i, "dw.field.noNumbers"],
  [/^Title is at least|^Title is at most/i, "dw.field.title"],
  [/^Body is at least|^Body is at most/i, "dw.field.body"],
  [/^Reason is at least|^Reason is at most/i, "dw.field.reason"],
  [/Pick at least one building/i, "dw.topic.err.scope"],
  [/^No building /i, "dw.field.noBuilding"],
  [/must close after it opens/i, "dw.vote.err.closesBeforeOpens"],
  [/at most 90 days/i, "dw.vote.err.tooLong"],
  [
    /Owners' matters are voted by owners|Owners vote only on owners' matters|simple majority counts/i,
    "dw.field.electorate",
  ],
  [/^Collector is/i, "dw.paper.err.collector"],
  [/^Note is/i, "dw.paper.err.note"],
  [/counts people, not households/i, "dw.paper.residentsVote"],
  [/This vote offers/i, "dw.paper.err.choice"],
];

/**
 * Field messages keyed by the field the form shows them at: the last path segment, except that
 * "scope.buildingIds" is "scope" ("query.cursor" → "cursor"). Known messages are translated.
 */
export function fieldMessages(t: Translate, details: FieldIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of details) {
    const segments = String(issue.path)
      .split(/[.[\]/]+/)
      .filter(Boolean)
      // JSON bodies' paths are bare ("title", "scope.buildingIds"); others say where ("query.cursor").
      .filter((segment, index) => index > 0 || !["query", "param"].includes(segment))
      .filter((segment) => !/^\d+$/.test(segment));
    const field = segments[0] === "scope" ? "scope" : (segments[segments.length - 1] ?? "");
    if (field in out) continue;
    const known = FIELD_MESSAGES.find(([pattern]) => pattern.test(issue.message));
    out[field] = known ? t(known[1]) : issue.message;
  }
  return out;
}
