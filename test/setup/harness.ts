import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { inject } from "vitest";
import { createApp } from "../../functions/src/app.js";
import { createWechatClient } from "../../functions/src/auth/wechat.js";
import type { Clock } from "../../functions/src/clock.js";
import { loadConfig } from "../../functions/src/config.js";
import { dropTable, ensureTable } from "../../functions/src/db/admin.js";
import { createDb, type Db } from "../../functions/src/db/client.js";
import { seedDemo } from "../../functions/src/demo/seed.js";
import type { AppDeps } from "../../functions/src/deps.js";
import { createLogger } from "../../functions/src/http/logger.js";
import { newId } from "../../functions/src/ids.js";
import { createWechatMessenger } from "../../functions/src/messages/wechat-subscribe.js";
import { localFilesRoutes } from "../../functions/src/storage/local-routes.js";
import { createLocalObjectStore, type LocalObjectStore } from "../../functions/src/storage/local-store.js";
import { MAX_IMAGE_BYTES } from "../../functions/src/storage/store.js";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** Real time plus an offset the test moves by hand, so instants still advance between calls. */
export class TestClock implements Clock {
  private offsetMs = 0;
  now() {
    return new Date(Date.now() + this.offsetMs);
  }
  set(iso: string) {
    this.offsetMs = Date.parse(iso) - Date.now();
  }
  advance(ms: number) {
    this.offsetMs += ms;
  }
}

/** Tests only ever touch DynamoDB Local: refuse anything else before a byte is written. */
export function localEndpoint(): string {
  const endpoint = inject("dynamoEndpoint");
  const host = new URL(endpoint).hostname;
  if (!["127.0.0.1", "localhost", "::1"].includes(host))
    throw new Error(`Refusing a non-local DynamoDB: ${endpoint}`);
  return endpoint;
}

/** A fresh table in the shared DynamoDB Local. */
export async function createTestDb(): Promise<Db> {
  const db = createDb({
    tableName: `test-${Date.now()}-${randomBytes(4).toString("hex")}`,
    region: "ap-east-1",
    endpoint: localEndpoint(),
  });
  await ensureTable(db);
  return db;
}

export interface TestStack {
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  clock: TestClock;
  logLines: string[];
  /** The local object store's routes (/files/upload, /files/object/…), as `npm start` mounts them. */
  files: Hono;
  cleanup(): Promise<void>;
}

export async function createTestStack(
  options: { stage?: string; seed?: boolean; env?: Record<string, string>; wechatBase?: string } = {},
): Promise<TestStack> {
  const db = await createTestDb();
  if (options.seed ?? true) await seedDemo(db);
  const config = loadConfig({
    STAGE: options.stage ?? "local",
    TABLE_NAME: db.tableName,
    DYNAMODB_ENDPOINT: localEndpoint(),
    JWT_SECRET: randomBytes(32).toString("hex"),
    LOG_LEVEL: "info",
    WECHAT_APP_ID: "wx-test-app",
    WECHAT_APP_SECRET: "test-app-secret",
    WECHAT_API_BASE: options.wechatBase ?? "http://127.0.0.1:9",
    CORS_ORIGINS: "https://admin.onedoor.example",
    AUTH_RATE_LIMIT_PER_MINUTE: "100000",
    // All in-process calls share one client address ("unknown"): the limits' own tests set lower ones.
    CREATE_RATE_LIMIT_PER_USER_PER_MINUTE: "100000",
    CREATE_RATE_LIMIT_PER_IP_PER_MINUTE: "1000000",
    // Required outside the local stage; the tests' storage is the local store either way.
    UPLOAD_BUCKET: "onedoor-test-files",
    ...options.env,
  });
  const clock = new TestClock();
  const filesDir = await mkdtemp(join(tmpdir(), "onedoor-files-"));
  const logLines: string[] = [];
  const deps: AppDeps = {
    config,
    db,
    clock,
    logger: createLogger(config.LOG_LEVEL, (line) => logLines.push(line)),
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
    storage: createLocalObjectStore({
      dir: filesDir,
      secret: randomBytes(32).toString("hex"),
      baseUrl: "http://files.test",
      clock,
    }),
    newId,
  };
  const files = new Hono().route(
    "/files",
    localFilesRoutes(deps.storage as LocalObjectStore, MAX_IMAGE_BYTES),
  );
  return {
    deps,
    app: createApp(deps),
    clock,
    logLines,
    files,
    cleanup: async () => {
      await dropTable(db);
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}

type App = TestStack["app"];

/**
 * Calls the app in-process with JSON in and out. `env` is the platform's view of the request, as
 * Hono's adapters pass it (e.g. `clientEnv("198.51.100.7")`); without it the client address is
 * "unknown", the same for every in-process call.
 */
export async function call(
  app: App,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; env?: object } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["Content-Type"] ??= "application/json";
  const response = await app.request(
    path,
    {
      method,
      headers,
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === "string"
            ? options.body
            : JSON.stringify(options.body),
    },
    options.env,
  );
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** The env @hono/node-server gives a request from this address (its socket). */
export const clientEnv = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

export async function loginAs(app: App, openid: string): Promise<string> {
  const result = await call(app, "POST", "/api/v1/auth/dev-login", { body: { openid } });
  if (result.status !== 200) throw new Error(`dev-login ${openid} failed: ${result.status} ${result.text}`);
  return result.json.token as string;
}
