import { type HeadersLike, HeadersShim, headerEntries } from "./headers";

// The subset of Taro.request / wx.request we rely on. Declared here so this module (and its
// tests) never import @tarojs/taro.
export interface TaroRequestOptions {
  url: string;
  method: string;
  header: Record<string, string>;
  data?: string;
  dataType: string;
  responseType: "text";
  timeout?: number;
}

export interface TaroRequestResult {
  statusCode: number;
  data: unknown;
  header?: Record<string, string | string[] | undefined>;
}

export type TaroRequest = (options: TaroRequestOptions) => Promise<TaroRequestResult>;

export interface FetchInit {
  method?: string;
  headers?: HeadersLike;
  body?: unknown;
}

export type FetchLike = (
  input: string | { url: string } | { toString(): string },
  init?: FetchInit,
) => Promise<TaroResponse>;

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/** The part of the Fetch `Response` that Hono's client and our code read. */
export class TaroResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: HeadersShim;
  readonly url: string;
  readonly redirected = false;
  readonly type = "basic";
  private readonly raw: string;
  private used = false;

  constructor(raw: string, init: { status: number; headers?: HeadersLike; url?: string }) {
    this.raw = raw;
    this.status = init.status;
    this.ok = init.status >= 200 && init.status < 300;
    this.statusText = STATUS_TEXT[init.status] ?? "";
    this.headers = new HeadersShim(init.headers);
    this.url = init.url ?? "";
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  async text(): Promise<string> {
    this.consume();
    return this.raw;
  }

  async json(): Promise<unknown> {
    this.consume();
    return JSON.parse(this.raw);
  }

  clone(): TaroResponse {
    return new TaroResponse(this.raw, { status: this.status, headers: this.headers, url: this.url });
  }

  private consume(): void {
    if (this.used) throw new TypeError("Body has already been consumed.");
    this.used = true;
  }
}

function toUrl(input: Parameters<FetchLike>[0]): string {
  if (typeof input === "string") return input;
  if ("url" in input && typeof input.url === "string") return input.url;
  return input.toString();
}

function toBody(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  // Hono only sends strings (JSON) or FormData; FormData has no mini-program equivalent here.
  throw new TypeError("taro-fetch only supports string bodies.");
}

function rawBody(data: unknown): string {
  if (data === undefined || data === null) return "";
  if (typeof data === "string") return data;
  // Some runtimes parse JSON despite dataType: give the caller back the text it would have seen.
  return JSON.stringify(data);
}

function responseHeaders(header: TaroRequestResult["header"]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(header ?? {})) {
    if (value === undefined) continue;
    out.push([key, Array.isArray(value) ? value.join(", ") : String(value)]);
  }
  return out;
}

/**
 * A `fetch` built on a Taro.request-like function. It resolves for every HTTP status and rejects
 * with a TypeError only when no response arrived, as fetch does.
 */
export function createTaroFetch(request: TaroRequest, options: { timeout?: number } = {}): FetchLike {
  return async (input, init = {}) => {
    const url = toUrl(input);
    const method = (init.method ?? "GET").toUpperCase();
    const header: Record<string, string> = {};
    for (const [key, value] of headerEntries(init.headers)) header[key] = value;
    const data = toBody(init.body);
    const req: TaroRequestOptions = {
      url,
      method,
      header,
      // Anything but "json" keeps the body as text, so json() and text() both behave like fetch.
      dataType: "text",
      responseType: "text",
    };
    if (data !== undefined) req.data = data;
    if (options.timeout !== undefined) req.timeout = options.timeout;
    let res: TaroRequestResult;
    try {
      res = await request(req);
    } catch (err) {
      const detail =
        (err as { errMsg?: string; message?: string } | undefined)?.errMsg ?? (err as Error)?.message;
      throw new TypeError(`Network request failed${detail ? `: ${detail}` : ""}`);
    }
    return new TaroResponse(rawBody(res.data), {
      status: res.statusCode,
      headers: responseHeaders(res.header),
      url,
    });
  };
}
