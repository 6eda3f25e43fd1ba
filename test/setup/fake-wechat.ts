import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SubscribeSend {
  accessToken: string;
  body: {
    touser: string;
    template_id: string;
    page?: string;
    data: Record<string, { value: string }>;
    miniprogram_state?: string;
    lang?: string;
  };
  /** What the fake answered. */
  errcode: number;
}

/** How /cgi-bin/message/subscribe/send answers: ok, refused (43101), busy (-1), invalid (47003). */
export type SubscribeMode = "ok" | "refused" | "busy" | "invalid";

const readBody = (request: IncomingMessage) =>
  new Promise<string>((done, fail) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      text += chunk;
    });
    request.on("end", () => done(text));
    request.on("error", fail);
  });

/**
 * A local stand-in for api.weixin.qq.com.
 * - code2session: code `good-<openid>` logs in as that openid, `used` answers errcode 40163, `busy`
 *   answers -1.
 * - /cgi-bin/token issues `token-<n>` (valid until `expireTokens()`), /cgi-bin/message/subscribe/send
 *   answers 40001 for a token it did not issue or expired, else by `subscribe.mode`; an openid
 *   starting `refuse-` is always refused (43101).
 * It records what it was asked: `calls` (every query string), `subscribe.sends`, `subscribe.tokenRequests`.
 */
export async function startFakeWechat(appId: string, appSecret: string) {
  const calls: URLSearchParams[] = [];
  const validTokens = new Set<string>();
  let issued = 0;
  const subscribe = {
    mode: "ok" as SubscribeMode,
    sends: [] as SubscribeSend[],
    tokenRequests: 0,
    /** Delay of each send, to widen race windows in concurrency tests. */
    delayMs: 0,
  };

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    calls.push(url.searchParams);
    const send = (body: object) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === "/cgi-bin/token") {
      subscribe.tokenRequests += 1;
      if (url.searchParams.get("appid") !== appId || url.searchParams.get("secret") !== appSecret) {
        return send({ errcode: 40125, errmsg: "invalid appsecret" });
      }
      issued += 1;
      const token = `token-${issued}`;
      validTokens.add(token);
      return send({ access_token: token, expires_in: 7200 });
    }
    if (url.pathname === "/cgi-bin/message/subscribe/send") {
      const accessToken = url.searchParams.get("access_token") ?? "";
      const body = JSON.parse(await readBody(request)) as SubscribeSend["body"];
      if (subscribe.delayMs) await new Promise((done) => setTimeout(done, subscribe.delayMs));
      const errcode = !validTokens.has(accessToken)
        ? 40001
        : body.touser.startsWith("refuse-") || subscribe.mode === "refused"
          ? 43101
          : subscribe.mode === "busy"
            ? -1
            : subscribe.mode === "invalid"
              ? 47003
              : 0;
      subscribe.sends.push({ accessToken, body, errcode });
      return send(
        errcode === 0
          ? { errcode, errmsg: "ok", msgid: subscribe.sends.length }
          : { errcode, errmsg: "fake" },
      );
    }
    if (url.pathname !== "/sns/jscode2session") return send({ errcode: 404, errmsg: "not found" });
    if (url.searchParams.get("appid") !== appId || url.searchParams.get("secret") !== appSecret) {
      return send({ errcode: 40125, errmsg: "invalid appsecret" });
    }
    const code = url.searchParams.get("js_code") ?? "";
    if (code.startsWith("good-")) return send({ openid: code.slice(5), session_key: "secret-session-key" });
    if (code === "used") return send({ errcode: 40163, errmsg: "code been used" });
    if (code === "busy") return send({ errcode: -1, errmsg: "system error" });
    return send({ errcode: 40029, errmsg: "invalid code" });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    calls,
    subscribe,
    /** Every token issued so far stops working, as when WeChat expires one or another server refreshes. */
    expireTokens: () => validTokens.clear(),
    /** Successful pushes only. */
    delivered: () => subscribe.sends.filter((s) => s.errcode === 0),
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
