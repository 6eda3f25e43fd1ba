/** The deliberation hall (议事厅): topics, proposals and seconds, discussion, votes, ballots, results. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { auditPut, buildAudit } from "../audit/repo.js";
import { householdsOfIn, listMemberships } from "../community/repo.js";
import type { Household, Membership } from "../community/schemas.js";
import { transact } from "../db/items.js";
import { keys } from "../db/keys.js";
import type { AppDeps } from "../deps.js";
import { canStaff, requireUser, staffCommunity } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { conflict, forbidden, notFound, validationFailed } from "../http/errors.js";
import { idempotency } from "../http/idempotency.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { createRateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { readableCommunity } from "../legal/access.js";
import type { UserProfile } from "../users/schemas.js";
import {
  addComment,
  castBallot,
  closeVote,
  createTopic,
  createVote,
  hideComment,
  moveTopic,
  secondTopic,
  settleVote,
} from "./actions.js";
import {
  findRollUnit,
  getChoice,
  getComment,
  getSecond,
  getSettings,
  getTopicBundle,
  listComments,
  listRollUnits,
  listTopics,
  type TopicBundle,
  tallyOf,
} from "./repo.js";
import {
  ballotBody,
  type Comment,
  commentBody,
  commentParams,
  commentSchema,
  communityQuery,
  listQuery,
  myBallotSchema,
  pageQuery,
  paperBallotBody,
  proposalBody,
  reasonBody,
  resultsSchema,
  settingsBody,
  settingsSchema,
  type Topic,
  topicBody,
  topicDetailSchema,
  topicParams,
  topicSchema,
  turnoutQuery,
  turnoutSchema,
  type Vote,
  voteBody,
} from "./schemas.js";
import { inScope, resultsOf, sealUnit, voteView } from "./service.js";

const route = <const T extends Parameters<typeof createRoute>[0]>(config: T) =>
  createRoute({ tags: ["deliberation"], security: bearer, ...config });

// ——— Who the caller is to a topic ———

type CallerHousehold = Household & { relation: Membership["relation"] };

interface Caller {
  user: UserProfile;
  staff: boolean;
  /** Verified to a household of the topic's community (the user's one community at a time). */
  resident: boolean;
  /** The caller's households there, with their relation: read once, only by the routes that need them. */
  households(): Promise<CallerHousehold[]>;
}

function callerIn(deps: AppDeps, user: UserProfile, communityId: string): Caller {
  const resident = user.householdCount > 0 && user.communityId === communityId;
  let loaded: Promise<CallerHousehold[]> | undefined;
  const load = async () => (resident ? householdsOfIn(deps.db, user.id, communityId) : []);
  return {
    user,
    staff: canStaff(user, communityId),
    resident,
    households: () => {
      loaded ??= load();
      return loaded;
    },
  };
}

const inScopeHouseholds = async (caller: Caller, topic: Topic) =>
  (await caller.households()).filter((household) => inScope(topic.scope, household.buildingId));

/** A topic the caller may read: staff of its community, or its residents (others: 404). */
async function readTopic(deps: AppDeps, user: UserProfile, topicId: string, consistent = false) {
  const found = await getTopicBundle(deps.db, topicId, consistent);
  if (!found) throw notFound("No such topic.", "TOPIC_NOT_FOUND");
  const caller = callerIn(deps, user, found.topic.communityId);
  if (!caller.staff && !caller.resident && !user.lawyerCommunityIds.includes(found.topic.communityId))
    throw notFound("No such topic.", "TOPIC_NOT_FOUND");
  const bundle = await settleVote(deps, found);
  return { bundle, caller };
}

async function requireInScope(caller: Caller, topic: Topic, what: string) {
  const households = await inScopeHouseholds(caller, topic);
  if (households.length === 0)
    throw forbidden(
      !caller.resident
        ? `Verify your household first to ${what}.`
        : `This topic concerns ${topic.scopeLabel}; only residents there can ${what}.`,
      !caller.resident ? "NOT_VERIFIED" : "NOT_IN_SCOPE",
    );
  return households;
}

function requireStaff(caller: Caller) {
  if (!caller.staff) throw forbidden("Only staff of this community can do this.", "NOT_STAFF_OF_COMMUNITY");
}

async function topicView(deps: AppDeps, bundle: TopicBundle, caller: Caller) {
  const { topic, vote } = bundle;
  const mine = await inScopeHouseholds(caller, topic);
  const secondedByMe =
    topic.status === "proposed" && mine.length > 0
      ? Boolean(await getSecond(deps.db, topic.id, (mine[0] as Household).id))
      : false;
  return {
    id: topic.id,
    communityId: topic.communityId,
    title: topic.title,
    body: topic.body,
    scope: topic.scope,
    scopeLabel: topic.scopeLabel,
    status: topic.status,
    origin: topic.origin,
    createdByName: topic.createdByName,
    seconds: topic.seconds,
    secondsNeeded: topic.secondsNeeded,
    householdsInScope: topic.householdsInScope,
    commentCount: topic.commentCount,
    createdAt: topic.createdAt,
    updatedAt: topic.updatedAt,
    vote: vote ? voteView(vote) : null,
    inScope: mine.length > 0,
    secondedByMe,
  };
}

/** The caller's ballot: eligibility, whether their unit voted, and the choice only to who cast it. */
async function myBallot(deps: AppDeps, bundle: TopicBundle, caller: Caller) {
  const vote = bundle.vote;
  if (!vote) return null;
  const mine = await inScopeHouseholds(caller, bundle.topic);
  const unit =
    vote.rollId && mine.length > 0
      ? await findRollUnit(deps.db, bundle.topic.id, vote.rollId, { userId: caller.user.id }, true)
      : null;
  let reason: string | null = null;
  if (!unit) {
    if (!caller.resident) reason = "not_verified";
    else if (mine.length === 0) reason = "not_in_scope";
    else if (vote.electorate === "owners" && !mine.some((h) => h.relation === "owner")) reason = "not_owner";
    else reason = vote.rollId ? "not_in_roll" : null;
  }
  const castByMe = Boolean(unit?.voted && unit.castBy === caller.user.id);
  const choice =
    unit && castByMe
      ? ((await getChoice(deps.db, bundle.topic.id, sealUnit(vote.sealSalt, unit.unitId)))?.choice ?? null)
      : null;
  return {
    eligible: Boolean(unit) || (!vote.rollId && reason === null),
    reason,
    voted: Boolean(unit?.voted),
    choice,
    castByMe,
    via: unit?.via ?? null,
    votedAt: unit?.votedAt ?? null,
    unitLabel: unit?.label ?? null,
  };
}

function commentView(comment: Comment, caller: Caller) {
  const mine = comment.authorId === caller.user.id;
  const visible = !comment.hidden || mine || caller.staff;
  return {
    id: comment.id,
    authorName: comment.authorName,
    authorPlace: comment.authorPlace,
    byStaff: comment.byStaff,
    mine,
    body: visible ? comment.body : null,
    hidden: Boolean(comment.hidden),
    hiddenReason: comment.hidden?.reason ?? null,
    createdAt: comment.createdAt,
  };
}

// ——— Routes ———

const listRoute = route({
  method: "get",
  path: "/deliberations",
  summary: "Topics of a community, newest first: by status, or active / closed",
  middleware: [requireUser] as const,
  request: { query: listQuery },
  responses: {
    200: jsonContent(z.object({ items: z.array(topicSchema), nextCursor: z.string().nullable() }), "Topics"),
    ...errorResponses(400, 401, 403),
  },
});

const createRoute_ = route({
  method: "post",
  path: "/deliberations",
  summary: "Staff create a topic (open for discussion at once)",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(topicBody) },
  responses: {
    201: jsonContent(z.object({ topic: topicSchema }), "Created"),
    ...errorResponses(400, 401, 403, 409, 422, 429),
  },
});

const proposeRoute = route({
  method: "post",
  path: "/deliberations/proposals",
  summary: "A verified resident proposes a topic; it needs seconds from households in scope",
  description:
    "The proposer's household is the first second. It becomes a topic once seconds reach the community's share of households in scope (default 20 %, 以上) or when staff accept it.",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { body: jsonBody(proposalBody) },
  responses: {
    201: jsonContent(z.object({ topic: topicSchema }), "Proposed"),
    ...errorResponses(400, 401, 403, 409, 422, 429),
  },
});

const settingsGetRoute = route({
  method: "get",
  path: "/deliberations/settings",
  summary: "The community's deliberation settings (share of households that makes a proposal a topic)",
  middleware: [requireUser] as const,
  request: { query: communityQuery },
  responses: {
    200: jsonContent(z.object({ settings: settingsSchema }), "Settings"),
    ...errorResponses(400, 401, 403),
  },
});

const settingsPutRoute = route({
  method: "put",
  path: "/deliberations/settings",
  summary: "Staff set the share of households whose seconds make a proposal a topic",
  middleware: [requireUser] as const,
  request: { body: jsonBody(settingsBody) },
  responses: {
    200: jsonContent(z.object({ settings: settingsSchema }), "Saved"),
    ...errorResponses(400, 401, 403),
  },
});

const getRoute = route({
  method: "get",
  path: "/deliberations/{topicId}",
  summary: "One topic: body, history, its vote and my ballot",
  middleware: [requireUser] as const,
  request: { params: topicParams },
  responses: {
    200: jsonContent(z.object({ topic: topicDetailSchema }), "The topic"),
    ...errorResponses(400, 401, 404),
  },
});

const secondRoute = route({
  method: "post",
  path: "/deliberations/{topicId}/second",
  summary: "Second a proposal for my household (once per household)",
  description: "409 ALREADY_SECONDED · TOPIC_STATUS; 403 NOT_IN_SCOPE · NOT_VERIFIED",
  middleware: [requireUser] as const,
  request: { params: topicParams },
  responses: {
    200: jsonContent(z.object({ topic: topicSchema }), "Seconded"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const acceptRoute = route({
  method: "post",
  path: "/deliberations/{topicId}/accept",
  summary: "Staff accept a proposal as a topic for discussion",
  middleware: [requireUser] as const,
  request: { params: topicParams },
  responses: {
    200: jsonContent(z.object({ topic: topicSchema }), "Accepted"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
const reasonRoute = <const P extends string>(path: P, summary: string) =>
  route({
    method: "post",
    path: `/deliberations/{topicId}/${path}`,
    summary,
    middleware: [requireUser] as const,
    request: { params: topicParams, body: jsonBody(reasonBody) },
    responses: {
      200: jsonContent(z.object({ topic: topicSchema }), "Moved"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });
const declineRoute = reasonRoute("decline", "Staff decline a proposal or topic, with a reason");
const withdrawRoute = reasonRoute("withdraw", "The proposer or staff withdraw a topic, with a reason");

const commentsRoute = route({
  method: "get",
  path: "/deliberations/{topicId}/comments",
  summary: "The discussion, oldest first, paged by cursor",
  middleware: [requireUser] as const,
  request: { params: topicParams, query: pageQuery },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(commentSchema), nextCursor: z.string().nullable() }),
      "Comments",
    ),
    ...errorResponses(400, 401, 404),
  },
});

const commentRoute = route({
  method: "post",
  path: "/deliberations/{topicId}/comments",
  summary: "Comment (verified residents in scope, and staff)",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { params: topicParams, body: jsonBody(commentBody) },
  responses: {
    201: jsonContent(z.object({ comment: commentSchema }), "Posted"),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const hideRoute = route({
  method: "post",
  path: "/deliberations/{topicId}/comments/{commentId}/hide",
  summary: "Staff hide a comment with a reason (its author still sees it; others see the reason)",
  middleware: [requireUser] as const,
  request: { params: commentParams, body: jsonBody(reasonBody) },
  responses: {
    200: jsonContent(z.object({ comment: commentSchema }), "Hidden"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const voteRoute = route({
  method: "post",
  path: "/deliberations/{topicId}/vote",
  summary: "Staff put a topic to the vote: rule, electorate, options, times, secret, changeable",
  description:
    "The electorate is frozen when the vote opens. owners_* rules take the owners electorate; simple_majority takes residents. 409 TOPIC_STATUS",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { params: topicParams, body: jsonBody(voteBody) },
  responses: {
    201: jsonContent(z.object({ topic: topicSchema }), "The topic with its vote"),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const ballotRoute = route({
  method: "post",
  path: "/deliberations/{topicId}/ballots",
  summary: "Cast my ballot (my unit's: household or owner), or change it when the vote allows",
  description: "403 NOT_ELIGIBLE; 409 VOTE_NOT_OPEN · VOTE_CLOSED · ALREADY_VOTED. Honours Idempotency-Key.",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { params: topicParams, body: jsonBody(ballotBody) },
  responses: {
    200: jsonContent(z.object({ ballot: myBallotSchema, changed: z.boolean() }), "Counted"),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const paperRoute = route({
  method: "post",
  path: "/deliberations/{topicId}/paper-ballots",
  summary: "Staff record a paper ballot collected at the center for a household (audited, collector named)",
  description: "The same one-ballot rule: 409 ALREADY_VOTED unless the vote allows changes. 403 NOT_ELIGIBLE",
  middleware: [requireUser, createRateLimit, idempotency] as const,
  request: { params: topicParams, body: jsonBody(paperBallotBody) },
  responses: {
    200: jsonContent(
      z.object({
        recorded: z.object({ unitLabel: z.string(), householdId: z.string(), changed: z.boolean() }),
      }),
      "Recorded",
    ),
    ...errorResponses(400, 401, 403, 404, 409, 422, 429),
  },
});

const resultsRoute = route({
  method: "get",
  path: "/deliberations/{topicId}/results",
  summary: "The results by the vote's rule (live for staff; for residents live only if the vote says so)",
  description: "403 RESULTS_NOT_PUBLIC while open when the vote keeps results until closing",
  middleware: [requireUser] as const,
  request: { params: topicParams },
  responses: {
    200: jsonContent(resultsSchema, "Results"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const turnoutRoute = route({
  method: "get",
  path: "/deliberations/{topicId}/turnout",
  summary: "Staff: turnout by building and the units that have not voted (never a secret choice)",
  middleware: [requireUser] as const,
  request: { params: topicParams, query: turnoutQuery },
  responses: {
    200: jsonContent(turnoutSchema, "Turnout"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const closeRoute = route({
  method: "post",
  path: "/deliberations/{topicId}/close",
  summary: "Staff close the vote: early only if the vote allows it; publishes the result",
  description: "409 EARLY_CLOSE_NOT_ALLOWED · VOTE_NOT_OPEN",
  middleware: [requireUser] as const,
  request: { params: topicParams },
  responses: {
    200: jsonContent(resultsSchema, "The published result"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const deliberationRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const query = c.req.valid("query");
    const communityId = readableCommunity(user, query.communityId);
    const caller = callerIn(deps, user, communityId);
    const page = await listTopics(deps.db, communityId, {
      status: query.status,
      limit: query.limit,
      cursor: query.cursor,
    });
    const items = await Promise.all(
      page.items.map(async (topic) => {
        // Only a topic that went to the vote has more in its partition than the listed item.
        const voted = topic.status === "voting" || topic.status === "decided" || topic.status === "rejected";
        const bundle = voted ? ((await getTopicBundle(deps.db, topic.id)) ?? null) : null;
        return topicView(deps, bundle ?? { topic, vote: null, shards: [] }, caller);
      }),
    );
    return c.json({ items, nextCursor: page.nextCursor }, 200);
  })
  .openapi(createRoute_, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const communityId = staffCommunity(user, body.communityId, "communityId");
    const topic = await createTopic(deps, {
      communityId,
      title: body.title,
      body: body.body,
      scope: body.scope,
      actor: user,
      origin: "staff",
    });
    const caller = callerIn(deps, user, communityId);
    const view = await topicView(deps, { topic, vote: null, shards: [] }, caller);
    return c.json({ topic: view }, 201);
  })
  .openapi(proposeRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    if (user.householdCount === 0 || !user.communityId)
      throw forbidden("Verify your household first to propose a topic.", "NOT_VERIFIED");
    const caller = callerIn(deps, user, user.communityId);
    const mine = (await caller.households()).filter((h) => inScope(body.scope, h.buildingId));
    if (mine.length === 0)
      throw forbidden("You can propose topics only for the buildings you live in.", "NOT_IN_SCOPE");
    const topic = await createTopic(deps, {
      communityId: user.communityId,
      title: body.title,
      body: body.body,
      scope: body.scope,
      actor: user,
      origin: "resident",
      proposerHouseholdId: (mine[0] as Household).id,
    });
    const view = await topicView(deps, { topic, vote: null, shards: [] }, caller);
    return c.json({ topic: view }, 201);
  })
  .openapi(settingsGetRoute, async (c) => {
    const deps = c.get("deps");
    const communityId = readableCommunity(c.get("user"), c.req.valid("query").communityId);
    const settings = await getSettings(deps.db, communityId);
    return c.json({ settings: { communityId, secondingPercent: settings.secondingPercent } }, 200);
  })
  .openapi(settingsPutRoute, async (c) => {
    const deps = c.get("deps");
    const user = c.get("user");
    const body = c.req.valid("json");
    const communityId = staffCommunity(user, body.communityId, "communityId");
    const now = deps.clock.now().toISOString();
    await transact(deps.db, [
      {
        Put: {
          TableName: deps.db.tableName,
          Item: {
            ...keys.deliberationSettings(communityId),
            entity: "DeliberationSettings",
            communityId,
            secondingPercent: body.secondingPercent,
            updatedAt: now,
          },
        },
      },
      auditPut(
        deps.db,
        buildAudit(deps.newId(), now, {
          communityId,
          actor: user,
          action: "deliberation.settings",
          details: { secondingPercent: body.secondingPercent },
        }),
      ),
    ]);
    return c.json({ settings: { communityId, secondingPercent: body.secondingPercent } }, 200);
  })
  .openapi(getRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId);
    const [view, ballot] = await Promise.all([
      topicView(deps, bundle, caller),
      myBallot(deps, bundle, caller),
    ]);
    return c.json({ topic: { ...view, history: bundle.topic.history, myBallot: ballot } }, 200);
  })
  .openapi(secondRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId, true);
    const households = await requireInScope(caller, bundle.topic, "second it");
    const topic = await secondTopic(deps, bundle.topic, caller.user, (households[0] as Household).id);
    return c.json({ topic: await topicView(deps, { ...bundle, topic }, caller) }, 200);
  })
  .openapi(acceptRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId, true);
    requireStaff(caller);
    if (bundle.topic.status !== "proposed")
      throw conflict("TOPIC_STATUS", "Only a proposal gathering seconds can be accepted.");
    const topic = await moveTopic(deps, bundle.topic, "discussion", caller.user, null);
    return c.json({ topic: await topicView(deps, { ...bundle, topic }, caller) }, 200);
  })
  .openapi(declineRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId, true);
    requireStaff(caller);
    const topic = await moveTopic(deps, bundle.topic, "rejected", caller.user, c.req.valid("json").reason);
    return c.json({ topic: await topicView(deps, { ...bundle, topic }, caller) }, 200);
  })
  .openapi(withdrawRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId, true);
    if (!caller.staff && bundle.topic.createdBy !== caller.user.id)
      throw forbidden("Only the proposer or staff can withdraw a topic.", "NOT_PROPOSER");
    const topic = await moveTopic(deps, bundle.topic, "withdrawn", caller.user, c.req.valid("json").reason);
    return c.json({ topic: await topicView(deps, { ...bundle, topic }, caller) }, 200);
  })
  .openapi(commentsRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId);
    const query = c.req.valid("query");
    const page = await listComments(deps.db, bundle.topic.id, query.limit, query.cursor);
    return c.json(
      { items: page.items.map((comment) => commentView(comment, caller)), nextCursor: page.nextCursor },
      200,
    );
  })
  .openapi(commentRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId);
    const households = caller.staff
      ? await inScopeHouseholds(caller, bundle.topic)
      : await requireInScope(caller, bundle.topic, "comment");
    const first = households[0];
    const comment = await addComment(deps, bundle.topic, caller.user, {
      body: c.req.valid("json").body,
      byStaff: caller.staff && households.length === 0,
      authorPlace: first ? first.buildingName : null,
    });
    return c.json({ comment: commentView(comment, caller) }, 201);
  })
  .openapi(hideRoute, async (c) => {
    const deps = c.get("deps");
    const params = c.req.valid("param");
    const { bundle, caller } = await readTopic(deps, c.get("user"), params.topicId);
    requireStaff(caller);
    const comment = await getComment(deps.db, bundle.topic.id, params.commentId);
    if (!comment) throw notFound("No such comment.", "COMMENT_NOT_FOUND");
    const hidden = await hideComment(deps, bundle.topic, comment, caller.user, c.req.valid("json").reason);
    return c.json({ comment: commentView(hidden, caller) }, 200);
  })
  .openapi(voteRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId, true);
    requireStaff(caller);
    if (bundle.vote) throw conflict("VOTE_EXISTS", "This topic already has a vote.");
    await createVote(deps, bundle.topic, c.req.valid("json"), caller.user);
    const after = (await getTopicBundle(deps.db, bundle.topic.id, true)) as TopicBundle;
    const view = await topicView(deps, after, caller);
    return c.json({ topic: view }, 201);
  })
  .openapi(ballotRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId, true);
    const body = c.req.valid("json");
    const outcome = await castBallot(deps, {
      bundle,
      choice: body.choice,
      actor: caller.user,
      via: "online",
      householdId: body.householdId,
    });
    return c.json(
      {
        ballot: {
          eligible: true,
          reason: null,
          voted: true,
          choice: outcome.choice,
          castByMe: true,
          via: "online" as const,
          votedAt: outcome.unit.votedAt,
          unitLabel: outcome.unit.label,
        },
        changed: outcome.changed,
      },
      200,
    );
  })
  .openapi(paperRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId, true);
    requireStaff(caller);
    const body = c.req.valid("json");
    if (bundle.vote?.electorate === "residents") {
      // A residents' vote counts people: the paper ballot is one resident's, of that household.
      if (!body.userId)
        throw validationFailed([{ path: "userId", message: "Name the resident this paper ballot is for" }]);
      const memberships = await listMemberships(deps.db, body.userId);
      if (!memberships.some((m) => m.householdId === body.householdId))
        throw validationFailed([
          { path: "userId", message: "This resident is not verified to this household" },
        ]);
    }
    const outcome = await castBallot(deps, {
      bundle,
      choice: body.choice,
      actor: caller.user,
      via: "paper",
      householdId: body.householdId,
      userId: bundle.vote?.electorate === "residents" ? body.userId : undefined,
      collector: body.collector,
      note: body.note,
    });
    return c.json(
      {
        recorded: { unitLabel: outcome.unit.label, householdId: body.householdId, changed: outcome.changed },
      },
      200,
    );
  })
  .openapi(resultsRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId);
    const vote = bundle.vote;
    if (!vote) throw notFound("This topic has no vote.", "VOTE_NOT_FOUND");
    // While a secret vote runs, nobody sees the tally unless the vote publishes it live: staff
    // watching counters move next to the turnout list could tell who chose what.
    const live = vote.liveResults || (caller.staff && !vote.secret);
    if (vote.state !== "closed" && !live)
      throw forbidden("Results are published when the vote closes.", "RESULTS_NOT_PUBLIC");
    return c.json(resultsOf(vote, tallyOf(bundle)), 200);
  })
  .openapi(turnoutRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId);
    requireStaff(caller);
    const vote = bundle.vote;
    if (!vote) throw notFound("This topic has no vote.", "VOTE_NOT_FOUND");
    if (!vote.rollId) throw conflict("VOTE_NOT_OPEN", "The electorate is frozen when the vote opens.");
    const query = c.req.valid("query");
    const all = await listRollUnits(deps.db, bundle.topic.id, vote.rollId);
    const buildings = new Map<
      string,
      { buildingId: string; buildingName: string; eligible: number; voted: number }
    >();
    for (const unit of all) {
      const entry = buildings.get(unit.buildingId) ?? {
        buildingId: unit.buildingId,
        buildingName: unit.buildingName,
        eligible: 0,
        voted: 0,
      };
      entry.eligible++;
      if (unit.voted) entry.voted++;
      buildings.set(unit.buildingId, entry);
    }
    const owners = vote.electorate === "owners";
    const units = all
      .filter((unit) => !query.buildingId || unit.buildingId === query.buildingId)
      .map((unit) => ({
        unitId: unit.unitId,
        buildingId: unit.buildingId,
        buildingName: unit.buildingName,
        label: unit.label,
        householdIds: unit.householdIds,
        ...(owners ? { area: unit.area / 100 } : {}),
        voted: unit.voted,
        via: unit.via,
        // No times while a secret vote runs with a live tally: a time next to a moving counter
        // would tell the choice.
        votedAt: vote.secret && vote.liveResults && vote.state === "open" ? null : unit.votedAt,
        choice: vote.secret ? null : unit.publicChoice,
      }));
    const participated = all.filter((unit) => unit.voted);
    const weight = (list: typeof all) => ({
      count: list.length,
      ...(owners ? { area: list.reduce((sum, unit) => sum + unit.area, 0) / 100 } : {}),
    });
    return c.json(
      {
        secret: vote.secret,
        eligible: weight(all),
        participated: weight(participated),
        byBuilding: [...buildings.values()],
        units,
      },
      200,
    );
  })
  .openapi(closeRoute, async (c) => {
    const deps = c.get("deps");
    const { bundle, caller } = await readTopic(deps, c.get("user"), c.req.valid("param").topicId, true);
    requireStaff(caller);
    const vote = bundle.vote;
    if (!vote || vote.state === "scheduled")
      throw conflict("VOTE_NOT_OPEN", "There is no open vote to close.");
    if (vote.state === "open") {
      const now = deps.clock.now().toISOString();
      if (now < vote.closesAt && !vote.earlyClose)
        throw conflict(
          "EARLY_CLOSE_NOT_ALLOWED",
          "This vote runs until its closing time; it cannot be closed early.",
        );
      await closeVote(deps, bundle.topic.id, caller.user);
    }
    const after = (await getTopicBundle(deps.db, bundle.topic.id, true)) as TopicBundle;
    return c.json(resultsOf(after.vote as Vote, tallyOf(after)), 200);
  });
