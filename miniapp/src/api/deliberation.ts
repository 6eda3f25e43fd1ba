// The deliberation hall (议事厅): residents' and staff's calls. Shapes come from the API's own schemas.
import type { z } from "@hono/zod-openapi";
import type {
  choiceSchema,
  commentSchema,
  electorateSchema,
  myBallotSchema,
  resultsSchema,
  scopeSchema,
  settingsSchema,
  topicDetailSchema,
  topicSchema,
  topicStatusSchema,
  turnoutSchema,
  voteRuleSchema,
  voteSchema,
} from "../../../functions/src/deliberation/schemas";
import { client } from "./client";
import { unwrap } from "./errors";

export type Topic = z.infer<typeof topicSchema>;
export type TopicDetail = z.infer<typeof topicDetailSchema>;
export type TopicStatus = z.infer<typeof topicStatusSchema>;
export type TopicScope = z.infer<typeof scopeSchema>;
export type Vote = z.infer<typeof voteSchema>;
export type VoteRule = z.infer<typeof voteRuleSchema>;
export type Electorate = z.infer<typeof electorateSchema>;
export type Choice = z.infer<typeof choiceSchema>;
export type MyBallot = z.infer<typeof myBallotSchema>;
export type TopicComment = z.infer<typeof commentSchema>;
export type VoteResults = z.infer<typeof resultsSchema>;
export type VoteTurnout = z.infer<typeof turnoutSchema>;
export type DeliberationSettings = z.infer<typeof settingsSchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** "active" = proposed · discussion · voting; "closed" = decided · rejected · withdrawn. */
export type TopicFilter = TopicStatus | "active" | "closed";

const v1 = client.api.v1;
const topic = v1.deliberations[":topicId"];

export async function listTopics(
  status?: TopicFilter,
  cursor?: string,
  communityId?: string,
): Promise<Page<Topic>> {
  const query: { status?: TopicFilter; cursor?: string; communityId?: string } = {};
  if (status) query.status = status;
  if (cursor) query.cursor = cursor;
  if (communityId) query.communityId = communityId;
  return unwrap(v1.deliberations.$get({ query }));
}

export async function getTopic(topicId: string): Promise<TopicDetail> {
  const body: { topic: TopicDetail } = await unwrap(topic.$get({ param: { topicId } }));
  return body.topic;
}

export interface TopicInput {
  title: string;
  body: string;
  scope: TopicScope;
}

/** Resident: propose a topic (needs seconds). `key` makes a double tap propose once. */
export async function proposeTopic(input: TopicInput, key: string): Promise<Topic> {
  const body: { topic: Topic } = await unwrap(
    v1.deliberations.proposals.$post({ json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.topic;
}

/** Staff: create a topic, open for discussion at once. */
export async function createTopic(input: TopicInput & { communityId?: string }, key: string): Promise<Topic> {
  const body: { topic: Topic } = await unwrap(
    v1.deliberations.$post({ json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.topic;
}

export async function secondTopic(topicId: string): Promise<Topic> {
  const body: { topic: Topic } = await unwrap(topic.second.$post({ param: { topicId } }));
  return body.topic;
}

export async function acceptTopic(topicId: string): Promise<Topic> {
  const body: { topic: Topic } = await unwrap(topic.accept.$post({ param: { topicId } }));
  return body.topic;
}

export async function declineTopic(topicId: string, reason: string): Promise<Topic> {
  const body: { topic: Topic } = await unwrap(topic.decline.$post({ param: { topicId }, json: { reason } }));
  return body.topic;
}

export async function withdrawTopic(topicId: string, reason: string): Promise<Topic> {
  const body: { topic: Topic } = await unwrap(topic.withdraw.$post({ param: { topicId }, json: { reason } }));
  return body.topic;
}

export async function listComments(topicId: string, cursor?: string): Promise<Page<TopicComment>> {
  const query: { cursor?: string } = {};
  if (cursor) query.cursor = cursor;
  return unwrap(topic.comments.$get({ param: { topicId }, query }));
}

export async function postComment(topicId: string, text: string, key: string): Promise<TopicComment> {
  const body: { comment: TopicComment } = await unwrap(
    topic.comments.$post(
      { param: { topicId }, json: { body: text } },
      { headers: { "Idempotency-Key": key } },
    ),
  );
  return body.comment;
}

export async function hideComment(topicId: string, commentId: string, reason: string): Promise<TopicComment> {
  const body: { comment: TopicComment } = await unwrap(
    topic.comments[":commentId"].hide.$post({ param: { topicId, commentId }, json: { reason } }),
  );
  return body.comment;
}

export interface VoteInput {
  rule: VoteRule;
  electorate: Electorate;
  options?: Choice[];
  /** ISO instants; opensAt absent = now. */
  opensAt?: string;
  closesAt: string;
  secret: boolean;
  changeable: boolean;
  liveResults: boolean;
  earlyClose: boolean;
}

export async function openVote(topicId: string, input: VoteInput, key: string): Promise<Topic> {
  const body: { topic: Topic } = await unwrap(
    topic.vote.$post({ param: { topicId }, json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.topic;
}

/** Cast (or change, when the vote allows) my unit's ballot. */
export async function castBallot(
  topicId: string,
  choice: Choice,
  key: string,
): Promise<{ ballot: MyBallot; changed: boolean }> {
  return unwrap(
    topic.ballots.$post({ param: { topicId }, json: { choice } }, { headers: { "Idempotency-Key": key } }),
  );
}

export interface PaperBallotInput {
  householdId: string;
  choice: Choice;
  collector: string;
  note?: string;
}

export async function recordPaperBallot(
  topicId: string,
  input: PaperBallotInput,
  key: string,
): Promise<{ recorded: { unitLabel: string; householdId: string; changed: boolean } }> {
  return unwrap(
    topic["paper-ballots"].$post(
      { param: { topicId }, json: input },
      { headers: { "Idempotency-Key": key } },
    ),
  );
}

export async function getResults(topicId: string): Promise<VoteResults> {
  return unwrap(topic.results.$get({ param: { topicId } }));
}

export async function getTurnout(topicId: string, buildingId?: string): Promise<VoteTurnout> {
  const query: { buildingId?: string } = {};
  if (buildingId) query.buildingId = buildingId;
  return unwrap(topic.turnout.$get({ param: { topicId }, query }));
}

/** Staff: close now (early only when the vote allows it); answers the published result. */
export async function closeVote(topicId: string): Promise<VoteResults> {
  return unwrap(topic.close.$post({ param: { topicId } }));
}

export async function getSettings(communityId?: string): Promise<DeliberationSettings> {
  const query: { communityId?: string } = {};
  if (communityId) query.communityId = communityId;
  const body: { settings: DeliberationSettings } = await unwrap(v1.deliberations.settings.$get({ query }));
  return body.settings;
}

export async function saveSettings(
  secondingPercent: number,
  communityId?: string,
): Promise<DeliberationSettings> {
  const json: { secondingPercent: number; communityId?: string } = { secondingPercent };
  if (communityId) json.communityId = communityId;
  const body: { settings: DeliberationSettings } = await unwrap(v1.deliberations.settings.$put({ json }));
  return body.settings;
}
