import type { Node } from "constructs";

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
}

export const DEFAULT_STAGE = "dev";

// Stage names end up in stack, table, function and secret names: keep them short and DNS-safe.
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
const ORIGIN_PATTERN = /^https?:\/\/[^/\s,]+$/;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Reads `stage`, `corsOrigins` and `wechatAppId` from `--context` (or cdk.json). */
export function stageConfigFromContext(node: Node): StageConfig {
  const stage = readString(node, "stage") ?? DEFAULT_STAGE;
  if (!STAGE_PATTERN.test(stage)) {
    throw new ConfigError(`context "stage" must match ${STAGE_PATTERN} (got "${stage}")`);
  }
  const isProduction = stage === "prod";

  const corsOrigins = readList(node, "corsOrigins");
  for (const origin of corsOrigins) {
    if (!ORIGIN_PATTERN.test(origin)) {
      throw new ConfigError(
        `context "corsOrigins" must be comma-separated origins like https://example.com (got "${origin}")`,
      );
    }
  }

  const wechatMiniprogramState = readString(node, "wechatMiniprogramState") ?? "formal";
  if (
    wechatMiniprogramState !== "formal" &&
    wechatMiniprogramState !== "trial" &&
    wechatMiniprogramState !== "developer"
  ) {
    throw new ConfigError(
      `context "wechatMiniprogramState" must be formal, trial or developer (got "${wechatMiniprogramState}")`,
    );
  }

  return {
    stage,
    isProduction,
    corsOrigins,
    wechatAppId: readString(node, "wechatAppId") ?? "",
    // Checked in full by the function's own config at cold start.
    wechatSubscribeTemplates: readList(node, "wechatSubscribeTemplates").join(","),
    wechatMiniprogramState,
    // A neighbourhood service sees tens of requests per second at peak; the limits cap the
    // bill and protect the table from a runaway client without getting in the way of residents.
    throttle: isProduction ? { rateLimit: 200, burstLimit: 400 } : { rateLimit: 20, burstLimit: 40 },
  };
}

function readString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new ConfigError(`context "${key}" must be a string`);
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** Accepts `a,b` from the command line and `["a", "b"]` from cdk.json. */
function readList(node: Node, key: string): string[] {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : undefined;
  if (items === undefined || !items.every((item) => typeof item === "string")) {
    throw new ConfigError(`context "${key}" must be a comma-separated string or a list of strings`);
  }
  return items.map((item: string) => item.trim()).filter((item) => item !== "");
}
