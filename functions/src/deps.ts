import type { WechatClient } from "./auth/wechat.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Db } from "./db/client.js";
import type { Logger } from "./http/logger.js";
import type { Messenger } from "./messages/wechat-subscribe.js";
import type { ObjectStore } from "./storage/store.js";

/** Everything the app needs from the outside; tests build their own. */
export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  wechat: WechatClient;
  /** WeChat subscription messages, pushed by the outbox job. */
  messenger: Messenger;
  /** Uploaded images: S3 in AWS, the local store on this machine. */
  storage: ObjectStore;
  newId: () => string;
}
