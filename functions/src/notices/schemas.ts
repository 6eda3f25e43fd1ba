import { z } from "@hono/zod-openapi";
import { redact } from "../http/redact.js";
import { IMAGE_TYPES, MAX_IMAGE_BYTES } from "../storage/store.js";
import { sanitizeText } from "./format.js";

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid id");
const instantSchema = z.iso
  .datetime({ offset: true, message: "An ISO date-time, e.g. 2026-11-30T18:00:00+08:00" })
  .transform((value) => new Date(value).toISOString());
/** Sanitised (no tags, no control characters), then measured: what is stored is what was checked. */
const cleanText = (min: number, max: number, what: string, multiline: boolean) =>
  z
    .string()
    .max(max * 2, `${what} is at most ${max} characters`)
    .transform((value) => sanitizeText(value, multiline))
    .pipe(
      z
        .string()
        .min(min, `${what} is at least ${min} characters`)
        .max(max, `${what} is at most ${max} characters`)
        .refine((value) => redact(value) === value, "Leave phone and ID numbers out"),
    );

export const MAX_IMAGES = 9;
export const categorySchema = z.enum(["notice", "policy", "legal", "activity", "emergency"]).openapi({
  description:
    "notice 通知 · policy 政策解读 · legal 普法宣传 · activity 活动 · emergency 紧急（置顶并推送订阅消息）",
});
export type Category = z.infer<typeof categorySchema>;

export const audienceSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("community") }).strict(),
    z
      .object({
        kind: z.literal("buildings"),
        buildingIds: z.array(idSchema).min(1, "Pick at least one building").max(50),
      })
      .strict(),
    z
      .object({
        kind: z.literal("grids"),
        gridIds: z.array(idSchema).min(1, "Pick at least one grid").max(20),
      })
      .strict(),
  ])
  .openapi("NoticeAudience");
export type Audience = z.infer<typeof audienceSchema>;

export const stateSchema = z.enum(["draft", "scheduled", "published", "withdrawn"]).openapi({
  description:
    "draft 草稿 · scheduled 定时发布 · published 已发布 (expired once past expiresAt) · withdrawn 已撤回",
});
export type NoticeState = z.infer<typeof stateSchema>;

/** An object key returned by POST /uploads. */
const imageKeySchema = z
  .string()
  .regex(
    /^(uploads|notices)\/[A-Za-z0-9_-]{1,64}\/[0-9]{4}-[0-9]{2}\/[A-Za-z0-9_-]{8,64}\.(jpg|png|webp)$/,
    "Not an uploaded image",
  );

// ——— Stored shapes ———

export interface Notice {
  id: string;
  communityId: string;
  title: string;
  body: string;
  category: Category;
  audience: Audience;
  /** Who it is for, in words: 全体居民 · 2栋 · 网格名. */
  audienceLabel: string;
  images: string[];
  pinned: boolean;
  ackRequired: boolean;
  state: NoticeState;
  /** Set when scheduled: when the job publishes it. */
  publishAt: string | null;
  publishedAt: string | null;
  expiresAt: string | null;
  /** The feed channels of the audience, fixed when published (`ALL`, `B#<building>#U#<unit>`). */
  channels: string[];
  /** Households in the audience when published. */
  audienceHouseholds: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
  /** Every change adds one; edits carry the version they were made on. */
  version: number;
  /** The version whose feed items are written; less than `version` while a fan-out is unfinished. */
  syncedVersion: number;
  /** Where the channel items were when last written: the feed, the archive or nowhere. */
  syncedLocation: "live" | "archive" | "none";
  /** Edited after publishing: shown to readers as 已编辑. */
  editedAt: string | null;
  revisions: number;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  /** When the emergency push to the audience was written to the outbox. */
  pushedAt: string | null;
  /** Why the job could not publish it at its time (it went back to the drafts). */
  scheduleError?: string | null;
}

export interface NoticeRevision {
  n: number;
  at: string;
  by: string;
  byName: string;
  /** What the notice said before this edit. */
  title: string;
  body: string;
  images: string[];
  changed: string[];
}

export interface Receipt {
  noticeId: string;
  /** `HH#<householdId>` or `USER#<userId>` (a reader without a household: not counted in reach). */
  reader: string;
  householdId: string | null;
  readAt: string;
  readBy: string;
  ackAt: string | null;
  ackBy: string | null;
}

export interface GridMember {
  buildingId: string;
  /** A unit of the building, or null for the whole building. */
  unit: string | null;
}

export interface Grid {
  id: string;
  communityId: string;
  name: string;
  members: GridMember[];
  createdAt: string;
  updatedAt: string;
}

// ——— Bodies ———

const noticeFields = {
  title: cleanText(2, 60, "Title", false),
  body: cleanText(1, 5000, "Body", true),
  category: categorySchema,
  audience: audienceSchema,
  images: z.array(imageKeySchema).max(MAX_IMAGES, `At most ${MAX_IMAGES} images`),
  pinned: z.boolean(),
  ackRequired: z.boolean().openapi({ description: "Residents tap 已知晓 / I have read this" }),
  expiresAt: instantSchema.nullable().openapi({ description: "Leaves the feed then (stays in the archive)" }),
};

export const noticeBody = z
  .object({
    communityId: idSchema.optional(),
    ...noticeFields,
    images: noticeFields.images.default([]),
    pinned: noticeFields.pinned.default(false),
    ackRequired: noticeFields.ackRequired.default(false),
    expiresAt: noticeFields.expiresAt.default(null),
  })
  .strict();
export type NoticeInput = z.infer<typeof noticeBody>;

export const updateBody = z
  .object({
    version: z
      .number()
      .int()
      .min(1)
      .openapi({ description: "The version the form was loaded at (409 EDIT_CONFLICT if stale)" }),
    title: noticeFields.title.optional(),
    body: noticeFields.body.optional(),
    category: categorySchema.optional(),
    audience: audienceSchema.optional(),
    images: noticeFields.images.optional(),
    pinned: z.boolean().optional(),
    ackRequired: z.boolean().optional(),
    expiresAt: noticeFields.expiresAt.optional(),
  })
  .strict();
export type UpdateInput = z.infer<typeof updateBody>;

export const publishBody = z
  .object({
    publishAt: instantSchema
      .optional()
      .openapi({ description: "Publish later (the job publishes it then); absent: now" }),
  })
  .strict();

export const withdrawBody = z.object({ reason: cleanText(2, 200, "Reason", false) }).strict();

export const uploadBody = z
  .object({
    communityId: idSchema.optional(),
    purpose: z.enum(["notice-image", "case-photo"]).openapi({
      description:
        "notice-image: staff, for a notice · case-photo: anyone of the community, for a report or its progress",
    }),
    contentType: z.enum(IMAGE_TYPES, { message: "Images are JPEG, PNG or WebP" }),
    size: z.number().int().min(1, "The file is empty").max(MAX_IMAGE_BYTES, "Images are at most 5 MB"),
  })
  .strict();

export const gridBody = z
  .object({
    communityId: idSchema.optional(),
    name: cleanText(1, 30, "Name", false),
    members: z
      .array(
        z
          .object({
            buildingId: idSchema,
            unit: z
              .string()
              .regex(/^[A-Za-z0-9]{1,4}$/, "Unit is 1–4 letters or digits")
              .nullable()
              .default(null),
          })
          .strict(),
      )
      .min(1, "Pick at least one building or unit")
      .max(200),
  })
  .strict();

export const noticeParams = z.object({
  noticeId: idSchema.openapi({ param: { name: "noticeId", in: "path" } }),
});
export const gridParams = z.object({ gridId: idSchema.openapi({ param: { name: "gridId", in: "path" } }) });

export const feedQuery = z.object({
  communityId: idSchema.optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  archive: z.enum(["0", "1"]).default("0").openapi({ description: "1: expired notices (the archive)" }),
});
export const communityQuery = z.object({ communityId: idSchema.optional() });
export const manageQuery = z.object({
  communityId: idSchema.optional(),
  state: stateSchema.default("published"),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const reachQuery = z.object({
  list: z
    .enum(["unread", "unacked", "all"])
    .default("unread")
    .openapi({ description: "Which households the follow-up list holds" }),
});

// ——— Views ———

const blockSchema = z
  .any()
  .openapi({ description: "heading {level, inlines} · paragraph {inlines} · list {ordered, items}" });

export const noticeSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    category: categorySchema,
    pinned: z.boolean(),
    ackRequired: z.boolean(),
    publishedAt: z.string(),
    editedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    excerpt: z.string(),
    imageCount: z.number(),
    coverUrl: z.string().nullable(),
    read: z.boolean(),
    acked: z.boolean(),
  })
  .openapi("NoticeSummary");

export const imageSchema = z.object({ key: z.string(), url: z.string() });

export const noticeDetailSchema = z
  .object({
    id: z.string(),
    communityId: z.string(),
    title: z.string(),
    body: z.string(),
    blocks: z.array(blockSchema),
    category: categorySchema,
    audience: audienceSchema,
    audienceLabel: z.string(),
    images: z.array(imageSchema),
    pinned: z.boolean(),
    ackRequired: z.boolean(),
    state: stateSchema,
    expired: z.boolean(),
    publishAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    editedAt: z.string().nullable(),
    createdByName: z.string(),
    version: z.number(),
    mine: z.object({
      read: z.boolean(),
      readAt: z.string().nullable(),
      acked: z.boolean(),
      ackAt: z.string().nullable(),
      canAck: z.boolean(),
    }),
    /** Staff only. */
    staff: z
      .object({
        audienceHouseholds: z.number(),
        reads: z.number(),
        acks: z.number(),
        withdrawnAt: z.string().nullable(),
        withdrawReason: z.string().nullable(),
        scheduleError: z.string().nullable(),
        revisions: z.array(
          z.object({
            n: z.number(),
            at: z.string(),
            byName: z.string(),
            title: z.string(),
            changed: z.array(z.string()),
          }),
        ),
      })
      .nullable(),
  })
  .openapi("Notice");

export const manageItemSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    category: categorySchema,
    state: stateSchema,
    expired: z.boolean(),
    pinned: z.boolean(),
    ackRequired: z.boolean(),
    audienceLabel: z.string(),
    publishAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    updatedAt: z.string(),
    editedAt: z.string().nullable(),
    scheduleError: z
      .string()
      .nullable()
      .openapi({ description: "Why a scheduled notice went back to the drafts" }),
  })
  .openapi("NoticeManageItem");

const followUpHousehold = z.object({
  householdId: z.string(),
  room: z.string(),
  address: z.string(),
  readAt: z.string().nullable(),
  ackAt: z.string().nullable(),
});

export const reachSchema = z
  .object({
    noticeId: z.string(),
    title: z.string(),
    ackRequired: z.boolean(),
    audienceHouseholds: z.number(),
    reads: z.number(),
    acks: z.number(),
    readRate: z.number().openapi({ description: "reads / audienceHouseholds, 0–1" }),
    ackRate: z.number().nullable(),
    buildings: z.array(
      z.object({
        buildingId: z.string(),
        buildingName: z.string(),
        households: z.number(),
        reads: z.number(),
        acks: z.number(),
      }),
    ),
    list: z.enum(["unread", "unacked", "all"]),
    followUp: z.array(
      z.object({
        buildingId: z.string(),
        buildingName: z.string(),
        units: z.array(z.object({ unit: z.string(), households: z.array(followUpHousehold) })),
      }),
    ),
  })
  .openapi("NoticeReach");

export const gridSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    members: z.array(z.object({ buildingId: z.string(), unit: z.string().nullable() })),
    label: z.string(),
    households: z.number(),
    updatedAt: z.string(),
  })
  .openapi("Grid");

export const audienceOptionsSchema = z
  .object({
    households: z.number(),
    buildings: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        households: z.number(),
        units: z.array(z.object({ unit: z.string(), households: z.number() })),
      }),
    ),
    grids: z.array(gridSchema),
  })
  .openapi("NoticeAudienceOptions");

export const uploadSchema = z
  .object({
    url: z.string(),
    fields: z.record(z.string(), z.string()),
    key: z.string(),
    contentType: z.string(),
    maxBytes: z.number(),
    expiresAt: z.string(),
  })
  .openapi("PresignedUpload");
