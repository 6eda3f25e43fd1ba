import { AppError, unauthorized } from "../http/errors.js";

export interface WechatSession {
  openid: string;
  unionid?: string;
}

/** WeChat's code2session behind an adapter; tests point `apiBase` at a local fake. */
export interface WechatClient {
  code2session(code: string): Promise<WechatSession>;
}

export interface WechatOptions {
  apiBase: string;
  appId: string;
  appSecret: string;
  timeoutMs?: number;
}

interface Code2SessionResponse {
  openid?: string;
  unionid?: string;
  session_key?: string;
  errcode?: number;
  errmsg?: string;
}

export function createWechatClient(options: WechatOptions): WechatClient {
  return {
    async code2session(code) {
      if (!options.appId || !options.appSecret) {
        throw new AppError(503, "WECHAT_NOT_CONFIGURED", "WeChat login is not configured on this server.");
      }
      const url = new URL("/sns/jscode2session", options.apiBase);
      url.searchParams.set("appid", options.appId);
      url.searchParams.set("secret", options.appSecret);
      url.searchParams.set("js_code", code);
      url.searchParams.set("grant_type", "authorization_code");
      let body: Code2SessionResponse;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
        body = (await response.json()) as Code2SessionResponse;
      } catch {
        throw new AppError(502, "WECHAT_UNAVAILABLE", "WeChat did not answer. Please try again.");
      }
      // The session key is deliberately dropped here: OneDoor never needs it and never stores it.
      if (body.errcode === 40029 || body.errcode === 40163 || body.errcode === 40226) {
        throw unauthorized("This WeChat login code is invalid or already used.", "WECHAT_CODE_INVALID");
      }
      if (body.errcode === 45011)
        throw new AppError(429, "RATE_LIMITED", "Too many logins, please wait a minute.");
      if (body.errcode || !body.openid) {
        throw new AppError(502, "WECHAT_UNAVAILABLE", "WeChat refused the login. Please try again.");
      }
      return { openid: body.openid, ...(body.unionid ? { unionid: body.unionid } : {}) };
    },
  };
}
