import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for api.weixin.qq.com's code2session: code `good-<openid>` logs in as that
 * openid, `used` answers errcode 40163, `busy` answers -1. It records what it was asked.
 */
export async function startFakeWechat(appId: string, appSecret: string) {
  const calls: URLSearchParams[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    calls.push(url.searchParams);
    const send = (body: object) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
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
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
