import { describe, expect, it } from "vitest";
import { HeadersShim } from "./headers";
import { createTaroFetch, type TaroRequestOptions, type TaroRequestResult } from "./taro-fetch";

function fakeRequest(result: TaroRequestResult | Error) {
  const calls: TaroRequestOptions[] = [];
  const request = async (options: TaroRequestOptions) => {
    calls.push(options);
    if (result instanceof Error) throw result;
    return result;
  };
  return { calls, request };
}

describe("createTaroFetch", () => {
  it("maps method, url, headers and body onto Taro.request", async () => {
    const { calls, request } = fakeRequest({ statusCode: 200, data: "{}" });
    const fetch = createTaroFetch(request, { timeout: 5000 });
    const headers = new HeadersShim();
    headers.set("Content-Type", "application/json");
    headers.set("Authorization", "Bearer t");
    await fetch("http://api.test/api/v1/me/verification-request", {
      method: "post",
      headers,
      body: JSON.stringify({ room: "301" }),
    });
    expect(calls).toEqual([
      {
        url: "http://api.test/api/v1/me/verification-request",
        method: "POST",
        header: { "content-type": "application/json", authorization: "Bearer t" },
        data: '{"room":"301"}',
        dataType: "text",
        responseType: "text",
        timeout: 5000,
      },
    ]);
  });

  it("accepts native Headers, pairs and plain objects, URL inputs, and defaults to GET without body", async () => {
    const { calls, request } = fakeRequest({ statusCode: 204, data: "" });
    const fetch = createTaroFetch(request);
    await fetch(new URL("http://api.test/a?x=1"), { headers: new Headers({ "X-A": "1" }) });
    await fetch({ url: "http://api.test/b" }, { headers: [["X-B", "2"]] });
    await fetch("/c", { headers: { "X-C": "3", "X-Skip": undefined } });
    expect(calls.map((c) => [c.url, c.method, c.header, "data" in c])).toEqual([
      ["http://api.test/a?x=1", "GET", { "x-a": "1" }, false],
      ["http://api.test/b", "GET", { "X-B": "2" }, false],
      ["/c", "GET", { "X-C": "3" }, false],
    ]);
  });

  it("returns a Response-like object with status, ok, headers, json and text", async () => {
    const { request } = fakeRequest({
      statusCode: 201,
      data: '{"request":{"id":"r1"}}',
      header: { "Content-Type": "application/json", "Set-Cookie": ["a=1", "b=2"] },
    });
    const res = await createTaroFetch(request)("/x", { method: "POST", body: "{}" });
    expect(res.status).toBe(201);
    expect(res.ok).toBe(true);
    expect(res.statusText).toBe("Created");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(res.clone().bodyUsed).toBe(false);
    expect(await res.json()).toEqual({ request: { id: "r1" } });
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(TypeError);
  });

  it("resolves for error statuses like fetch does", async () => {
    const body = { error: { code: "VALIDATION_FAILED", message: "bad", requestId: "q1" } };
    const { request } = fakeRequest({ statusCode: 400, data: JSON.stringify(body) });
    const res = await createTaroFetch(request)("/x");
    expect(res.ok).toBe(false);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(JSON.stringify(body));
  });

  it("re-serialises data a runtime parsed despite dataType text", async () => {
    const { request } = fakeRequest({ statusCode: 200, data: { a: 1 } });
    const res = await createTaroFetch(request)("/x");
    expect(await res.json()).toEqual({ a: 1 });
  });

  it("treats a missing body as empty text", async () => {
    const { request } = fakeRequest({ statusCode: 204, data: null });
    const res = await createTaroFetch(request)("/x");
    expect(await res.text()).toBe("");
  });

  it("rejects with a TypeError when the request fails (no response)", async () => {
    const { request } = fakeRequest(Object.assign(new Error("x"), { errMsg: "request:fail timeout" }));
    await expect(createTaroFetch(request)("/x")).rejects.toThrow(
      /Network request failed: request:fail timeout/,
    );
  });

  it("refuses bodies it cannot send", async () => {
    const { request } = fakeRequest({ statusCode: 200, data: "" });
    await expect(createTaroFetch(request)("/x", { method: "POST", body: new Uint8Array(1) })).rejects.toThrow(
      TypeError,
    );
  });
});

describe("HeadersShim", () => {
  it("is case-insensitive, appends and iterates", () => {
    const h = new HeadersShim({ Accept: "a" });
    h.append("accept", "b");
    h.set("X-Y", "1");
    expect(h.get("ACCEPT")).toBe("a, b");
    expect(h.has("x-y")).toBe(true);
    h.delete("X-y");
    expect([...h]).toEqual([["accept", "a, b"]]);
  });
});
