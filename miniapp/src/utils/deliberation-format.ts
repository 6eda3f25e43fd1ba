// How the deliberation hall reads for residents, without I/O: statuses, rules in plain words, time
// left, the quorum and pass bars of a result, what an error means. Tested beside it.
import type {
  Choice,
  Electorate,
  TopicDetail,
  TopicScope,
  TopicStatus,
  Vote,
  VoteResults,
  VoteRule,
} from "../api/deliberation";
import type { Tone } from "../components/tone";
import type { MessageKey, Translate } from "../i18n";

export const TITLE_MIN = 4;
export const TITLE_MAX = 60;
export const BODY_MIN = 10;
export const BODY_MAX = 5000;
export const COMMENT_MAX = 1000;
export const REASON_MIN = 2;
export const REASON_MAX = 200;

export const statusTone: Record<TopicStatus, Tone> = {
  proposed: "orange",
  discussion: "green",
  voting: "orange",
  decided: "green",
  rejected: "red",
  withdrawn: "grey",
};

export const statusKey = (status: TopicStatus): MessageKey => `dr.status.${status}`;

/** The rule as a resident would say it, 以上 (≥) and 过半数 (>) as the Civil Code counts them. */
export const ruleKey = (rule: VoteRule): MessageKey => `dr.rule.${rule}`;

export const electorateKey = (electorate: Electorate): MessageKey => `dr.electorate.${electorate}`;

export const choiceKey = (choice: Choice): MessageKey => `dr.choice.${choice}`;

export function scopeText(t: Translate, scope: TopicScope, scopeLabel: string): string {
  return scope.kind === "community" ? t("dr.scope.community") : scopeLabel;
}

const HISTORY = [
  "created",
  "proposed",
  "seconded_enough",
  "accepted",
  "declined",
  "withdrawn",
  "vote_created",
  "vote_passed",
  "vote_failed",
] as const;
type HistoryAction = (typeof HISTORY)[number];

export function historyKey(action: string): MessageKey {
  return (HISTORY as readonly string[]).includes(action)
    ? `dr.history.${action as HistoryAction}`
    : "dr.history.other";
}

const REASONS = ["not_verified", "not_in_scope", "not_owner", "not_in_roll"] as const;
type BallotReason = (typeof REASONS)[number];

/** Why the caller cannot vote, in words. */
export function ballotReasonKey(reason: string | null): MessageKey {
  return reason && (REASONS as readonly string[]).includes(reason)
    ? `dr.ballot.reason.${reason as BallotReason}`
    : "dr.ballot.reason.other";
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3天5小时", "5小时20分钟", "20分钟", or "不到1分钟": a span rounded down. */
export function spanText(t: Translate, ms: number): string {
  const left = Math.max(0, ms);
  const days = Math.floor(left / DAY);
  const hours = Math.floor((left % DAY) / HOUR);
  const minutes = Math.floor((left % HOUR) / MINUTE);
  if (days > 0) return t("dr.time.days", { days, hours });
  if (hours > 0) return t("dr.time.hours", { hours, minutes });
  if (minutes > 0) return t("dr.time.minutes", { minutes });
  return t("dr.time.underMinute");
}

export type VotePhase = "before" | "open" | "closed";

/** Where a vote stands by the clock (the server's status wins once it says closed). */
export function votePhase(vote: Pick<Vote, "status" | "opensAt" | "closesAt">, nowMs: number): VotePhase {
  if (vote.status === "closed" || nowMs >= Date.parse(vote.closesAt)) return "closed";
  if (vote.status === "scheduled" || nowMs < Date.parse(vote.opensAt)) return "before";
  return "open";
}

/** "X后开始" before it opens, "剩余 X" while open, "已截止" after. */
export function voteTimeText(
  t: Translate,
  vote: Pick<Vote, "status" | "opensAt" | "closesAt">,
  nowMs: number,
): string {
  switch (votePhase(vote, nowMs)) {
    case "closed":
      return t("dr.time.closed");
    case "before":
      return t("dr.time.startsIn", { span: spanText(t, Date.parse(vote.opensAt) - nowMs) });
    case "open":
      return t("dr.time.left", { span: spanText(t, Date.parse(vote.closesAt) - nowMs) });
  }
}

/** The caller may cast (or change) a ballot now. */
export function canCast(topic: Pick<TopicDetail, "vote" | "myBallot">): boolean {
  const { vote, myBallot } = topic;
  if (vote?.status !== "open" || !myBallot?.eligible) return false;
  return !myBallot.voted || vote.changeable;
}

const TALKING: TopicStatus[] = ["proposed", "discussion", "voting"];

export function discussionOpen(status: TopicStatus): boolean {
  return TALKING.includes(status);
}

/** Residents in scope and staff may comment while the topic is still being talked about. */
export function canComment(topic: Pick<TopicDetail, "status" | "inScope">, staff: boolean): boolean {
  return discussionOpen(topic.status) && (topic.inScope || staff);
}

/** Whether the results may be asked for: closed, or live results, or staff (not before it opens). */
/** Mirrors the API: while a secret vote runs, only a live-published tally is shown, staff included. */
export function resultsPublic(
  vote: Pick<Vote, "status" | "liveResults" | "secret">,
  staff: boolean,
): boolean {
  if (vote.status === "scheduled") return false;
  return vote.status === "closed" || vote.liveResults || (staff && !vote.secret);
}

/** "1234.56" (m², two decimals). */
export function areaText(squareMetres: number): string {
  return (Math.round(squareMetres * 100) / 100).toFixed(2);
}

/** "66.7%": one decimal, none when whole; 0% of nothing. */
export function percentText(value: number, total: number): string {
  if (total <= 0) return "0%";
  const tenths = Math.round((value * 1000) / total);
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}%`;
}

/** The count's unit: people, households or owners. */
export const countKey = (electorate: Electorate): MessageKey => `dr.results.count.${electorate}`;

export type BarId = "quorum-count" | "quorum-area" | "approve-count" | "approve-area" | "approve-vs-reject";
type Need = "more_than_half" | "two_thirds" | "three_quarters" | "more_than_reject";

export interface Bar {
  id: BarId;
  label: MessageKey;
  need: MessageKey;
  /** "> 1/2", "≥ 2/3"… */
  lineText: string;
  value: number;
  total: number;
  /** 0–1, for the bar's width; 0 when there is nothing to divide by. */
  share: number;
  /** 0–1, where the line sits. */
  line: number;
  /** From the result's own conditions (exact); null when the server did not say. */
  met: boolean | null;
  /** The figures are m² (owners' rules), not counts. */
  area: boolean;
}

const LINE: Record<Need, { line: number; text: string }> = {
  more_than_half: { line: 1 / 2, text: "> 1/2" },
  two_thirds: { line: 2 / 3, text: "≥ 2/3" },
  three_quarters: { line: 3 / 4, text: "≥ 3/4" },
  more_than_reject: { line: 1 / 2, text: "> 1/2" },
};

function bar(
  id: BarId,
  label: MessageKey,
  need: Need,
  value: number,
  total: number,
  met: boolean | undefined,
  area: boolean,
): Bar {
  return {
    id,
    label,
    need: `dr.need.${need}`,
    lineText: LINE[need].text,
    value,
    total,
    share: total > 0 ? Math.min(1, Math.max(0, value / total)) : 0,
    line: LINE[need].line,
    met: met ?? null,
    area,
  };
}

/**
 * The progress view of a result: participation against the quorum line and approval against the
 * pass line, by count and (owners' rules) by area. Whether each holds comes from the result's
 * conditions, in the order the rule states them (rules.ts), so a share of exactly 2/3 is decided
 * by the server's exact arithmetic, never by a rounded float here.
 */
export function resultBars(results: VoteResults): Bar[] {
  const holds = results.conditions.map((c) => c.holds);
  const area = (w: { area?: number }) => w.area ?? 0;
  const { participated, eligible, approve, reject } = results;
  switch (results.rule) {
    case "simple_majority":
      return [
        bar(
          "approve-vs-reject",
          "dr.bar.approveVsReject",
          "more_than_reject",
          approve.count,
          approve.count + reject.count,
          holds[0],
          false,
        ),
      ];
    case "residents_meeting":
      return [
        bar(
          "quorum-count",
          "dr.bar.quorumCount",
          "more_than_half",
          participated.count,
          eligible.count,
          holds[0],
          false,
        ),
        bar(
          "approve-count",
          "dr.bar.approveCount",
          "more_than_half",
          approve.count,
          participated.count,
          holds[1],
          false,
        ),
      ];
    case "owners_ordinary":
    case "owners_major": {
      const pass: Need = results.rule === "owners_major" ? "three_quarters" : "more_than_half";
      return [
        bar(
          "quorum-count",
          "dr.bar.quorumCount",
          "two_thirds",
          participated.count,
          eligible.count,
          holds[1],
          false,
        ),
        bar(
          "quorum-area",
          "dr.bar.quorumArea",
          "two_thirds",
          area(participated),
          area(eligible),
          holds[0],
          true,
        ),
        bar("approve-count", "dr.bar.approveCount", pass, approve.count, participated.count, holds[3], false),
        bar("approve-area", "dr.bar.approveArea", pass, area(approve), area(participated), holds[2], true),
      ];
    }
  }
}

/** The bar's figures: "66.7%（2/3）", areas in m². */
export function barValueText(t: Translate, b: Bar): string {
  const figure = (n: number) => (b.area ? t("dr.results.area", { area: areaText(n) }) : String(n));
  return t("dr.bar.value", {
    pct: percentText(b.value, b.total),
    value: figure(b.value),
    total: figure(b.total),
  });
}

const KNOWN_ERRORS = [
  "NOT_ELIGIBLE",
  "VOTE_NOT_OPEN",
  "VOTE_CLOSED",
  "ALREADY_VOTED",
  "ALREADY_SECONDED",
  "TOPIC_STATUS",
  "NOT_IN_SCOPE",
  "NOT_VERIFIED",
  "DISCUSSION_CLOSED",
  "ALREADY_HIDDEN",
  "TOPIC_NOT_FOUND",
  "COMMENT_NOT_FOUND",
  "VOTE_NOT_FOUND",
  "RESULTS_NOT_PUBLIC",
  "NOT_STAFF_OF_COMMUNITY",
  "CONFLICT_RETRY",
  "RATE_LIMITED",
  "IDEMPOTENCY_IN_PROGRESS",
] as const;
type KnownError = (typeof KNOWN_ERRORS)[number];

/** The message for an API error code, or null when the API's own message must do. */
export function deliberationErrorKey(code: string): MessageKey | null {
  return (KNOWN_ERRORS as readonly string[]).includes(code) ? `dr.error.${code as KnownError}` : null;
}

interface ErrorLike {
  status: number;
  code: string;
  message: string;
}

/** What to tell the resident about a failed call. */
export function deliberationErrorText(t: Translate, err: unknown): string {
  const e = err as Partial<ErrorLike> | null;
  if (!e || typeof e.code !== "string" || !e.status) return t("common.networkError");
  const key = deliberationErrorKey(e.code);
  return key ? t(key) : (e.message ?? t("common.networkError"));
}

export interface ProposalDraft {
  title: string;
  body: string;
}

export type ProposalErrors = Partial<Record<keyof ProposalDraft, MessageKey>>;

/** The API's lengths (schemas.ts proposalBody), checked before sending. */
export function validateProposal(draft: ProposalDraft): ProposalErrors {
  const errors: ProposalErrors = {};
  const title = draft.title.trim().length;
  const body = draft.body.trim().length;
  if (title < TITLE_MIN) errors.title = "dr.propose.titleShort";
  else if (title > TITLE_MAX) errors.title = "dr.propose.titleLong";
  if (body < BODY_MIN) errors.body = "dr.propose.bodyShort";
  else if (body > BODY_MAX) errors.body = "dr.propose.bodyLong";
  return errors;
}

/** A body as plain paragraphs: split on blank lines or line breaks, empty ones dropped. */
export function paragraphs(body: string): string[] {
  return body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}
