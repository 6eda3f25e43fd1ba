/**
 * The writes of the deliberation hall. One ballot per unit is the condition `voted = false` on the
 * unit's roll item, in the same transaction as the choice and the tally shard's counters; the vote
 * being open is a condition on that shard. Under any concurrency, counted ballots == units voted.
 */
import { randomBytes } from "node:crypto";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { auditPut, buildAudit } from "../audit/repo.js";
import { listAllHouseholds, listCommunityMembers } from "../community/repo.js";
import type { Db } from "../db/client.js";
import { cancelledConditionIndexes } from "../db/errors.js";
import { getAll, putAll, type TransactItem, transact } from "../db/items.js";
import { keys } from "../db/keys.js";
import { Retry, withRetries } from "../db/retry.js";
import type { AppDeps } from "../deps.js";
import { conflict, forbidden, validationFailed } from "../http/errors.js";
import { notify } from "../messages/notify.js";
import type { UserProfile } from "../users/schemas.js";
import {
  findRollUnit,
  getChoice,
  getSecond,
  getSettings,
  getTopicBundle,
  listDueVotes,
  rollItems,
  type TopicBundle,
  tallyOf,
  tallyShardItems,
  topicItem,
  voteItem,
} from "./repo.js";
import type { Choice, Comment, RollUnit, Scope, Topic, TopicEvent, TopicStatus, Vote } from "./schemas.js";
import {
  assertTopicTransition,
  buildElectorate,
  closedResult,
  electorateWeight,
  inScope,
  sealUnit,
  secondsNeeded,
  TALLY_SHARDS,
} from "./service.js";

export const topicLink = (id: string) => `/pages/deliberation/topic/index?id=${id}`;

const event = (
  actor: Pick<UserProfile, "id" | "nickname">,
  at: string,
  action: string,
  note: string | null = null,
) => ({ at, by: actor.id, byName: actor.nickname, action, note }) satisfies TopicEvent;

/** Moves a topic from the status it was read in, appending the event to its history. */
function topicTransition(db: Db, topic: Topic, to: TopicStatus, entry: TopicEvent): TransactItem {
  assertTopicTransition(topic, to);
  const gsi = keys.topicByStatusGsi(topic.communityId, to, topic.createdAt, topic.id);
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.topic(topic.id),
      UpdateExpression:
        "SET #status = :to, updatedAt = :at, GSI1PK = :g1pk, GSI1SK = :g1sk, history = list_append(history, :event)",
      ConditionExpression: "#status = :from",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":to": to,
        ":from": topic.status,
        ":at": entry.at,
        ":g1pk": gsi.GSI1PK,
        ":g1sk": gsi.GSI1SK,
        ":event": [entry],
      },
    },
  };
}

const topicMoved = () => conflict("TOPIC_STATUS", "This topic has moved on meanwhile; please reload it.");

/** Runs a transaction whose first item is the topic's transition: a failed condition there is a 409. */
async function transition(db: Db, items: TransactItem[]): Promise<void> {
  try {
    await transact(db, items);
  } catch (error) {
    if (cancelledConditionIndexes(error)?.includes(0)) throw topicMoved();
    throw error;
  }
}

// ——— Topics ———

/** Households in scope; unknown buildings are a 400 naming them. */
export async function householdsInScope(db: Db, communityId: string, scope: Scope) {
  const households = await listAllHouseholds(db, communityId);
  if (scope.kind === "buildings") {
    const known = new Set(households.map((household) => household.buildingId));
    const unknown = scope.buildingIds.filter((id) => !known.has(id));
    if (unknown.length)
      throw validationFailed(
        unknown.map((id) => ({ path: "scope.buildingIds", message: `No building ${id} in this community` })),
      );
  }
  return households.filter((household) => inScope(scope, household.buildingId));
}

export interface NewTopicInput {
  communityId: string;
  title: string;
  body: string;
  scope: Scope;
  actor: UserProfile;
  origin: "staff" | "resident";
  /** The proposer's household in scope: its second is the first. */
  proposerHouseholdId?: string;
  alsoWrite?: (topic: Topic) => TransactItem[];
}

export async function createTopic(deps: AppDeps, input: NewTopicInput): Promise<Topic> {
  const now = deps.clock.now().toISOString();
  const households = await householdsInScope(deps.db, input.communityId, input.scope);
  const buildingNames = [...new Map(households.map((h) => [h.buildingId, h.buildingName])).values()];
  const settings = await getSettings(deps.db, input.communityId);
  const needed =
    input.origin === "resident" ? secondsNeeded(households.length, settings.secondingPercent) : 0;
  const proposed = input.origin === "resident" && needed > 1;
  const history = [event(input.actor, now, input.origin === "staff" ? "created" : "proposed")];
  if (input.origin === "resident" && !proposed) history.push(event(input.actor, now, "seconded_enough"));
  const topic: Topic = {
    id: `${now.slice(0, 10).replace(/-/g, "")}-${deps.newId().slice(0, 12)}`,
    communityId: input.communityId,
    title: input.title,
    body: input.body,
    scope: input.scope,
    scopeLabel: input.scope.kind === "community" ? "全社区" : buildingNames.join("、"),
    status: proposed ? "proposed" : "discussion",
    origin: input.origin,
    createdBy: input.actor.id,
    createdByName: input.actor.nickname,
    seconds: input.proposerHouseholdId ? 1 : 0,
    secondsNeeded: needed,
    householdsInScope: households.length,
    commentCount: 0,
    history,
    createdAt: now,
    updatedAt: now,
  };
  const items: TransactItem[] = [
    {
      Put: {
        TableName: deps.db.tableName,
        Item: topicItem(topic),
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    ...(input.proposerHouseholdId
      ? [
          {
            Put: {
              TableName: deps.db.tableName,
              Item: {
                ...keys.second(topic.id, input.proposerHouseholdId),
                entity: "Second",
                householdId: input.proposerHouseholdId,
                userId: input.actor.id,
                at: now,
              },
            },
          },
        ]
      : []),
    auditPut(
      deps.db,
      buildAudit(deps.newId(), now, {
        communityId: topic.communityId,
        actor: input.actor,
        action: input.origin === "staff" ? "deliberation.create" : "deliberation.propose",
        // A resident's proposal is about them: found under their id for the export and deletion.
        subjectUserId: input.origin === "resident" ? input.actor.id : null,
        target: topic.id,
        details: { title: topic.title, scope: topic.scopeLabel },
      }),
    ),
    ...(input.alsoWrite?.(topic) ?? []),
  ];
  await transact(deps.db, items);
  return topic;
}

/**
 * A household seconds a proposal: one second per household (its item's absence), counted on the
 * topic while it is still proposed; the second that reaches the threshold makes it a topic.
 */
export async function secondTopic(
  deps: AppDeps,
  topic: Topic,
  actor: UserProfile,
  householdId: string,
): Promise<Topic> {
  const now = deps.clock.now().toISOString();
  if (topic.status !== "proposed")
    throw conflict("TOPIC_STATUS", "Only a proposal still gathering seconds can be seconded.");
  if (await getSecond(deps.db, topic.id, householdId))
    throw conflict("ALREADY_SECONDED", "Your household has already seconded this proposal.");
  try {
    await withRetries(() =>
      transact(deps.db, [
        {
          Put: {
            TableName: deps.db.tableName,
            Item: {
              ...keys.second(topic.id, householdId),
              entity: "Second",
              householdId,
              userId: actor.id,
              at: now,
            },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        {
          Update: {
            TableName: deps.db.tableName,
            Key: keys.topic(topic.id),
            UpdateExpression: "SET seconds = seconds + :one, updatedAt = :now",
            ConditionExpression: "#status = :proposed",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":one": 1, ":now": now, ":proposed": "proposed" },
          },
        },
      ]),
    );
  } catch (error) {
    const failed = cancelledConditionIndexes(error);
    if (failed?.includes(0))
      throw conflict("ALREADY_SECONDED", "Your household has already seconded this proposal.");
    if (failed?.includes(1)) throw topicMoved();
    throw error;
  }
  // The second that reaches the threshold (or any later one, after a crash) promotes the proposal.
  const gsi = keys.topicByStatusGsi(topic.communityId, "discussion", topic.createdAt, topic.id);
  try {
    // The proposer's message commits with the promotion, so a crash cannot promote it untold.
    await withRetries(() =>
      transact(deps.db, [
        {
          Update: {
            TableName: deps.db.tableName,
            Key: keys.topic(topic.id),
            UpdateExpression:
              "SET #status = :discussion, GSI1PK = :g1pk, GSI1SK = :g1sk, history = list_append(history, :event)",
            ConditionExpression: "#status = :proposed AND seconds >= secondsNeeded",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":discussion": "discussion",
              ":proposed": "proposed",
              ":g1pk": gsi.GSI1PK,
              ":g1sk": gsi.GSI1SK,
              ":event": [event(actor, now, "seconded_enough")],
            },
          },
        },
        ...proposerNotice(deps, topic, "deliberation.accepted", now),
      ]),
    );
  } catch (error) {
    if (!cancelledConditionIndexes(error)?.includes(0)) throw error;
  }
  return (await getTopicBundle(deps.db, topic.id, true))?.topic as Topic;
}

/** The proposer's message (residents' proposals only), to commit with the change it tells of. */
function proposerNotice(
  deps: AppDeps,
  topic: Topic,
  kind: string,
  now: string,
  extra: Record<string, string> = {},
): TransactItem[] {
  if (topic.origin !== "resident") return [];
  return notify(
    deps.db,
    {
      id: `${topic.id}-${kind.split(".")[1]}`,
      userId: topic.createdBy,
      kind,
      params: { topicId: topic.id, topicTitle: topic.title, ...extra },
      link: topicLink(topic.id),
    },
    now,
  );
}

/** Staff accept a proposal as a topic, decline it, or the proposer/staff withdraw a topic. */
export async function moveTopic(
  deps: AppDeps,
  topic: Topic,
  to: "discussion" | "rejected" | "withdrawn",
  actor: UserProfile,
  reason: string | null,
): Promise<Topic> {
  const now = deps.clock.now().toISOString();
  if (topic.status === "voting")
    throw conflict("TOPIC_STATUS", "A topic being voted on is decided by its vote.");
  const action = { discussion: "accepted", rejected: "declined", withdrawn: "withdrawn" }[to];
  // The proposer's message commits with the move: a crash cannot leave the move done and them untold.
  await transition(deps.db, [
    topicTransition(deps.db, topic, to, event(actor, now, action, reason)),
    auditPut(
      deps.db,
      buildAudit(deps.newId(), now, {
        communityId: topic.communityId,
        actor,
        action: `deliberation.${action}`,
        target: topic.id,
        details: { reason },
      }),
    ),
    ...(actor.id !== topic.createdBy
      ? proposerNotice(deps, topic, `deliberation.${action}`, now, reason ? { reason } : {})
      : []),
  ]);
  return (await getTopicBundle(deps.db, topic.id, true))?.topic as Topic;
}

// ——— Discussion ———

const commentId = (now: string, id: string) => `${now.replace(/[-:.TZ]/g, "")}-${id.slice(0, 10)}`;

export async function addComment(
  deps: AppDeps,
  topic: Topic,
  actor: UserProfile,
  input: { body: string; byStaff: boolean; authorPlace: string | null },
): Promise<Comment> {
  const now = deps.clock.now().toISOString();
  const comment: Comment = {
    id: commentId(now, deps.newId()),
    topicId: topic.id,
    authorId: actor.id,
    authorName: actor.nickname,
    authorPlace: input.authorPlace,
    byStaff: input.byStaff,
    body: input.body,
    createdAt: now,
    hidden: null,
  };
  try {
    await withRetries(() =>
      transact(deps.db, [
        {
          Update: {
            TableName: deps.db.tableName,
            Key: keys.topic(topic.id),
            UpdateExpression: "SET commentCount = commentCount + :one",
            ConditionExpression: "#status IN (:p, :d, :v)",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":one": 1, ":p": "proposed", ":d": "discussion", ":v": "voting" },
          },
        },
        {
          Put: {
            TableName: deps.db.tableName,
            Item: { ...keys.comment(topic.id, comment.id), entity: "Comment", ...comment },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
      ]),
    );
  } catch (error) {
    if (cancelledConditionIndexes(error)?.includes(0))
      throw conflict("DISCUSSION_CLOSED", "This topic is closed; comments are no longer taken.");
    throw error;
  }
  return comment;
}

export async function hideComment(
  deps: AppDeps,
  topic: Topic,
  comment: Comment,
  actor: UserProfile,
  reason: string,
): Promise<Comment> {
  const now = deps.clock.now().toISOString();
  const hidden = { reason, by: actor.id, at: now };
  try {
    await transact(deps.db, [
      {
        Update: {
          TableName: deps.db.tableName,
          Key: keys.comment(topic.id, comment.id),
          UpdateExpression: "SET #hidden = :hidden",
          ConditionExpression: "attribute_exists(PK) AND #hidden = :null",
          ExpressionAttributeNames: { "#hidden": "hidden" },
          ExpressionAttributeValues: { ":hidden": hidden, ":null": null },
        },
      },
      auditPut(
        deps.db,
        buildAudit(deps.newId(), now, {
          communityId: topic.communityId,
          actor,
          action: "deliberation.hide_comment",
          subjectUserId: comment.authorId,
          target: `${topic.id}/${comment.id}`,
          details: { reason },
        }),
      ),
    ]);
  } catch (error) {
    if (cancelledConditionIndexes(error)?.includes(0))
      throw conflict("ALREADY_HIDDEN", "This comment is already hidden.");
    throw error;
  }
  return { ...comment, hidden };
}

// ——— Votes ———

export interface NewVoteInput {
  rule: Vote["rule"];
  electorate: Vote["electorate"];
  options: Choice[];
  opensAt?: string;
  closesAt: string;
  secret: boolean;
  changeable: boolean;
  liveResults: boolean;
  earlyClose: boolean;
}

/** Staff put a topic in discussion to the vote; it opens now or at `opensAt`. */
export async function createVote(
  deps: AppDeps,
  topic: Topic,
  input: NewVoteInput,
  actor: UserProfile,
  alsoWrite: TransactItem[] = [],
): Promise<Vote> {
  const now = deps.clock.now().toISOString();
  const opensAt = input.opensAt && input.opensAt > now ? input.opensAt : now;
  const details = [];
  if (input.closesAt <= opensAt)
    details.push({ path: "closesAt", message: "The vote must close after it opens" });
  if (Date.parse(input.closesAt) - Date.parse(opensAt) > 90 * 86_400_000)
    details.push({ path: "closesAt", message: "A vote runs at most 90 days" });
  if (details.length) throw validationFailed(details);
  if (topic.status !== "discussion")
    throw conflict("TOPIC_STATUS", "Only a topic in discussion can be put to the vote.");
  const vote: Vote = {
    topicId: topic.id,
    communityId: topic.communityId,
    rule: input.rule,
    electorate: input.electorate,
    options: input.options,
    opensAt,
    closesAt: input.closesAt,
    secret: input.secret,
    changeable: input.changeable,
    liveResults: input.liveResults,
    earlyClose: input.earlyClose,
    state: "scheduled",
    eligible: null,
    rollId: null,
    sealSalt: randomBytes(24).toString("base64url"),
    result: null,
    createdBy: actor.id,
    createdAt: now,
  };
  await transition(deps.db, [
    topicTransition(deps.db, topic, "voting", event(actor, now, "vote_created", null)),
    {
      Put: {
        TableName: deps.db.tableName,
        Item: voteItem(vote),
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    auditPut(
      deps.db,
      buildAudit(deps.newId(), now, {
        communityId: topic.communityId,
        actor,
        action: "deliberation.vote_create",
        target: topic.id,
        details: {
          rule: vote.rule,
          electorate: vote.electorate,
          opensAt: vote.opensAt,
          closesAt: vote.closesAt,
          secret: vote.secret,
          changeable: vote.changeable,
        },
      }),
    ),
    ...alsoWrite,
  ]);
  if (opensAt <= now) return (await openVote(deps, topic.id)) ?? vote;
  return vote;
}

async function userNames(db: Db, userIds: string[]): Promise<Map<string, string>> {
  const users = await getAll<{ id: string; nickname: string }>(
    db,
    userIds.map((id) => keys.user(id)),
    "id, nickname",
  );
  return new Map(users.map((user) => [user.id, user.nickname]));
}

/**
 * Opens a scheduled vote: freezes the electorate under a new roll id (units, voter and household
 * pointers), then in one transaction flips the vote to open with that roll and its totals and
 * creates the tally shards. A crash before the flip leaves an unused roll; a second opener loses
 * the flip and its roll is unused too. Returns the open vote (null if there is none).
 */
export async function openVote(deps: AppDeps, topicId: string): Promise<Vote | null> {
  const bundle = await getTopicBundle(deps.db, topicId, true);
  if (!bundle?.vote) return null;
  if (bundle.vote.state !== "scheduled") return bundle.vote;
  const { topic, vote } = bundle;
  const [households, members] = await Promise.all([
    listAllHouseholds(deps.db, topic.communityId),
    listCommunityMembers(deps.db, topic.communityId),
  ]);
  const names =
    vote.electorate === "residents"
      ? await userNames(deps.db, [...new Set(members.map((m) => m.userId))])
      : new Map();
  const drafts = buildElectorate({
    electorate: vote.electorate,
    scope: topic.scope,
    households,
    members,
    names,
  });
  const rollId = deps.newId().slice(0, 12);
  const units: RollUnit[] = drafts.map((draft) => ({
    ...draft,
    voted: false,
    votedAt: null,
    via: null,
    castBy: null,
    collector: null,
    publicChoice: null,
    changes: 0,
  }));
  const items = rollItems(topicId, rollId, units, vote.electorate);
  await putAll(deps.db, items, 6);
  const eligible = electorateWeight(drafts);
  const now = deps.clock.now().toISOString();
  const opened: Vote = { ...vote, state: "open", eligible, rollId };
  try {
    await transact(deps.db, [
      {
        Put: {
          TableName: deps.db.tableName,
          Item: voteItem(opened),
          ConditionExpression: "#state = :scheduled",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":scheduled": "scheduled" },
        },
      },
      ...tallyShardItems(topicId, "open", now).map((Item) => ({
        Put: { TableName: deps.db.tableName, Item, ConditionExpression: "attribute_not_exists(PK)" },
      })),
    ]);
    return opened;
  } catch (error) {
    if (!cancelledConditionIndexes(error)?.includes(0)) throw error;
    return (await getTopicBundle(deps.db, topicId, true))?.vote ?? null;
  }
}

export interface BallotInput {
  bundle: TopicBundle;
  choice: Choice;
  actor: UserProfile;
  /** Online by a voter (their unit is found from them), or on paper for a household. */
  via: "online" | "paper";
  /** Online: which of the voter's households (several in a households vote); paper: the household. */
  householdId?: string;
  /** Paper ballot in a residents' vote: the person it is for. */
  userId?: string;
  collector?: string;
  note?: string;
  alsoWrite?: TransactItem[];
}

export interface BallotOutcome {
  unit: RollUnit;
  choice: Choice;
  changed: boolean;
}

const notEligible = (why: string) => forbidden(why, "NOT_ELIGIBLE");

/** The time rules of a vote, for ballots: open only between opensAt and closesAt. */
export function assertVoteOpen(vote: Vote | null, now: string): asserts vote is Vote {
  if (!vote) throw conflict("VOTE_NOT_OPEN", "This topic has no vote.");
  if (now < vote.opensAt || vote.state === "scheduled")
    throw conflict("VOTE_NOT_OPEN", "The vote has not opened yet.");
  if (vote.state === "closed" || now >= vote.closesAt) throw conflict("VOTE_CLOSED", "The vote has closed.");
}

/**
 * Casts (or, when the vote allows, changes) the ballot of the caller's unit. The first ballot
 * requires `voted = false` on the unit; a change requires the unit's change counter and the
 * stored choice to be the ones read. Each moves the shard's counters in the same transaction,
 * conditional on the shard still being open.
 */
export async function castBallot(deps: AppDeps, input: BallotInput): Promise<BallotOutcome> {
  const { bundle } = input;
  const topicId = bundle.topic.id;
  return withRetries(async () => {
    const now = deps.clock.now().toISOString();
    const vote = bundle.vote;
    assertVoteOpen(vote, now);
    if (!vote.options.includes(input.choice))
      throw validationFailed([{ path: "choice", message: `This vote offers ${vote.options.join(", ")}` }]);
    const rollId = vote.rollId as string;
    const unit = await findRollUnit(
      deps.db,
      topicId,
      rollId,
      input.via === "online"
        ? { userId: input.actor.id, householdId: input.householdId }
        : input.userId
          ? { userId: input.userId }
          : { householdId: input.householdId as string },
      true,
    );
    if (!unit)
      throw notEligible(
        input.via === "online"
          ? "You are not in this vote's electorate (frozen when it opened)."
          : "This household is not in this vote's electorate.",
      );
    const sealed = sealUnit(vote.sealSalt, unit.unitId);
    const shard = Math.floor(Math.random() * TALLY_SHARDS);
    const unitKey = keys.rollUnit(topicId, rollId, unit.buildingId, unit.unitId);
    const cast = {
      ":at": now,
      ":via": input.via,
      ":by": input.actor.id,
      ":collector": input.collector ?? null,
      ":public": vote.secret ? null : input.choice,
    };
    const audit: TransactItem[] =
      input.via === "paper"
        ? [
            auditPut(
              deps.db,
              buildAudit(deps.newId(), now, {
                communityId: vote.communityId,
                actor: input.actor,
                action: "deliberation.paper_ballot",
                target: `${topicId}/${unit.unitId}`,
                details: {
                  householdId: input.householdId ?? null,
                  collector: input.collector ?? null,
                  note: input.note ?? null,
                  changed: unit.voted,
                },
              }),
            ),
          ]
        : [];
    const shardUpdate = (add: [Choice, number][]): TransactItem => {
      const names: Record<string, string> = { "#state": "state" };
      const values: Record<string, unknown> = { ":open": "open" };
      const parts = add.map(([choice, sign], i) => {
        names[`#c${i}`] = `${choice}Count`;
        names[`#a${i}`] = `${choice}Area`;
        values[`:c${i}`] = sign;
        values[`:a${i}`] = sign * unit.area;
        return `#c${i} :c${i}, #a${i} :a${i}`;
      });
      return {
        Update: {
          TableName: deps.db.tableName,
          Key: keys.tallyShard(topicId, shard),
          UpdateExpression: `ADD ${parts.join(", ")}`,
          ConditionExpression: "#state = :open",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    };

    if (!unit.voted) {
      try {
        await transact(deps.db, [
          {
            Update: {
              TableName: deps.db.tableName,
              Key: unitKey,
              UpdateExpression:
                "SET voted = :true, votedAt = :at, via = :via, castBy = :by, collector = :collector, publicChoice = :public",
              ConditionExpression: "voted = :false",
              ExpressionAttributeValues: { ...cast, ":true": true, ":false": false },
            },
          },
          {
            Put: {
              TableName: deps.db.tableName,
              Item: {
                ...keys.ballotChoice(topicId, sealed),
                entity: "BallotChoice",
                choice: input.choice,
                area: unit.area,
              },
              ConditionExpression: "attribute_not_exists(PK)",
            },
          },
          shardUpdate([[input.choice, 1]]),
          ...audit,
          ...(input.alsoWrite ?? []),
        ]);
      } catch (error) {
        const failed = cancelledConditionIndexes(error);
        if (failed?.includes(2)) throw conflict("VOTE_CLOSED", "The vote has closed.");
        // Another ballot of the same unit got there first: decide again as a change (or refuse).
        if (failed?.includes(0) || failed?.includes(1)) throw new Retry();
        throw error;
      }
      return {
        unit: { ...unit, voted: true, votedAt: now, via: input.via, castBy: input.actor.id },
        choice: input.choice,
        changed: false,
      };
    }

    if (input.via === "paper" && unit.via === "online")
      throw conflict(
        "ALREADY_VOTED",
        "This household has already voted online; a paper ballot cannot replace it.",
      );
    if (!vote.changeable)
      throw conflict(
        "ALREADY_VOTED",
        unit.via === "paper"
          ? "Your household's ballot was already recorded (paper ballot at the center)."
          : "This ballot has already been cast; this vote does not allow changing it.",
      );
    const stored = await getChoice(deps.db, topicId, sealed);
    if (!stored) throw new Retry();
    const previous = stored.choice as Choice;
    // The same choice again changes nothing, and the answer does not say so (in a secret vote that
    // would tell a co-owner or staff what the household chose).
    if (previous === input.choice)
      return {
        unit: { ...unit, votedAt: now, via: input.via, castBy: input.actor.id },
        choice: previous,
        changed: true,
      };
    try {
      await transact(deps.db, [
        {
          Update: {
            TableName: deps.db.tableName,
            Key: unitKey,
            UpdateExpression:
              "SET votedAt = :at, via = :via, castBy = :by, collector = :collector, publicChoice = :public, changes = changes + :one",
            ConditionExpression: "changes = :changes",
            ExpressionAttributeValues: { ...cast, ":one": 1, ":changes": unit.changes },
          },
        },
        {
          Update: {
            TableName: deps.db.tableName,
            Key: keys.ballotChoice(topicId, sealed),
            UpdateExpression: "SET choice = :new",
            ConditionExpression: "choice = :old",
            ExpressionAttributeValues: { ":new": input.choice, ":old": previous },
          },
        },
        shardUpdate([
          [input.choice, 1],
          [previous, -1],
        ]),
        ...audit,
        ...(input.alsoWrite ?? []),
      ]);
    } catch (error) {
      const failed = cancelledConditionIndexes(error);
      if (failed?.includes(2)) throw conflict("VOTE_CLOSED", "The vote has closed.");
      if (failed?.includes(0) || failed?.includes(1)) throw new Retry();
      throw error;
    }
    return {
      unit: { ...unit, votedAt: now, via: input.via, castBy: input.actor.id, changes: unit.changes + 1 },
      choice: input.choice,
      changed: true,
    };
  });
}

/**
 * Closes an open vote: every shard is closed first (a ballot racing the close either committed
 * before its shard closed and is counted, or fails with VOTE_CLOSED), then the summed tally is
 * decided by the rule and published to the topic in one transaction. Safe to run twice.
 */
export async function closeVote(
  deps: AppDeps,
  topicId: string,
  actor: UserProfile | null,
): Promise<Vote | null> {
  let bundle = await getTopicBundle(deps.db, topicId, true);
  if (bundle?.vote?.state !== "open") return bundle?.vote ?? null;
  await Promise.all(
    Array.from({ length: TALLY_SHARDS }, (_, shard) =>
      withRetries(() =>
        deps.db.doc.send(
          new UpdateCommand({
            TableName: deps.db.tableName,
            Key: keys.tallyShard(topicId, shard),
            UpdateExpression: "SET #state = :closed",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: { ":closed": "closed" },
            ConditionExpression: "attribute_exists(PK)",
          }),
        ),
      ),
    ),
  );
  bundle = (await getTopicBundle(deps.db, topicId, true)) as TopicBundle;
  const vote = bundle.vote as Vote;
  if (vote.state !== "open") return vote;
  const now = deps.clock.now().toISOString();
  const tally = tallyOf(bundle);
  const closer = actor ?? { id: "system", nickname: "系统", roles: [] as string[] };
  const result = closedResult(vote, tally, now, closer.id);
  const closed: Vote = { ...vote, state: "closed", result };
  const early = now < vote.closesAt;
  try {
    await withRetries(() =>
      transact(deps.db, [
        {
          Put: {
            TableName: deps.db.tableName,
            Item: voteItem(closed),
            ConditionExpression: "#state = :open",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: { ":open": "open" },
          },
        },
        topicTransition(
          deps.db,
          bundle.topic,
          result.passed ? "decided" : "rejected",
          event(closer, now, result.passed ? "vote_passed" : "vote_failed", result.explanation),
        ),
        ...(actor
          ? [
              auditPut(
                deps.db,
                buildAudit(deps.newId(), now, {
                  communityId: vote.communityId,
                  actor,
                  action: early ? "deliberation.vote_close_early" : "deliberation.vote_close",
                  target: topicId,
                  details: { passed: result.passed },
                }),
              ),
            ]
          : []),
        // Told in the same transaction as the result, so a crash cannot publish it untold.
        ...proposerNotice(
          deps,
          bundle.topic,
          result.passed ? "deliberation.passed" : "deliberation.failed",
          now,
        ),
      ]),
    );
  } catch (error) {
    if (!cancelledConditionIndexes(error)?.includes(0)) throw error;
    return (await getTopicBundle(deps.db, topicId, true))?.vote ?? null;
  }
  return closed;
}

/** Brings a vote up to the clock (opens or closes it when due): the job does this, reads too. */
export async function settleVote(deps: AppDeps, bundle: TopicBundle, open = false): Promise<TopicBundle> {
  const vote = bundle.vote;
  if (!vote) return bundle;
  const now = deps.clock.now().toISOString();
  let changed = false;
  // A request only closes a vote whose time is up; opening writes the whole roll, once, in the job.
  if (open && vote.state === "scheduled" && vote.opensAt <= now) {
    await openVote(deps, bundle.topic.id);
    changed = true;
  }
  if ((changed || vote.state === "open") && vote.closesAt <= now) {
    await closeVote(deps, bundle.topic.id, null);
    changed = true;
  }
  return changed ? ((await getTopicBundle(deps.db, bundle.topic.id, true)) as TopicBundle) : bundle;
}

/** The job: open the votes due to open, close (and publish) the votes due to close. */
export async function runVoteJob(deps: AppDeps): Promise<{ opened: number; closed: number }> {
  const now = deps.clock.now().toISOString();
  let opened = 0;
  let closed = 0;
  const failed: string[] = [];
  for (const vote of await listDueVotes(deps.db, now)) {
    try {
      const bundle = await getTopicBundle(deps.db, vote.topicId, true);
      if (!bundle?.vote) continue;
      const before = bundle.vote.state;
      const after = await settleVote(deps, bundle, true);
      if (before === "scheduled" && after.vote?.state !== "scheduled") opened++;
      if (after.vote?.state === "closed" && before !== "closed") closed++;
    } catch (error) {
      // One vote failing does not hold up the others; it is due again on the next run.
      deps.logger.error("vote settle failed", { topicId: vote.topicId, error: String(error) });
      failed.push(vote.topicId);
    }
  }
  if (failed.length) throw new Error(`Votes not settled: ${failed.join(", ")}`);
  return { opened, closed };
}
