import { createWechatClient } from "./auth/wechat.js";
import { systemClock } from "./clock.js";
import type { Config } from "./config.js";
import { createDb } from "./db/client.js";
import type { AppDeps } from "./deps.js";
import { createLogger } from "./http/logger.js";
import { newId } from "./ids.js";
import { createWechatMessenger } from "./messages/wechat-subscribe.js";

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
    newId,
  };
}
