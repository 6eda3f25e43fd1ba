// Notices, staff's side, without I/O: the compose form (a draft of what the inputs edit → the API's
// bodies, checked early with the server's rules), expiry and scheduling instants, the audience in
// words with its households, and errors in the reader's language.
import { sanitizeText } from "../../../functions/src/notices/format";
import { ApiError, type FieldIssue } from "../api/errors";
import type {
  AudienceOptions,
  NoticeAudience,
  NoticeCategory,
  NoticeDetail,
  NoticeInput,
  NoticeState,
} from "../api/notices";
import type { Me } from "../api/types";
import type { MessageKey, Translate } from "../i18n";
import { formatShanghai, shanghaiClock, shanghaiDate, shanghaiInstant } from "./time";

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export interface Problem {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** Staff (or an admin) of a community: the only readers of these pages. */
export function isNoticeStaff(user: Pick<Me, "roles" | "staffCommunityIds"> | null): boolean {
  if (!user) return false;
  if (!user.roles.includes("staff") && !user.roles.includes("admin")) return false;
  return user.staffCommunityIds.length > 0;
}

// ——— The manage page ———

export const MANAGE_TABS: NoticeState[] = ["draft", "scheduled", "published", "withdrawn"];

export const REASON_MIN = 2;
export const REASON_MAX = 200;

/** The withdrawal reason, as the server measures it (one line, sanitised). */
export function reasonProblem(reason: string): Problem | null {
  const n = sanitizeText(reason, false).length;
  return n < REASON_MIN || n > REASON_MAX || reason.length > REASON_MAX * 2
    ? { key: "nw.err.reason", params: { min: REASON_MIN, max: REASON_MAX } }
    : null;
}

// ——— The form ———

// As in api/notices (which loads Taro, so these rules stay importable without it).
export const MAX_IMAGES = 9;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const TITLE_MIN = 2;
export const TITLE_MAX = 60;
export const BODY_MIN = 1;
export const BODY_MAX = 5000;
export const MAX_BUILDINGS = 50;
export const MAX_GRIDS = 20;
/** The server refuses a publishing time further ahead. */
export const MAX_SCHEDULE_DAYS = 90;

export type AudienceKind = NoticeAudience["kind"];
export const AUDIENCE_KINDS: AudienceKind[] = ["community", "buildings", "grids"];

export const EXPIRY_PRESETS = { "3d": 3, "7d": 7, "30d": 30 } as const;
export type ExpiryPreset = keyof typeof EXPIRY_PRESETS;
/** `keep`: the expiry the loaded notice already has (not sent again unless changed). */
export type ExpiryChoice = "none" | ExpiryPreset | "keep";
export const EXPIRY_CHOICES: Array<"none" | ExpiryPreset> = ["none", "3d", "7d", "30d"];

/** A picked image: uploading (no key yet), or uploaded (its key goes into the notice). */
export interface ComposeImage {
  /** Stable for React keys while the list changes. */
  id: string;
  key: string | null;
  /** What the thumbnail shows: the local file while uploading, the signed URL once loaded. */
  src: string;
  uploading: boolean;
}

export interface ComposeDraft {
  title: string;
  body: string;
  category: NoticeCategory;
  audienceKind: AudienceKind;
  buildingIds: string[];
  gridIds: string[];
  images: ComposeImage[];
  pinned: boolean;
  ackRequired: boolean;
  expiry: ExpiryChoice;
  /** The loaded notice's expiry, for `keep`. */
  keptExpiresAt: string | null;
  publishLater: boolean;
  /** Asia/Shanghai wall clock: YYYY-MM-DD and HH:MM. */
  publishDate: string;
  publishTime: string;
}

/** The next whole hour at least an hour from now, in Shanghai: a sensible time to schedule for. */
export function defaultPublishSlot(now: Date): { date: string; time: string } {
  const at = new Date(Math.ceil((now.getTime() + HOUR_MS) / HOUR_MS) * HOUR_MS).toISOString();
  return { date: shanghaiDate(at), time: shanghaiClock(at) };
}

export function newComposeDraft(now: Date): ComposeDraft {
  const slot = defaultPublishSlot(now);
  return {
    title: "",
    body: "",
    category: "notice",
    audienceKind: "community",
    buildingIds: [],
    gridIds: [],
    images: [],
    pinned: false,
    ackRequired: false,
    expiry: "none",
    keptExpiresAt: null,
    publishLater: false,
    publishDate: slot.date,
    publishTime: slot.time,
  };
}

/** The form for a loaded notice: its fields, its expiry kept, its scheduled time if it has one. */
export function draftFromNotice(notice: NoticeDetail, now: Date): ComposeDraft {
  const slot = notice.publishAt
    ? { date: shanghaiDate(notice.publishAt), time: shanghaiClock(notice.publishAt) }
    : defaultPublishSlot(now);
  return {
    title: notice.title,
    body: notice.body,
    category: notice.category,
    audienceKind: notice.audience.kind,
    buildingIds: notice.audience.kind === "buildings" ? [...notice.audience.buildingIds] : [],
    gridIds: notice.audience.kind === "grids" ? [...notice.audience.gridIds] : [],
    images: notice.images.map((image) => ({
      id: image.key,
      key: image.key,
      src: image.url,
      uploading: false,
    })),
    pinned: notice.pinned,
    ackRequired: notice.ackRequired,
    expiry: notice.expiresAt ? "keep" : "none",
    keptExpiresAt: notice.expiresAt,
    publishLater: notice.state === "scheduled" && notice.publishAt !== null,
    publishDate: slot.date,
    publishTime: slot.time,
  };
}

/** Choosing emergency pins the notice (the server pins it whatever is sent). */
export const pinnedOf = (draft: Pick<ComposeDraft, "pinned" | "category">) =>
  draft.pinned || draft.category === "emergency";

export function toggleId(ids: string[], id: string): string[] {
  return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id];
}

/** When it is to be published (ISO instant), or null for "now". */
export function publishInstant(draft: Pick<ComposeDraft, "publishLater" | "publishDate" | "publishTime">) {
  return draft.publishLater ? shanghaiInstant(draft.publishDate, draft.publishTime) : null;
}

/**
 * A scheduled notice's new time: the form's, when it differs (to the minute) from the one the
 * notice has; null when it is not scheduled, "now" is chosen, or the time is unchanged.
 */
export function rescheduleTo(
  draft: Pick<ComposeDraft, "publishLater" | "publishDate" | "publishTime">,
  notice: Pick<NoticeDetail, "state" | "publishAt"> | null,
): string | null {
  if (notice?.state !== "scheduled" || !notice.publishAt) return null;
  const at = publishInstant(draft);
  if (!at) return null;
  const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000);
  return minute(at) === minute(notice.publishAt) ? null : at;
}

/**
 * When it leaves the feed (ISO instant), or null for never. A preset counts from the publishing
 * time (now, unless it is scheduled), so "7 days" means 7 days in residents' feeds.
 */
export function expiryInstant(
  draft: Pick<ComposeDraft, "expiry" | "keptExpiresAt" | "publishLater" | "publishDate" | "publishTime">,
  now: Date,
): string | null {
  if (draft.expiry === "none") return null;
  if (draft.expiry === "keep") return draft.keptExpiresAt;
  const from = Date.parse(publishInstant(draft) ?? now.toISOString());
  return new Date(from + EXPIRY_PRESETS[draft.expiry] * DAY_MS).toISOString();
}

export function audienceOf(draft: Pick<ComposeDraft, "audienceKind" | "buildingIds" | "gridIds">) {
  const audience: NoticeAudience =
    draft.audienceKind === "buildings"
      ? { kind: "buildings", buildingIds: draft.buildingIds }
      : draft.audienceKind === "grids"
        ? { kind: "grids", gridIds: draft.gridIds }
        : { kind: "community" };
  return audience;
}

export type ComposeField = "title" | "body" | "category" | "audience" | "images" | "expiresAt" | "publishAt";
export const COMPOSE_FIELDS: ComposeField[] = [
  "title",
  "body",
  "category",
  "audience",
  "images",
  "expiresAt",
  "publishAt",
];
export type ComposeProblems = Partial<Record<ComposeField, Problem>>;

/**
 * What the staff member asked for: save a draft, publish (now or at a time), or save changes to a
 * notice already published (whose audience and category are fixed and which is not published again).
 */
export type ComposeIntent = "draft" | "publish" | "save";

// Phone and ID numbers are refused by the server (functions/src/http/redact.ts). The same patterns
// without look-behind, which older WeChat JavaScript engines cannot parse.
const ID_NUMBER = /(^|[^0-9A-Za-z])\d{17}[\dXx]($|[^0-9A-Za-z])/;
const MOBILE = /(^|\D)(\+?86[- ]?)?1[3-9]\d{9}($|\D)/;
export const hasPersonalNumber = (text: string) => ID_NUMBER.test(text) || MOBILE.test(text);

/** The lengths the server checks: what is stored (sanitised) is what is measured. */
export function textLengths(draft: Pick<ComposeDraft, "title" | "body">) {
  return { title: sanitizeText(draft.title, false).length, body: sanitizeText(draft.body, true).length };
}

export function validateCompose(draft: ComposeDraft, now: Date, intent: ComposeIntent): ComposeProblems {
  const out: ComposeProblems = {};
  const lengths = textLengths(draft);
  if (lengths.title < TITLE_MIN || lengths.title > TITLE_MAX || draft.title.length > TITLE_MAX * 2)
    out.title = { key: "nw.err.title", params: { min: TITLE_MIN, max: TITLE_MAX } };
  else if (hasPersonalNumber(draft.title)) out.title = { key: "nw.err.noNumbers" };
  if (lengths.body < BODY_MIN || lengths.body > BODY_MAX || draft.body.length > BODY_MAX * 2)
    out.body = { key: "nw.err.body", params: { max: BODY_MAX } };
  else if (hasPersonalNumber(draft.body)) out.body = { key: "nw.err.noNumbers" };

  if (draft.audienceKind === "buildings" && draft.buildingIds.length === 0)
    out.audience = { key: "nw.err.pickBuilding" };
  else if (draft.audienceKind === "buildings" && draft.buildingIds.length > MAX_BUILDINGS)
    out.audience = { key: "nw.err.tooManyBuildings", params: { max: MAX_BUILDINGS } };
  else if (draft.audienceKind === "grids" && draft.gridIds.length === 0)
    out.audience = { key: "nw.err.pickGrid" };
  else if (draft.audienceKind === "grids" && draft.gridIds.length > MAX_GRIDS)
    out.audience = { key: "nw.err.tooManyGrids", params: { max: MAX_GRIDS } };

  if (draft.images.length > MAX_IMAGES) out.images = { key: "nw.err.imagesMax", params: { max: MAX_IMAGES } };
  else if (draft.images.some((image) => image.uploading || !image.key))
    out.images = { key: "nw.err.imagesUploading" };

  const publishing = intent === "publish";
  const publishAt = publishing ? publishInstant(draft) : null;
  if (publishAt) {
    if (Date.parse(publishAt) <= now.getTime()) out.publishAt = { key: "nw.err.publishPast" };
    else if (Date.parse(publishAt) > now.getTime() + MAX_SCHEDULE_DAYS * DAY_MS)
      out.publishAt = { key: "nw.err.publishTooFar", params: { days: MAX_SCHEDULE_DAYS } };
  }
  // A kept expiry is not sent with an edit, but publishing checks it all the same.
  if (draft.expiry !== "keep" || publishing) {
    const expiresAt = expiryInstant(draft, now);
    if (expiresAt && Date.parse(expiresAt) <= now.getTime()) out.expiresAt = { key: "nw.err.expiryPast" };
    else if (expiresAt && publishAt && expiresAt <= publishAt)
      out.expiresAt = { key: "nw.err.expiryBeforePublish" };
  }
  return out;
}

/** The body of a new notice (its community is the caller's). */
export function noticeInput(draft: ComposeDraft, now: Date): NoticeInput {
  return {
    title: draft.title.trim(),
    body: draft.body.trim(),
    category: draft.category,
    audience: audienceOf(draft),
    images: draft.images.flatMap((image) => (image.key ? [image.key] : [])),
    pinned: pinnedOf(draft),
    ackRequired: draft.ackRequired,
    expiresAt: expiryInstant(draft, now),
  };
}

/**
 * The changes for an edit: every field of the form, but a kept expiry is left out (so an expired
 * notice's date is not refused for being past), and after publishing audience and category too.
 */
export function noticeChanges(
  draft: ComposeDraft,
  now: Date,
  published: boolean,
): Partial<Omit<NoticeInput, "communityId">> {
  const { category, audience, expiresAt, ...rest } = noticeInput(draft, now);
  return {
    ...rest,
    ...(published ? {} : { category, audience }),
    ...(draft.expiry === "keep" ? {} : { expiresAt }),
  };
}

// ——— The audience in words ———

/**
 * Households the audience reaches, from the picker's counts. Grids may overlap (a whole building in
 * one, a unit of it in another): each building or unit is counted once.
 */
export function audienceHouseholds(
  draft: Pick<ComposeDraft, "audienceKind" | "buildingIds" | "gridIds">,
  options: AudienceOptions,
): number {
  if (draft.audienceKind === "community") return options.households;
  const buildingsById = new Map(options.buildings.map((b) => [b.id, b]));
  if (draft.audienceKind === "buildings")
    return [...new Set(draft.buildingIds)].reduce(
      (sum, id) => sum + (buildingsById.get(id)?.households ?? 0),
      0,
    );
  const whole = new Set<string>();
  const units = new Set<string>();
  for (const grid of options.grids.filter((g) => draft.gridIds.includes(g.id)))
    for (const member of grid.members)
      if (member.unit === null) whole.add(member.buildingId);
      else units.add(`${member.buildingId}\n${member.unit}`);
  let sum = 0;
  for (const id of whole) sum += buildingsById.get(id)?.households ?? 0;
  for (const pair of units) {
    const [buildingId, unit] = pair.split("\n") as [string, string];
    if (whole.has(buildingId)) continue;
    sum += buildingsById.get(buildingId)?.units.find((u) => u.unit === unit)?.households ?? 0;
  }
  return sum;
}

/** "2栋 · 20户", "全体居民 · 120户", "2个网格 · 35户"; a prompt when nothing is picked yet. */
export function audienceSummary(
  t: Translate,
  draft: Pick<ComposeDraft, "audienceKind" | "buildingIds" | "gridIds">,
  options: AudienceOptions,
): string {
  const households = audienceHouseholds(draft, options);
  if (draft.audienceKind === "community") return t("nw.aud.summaryCommunity", { households });
  if (draft.audienceKind === "buildings")
    return draft.buildingIds.length === 0
      ? t("nw.err.pickBuilding")
      : t("nw.aud.summaryBuildings", { names: audienceNames(t, draft, options), households });
  return draft.gridIds.length === 0
    ? t("nw.err.pickGrid")
    : t("nw.aud.summaryGrids", { names: audienceNames(t, draft, options), households });
}

/** Who it is for, by name: 全体居民 · 1栋、3栋 · 东区网格 (as the server labels it). */
export function audienceNames(
  t: Translate,
  draft: Pick<ComposeDraft, "audienceKind" | "buildingIds" | "gridIds">,
  options: AudienceOptions,
): string {
  if (draft.audienceKind === "community") return t("nw.aud.community");
  if (draft.audienceKind === "buildings")
    return draft.buildingIds.map((id) => options.buildings.find((b) => b.id === id)?.name ?? id).join("、");
  return draft.gridIds.map((id) => options.grids.find((g) => g.id === id)?.name ?? id).join("、");
}

/** When it goes out, in words: 立即发布 / 定时 2026-11-30 09:00. */
export function whenText(t: Translate, draft: ComposeDraft): string {
  const at = publishInstant(draft);
  return at ? t("nw.when.at", { time: formatShanghai(at) }) : t("nw.when.nowText");
}

// ——— Picked images ———

export type ImageCheck = { ok: true } | { ok: false; problem: Problem };

/** Whether a picked file may be uploaded: a JPEG, PNG or WebP (its type known), at most 5 MB. */
export function checkPickedImage(type: string | null, size: number): ImageCheck {
  if (!type) return { ok: false, problem: { key: "nw.err.imageType" } };
  if (size <= 0) return { ok: false, problem: { key: "nw.err.imageEmpty" } };
  if (size > MAX_IMAGE_BYTES)
    return {
      ok: false,
      problem: { key: "nw.err.imageTooBig", params: { mb: MAX_IMAGE_BYTES / 1024 / 1024 } },
    };
  return { ok: true };
}

/** How many more images may be picked now. */
export const imageRoom = (images: ComposeImage[]) => Math.max(0, MAX_IMAGES - images.length);

// ——— Errors ———

const CODE_KEYS: Record<string, MessageKey> = {
  EDIT_CONFLICT: "nw.err.EDIT_CONFLICT",
  NOTICE_WITHDRAWN: "nw.err.NOTICE_WITHDRAWN",
  ALREADY_PUBLISHED: "nw.err.ALREADY_PUBLISHED",
  NOTICE_NOT_FOUND: "nw.err.NOTICE_NOT_FOUND",
  NOT_STAFF_OF_COMMUNITY: "nw.forbidden",
  STAFF_ONLY: "nw.forbidden",
  NOT_IN_COMMUNITY: "nw.forbidden",
  FORBIDDEN: "nw.forbidden",
  IDEMPOTENCY_IN_PROGRESS: "nw.err.IN_PROGRESS",
  IDEMPOTENCY_KEY_REUSED: "nw.err.KEY_REUSED",
  VALIDATION_FAILED: "nw.err.VALIDATION_FAILED",
  RATE_LIMITED: "nw.err.RATE_LIMITED",
  // Storage's answers to an upload (S3's codes; the local store uses the same).
  EntityTooLarge: "nw.err.imageTooBig",
  EntityTooSmall: "nw.err.imageEmpty",
  AccessDenied: "nw.err.upload",
  SignatureDoesNotMatch: "nw.err.upload",
  InvalidArgument: "nw.err.upload",
  UPLOAD_FAILED: "nw.err.upload",
};

const FORBIDDEN_CODES = new Set(["STAFF_ONLY", "NOT_STAFF_OF_COMMUNITY", "NOT_IN_COMMUNITY", "FORBIDDEN"]);

export const isForbidden = (err: unknown) => err instanceof ApiError && FORBIDDEN_CODES.has(err.code);
export const isEditConflict = (err: unknown) => err instanceof ApiError && err.code === "EDIT_CONFLICT";

/** The message for a failure we cannot name: never the server's own (English) words. */
export const GENERIC: Problem = { key: "nw.err.generic" };

/** A message key for any failure of these pages: by code where we know it, else a general one. */
export function noticeErrorProblem(err: unknown): Problem {
  if (!(err instanceof ApiError) || err.status === 0) return { key: "common.networkError" };
  const key = CODE_KEYS[err.code];
  if (key === "nw.err.imageTooBig") return { key, params: { mb: MAX_IMAGE_BYTES / 1024 / 1024 } };
  if (key) return { key };
  if (err.status >= 500) return { key: "common.networkError" };
  return GENERIC;
}

export const noticeErrorMessage = (t: Translate, err: unknown) => {
  const problem = noticeErrorProblem(err);
  return t(problem.key, problem.params);
};

const TOO_BIG: Problem = { key: "nw.err.imageTooBig", params: { mb: MAX_IMAGE_BYTES / 1024 / 1024 } };

/** The server's English field messages we know (functions/src/notices/schemas.ts and actions.ts). */
const FIELD_MESSAGES: Array<[RegExp, Problem]> = [
  [/phone and ID numbers/i, { key: "nw.err.noNumbers" }],
  [/^Title is at (least|most)/i, { key: "nw.err.title", params: { min: TITLE_MIN, max: TITLE_MAX } }],
  [/^Body is at (least|most)/i, { key: "nw.err.body", params: { max: BODY_MAX } }],
  [/^Reason is at (least|most)/i, { key: "nw.err.reason", params: { min: REASON_MIN, max: REASON_MAX } }],
  [/^At most \d+ images/i, { key: "nw.err.imagesMax", params: { max: MAX_IMAGES } }],
  [/listed twice/i, { key: "nw.err.imageTwice" }],
  [/at most 5 MB/i, TOO_BIG],
  [/^The file is empty/i, { key: "nw.err.imageEmpty" }],
  [
    /not uploaded for this community|upload has not finished|Not an uploaded image/i,
    { key: "nw.err.imageLost" },
  ],
  [/not the JPEG, PNG or WebP|Images are JPEG, PNG or WebP/i, { key: "nw.err.imageType" }],
  [/Pick at least one building/i, { key: "nw.err.pickBuilding" }],
  [/Pick at least one grid/i, { key: "nw.err.pickGrid" }],
  [/^No (building|grid) /i, { key: "nw.err.audienceGone" }],
  [/has no buildings or units left/i, { key: "nw.err.audienceGone" }],
  [/Cannot change once published/i, { key: "nw.err.fixedAfterPublish" }],
  [/expiry must be in the future/i, { key: "nw.err.expiryPast" }],
  [/expiry must come after/i, { key: "nw.err.expiryBeforePublish" }],
  [/At most 90 days ahead/i, { key: "nw.err.publishTooFar", params: { days: MAX_SCHEDULE_DAYS } }],
  [/ISO date-time/i, { key: "nw.err.time" }],
];

/**
 * What a field is about when its message is one we do not know (zod's own words, "Invalid id"):
 * the field's rule, said in the reader's language. Keyed by the path's first part.
 */
const FIELD_PATHS: Record<string, Problem> = {
  title: { key: "nw.err.title", params: { min: TITLE_MIN, max: TITLE_MAX } },
  body: { key: "nw.err.body", params: { max: BODY_MAX } },
  reason: { key: "nw.err.reason", params: { min: REASON_MIN, max: REASON_MAX } },
  audience: { key: "nw.err.audienceGone" },
  images: { key: "nw.err.imageLost" },
  expiresAt: { key: "nw.err.time" },
  publishAt: { key: "nw.err.time" },
  // An upload's form (POST /uploads).
  contentType: { key: "nw.err.imageType" },
  size: TOO_BIG,
};

const firstPart = (path: string) =>
  String(path)
    .split(/[.[\]/]+/)
    .filter(Boolean)[0] ?? "";

/** The form field an issue's path belongs to ("audience.buildingIds.0" → audience), or null. */
export function fieldOfPath(path: string): ComposeField | null {
  const first = firstPart(path);
  return (COMPOSE_FIELDS as string[]).includes(first) ? (first as ComposeField) : null;
}

/** A field issue from the API in the reader's language, or null when neither message nor field is known. */
export function knownIssueProblem(issue: FieldIssue): Problem | null {
  const known = FIELD_MESSAGES.find(([pattern]) => pattern.test(String(issue.message)));
  return known ? known[1] : (FIELD_PATHS[firstPart(issue.path)] ?? null);
}

/** A field issue from the API as a message key (never the server's words). */
export const issueProblem = (issue: FieldIssue): Problem => knownIssueProblem(issue) ?? GENERIC;

/**
 * A 400's details by the field the form shows them under; issues about anything else (a header, a
 * field the form does not show) go to `other`, shown with the buttons.
 */
export function apiFieldProblems(details: FieldIssue[]): { fields: ComposeProblems; other: Problem[] } {
  const fields: ComposeProblems = {};
  const other: Problem[] = [];
  for (const issue of details) {
    const field = fieldOfPath(issue.path);
    if (!field) other.push(issueProblem(issue));
    else if (!fields[field]) fields[field] = issueProblem(issue);
  }
  return { fields, other };
}

/**
 * A picture that did not upload: a refused form (POST /uploads answers 400 for its type or size)
 * says which rule, storage's codes say theirs, anything else asks to try again.
 */
export function uploadErrorProblem(err: unknown): Problem {
  if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
    const first = err.details[0];
    return (first && knownIssueProblem(first)) ?? { key: "nw.err.upload" };
  }
  const problem = noticeErrorProblem(err);
  return problem === GENERIC ? { key: "nw.err.upload" } : problem;
}

/** Whether the photo picker's failure is the user closing it (then nothing is said). */
export function isPickCancel(err: unknown): boolean {
  const message =
    (err as { errMsg?: unknown } | null)?.errMsg ?? (err as { message?: unknown } | null)?.message ?? "";
  return /cancel/i.test(String(message));
}

// ——— The manage page's answers ———

/**
 * Why the job could not publish a scheduled notice, as it keeps it (`scheduleError`: the server's
 * message and its issues, "The request is not valid. expiresAt: The expiry must be in the
 * future"), in the reader's language: the first issue we know, else a general prompt.
 */
export function scheduleErrorProblem(reason: string): Problem {
  const issues = String(reason)
    .split(/\s+(?=[A-Za-z][\w.-]*: )/)
    .map((part) => /^([A-Za-z][\w.-]*): ([\s\S]*)$/.exec(part))
    .flatMap((m) => (m ? [{ path: m[1] ?? "", message: m[2] ?? "" }] : []));
  for (const issue of issues) {
    const known = knownIssueProblem(issue);
    if (known) return known;
  }
  const whole = FIELD_MESSAGES.find(([pattern]) => pattern.test(reason));
  return whole ? whole[1] : { key: "nw.m.scheduleErrorUnknown" };
}

/** 定时发布未成功：<why>, in the reader's language. */
export function scheduleErrorText(t: Translate, reason: string): string {
  const problem = scheduleErrorProblem(reason);
  return t("nw.m.scheduleError", { reason: t(problem.key, problem.params) });
}

/** A withdrawal that failed because of the notice itself: already withdrawn, gone, or changed meanwhile. */
export type WithdrawFailure = "withdrawn" | "gone" | "conflict";

export function withdrawFailure(err: unknown): WithdrawFailure | null {
  if (!(err instanceof ApiError)) return null;
  if (err.code === "NOTICE_WITHDRAWN") return "withdrawn";
  if (err.status === 404) return "gone";
  if (err.code === "EDIT_CONFLICT") return "conflict";
  return null;
}
