/**
 * Cases: snap-and-report (随手拍) reports and dispute mediation (矛盾纠纷调解) share one shape, one
 * deadline in working days and one escalation ladder; the command center counts both.
 */
import { z } from "@hono/zod-openapi";
import { PHONE_PATTERN } from "../community/service.js";
import { redact } from "../http/redact.js";
import { sanitizeText } from "../notices/format.js";

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid id");
const instantSchema = z.iso
  .datetime({ offset: true, message: "An ISO date-time, e.g. 2026-11-30T18:00:00+08:00" })
  .transform((value) => new Date(value).toISOString());

/** Sanitised (no tags, no control characters), then measured: what is stored is what was checked. */
const text = (min: number, max: number, what: string, multiline = true) =>
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

export const MAX_CASE_PHOTOS = 6;
export const MAX_DUE_WORKING_DAYS = 60;
export const MAX_HANDLERS = 20;
export const MAX_SUPERVISORS = 10;
/** Progress notes per case: the case is one item, and DynamoDB's items stop at 400 KB. */
export const MAX_PROGRESS_NOTES = 50;

/** An object key returned by POST /uploads (purpose case-photo), or one a case already keeps. */
export const photoKeySchema = z
  .string()
  .regex(
    /^(uploads|cases)\/[A-Za-z0-9_-]{1,64}\/[0-9]{4}-[0-9]{2}\/[A-Za-z0-9_-]{8,64}\.(jpg|png|webp)$/,
    "Not an uploaded image",
  );

export const reportCategorySchema = z
  .enum([
    "illegal_construction",
    "environment_sanitation",
    "public_facilities",
    "safety_hazard",
    "noise",
    "property_management",
    "other",
  ])
  .openapi({ description: "违法建设 · 环境卫生 · 公共设施 · 安全隐患 · 噪音扰民 · 物业管理 · 其他" });
export type ReportCategory = z.infer<typeof reportCategorySchema>;

export const disputeTypeSchema = z
  .enum(["neighbour", "family", "property", "labour", "consumer", "other"])
  .openapi({ description: "邻里纠纷 · 家庭纠纷 · 物业纠纷 · 劳动纠纷 · 消费纠纷 · 其他" });
export type DisputeType = z.infer<typeof disputeTypeSchema>;

export const departmentKindSchema = z
  .enum([
    "urban_management",
    "housing",
    "police_station",
    "property_company",
    "street_office",
    "mediation",
    "other",
  ])
  .openapi({ description: "城管 · 住建 · 派出所 · 物业公司 · 街道办 · 调解组织（调解工作室）· 其他" });
export type DepartmentKind = z.infer<typeof departmentKindSchema>;

export const reportStatusSchema = z
  .enum(["submitted", "dispatched", "in_progress", "resolved", "closed", "declined", "merged"])
  .openapi({
    description:
      "submitted 待受理 · dispatched 已派遣 · in_progress 办理中 · resolved 已办结待评价 · closed 已关闭 · declined 不予受理 · merged 已合并",
  });
export type ReportStatus = z.infer<typeof reportStatusSchema>;

export const disputeStatusSchema = z
  .enum(["filed", "assigned", "in_mediation", "closed"])
  .openapi({ description: "filed 待受理 · assigned 已指派调解员 · in_mediation 调解中 · closed 已结案" });
export type DisputeStatus = z.infer<typeof disputeStatusSchema>;

export const disputeOutcomeSchema = z
  .enum(["settled", "not_settled", "withdrawn"])
  .openapi({ description: "settled 调解成功 · not_settled 调解不成 · withdrawn 撤回" });
export type DisputeOutcome = z.infer<typeof disputeOutcomeSchema>;

export const referredToSchema = z
  .enum(["court", "arbitration", "other_body"])
  .openapi({ description: "court 法院 · arbitration 仲裁 · other_body 其他机构" });

export const locationSchema = z
  .object({
    buildingId: idSchema.nullable().default(null),
    unit: z.string().max(10).nullable().default(null),
    address: text(0, 100, "The address", false).default(""),
    point: z
      .object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        /** WeChat's chooseLocation answers in GCJ-02; the browser's geolocation in WGS-84. */
        system: z.enum(["gcj02", "wgs84"]),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict()
  .openapi("CaseLocation");
export type CaseLocation = z.infer<typeof locationSchema>;

// ——— Stored shapes ———

export interface Contact {
  name: string;
  title: string;
  /** Shown whole to staff of the community: a department's office number is not personal data. */
  phone: string;
}

export interface Department {
  id: string;
  communityId: string;
  name: string;
  kind: DepartmentKind;
  contacts: Contact[];
  /** Users who handle this department's cases (department handlers, or mediators of a studio). */
  handlerIds: string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CaseSettings {
  communityId: string;
  /** Staff told when a case lights up; they also see every dispute of the community. */
  supervisorIds: string[];
  /** District admins told at the second level. */
  districtAdminIds: string[];
  updatedAt: string | null;
}

export interface CaseEvent {
  at: string;
  /** submit · dispatch · merge · decline · progress · resolve · rate · reopen · escalate · assign · session · close */
  action: string;
  /** resident · staff · handler · mediator · lawyer · system */
  by: string;
  note: string | null;
  photos: string[];
}

export interface Party {
  /** applicant 申请人 · respondent 被申请人 */
  side: "applicant" | "respondent";
  name: string;
  /** The party's account when they are a user; the other party often is not. */
  userId: string | null;
  /** Seen whole by the mediator and supervisors only. */
  phone: string | null;
}

export interface Session {
  n: number;
  scheduledAt: string;
  place: string;
  status: "scheduled" | "held" | "cancelled";
  summary: string | null;
  recordedAt: string | null;
}

export type Assignee = { kind: "department"; departmentId: string } | { kind: "staff"; userId: string };

interface CaseBase {
  id: string;
  number: string;
  communityId: string;
  description: string;
  /** Who filed it: the resident (or the party staff or a lawyer filed for). */
  filedBy: string;
  filedVia: "self" | "staff" | "lawyer";
  assignee: Assignee | null;
  assigneeName: string | null;
  /** Deadline: counted from the dispatch (or assignment) in working days; the end of that day in Shanghai. */
  dueWorkingDays: number | null;
  dueDate: string | null;
  dueAt: string | null;
  /** 0 none · 1 lit up (department and supervisors told) · 2 escalated to the district. */
  escalationLevel: number;
  overdueAt: string | null;
  escalatedAt: string | null;
  /** A reopened case has a second deadline; escalation starts again for it (cycle 1). */
  cycle: number;
  /** An earlier deadline (before a reopen or a reassignment) was missed: never counted on time. */
  missedDeadline?: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** When the work was finished (resolved or closed): on time when not after dueAt. */
  finishedAt: string | null;
  history: CaseEvent[];
}

export interface Report extends CaseBase {
  kind: "report";
  category: ReportCategory;
  photos: string[];
  location: CaseLocation;
  anonymous: boolean;
  reporterName: string;
  status: ReportStatus;
  resolution: { text: string; photos: string[]; at: string } | null;
  rating: { satisfied: boolean; comment: string | null; at: string } | null;
  reopened: boolean;
  mergedInto: string | null;
  declineReason: string | null;
}

export interface Dispute extends CaseBase {
  kind: "dispute";
  type: DisputeType;
  parties: Party[];
  partyUserIds: string[];
  referralBookingId: string | null;
  status: DisputeStatus;
  sessions: Session[];
  outcome: DisputeOutcome | null;
  agreement: string | null;
  referredTo: z.infer<typeof referredToSchema> | null;
  closeNote: string | null;
}

export type Case = Report | Dispute;

// ——— Inputs ———

const phoneSchema = z.string().regex(PHONE_PATTERN, "A mainland mobile number (11 digits)");

export const contactSchemaIn = z
  .object({
    name: text(1, 20, "The name", false),
    title: text(0, 20, "The title", false).default(""),
    phone: z.string().regex(/^[0-9+\- ]{5,20}$/, "A phone number"),
  })
  .strict();

export const departmentBody = z
  .object({
    communityId: idSchema.optional(),
    name: text(2, 40, "The name", false),
    kind: departmentKindSchema,
    contacts: z.array(contactSchemaIn).max(10).default([]),
    // Each person told of a step is two writes in its transaction (DynamoDB allows 100): a
    // department's handlers and the community's supervisors together stay well below that.
    handlerIds: z.array(idSchema).max(MAX_HANDLERS).default([]),
    active: z.boolean().default(true),
  })
  .strict();

export const settingsBody = z
  .object({
    communityId: idSchema.optional(),
    supervisorIds: z.array(idSchema).max(MAX_SUPERVISORS),
    districtAdminIds: z.array(idSchema).max(MAX_SUPERVISORS),
  })
  .strict();

export const reportBody = z
  .object({
    category: reportCategorySchema,
    description: text(5, 1000, "The description"),
    photos: z.array(photoKeySchema).max(MAX_CASE_PHOTOS, `At most ${MAX_CASE_PHOTOS} photos`).default([]),
    location: locationSchema,
    anonymous: z.boolean().default(false).openapi({ description: "Hide the reporter from staff" }),
  })
  .strict();

export const dispatchBody = z
  .object({
    departmentId: idSchema,
    dueWorkingDays: z.number().int().min(1).max(MAX_DUE_WORKING_DAYS),
    note: text(0, 300, "The note").optional(),
  })
  .strict();

export const mergeBody = z
  .object({ into: idSchema.openapi({ description: "The case id (or its number) this one duplicates" }) })
  .strict();

const reasonBody = z.object({ reason: text(2, 300, "The reason") }).strict();
export const declineBody = reasonBody;

export const progressBody = z
  .object({
    note: text(2, 500, "The note"),
    photos: z.array(photoKeySchema).max(MAX_CASE_PHOTOS).default([]),
  })
  .strict();

export const resolveBody = z
  .object({
    text: text(2, 1000, "The resolution"),
    photos: z.array(photoKeySchema).max(MAX_CASE_PHOTOS).default([]),
  })
  .strict();

export const ratingBody = z
  .object({
    satisfied: z.boolean(),
    comment: text(0, 300, "The comment").optional(),
  })
  .strict();

export const partyBody = z
  .object({
    side: z.enum(["applicant", "respondent"]),
    name: text(1, 30, "The name", false),
    userId: idSchema.nullable().default(null),
    phone: phoneSchema.nullable().default(null),
  })
  .strict();

export const disputeBody = z
  .object({
    type: disputeTypeSchema,
    description: text(5, 2000, "The description"),
    /** The other parties; the caller (or the resident filed for) is added as the applicant. */
    parties: z.array(partyBody).min(1, "Name the other party").max(10),
    onBehalfOf: idSchema
      .optional()
      .openapi({ description: "Staff: the resident (user id) who came to the service center" }),
    referralBookingId: idSchema.optional().openapi({
      description: "Lawyer: the consultation referred to mediation; its resident is the applicant",
    }),
    communityId: idSchema.optional(),
  })
  .strict();

export const assignBody = z
  .object({
    mediator: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("department"), departmentId: idSchema }).strict(),
      z.object({ kind: z.literal("staff"), userId: idSchema }).strict(),
    ]),
    dueWorkingDays: z.number().int().min(1).max(MAX_DUE_WORKING_DAYS),
  })
  .strict();

export const sessionBody = z
  .object({
    scheduledAt: instantSchema,
    place: text(2, 60, "The place", false),
  })
  .strict();

export const sessionRecordBody = z
  .object({
    status: z.enum(["held", "cancelled"]),
    summary: text(2, 1000, "The summary"),
  })
  .strict();

export const closeBody = z
  .discriminatedUnion("outcome", [
    z.object({ outcome: z.literal("settled"), agreement: text(5, 3000, "The agreement") }).strict(),
    z
      .object({
        outcome: z.literal("not_settled"),
        referredTo: referredToSchema,
        note: text(0, 500, "The note").optional(),
      })
      .strict(),
    z.object({ outcome: z.literal("withdrawn"), note: text(0, 500, "The note").optional() }).strict(),
  ])
  .openapi("DisputeClose");

export const caseParams = z.object({ id: idSchema });
export const departmentParams = z.object({ departmentId: idSchema });
export const sessionParams = z.object({ id: idSchema, n: z.coerce.number().int().min(1).max(100) });

export const communityQuery = z.object({ communityId: idSchema.optional() });

export const listQuery = z.object({
  communityId: idSchema.optional(),
  scope: z.enum(["all", "open", "assigned"]).default("open").openapi({
    description: "all: every case · open: not finished · assigned: my department's or mine to mediate",
  }),
});

export const periodQuery = z.object({
  communityId: idSchema.optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "A date written YYYY-MM-DD")
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "A date written YYYY-MM-DD")
    .optional(),
});

// ——— Views ———

const eventSchema = z.object({
  at: z.string(),
  action: z.string(),
  by: z.string(),
  note: z.string().nullable(),
  photos: z.array(z.string()).openapi({ description: "Signed URLs, valid for an hour" }),
});

const deadlineFields = {
  assignee: z.object({ kind: z.enum(["department", "staff"]), id: z.string(), name: z.string() }).nullable(),
  dueWorkingDays: z.number().nullable(),
  dueDate: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean().openapi({ description: "Open and past its deadline" }),
  overdueDays: z.number().openapi({ description: "Whole days past the deadline (0 when not overdue)" }),
  escalationLevel: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
};

export const reportSchema = z
  .object({
    id: z.string(),
    number: z.string().openapi({ example: "HX-20261122-0042" }),
    kind: z.literal("report"),
    communityId: z.string(),
    category: reportCategorySchema,
    description: z.string(),
    photos: z.array(z.string()).openapi({ description: "Signed URLs, valid for an hour" }),
    location: locationSchema,
    anonymous: z.boolean(),
    reporter: z
      .string()
      .nullable()
      .openapi({ description: "The reporter's name; null to staff when the report is anonymous" }),
    mine: z.boolean(),
    status: reportStatusSchema,
    ...deadlineFields,
    resolution: z.object({ text: z.string(), photos: z.array(z.string()), at: z.string() }).nullable(),
    rating: z.object({ satisfied: z.boolean(), comment: z.string().nullable(), at: z.string() }).nullable(),
    reopened: z.boolean(),
    mergedInto: z.object({ id: z.string(), number: z.string() }).nullable(),
    declineReason: z.string().nullable(),
    history: z.array(eventSchema),
    can: z.object({
      dispatch: z.boolean(),
      merge: z.boolean(),
      decline: z.boolean(),
      progress: z.boolean(),
      resolve: z.boolean(),
      rate: z.boolean(),
    }),
  })
  .openapi("Report");
export type ReportView = z.infer<typeof reportSchema>;

export const disputeSchema = z
  .object({
    id: z.string(),
    number: z.string().openapi({ example: "TJ-20261122-0007" }),
    kind: z.literal("dispute"),
    communityId: z.string(),
    type: disputeTypeSchema,
    description: z.string(),
    parties: z.array(
      z.object({
        side: z.enum(["applicant", "respondent"]),
        name: z.string(),
        isUser: z.boolean(),
        phone: z
          .string()
          .nullable()
          .openapi({ description: "Whole for the mediator and supervisors, else masked" }),
      }),
    ),
    filedVia: z.enum(["self", "staff", "lawyer"]),
    status: disputeStatusSchema,
    ...deadlineFields,
    sessions: z.array(
      z.object({
        n: z.number(),
        scheduledAt: z.string(),
        place: z.string(),
        status: z.enum(["scheduled", "held", "cancelled"]),
        summary: z.string().nullable(),
        recordedAt: z.string().nullable(),
      }),
    ),
    outcome: disputeOutcomeSchema.nullable(),
    agreement: z.string().nullable(),
    referredTo: referredToSchema.nullable(),
    closeNote: z.string().nullable(),
    history: z.array(eventSchema),
    can: z.object({ assign: z.boolean(), schedule: z.boolean(), record: z.boolean(), close: z.boolean() }),
  })
  .openapi("Dispute");
export type DisputeView = z.infer<typeof disputeSchema>;

/** A line of a list: enough to find the case, nothing private. */
export const caseSummarySchema = z
  .object({
    id: z.string(),
    number: z.string(),
    kind: z.enum(["report", "dispute"]),
    category: z.string().openapi({ description: "A report's category or a dispute's type" }),
    status: z.string(),
    assigneeName: z.string().nullable(),
    createdAt: z.string(),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    overdueDays: z.number(),
    escalationLevel: z.number(),
  })
  .openapi("CaseSummary");
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const departmentSchema = z
  .object({
    id: z.string(),
    communityId: z.string(),
    name: z.string(),
    kind: departmentKindSchema,
    contacts: z.array(z.object({ name: z.string(), title: z.string(), phone: z.string() })),
    handlers: z.array(z.object({ id: z.string(), name: z.string() })),
    active: z.boolean(),
    updatedAt: z.string(),
  })
  .openapi("Department");

export const settingsSchema = z
  .object({
    communityId: z.string(),
    supervisors: z.array(z.object({ id: z.string(), name: z.string() })),
    districtAdmins: z.array(z.object({ id: z.string(), name: z.string() })),
    secondLevelAfterWorkingDays: z.number(),
    updatedAt: z.string().nullable(),
  })
  .openapi("CaseSettings");

const countRow = z.object({ key: z.string(), count: z.number().int() });

export const commandCenterSchema = z
  .object({
    communityId: z.string(),
    from: z.string(),
    to: z.string(),
    generatedAt: z.string(),
    open: z.object({
      total: z.number().int(),
      overdue: z.number().int(),
      byCategory: z
        .array(countRow)
        .openapi({ description: "Open reports by category, open disputes by type" }),
      byStatus: z.array(countRow),
    }),
    overdue: z
      .array(caseSummarySchema)
      .openapi({ description: "Open and past the deadline, oldest deadline first" }),
    departments: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        finished: z.number().int().openapi({ description: "Cases finished in the period" }),
        onTime: z.number().int(),
        rate: z.number().nullable(),
        open: z.number().int(),
        overdue: z.number().int(),
      }),
    ),
    mediation: z.object({
      closed: z.number().int(),
      settled: z.number().int(),
      notSettled: z.number().int(),
      withdrawn: z.number().int(),
      rate: z
        .number()
        .nullable()
        .openapi({ description: "settled ÷ (settled + not settled); withdrawn left out" }),
    }),
    reports: z.object({
      received: z.number().int().openapi({ description: "Reports made in the period" }),
      finished: z.number().int(),
      rated: z.number().int(),
      satisfied: z.number().int(),
    }),
    today: z.object({
      date: z.string(),
      windowAppointments: z.number().int(),
      windowAttended: z.number().int(),
      legalConsultations: z.number().int(),
    }),
    votes: z.array(
      z.object({
        topicId: z.string(),
        title: z.string(),
        closesAt: z.string().nullable(),
        eligible: z.number().int(),
        voted: z.number().int(),
        turnout: z.number().nullable(),
      }),
    ),
  })
  .openapi("CommandCenter");
export type CommandCenter = z.infer<typeof commandCenterSchema>;

export const phoneIsValid = (phone: string) => PHONE_PATTERN.test(phone);
