import type { MessageParams } from "./notify.js";
import { parseTemplateConfig, renderTemplateData } from "./wechat-templates.js";

export interface Push {
  openid: string;
  kind: string;
  params: MessageParams;
  /** A mini-program page, e.g. `/pages/legal/booking/index?id=…`. */
  link: string | null;
}

export type PushResult =
  | { outcome: "sent" }
  /** 43101: the user never subscribed to this template, or used up the one message allowed. */
  | { outcome: "refused" }
  /** WeChat will never take this message (bad openid, template, page or data): do not retry. */
  | { outcome: "rejected"; errcode: number; errmsg: string }
  /** WeChat is busy or unreachable, or the token could not be had: worth another try later. */
  | { outcome: "retry"; reason: string };

/** Pushes a message kind to a user's WeChat; the outbox job is its only caller. */
export interface Messenger {
  /** False when no template is configured for the kind (or WeChat is not): the push is skipped. */
  handles(kind: string): boolean;
  send(push: Push): Promise<PushResult>;
}

export interface WechatMessengerOptions {
  apiBase: string;
  appId: string;
  appSecret: string;
  /** WECHAT_SUBSCRIBE_TEMPLATES entries. */
  templates: readonly string[];
  miniprogramState: "formal" | "trial" | "developer";
  timeoutMs?: number;
  now?: () => number;
}

interface WechatReply {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

/** The token was refused as invalid (40001, 40014) or expired (42001): fetch a new one once. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** Invalid openid, template id, data or page: sending again cannot help. */
const PERMANENT_ERRORS = new Set([40003, 40037, 41030, 47003]);
/** Give the cached token up a little before WeChat does (it lives 7200 s). */
const TOKEN_MARGIN_MS = 5 * 60_000;

class Unavailable extends Error {}

/**
 * subscribeMessage.send behind the Messenger interface. The access token is cached in the
 * container until shortly before it expires and fetched again when WeChat says it is stale;
 * concurrent sends share one fetch.
 */
export function createWechatMessenger(options: WechatMessengerOptions): Messenger {
  const templates = parseTemplateConfig(options.templates);
  const configured = Boolean(options.appId && options.appSecret);
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 5000;
  let cached: { token: string; expiresAt: number } | null = null;
  let fetching: Promise<string> | null = null;

  async function call(url: URL, init?: RequestInit): Promise<WechatReply> {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Unavailable(`HTTP ${response.status}`);
      return (await response.json()) as WechatReply;
    } catch (error) {
      if (error instanceof Unavailable) throw error;
      throw new Unavailable(error instanceof Error ? error.name : "fetch failed");
    }
  }

  async function fetchToken(): Promise<string> {
    const url = new URL("/cgi-bin/token", options.apiBase);
    url.searchParams.set("grant_type", "client_credential");
    url.searchParams.set("appid", options.appId);
    url.searchParams.set("secret", options.appSecret);
    const reply = await call(url);
    if (!reply.access_token) throw new Unavailable(`token errcode ${reply.errcode ?? "none"}`);
    cached = {
      token: reply.access_token,
      expiresAt: now() + (reply.expires_in ?? 7200) * 1000 - TOKEN_MARGIN_MS,
    };
    return reply.access_token;
  }

  function token(): Promise<string> {
    if (cached && cached.expiresAt > now()) return Promise.resolve(cached.token);
    fetching ??= fetchToken().finally(() => {
      fetching = null;
    });
    return fetching;
  }

  async function post(accessToken: string, body: object): Promise<WechatReply> {
    const url = new URL("/cgi-bin/message/subscribe/send", options.apiBase);
    url.searchParams.set("access_token", accessToken);
    return call(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  return {
    handles: (kind) => configured && templates.has(kind),

    async send(push) {
      const template = templates.get(push.kind);
      if (!configured || !template) return { outcome: "rejected", errcode: 0, errmsg: "no template" };
      const body = {
        touser: push.openid,
        template_id: template.templateId,
        // WeChat wants the page path without the leading slash.
        ...(push.link ? { page: push.link.replace(/^\//, "") } : {}),
        data: renderTemplateData(push.kind, push.params, template.layout),
        miniprogram_state: options.miniprogramState,
        lang: "zh_CN",
      };
      try {
        let used = await token();
        let reply = await post(used, body);
        if (reply.errcode && TOKEN_ERRORS.has(reply.errcode)) {
          // Another container may have refreshed it, which ends ours: drop it unless already replaced.
          if (cached?.token === used) cached = null;
          used = await token();
          reply = await post(used, body);
        }
        const errcode = reply.errcode ?? 0;
        if (errcode === 0) return { outcome: "sent" };
        if (errcode === 43101) return { outcome: "refused" };
        if (PERMANENT_ERRORS.has(errcode))
          return { outcome: "rejected", errcode, errmsg: reply.errmsg ?? "" };
        return { outcome: "retry", reason: `errcode ${errcode}` };
      } catch (error) {
        if (error instanceof Unavailable) return { outcome: "retry", reason: error.message };
        throw error;
      }
    },
  };
}
