import { createHmac } from "node:crypto";
import { join } from "node:path";
import { createWechatClient } from "./auth/wechat.js";
import { systemClock } from "./clock.js";
import type { Config } from "./config.js";
import { createDb } from "./db/client.js";
import type { AppDeps } from "./deps.js";
import { createLogger } from "./http/logger.js";
import { newId } from "./ids.js";
import { createWechatMessenger } from "./messages/wechat-subscribe.js";
import { createLocalObjectStore } from "./storage/local-store.js";
import { createS3ObjectStore } from "./storage/s3-store.js";
import type { ObjectStore } from "./storage/store.js";

/** S3 when a bucket is configured (every deployed stage); the local store otherwise (the local stage only). */
export function storageFromConfig(config: Config, clock = systemClock): ObjectStore {
  if (config.UPLOAD_BUCKET)
    return createS3ObjectStore({ bucket: config.UPLOAD_BUCKET, region: config.AWS_REGION });
  return createLocalObjectStore({
    dir: config.LOCAL_FILES_DIR ?? join(process.cwd(), ".data", "files"),
    // A key of its own, derived from the JWT key: a leaked file URL signature says nothing about tokens.
    secret: createHmac("sha256", config.JWT_SECRET).update("onedoor-local-files").digest("base64url"),
    baseUrl: (config.PUBLIC_BASE_URL ?? "").replace(/\/$/, ""),
    clock,
  });
}

export function depsFromConfig(config: Config): AppDeps {
  return {
    config,
    db: createDb({
      tableName: config.TABLE_NAME,
      region: config.AWS_REGION,
      endpoint: config.DYNAMODB_ENDPOINT,
    }),
    clock: systemClock,
    logger: createLogger(config.LOG_LEVEL),
    wechat: createWechatClient({
      apiBase: config.WECHAT_API_BASE,
      appId: config.WECHAT_APP_ID,
      appSecret: config.WECHAT_APP_SECRET,
    }),
    messenger: createWechatMessenger({
      apiBase: config.WECHAT_API_BASE,
      appId: config.WECHAT_APP_ID,
      appSecret: config.WECHAT_APP_SECRET,
      templates: config.WECHAT_SUBSCRIBE_TEMPLATES,
      miniprogramState: config.WECHAT_MINIPROGRAM_STATE,
    }),
    storage: storageFromConfig(config),
    newId,
  };
}
