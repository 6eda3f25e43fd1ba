import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { buildAudit } from "../audit/repo.js";
import type { Config } from "../config.js";
import { isLocalStage } from "../config.js";
import { requireUser } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { rateLimit } from "../http/rate-limit.js";
import { validationHook } from "../http/validation.js";
import { getUser } from "../users/repo.js";
import type { UserProfile } from "../users/schemas.js";
import { browserSummary } from "./browser.js";
import { loginResponse } from "./routes.js";
import { sessionFor } from "./service.js";
import {
  assertCanUseWebLogin,
  assertPhoneLogin,
  auditCommunities,
  canUseWebLogin,
  epochSeconds,
  hashPollSecret,
  isLive,
  newTicket,
  pollSecretMatches,
  TICKET_PATTERN,
  WEB_LOGIN_QR_PREFIX,
  type WebLoginTicket,
  webLoginDenied,
  webLoginExpired,
  webLoginNotPending,
  webLoginUsed,
} from "./web-login.js";
import {
  consumeWebLoginTicket,
  decideWebLoginTicket,
  getWebLoginTicket,
  putWebLoginTicket,
} from "./web-login-repo.js";

const random128 = z.string().regex(TICKET_PATTERN, "22 characters: letters, digits, '_' or '-'");
const ticketParams = z.object({ ticketId: random128.openapi({ param: { name: "ticketId", in: "path" } }) });
const statusSchema = z.enum(["pending", "approved", "denied", "consumed"]);

const createdSchema = z
  .object({
    ticketId: z.string(),
    pollSecret: z.string().openapi({ description: "Only for the browser that asked: send it to collect" }),
    qr: z.string().openapi({ example: `${WEB_LOGIN_QR_PREFIX}3q2-7wEAAAAAAAAAAAAAAA` }),
    expiresAt: z.string(),
  })
  .openapi("WebLoginTicketCreated");

const ticketView = z
  .object({
    ticketId: z.string(),
    browser: z.string().nullable().openapi({ example: "Chrome 131 · Windows" }),
    createdAt: z.string(),
    expiresAt: z.string(),
    status: statusSchema,
  })
  .openapi("WebLoginTicket");

const view = (ticket: WebLoginTicket) => ({
  ticketId: ticket.id,
  browser: ticket.browser,
  createdAt: ticket.createdAt,
  expiresAt: new Date(ticket.expiresAt * 1000).toISOString(),
  status: ticket.status,
});

/** Secrets and tokens must not sit in any cache between the browser and the API. */
const noStore = (c: Context<AppEnv>) => c.header("Cache-Control", "no-store");

export function webLoginRoutes(config: Config) {
  const local = isLocalStage(config);
  const limited = rateLimit(() => config.AUTH_RATE_LIMIT_PER_MINUTE);
  // The browser polls every 2 s (30 a minute); the limit is per client over all tickets: room for
  // that, a second tab and retries.
  const pollLimited = rateLimit(() => Math.max(60, 2 * config.AUTH_RATE_LIMIT_PER_MINUTE));

  const create = createRoute({
    method: "post",
    path: "/auth/web-login",
    tags: ["auth"],
    summary: "Web: start a scan-to-log-in ticket (the QR code carries only its id)",
    middleware: [limited] as const,
    responses: { 201: jsonContent(createdSchema, "Ticket created"), ...errorResponses(429) },
  });

  const read = createRoute({
    method: "get",
    path: "/auth/web-login/{ticketId}",
    tags: ["auth"],
    summary:
      "Staff, lawyer, admin, logged in through WeChat: the ticket just scanned, to confirm (browser, time, status)",
    security: bearer,
    middleware: [requireUser] as const,
    request: { params: ticketParams },
    responses: { 200: jsonContent(ticketView, "The ticket"), ...errorResponses(400, 401, 403, 404) },
  });

  const approve = createRoute({
    method: "post",
    path: "/auth/web-login/{ticketId}/approve",
    tags: ["auth"],
    summary: "Staff, lawyer, admin, logged in through WeChat: log that browser in as me (audited)",
    security: bearer,
    middleware: [requireUser] as const,
    request: { params: ticketParams },
    responses: {
      200: jsonContent(ticketView, "Approved"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });

  const deny = createRoute({
    method: "post",
    path: "/auth/web-login/{ticketId}/deny",
    tags: ["auth"],
    summary: "Staff, lawyer, admin, logged in through WeChat: refuse the login (audited)",
    security: bearer,
    middleware: [requireUser] as const,
    request: { params: ticketParams },
    responses: { 200: jsonContent(ticketView, "Refused"), ...errorResponses(400, 401, 403, 404, 409) },
  });

  const collect = createRoute({
    method: "post",
    path: "/auth/web-login/{ticketId}/token",
    tags: ["auth"],
    summary: "Web: poll the ticket with its secret; once approved, the token (exactly once, audited)",
    middleware: [pollLimited] as const,
    request: { params: ticketParams, body: jsonBody(z.object({ pollSecret: random128 }).strict()) },
    responses: {
      200: jsonContent(loginResponse, "Logged in"),
      202: jsonContent(z.object({ status: z.literal("pending") }), "Not confirmed on the phone yet"),
      ...errorResponses(400, 403, 404, 409, 429),
    },
  });

  /**
   * Who may see and decide on a ticket: staff, lawyers and admins (the role first: a resident
   * learns nothing about any ticket), on the phone that scanned (a WeChat login): 403 otherwise.
   */
  const decider = (c: Context<AppEnv>): UserProfile => {
    const user = c.get("user");
    assertCanUseWebLogin(user);
    assertPhoneLogin(c.get("authMethod"), local);
    return user;
  };

  /** The audit entries of one step of a ticket, placed as auditCommunities says. */
  const auditsOf = (
    c: Context<AppEnv>,
    user: UserProfile,
    at: string,
    action: string,
    ticket: WebLoginTicket,
  ) => {
    const { newId } = c.get("deps");
    return auditCommunities(user).map((communityId) =>
      buildAudit(newId(), at, {
        communityId,
        actor: user,
        action,
        // About the account's own sessions: it lands in the person's own audit trail too.
        subjectUserId: user.id,
        target: ticket.id,
        details: { browser: ticket.browser },
      }),
    );
  };

  /** The live ticket for a staff member's decision: expired and unknown look the same. */
  const liveTicket = async (c: Context<AppEnv>, ticketId: string) => {
    const { db, clock } = c.get("deps");
    const ticket = await getWebLoginTicket(db, ticketId);
    if (!isLive(ticket, clock.now())) throw webLoginExpired();
    return ticket;
  };

  /** After a conditional write failed: why, read again. */
  const explainLostDecision = async (c: Context<AppEnv>, ticketId: string) => {
    const ticket = await liveTicket(c, ticketId);
    return webLoginNotPending(ticket.status);
  };

  /** A phone approves or refuses a pending, live ticket: once, audited, in one transaction. */
  const decide = async (c: Context<AppEnv>, decision: "approved" | "denied") => {
    const deps = c.get("deps");
    const user = decider(c);
    // Checked against the route's param schema before the handler runs.
    const ticketId = c.req.param("ticketId") as string;
    const ticket = await liveTicket(c, ticketId);
    if (ticket.status !== "pending") throw webLoginNotPending(ticket.status);
    const now = deps.clock.now();
    const at = now.toISOString();
    const action = decision === "approved" ? "auth.web_login_approve" : "auth.web_login_deny";
    const decided = await decideWebLoginTicket(deps.db, {
      ticketId,
      decision,
      userId: user.id,
      at,
      nowSeconds: epochSeconds(now),
      audits: auditsOf(c, user, at, action, ticket),
    });
    if (!decided) throw await explainLostDecision(c, ticketId);
    deps.logger.info(`web login ${decision}`, { userId: user.id });
    return c.json(view({ ...ticket, status: decision }), 200);
  };

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => {
      const { db, clock } = c.get("deps");
      const { ticket, pollSecret } = newTicket(clock.now(), browserSummary(c.req.header("user-agent")));
      await putWebLoginTicket(db, ticket);
      noStore(c);
      return c.json(
        {
          ticketId: ticket.id,
          pollSecret,
          qr: `${WEB_LOGIN_QR_PREFIX}${ticket.id}`,
          expiresAt: view(ticket).expiresAt,
        },
        201,
      );
    })
    .openapi(read, async (c) => {
      decider(c);
      return c.json(view(await liveTicket(c, c.req.valid("param").ticketId)), 200);
    })
    .openapi(approve, (c) => decide(c, "approved"))
    .openapi(deny, (c) => decide(c, "denied"))
    .openapi(collect, async (c) => {
      const deps = c.get("deps");
      const { ticketId } = c.req.valid("param");
      const { pollSecret } = c.req.valid("json");
      noStore(c);
      const ticket = await getWebLoginTicket(deps.db, ticketId);
      // A wrong secret is answered exactly like an unknown ticket: it tells a guesser nothing.
      if (!ticket || !pollSecretMatches(ticket, pollSecret) || !isLive(ticket, deps.clock.now())) {
        throw webLoginExpired();
      }
      if (ticket.status === "pending") return c.json({ status: "pending" as const }, 202);
      if (ticket.status === "denied") throw webLoginDenied();
      if (ticket.status === "consumed" || !ticket.approvedBy) throw webLoginUsed();
      const user = await getUser(deps.db, ticket.approvedBy);
      // The approver lost their role or their account since: the ticket is spent, no session.
      const entitled = user !== null && canUseWebLogin(user);
      // Built before the write, so the handout audited is the one sent; a `web` token, which
      // cannot approve another ticket.
      const session = entitled ? await sessionFor(deps, user, "web") : null;
      const now = deps.clock.now();
      const at = now.toISOString();
      const consumed = await consumeWebLoginTicket(deps.db, {
        ticketId,
        pollSecretHash: hashPollSecret(pollSecret),
        approvedBy: ticket.approvedBy,
        at,
        nowSeconds: epochSeconds(now),
        audits: entitled ? auditsOf(c, user, at, "auth.web_login_collect", ticket) : [],
      });
      // Another poll took it first (or it expired this instant): this one gets nothing.
      if (!consumed) throw webLoginUsed();
      if (!session) throw webLoginDenied();
      deps.logger.info("login", { userId: ticket.approvedBy, created: false, via: "web-login" });
      return c.json(session, 200);
    });
}
