import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Config } from "../config.js";
import { isLocalStage } from "../config.js";
import { demoAccounts } from "../demo/accounts.js";
import type { AppEnv } from "../http/env.js";
import { notFound } from "../http/errors.js";
import { errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { enforce, FixedWindows, rateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { meSchema, roleSchema } from "../users/schemas.js";
import { loginWithOpenid } from "./service.js";

export const loginResponse = z
  .object({ token: z.string(), expiresAt: z.string(), user: meSchema })
  .openapi("LoginResponse");

const openidSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{3,64}$/, "3–64 letters, digits, '_' or '-'");

export function authRoutes(config: Config) {
  const local = isLocalStage(config);
  const limited = rateLimit(() => config.AUTH_RATE_LIMIT_PER_MINUTE);
  // Also per account, once the account is known (dev login: the openid asked for; WeChat: the
  // openid code2session answers), with the same limit: a person logs in a few times a day, so
  // this never touches them, and it stops one account's tokens being minted in bulk from many
  // addresses, which the per-address limit alone would let through.
  const accounts = new FixedWindows();
  const limitAccount = (c: Context, openid: string) =>
    enforce(c, accounts, [[openid, config.AUTH_RATE_LIMIT_PER_MINUTE]], Date.now());
  // Outside STAGE=local the dev routes answer exactly like an unknown route, and stay out of the docs.
  const localOnly = async (_c: unknown, next: () => Promise<void>) => {
    if (!local) throw notFound("No such route.");
    await next();
  };

  const wechat = createRoute({
    method: "post",
    path: "/auth/wechat",
    tags: ["auth"],
    summary: "Log in with a WeChat login code (wx.login → code2session)",
    middleware: [limited] as const,
    request: { body: jsonBody(z.object({ code: z.string().trim().min(1).max(128) }).strict()) },
    responses: { 200: jsonContent(loginResponse, "Logged in"), ...errorResponses(400, 401, 429) },
  });

  const devLogin = createRoute({
    method: "post",
    path: "/auth/dev-login",
    tags: ["auth"],
    summary: "Local only: log in as any openid, exactly like a WeChat login",
    hide: !local,
    middleware: [localOnly, limited] as const,
    request: {
      body: jsonBody(
        z.object({ openid: openidSchema, nickname: z.string().trim().min(1).max(30).optional() }).strict(),
      ),
    },
    responses: { 200: jsonContent(loginResponse, "Logged in"), ...errorResponses(400, 404, 429) },
  });

  const devAccounts = createRoute({
    method: "get",
    path: "/auth/dev-accounts",
    tags: ["auth"],
    summary: "Local only: the demo accounts for the web login picker",
    hide: !local,
    middleware: [localOnly] as const,
    responses: {
      200: jsonContent(
        z.object({
          accounts: z.array(
            z.object({ openid: z.string(), nickname: z.string(), role: roleSchema, description: z.string() }),
          ),
        }),
        "Demo accounts",
      ),
      ...errorResponses(404),
    },
  });

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(wechat, async (c) => {
      const deps = c.get("deps");
      const session = await deps.wechat.code2session(c.req.valid("json").code);
      limitAccount(c, session.openid);
      return c.json(await loginWithOpenid(deps, "wechat", session.openid), 200);
    })
    .openapi(devLogin, async (c) => {
      const body = c.req.valid("json");
      limitAccount(c, body.openid);
      return c.json(await loginWithOpenid(c.get("deps"), "dev", body.openid, body.nickname), 200);
    })
    .openapi(devAccounts, (c) => c.json({ accounts: demoAccounts }, 200));
}
