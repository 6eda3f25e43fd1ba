import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Node } from "constructs";
import { stagesDir } from "./paths.js";

/** Everything that differs between stages, read once from CDK context. */
export interface StageConfig {
  /** `dev`, `prod` or any short personal/feature stage name. */
  readonly stage: string;
  /** Only `prod` keeps data on stack deletion and refuses accidental table deletes. */
  readonly isProduction: boolean;
  /** Browser origins allowed by CORS (the H5 build). WeChat mini-program requests need none. */
  readonly corsOrigins: readonly string[];
  /** Public WeChat mini-program AppID; the AppSecret lives in Secrets Manager. */
  readonly wechatAppId: string;
  /** WeChat subscription templates per message kind (`kind=templateId,…`), for the jobs function. */
  readonly wechatSubscribeTemplates: string;
  /** Which mini-program build a subscription message opens: formal, trial or developer. */
  readonly wechatMiniprogramState: "formal" | "trial" | "developer";
  /** Default-stage throttling of the HTTP API, requests per second and burst. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** CloudWatch alarms: on in prod, off elsewhere unless `--context alarms=true`. */
  readonly alarms: boolean;
  /** Who the alarm topic emails (each confirms the subscription once). */
  readonly alarmEmails: readonly string[];
  /** Optional custom domain for the HTTP API (the mini-program's request domain). */
  readonly apiDomain?: CustomDomain;
  /** Optional custom domain for the web build's CloudFront distribution. */
  readonly webDomain?: CustomDomain;
  /** How long function, API and access logs are kept, in days. */
  readonly logDays: number;
}

export interface CustomDomain {
  readonly domainName: string;
  /** An ACM certificate ARN covering the domain (us-east-1 for the web distribution). */
  readonly certificateArn: string;
}

export const DEFAULT_STAGE = "dev";

// Stage names end up in stack, table, function and secret names: keep them short and DNS-safe.
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
const ORIGIN_PATTERN = /^https?:\/\/[^/\s,]+$/;
const WECHAT_APP_ID_PATTERN = /^wx[0-9a-f]{16}$/;
const EMAIL_PATTERN = /^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/;
const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CERTIFICATE_ARN_PATTERN = /^arn:aws(-cn)?:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Reads every setting from `--context` (or cdk.json), then from the stage's settings file; a bad
 * value stops the synth with its name.
 */
export function stageConfigFromContext(node: Node): StageConfig {
  const stage = readString((key) => node.tryGetContext(key), "stage") ?? DEFAULT_STAGE;
  if (!STAGE_PATTERN.test(stage)) {
    throw new ConfigError(`context "stage" must match ${STAGE_PATTERN} (got "${stage}")`);
  }
  // The command line (and cdk.json) first, then the stage's own settings file.
  const file = stageSettings(node, stage);
  const get: Get = (key) => node.tryGetContext(key) ?? file[key];
  const isProduction = stage === "prod";

  const corsOrigins = readList(get, "corsOrigins");
  for (const origin of corsOrigins) {
    if (!ORIGIN_PATTERN.test(origin)) {
      throw new ConfigError(
        `context "corsOrigins" must be comma-separated origins like https://example.com (got "${origin}")`,
      );
    }
  }

  const wechatMiniprogramState = readString(get, "wechatMiniprogramState") ?? "formal";
  if (
    wechatMiniprogramState !== "formal" &&
    wechatMiniprogramState !== "trial" &&
    wechatMiniprogramState !== "developer"
  ) {
    throw new ConfigError(
      `context "wechatMiniprogramState" must be formal, trial or developer (got "${wechatMiniprogramState}")`,
    );
  }

  const wechatAppId = readString(get, "wechatAppId") ?? "";
  if (wechatAppId !== "" && !WECHAT_APP_ID_PATTERN.test(wechatAppId)) {
    throw new ConfigError(`context "wechatAppId" must look like wx0123456789abcdef (got "${wechatAppId}")`);
  }
  if (isProduction && wechatAppId === "") {
    // Synth stays possible offline without it; a deploy would leave WeChat login broken.
    console.warn(
      `[onedoor] stage "prod" has no wechatAppId: WeChat login will fail. Put it in infra/stages/prod.json.`,
    );
  }
  const alarmEmails = readList(get, "alarmEmails");
  for (const email of alarmEmails) {
    if (!EMAIL_PATTERN.test(email))
      throw new ConfigError(`context "alarmEmails" has an invalid address "${email}"`);
  }
  const alarms = readBoolean(get, "alarms") ?? isProduction;

  const webDomain = readDomain(get, "web");
  if (webDomain && certificateRegion(webDomain.certificateArn) !== "us-east-1") {
    throw new ConfigError(
      'context "webCertificateArn" must be a certificate in us-east-1 (CloudFront only uses those)',
    );
  }

  return {
    stage,
    isProduction,
    corsOrigins,
    wechatAppId,
    // Checked in full by the function's own config at cold start.
    wechatSubscribeTemplates: readList(get, "wechatSubscribeTemplates").join(","),
    wechatMiniprogramState,
    // A neighbourhood service sees tens of requests per second at peak; the limits cap the
    // bill and protect the table from a runaway client without getting in the way of residents.
    throttle: {
      rateLimit: readNumber(get, "throttleRate", 1, 10_000) ?? (isProduction ? 200 : 20),
      burstLimit: readNumber(get, "throttleBurst", 1, 5_000) ?? (isProduction ? 400 : 40),
    },
    alarms,
    alarmEmails,
    apiDomain: readDomain(get, "api"),
    webDomain,
    // Prod keeps three months to look back on a complaint; other stages a week.
    logDays: isProduction ? 90 : 7,
  };
}

/** `apiDomainName` + `apiCertificateArn` (or `web…`): both or neither. */
type Get = (key: string) => unknown;

/** Every key a stage settings file may hold: the context keys other than `stage`. */
export const SETTINGS_KEYS = [
  "corsOrigins",
  "wechatAppId",
  "wechatSubscribeTemplates",
  "wechatMiniprogramState",
  "alarms",
  "alarmEmails",
  "apiDomainName",
  "apiCertificateArn",
  "webDomainName",
  "webCertificateArn",
  "throttleRate",
  "throttleBurst",
] as const;

/**
 * `infra/stages/<stage>.json` (or `--context stageSettingsDir=…`), when it exists: the stage's
 * settings kept with the code, so `npm run deploy -- --context stage=prod` deploys the same stage
 * every time. An unknown key is refused: a typo must not silently drop a setting.
 */
function stageSettings(node: Node, stage: string): Record<string, unknown> {
  const dir = readString((key) => node.tryGetContext(key), "stageSettingsDir") ?? stagesDir;
  const path = join(dir, `${stage}.json`);
  if (!existsSync(path)) return {};
  let settings: unknown;
  try {
    settings = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (settings === null || typeof settings !== "object" || Array.isArray(settings)) {
    throw new ConfigError(`${path} must hold one JSON object of settings`);
  }
  const unknown = Object.keys(settings).filter((key) => !(SETTINGS_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new ConfigError(
      `${path} has unknown settings: ${unknown.join(", ")} (known: ${SETTINGS_KEYS.join(", ")})`,
    );
  }
  return settings as Record<string, unknown>;
}

function readDomain(get: Get, prefix: "api" | "web"): CustomDomain | undefined {
  const domainName = readString(get, `${prefix}DomainName`)?.toLowerCase();
  const certificateArn = readString(get, `${prefix}CertificateArn`);
  if (domainName === undefined && certificateArn === undefined) return undefined;
  if (domainName === undefined || certificateArn === undefined) {
    throw new ConfigError(`context "${prefix}DomainName" and "${prefix}CertificateArn" go together`);
  }
  if (!DOMAIN_PATTERN.test(domainName)) {
    throw new ConfigError(
      `context "${prefix}DomainName" must be a host name like api.example.cn (got "${domainName}")`,
    );
  }
  if (!CERTIFICATE_ARN_PATTERN.test(certificateArn)) {
    throw new ConfigError(
      `context "${prefix}CertificateArn" must be an ACM certificate ARN (got "${certificateArn}")`,
    );
  }
  return { domainName, certificateArn };
}

function certificateRegion(arn: string): string | undefined {
  return CERTIFICATE_ARN_PATTERN.exec(arn)?.[2];
}

function readBoolean(get: Get, key: string): boolean | undefined {
  const value: unknown = get(key);
  if (value === undefined || value === null || value === "") return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new ConfigError(`context "${key}" must be true or false`);
}

function readNumber(get: Get, key: string, min: number, max: number): number | undefined {
  const value: unknown = get(key);
  if (value === undefined || value === null || value === "") return undefined;
  const number = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError(`context "${key}" must be a whole number from ${min} to ${max}`);
  }
  return number;
}

function readString(get: Get, key: string): string | undefined {
  const value: unknown = get(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new ConfigError(`context "${key}" must be a string`);
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** Accepts `a,b` from the command line and `["a", "b"]` from cdk.json. */
function readList(get: Get, key: string): string[] {
  const value: unknown = get(key);
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : undefined;
  if (items === undefined || !items.every((item) => typeof item === "string")) {
    throw new ConfigError(`context "${key}" must be a comma-separated string or a list of strings`);
  }
  return items.map((item: string) => item.trim()).filter((item) => item !== "");
}
