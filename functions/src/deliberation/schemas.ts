import { z } from "@hono/zod-openapi";
import { redact } from "../http/redact.js";
import type { VoteRule } from "./rules.js";

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid id");
const instantSchema = z.iso
  .datetime({ offset: true, message: "An ISO date-time, e.g. 2026-11-30T18:00:00+08:00" })
  .transform((value) => new Date(value).toISOString());
const text = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, `${what} is at least ${min} characters`)
    .max(max, `${what} is at most ${max} characters`);
/** Text others will read: never a phone or ID number. */
const publicText = (min: number, max: number, what: string) =>
  text(min, max, what).refine((value) => redact(value) === value, "Leave phone and ID numbers out");

export const topicStatusSchema = z
  .enum(["proposed", "discussion", "voting", "decided", "rejected", "withdrawn"])
  .openapi({
    description:
      "proposed 征集附议 → discussion 讨论中 → voting 表决中 → decided 已通过 / rejected 未通过或不予立项 / withdrawn 已撤回",
  });
export type TopicStatus = z.infer<typeof topicStatusSchema>;

export const voteRuleSchema = z
  .enum(["simple_majority", "residents_meeting", "owners_ordinary", "owners_major"])
  .openapi({ description: "DOMAIN.md, Voting rules with legal force" });
export const electorateSchema = z.enum(["residents", "households", "owners"]).openapi({
  description:
    "residents: each verified resident once · households: one ballot per household · owners: one per exclusive part, one buyer of several parts once with all their area",
});
export type Electorate = z.infer<typeof electorateSchema>;
export const choiceSchema = z.enum(["approve", "reject", "abstain"]);
export type Choice = z.infer<typeof choiceSchema>;

export const scopeSchema = z
  .union([
    z.object({ kind: z.literal("community") }).strict(),
    z
      .object({
        kind: z.literal("buildings"),
        buildingIds: z.array(idSchema).min(1, "Pick at least one building").max(50),
      })
      .strict(),
  ])
  .openapi("DeliberationScope");
export type Scope = z.infer<typeof scopeSchema>;

// ——— Stored shapes ———

export interface TopicEvent {
  at: string;
  by: string;
  byName: string;
  action: string;
  note: string | null;
}

export interface Topic {
  id: string;
  communityId: string;
  title: string;
  body: string;
  scope: Scope;
  /** Names of the buildings in scope, for display. */
  scopeLabel: string;
  status: TopicStatus;
  origin: "staff" | "resident";
  createdBy: string;
  createdByName: string;
  /** For proposals: households that seconded, and how many are needed (fixed at proposal). */
  seconds: number;
  secondsNeeded: number;
  householdsInScope: number;
  commentCount: number;
  history: TopicEvent[];
  createdAt: string;
  updatedAt: string;
}

export type Weight = { count: number; area: number };

export interface VoteResult {
  quorumMet: boolean | null;
  passed: boolean;
  explanation: string;
  explanationEn: string;
  conditions: { name: string; holds: boolean; value: string; needs: string }[];
  tally: Record<Choice, Weight>;
  closedAt: string;
  closedBy: string;
}

export interface Vote {
  topicId: string;
  communityId: string;
  rule: VoteRule;
  electorate: Electorate;
  options: Choice[];
  opensAt: string;
  closesAt: string;
  secret: boolean;
  changeable: boolean;
  liveResults: boolean;
  earlyClose: boolean;
  state: "scheduled" | "open" | "closed";
  /** The frozen electorate (set when the vote opens): units and total area in 0.01 m². */
  eligible: Weight | null;
  rollId: string | null;
  /** Random per vote: the key of the choices' sealed keys (sealUnit). Never leaves the server. */
  sealSalt: string;
  result: VoteResult | null;
  createdBy: string;
  createdAt: string;
}

export interface RollUnit {
  unitId: string;
  buildingId: string;
  buildingName: string;
  /** "1栋1单元101" (several for one owner of several parts), or the resident's name and address. */
  label: string;
  householdIds: string[];
  voterIds: string[];
  /** 0.01 m², owners only (0 otherwise). */
  area: number;
  voted: boolean;
  votedAt: string | null;
  via: "online" | "paper" | null;
  castBy: string | null;
  collector: string | null;
  /** Public votes only: the choice, for the published list. */
  publicChoice: Choice | null;
  changes: number;
}

export interface Comment {
  id: string;
  topicId: string;
  authorId: string;
  authorName: string;
  /** "3栋" — where the author lives, never the room. */
  authorPlace: string | null;
  byStaff: boolean;
  body: string;
  createdAt: string;
  hidden: { reason: string; by: string; at: string } | null;
}

export interface DeliberationSettings {
  communityId: string;
  /** Percent of households in scope whose seconds make a proposal a topic (以上: ≥). */
  secondingPercent: number;
  updatedAt: string;
}

// ——— Bodies and views ———

export const topicBody = z
  .object({
    communityId: idSchema.optional(),
    title: publicText(4, 60, "Title"),
    body: publicText(10, 5000, "Body"),
    scope: scopeSchema.default({ kind: "community" }),
  })
  .strict();

export const proposalBody = z
  .object({
    title: publicText(4, 60, "Title"),
    body: publicText(10, 5000, "Body"),
    scope: scopeSchema.default({ kind: "community" }),
  })
  .strict();

export const reasonBody = z.object({ reason: publicText(2, 200, "Reason") }).strict();

export const commentBody = z.object({ body: publicText(1, 1000, "Comment") }).strict();

export const voteBody = z
  .object({
    rule: voteRuleSchema,
    electorate: electorateSchema,
    options: z
      .array(choiceSchema)
      .default(["approve", "reject", "abstain"])
      .refine((options) => options.includes("approve") && options.includes("reject"), {
        message: "Approve and reject are always offered",
      })
      .refine((options) => new Set(options).size === options.length, { message: "Each option once" }),
    opensAt: instantSchema.optional().openapi({ description: "Default: now" }),
    closesAt: instantSchema,
    secret: z.boolean().default(true),
    changeable: z.boolean().default(false),
    liveResults: z.boolean().default(false).openapi({ description: "Residents see the tally while open" }),
    earlyClose: z.boolean().default(false).openapi({ description: "Staff may close before closesAt" }),
  })
  .strict()
  .superRefine((body, ctx) => {
    const owners = body.rule === "owners_ordinary" || body.rule === "owners_major";
    if (owners && body.electorate !== "owners")
      ctx.addIssue({ code: "custom", path: ["electorate"], message: "Owners' matters are voted by owners" });
    if (!owners && body.electorate === "owners")
      ctx.addIssue({
        code: "custom",
        path: ["electorate"],
        message: "Owners vote only on owners' matters (owners_ordinary, owners_major)",
      });
    if (body.rule === "simple_majority" && body.electorate !== "residents")
      ctx.addIssue({
        code: "custom",
        path: ["electorate"],
        message: "A simple majority counts each verified resident once",
      });
  });

export const ballotBody = z
  .object({
    choice: choiceSchema,
    householdId: idSchema
      .optional()
      .openapi({ description: "For a resident of several households in a households vote: which one votes" }),
  })
  .strict();

export const paperBallotBody = z
  .object({
    householdId: idSchema,
    userId: idSchema.optional().openapi({
      description: "A residents' vote counts people: the resident of this household the ballot is for",
    }),
    choice: choiceSchema,
    collector: text(2, 30, "Collector").openapi({ description: "Who collected the paper ballot" }),
    note: text(0, 200, "Note").optional(),
  })
  .strict();

export const settingsBody = z
  .object({
    communityId: idSchema.optional(),
    secondingPercent: z.number().int().min(1).max(100),
  })
  .strict();

export const topicParams = z.object({
  topicId: idSchema.openapi({ param: { name: "topicId", in: "path" } }),
});
export const commentParams = topicParams.extend({
  commentId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,80}$/, "Invalid id")
    .openapi({ param: { name: "commentId", in: "path" } }),
});

export const listQuery = z.object({
  communityId: idSchema.optional(),
  status: z
    .union([topicStatusSchema, z.literal("active"), z.literal("closed")])
    .optional()
    .openapi({ description: "A status, or active (proposed · discussion · voting) or closed (the rest)" }),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const pageQuery = z.object({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const turnoutQuery = z.object({
  buildingId: idSchema
    .optional()
    .openapi({ description: "Only this building's units (byBuilding still covers all)" }),
});
export const communityQuery = z.object({ communityId: idSchema.optional() });

const weightSchema = z.object({ count: z.number().int(), area: z.number().optional() });

export const eventSchema = z.object({
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  action: z.string(),
  note: z.string().nullable(),
});

export const voteSchema = z
  .object({
    rule: voteRuleSchema,
    electorate: electorateSchema,
    options: z.array(choiceSchema),
    opensAt: z.string(),
    closesAt: z.string(),
    secret: z.boolean(),
    changeable: z.boolean(),
    liveResults: z.boolean(),
    earlyClose: z.boolean(),
    status: z.enum(["scheduled", "open", "closed"]),
    eligible: weightSchema.nullable(),
  })
  .openapi("Vote");

export const myBallotSchema = z
  .object({
    eligible: z.boolean(),
    /** Why not, when not: not_in_scope, not_owner, not_verified, not_in_roll. */
    reason: z.string().nullable(),
    voted: z.boolean(),
    choice: choiceSchema.nullable().openapi({ description: "Shown only to the person who cast it" }),
    castByMe: z.boolean(),
    via: z.enum(["online", "paper"]).nullable(),
    votedAt: z.string().nullable(),
    unitLabel: z.string().nullable(),
  })
  .openapi("MyBallot");

export const topicSchema = z
  .object({
    id: z.string(),
    communityId: z.string(),
    title: z.string(),
    body: z.string(),
    scope: scopeSchema,
    scopeLabel: z.string(),
    status: topicStatusSchema,
    origin: z.enum(["staff", "resident"]),
    createdByName: z.string(),
    seconds: z.number().int(),
    secondsNeeded: z.number().int(),
    householdsInScope: z.number().int(),
    commentCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    vote: voteSchema.nullable(),
    inScope: z.boolean().openapi({ description: "The caller lives in scope (may second, comment, vote)" }),
    secondedByMe: z.boolean(),
  })
  .openapi("Topic");

export const topicDetailSchema = topicSchema
  .extend({ history: z.array(eventSchema), myBallot: myBallotSchema.nullable() })
  .openapi("TopicDetail");

export const commentSchema = z
  .object({
    id: z.string(),
    authorName: z.string(),
    authorPlace: z.string().nullable(),
    byStaff: z.boolean(),
    mine: z.boolean(),
    body: z
      .string()
      .nullable()
      .openapi({ description: "Null when hidden (except for its author and staff)" }),
    hidden: z.boolean(),
    hiddenReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Comment");

export const resultsSchema = z
  .object({
    status: z.enum(["scheduled", "open", "closed"]),
    rule: voteRuleSchema,
    electorate: electorateSchema,
    opensAt: z.string(),
    closesAt: z.string(),
    eligible: weightSchema,
    participated: weightSchema,
    approve: weightSchema,
    reject: weightSchema,
    abstain: weightSchema,
    quorumMet: z.boolean().nullable(),
    passed: z.boolean().nullable(),
    explanation: z.string(),
    explanationEn: z.string(),
    conditions: z
      .array(z.object({ name: z.string(), holds: z.boolean(), value: z.string(), needs: z.string() }))
      .openapi({
        description:
          "Each condition of the rule with the exact fraction compared (areas in 0.01 m², so no rounding) and the threshold",
      }),
    thresholds: z
      .object({
        quorum: z.string().nullable(),
        pass: z.string(),
      })
      .openapi({ description: "The rule's thresholds in words, for the progress view" }),
  })
  .openapi("VoteResults");

export const turnoutSchema = z
  .object({
    secret: z.boolean(),
    eligible: weightSchema,
    participated: weightSchema,
    byBuilding: z.array(
      z.object({
        buildingId: z.string(),
        buildingName: z.string(),
        eligible: z.number().int(),
        voted: z.number().int(),
      }),
    ),
    units: z.array(
      z.object({
        unitId: z.string(),
        buildingId: z.string(),
        buildingName: z.string(),
        label: z.string(),
        householdIds: z.array(z.string()),
        area: z.number().optional(),
        voted: z.boolean(),
        via: z.enum(["online", "paper"]).nullable(),
        votedAt: z.string().nullable(),
        choice: choiceSchema
          .nullable()
          .openapi({ description: "Public votes only; always null when secret" }),
      }),
    ),
  })
  .openapi("VoteTurnout");

export const settingsSchema = z
  .object({ communityId: z.string(), secondingPercent: z.number().int() })
  .openapi("DeliberationSettings");
