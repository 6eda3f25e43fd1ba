import { z } from "zod";
import { parseTemplateConfig } from "./messages/wechat-templates.js";

const commaList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

const configSchema = z
  .object({
    STAGE: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "lower-case letters, digits and dashes"),
    TABLE_NAME: z.string().min(3),
    AWS_REGION: z.string().default("ap-east-1"),
    /** Only set locally and in tests: the DynamoDB Local endpoint. */
    DYNAMODB_ENDPOINT: z.url().optional(),
    JWT_SECRET: z.string().min(32, "at least 32 characters"),
    JWT_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(30 * 24 * 3600)
      .default(7 * 24 * 3600),
    WECHAT_APP_ID: z.string().default(""),
    WECHAT_APP_SECRET: z.string().default(""),
    WECHAT_API_BASE: z.url().default("https://api.weixin.qq.com"),
    /**
     * Message kinds pushed as WeChat subscription messages, `kind=templateId`, comma-separated;
     * a kind without a template is not pushed (it still lands in the message list). See
     * messages/wechat-templates.ts for the field layout, overridable as `kind=templateId[thing1:title …]`.
     */
    WECHAT_SUBSCRIBE_TEMPLATES: commaList.superRefine((entries, ctx) => {
      try {
        parseTemplateConfig(entries);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
      }
    }),
    /** Which build of the mini-program a tapped subscription message opens. */
    WECHAT_MINIPROGRAM_STATE: z.enum(["formal", "trial", "developer"]).default("formal"),
    CORS_ORIGINS: commaList,
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    /** Requests per minute per client on the login routes. */
    AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    /**
     * Creating requests (bookings, ballots, notices… every route that honours Idempotency-Key) per
     * minute per user, summed over all those routes. A staff member typing in paper ballots at the
     * counter manages one every few seconds (~20/min at a sprint), and the miniapp retries a failed
     * create at most a few times: 120 leaves room for both and still stops a script flooding
     * writes.
     */
    CREATE_RATE_LIMIT_PER_USER_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    /**
     * The same per client address: a community office, a school or a whole estate's Wi-Fi may sit
     * behind one NAT address, with dozens of people booking at once when a popular slot opens
     * (200 people × a few creates each in the first minute); 3000 covers that and stops one
     * address from multiplying its flood over many accounts.
     */
    CREATE_RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
    /**
     * A case that lit up (past its deadline, department and supervisors told) goes to the district
     * admins this many working days after its due date if still open.
     */
    CASE_SECOND_LEVEL_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(2),
    /** The S3 bucket for uploaded images; required outside the local stage. */
    UPLOAD_BUCKET: z.string().min(3).optional(),
    /** Local stage only: where the local object store keeps files. */
    LOCAL_FILES_DIR: z.string().min(1).optional(),
    /**
     * Local stage only: the site that serves /files, for upload and image URLs. Unset, they are
     * relative (/files/…): right for the web build, served by the same site; set it (e.g.
     * http://192.168.1.5:8787) to try uploads from WeChat's developer tools.
     */
    PUBLIC_BASE_URL: z.url().optional(),
  })
  .superRefine((config, ctx) => {
    if (config.STAGE !== "local" && !config.UPLOAD_BUCKET)
      ctx.addIssue({ code: "custom", path: ["UPLOAD_BUCKET"], message: "required outside the local stage" });
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment once; the message names every missing or invalid variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`OneDoor configuration is invalid — ${problems.join("; ")}`);
  }
  return result.data;
}

export const isLocalStage = (config: Pick<Config, "STAGE">) => config.STAGE === "local";
