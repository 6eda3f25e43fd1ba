/**
 * The smoke test an operator runs against a deployed stage (`npm run smoke -- --url …`, entry
 * infra/scripts/smoke.ts): health with a round trip to the table, no dev login, the auth gate and,
 * given a token, one real read of the table; with --web, the CloudFront site's page, its security
 * headers and the API through the same host. Plain fetch, nothing from functions/: it runs from
 * an operator's machine against AWS.
 */
import { parseArgs } from "node:util";

export interface SmokeOptions {
  /** The API's base URL (API Gateway or CloudFront), without /api. */
  url: string;
  /** The web distribution's base URL (CloudFront), when it should be checked too. */
  web?: string;
  /** A user's bearer token, for the read through the table; without it that check is skipped. */
  token?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface SmokeResult {
  name: string;
  method: string;
  url: string;
  ok: boolean;
  skipped?: boolean;
  status?: number;
  ms: number;
  /** Why it failed (or was skipped), or what it saw. */
  detail?: string;
  /** The host did not answer at all (refused, DNS, TLS, timeout). */
  unreachable?: boolean;
}

export interface SmokeReport {
  ok: boolean;
  results: SmokeResult[];
}

interface Check {
  name: string;
  method: "GET" | "POST";
  base: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Why this check does not run this time. */
  skip?: string;
  /** A problem with the answer, or undefined when it is as expected; `note` adds what was seen. */
  verify(answer: Answer): { problem?: string; note?: string };
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a deployed API's JSON, checked field by field
  json: any;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Accepts `host`, `https://host/` or `https://host/api/v1`: the base without a trailing slash. */
export function normalizeBase(url: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`;
  const parsed = new URL(withScheme);
  const path = parsed.pathname.replace(/\/+$/, "").replace(/\/api(\/v1)?$/, "");
  return `${parsed.origin}${path}`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const errorCode = (json: unknown) =>
  isObject(json) && isObject(json.error) && typeof json.error.code === "string" ? json.error.code : undefined;

function healthCheck(name: string, base: string): Check {
  return {
    name,
    method: "GET",
    base,
    path: "/api/v1/health",
    verify: ({ status, json }) => {
      if (status !== 200)
        return {
          problem:
            status === 503 ? "the API answers but the table does not (db: unreachable)" : `expected 200`,
        };
      if (!isObject(json) || json.status !== "ok" || json.db !== "ok")
        return { problem: 'expected {"status":"ok","db":"ok"}' };
      return {};
    },
  };
}

function checksFor(options: SmokeOptions): Check[] {
  const api = normalizeBase(options.url);
  const checks: Check[] = [
    healthCheck("API health (round trip to the table)", api),
    {
      name: "dev login absent",
      method: "POST",
      base: api,
      path: "/api/v1/auth/dev-login",
      headers: { "Content-Type": "application/json" },
      // An empty body: where dev login exists it fails validation (400) and writes nothing.
      body: "{}",
      verify: ({ status, json }) => {
        if (status === 404) return {};
        if (status === 200 && isObject(json) && "token" in json)
          return { problem: "dev login issued a token: this stage runs with STAGE=local" };
        return {
          problem: `expected 404; ${status === 400 ? "400 means the route exists (STAGE=local?)" : "the route answers"}`,
        };
      },
    },
    {
      name: "auth gate (no token → 401 error shape)",
      method: "GET",
      base: api,
      path: "/api/v1/communities",
      verify: ({ status, json }) => {
        if (status !== 401) return { problem: "expected 401 without a token" };
        if (errorCode(json) !== "UNAUTHENTICATED" || !isObject(json.error) || !json.error.requestId)
          return { problem: 'expected {"error":{"code":"UNAUTHENTICATED","requestId":…}}' };
        return {};
      },
    },
  ];
  checks.push({
    name: "read through the table (communities)",
    method: "GET",
    base: api,
    path: "/api/v1/communities",
    headers: { Authorization: `Bearer ${options.token}` },
    // No route reads the table without a token: health's DescribeTable is the only anonymous call.
    skip: options.token ? undefined : "skipped: pass --token (or SMOKE_TOKEN) to read through the table",
    verify: ({ status, json }) => {
      if (status === 401) return { problem: `the token was refused (${errorCode(json) ?? "401"})` };
      if (status !== 200) return { problem: "expected 200" };
      const list = isObject(json) ? json.communities : undefined;
      if (
        !Array.isArray(list) ||
        !list.every((c) => isObject(c) && typeof c.id === "string" && typeof c.name === "string")
      )
        return { problem: 'expected {"communities":[{"id","name",…}]}' };
      return { note: `${list.length} communities` };
    },
  });
  if (options.web) {
    const web = normalizeBase(options.web);
    checks.push(
      {
        name: "web page and security headers",
        method: "GET",
        base: web,
        path: "/",
        verify: ({ status, headers, text }) => {
          if (status !== 200) return { problem: "expected 200" };
          if (!(headers.get("content-type") ?? "").includes("text/html"))
            return { problem: `expected HTML, got ${headers.get("content-type") ?? "no content-type"}` };
          if (!text.includes('id="app"')) return { problem: 'the page has no app root (<div id="app">)' };
          const missing = [
            "strict-transport-security",
            "x-frame-options",
            "content-security-policy",
            "x-content-type-options",
          ].filter((name) => !headers.has(name));
          if (missing.length > 0) return { problem: `missing header(s): ${missing.join(", ")}` };
          if (headers.get("x-content-type-options")?.toLowerCase() !== "nosniff")
            return { problem: "x-content-type-options is not nosniff" };
          return {};
        },
      },
      healthCheck("API through the web host", web),
    );
  }
  return checks;
}

/** One line for an error that means the host never answered. */
export function unreachableReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  switch (cause?.code) {
    case "ECONNREFUSED":
      return "connection refused (nothing listens there)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host name not found (DNS)";
    case "ECONNRESET":
      return "connection reset";
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return "connection timed out";
  }
  if (cause?.message === "bad port") return "fetch refuses this port (a blocked port such as 9 or 6000)";
  if (cause?.code?.includes("CERT") || cause?.code?.startsWith("ERR_TLS"))
    return `TLS certificate problem (${cause.code})`;
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return cause?.code ? `${message} (${cause.code})` : message;
}

async function runCheck(check: Check, doFetch: typeof fetch, timeoutMs: number): Promise<SmokeResult> {
  const url = `${check.base}${check.path}`;
  const base = { name: check.name, method: check.method, url };
  if (check.skip) return { ...base, ok: true, skipped: true, ms: 0, detail: check.skip };
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let answer: Answer;
  try {
    const response = await doFetch(url, {
      method: check.method,
      headers: check.headers,
      body: check.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    answer = { status: response.status, headers: response.headers, text, json };
  } catch (error) {
    return { ...base, ok: false, ms: ms(), unreachable: true, detail: unreachableReason(error, timeoutMs) };
  }
  const { problem, note } = check.verify(answer);
  return { ...base, ok: !problem, status: answer.status, ms: ms(), detail: problem ?? note };
}

/** Runs every check once, in order, and says whether all passed. */
export async function runSmoke(options: SmokeOptions): Promise<SmokeReport> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const results: SmokeResult[] = [];
  const silent = new Map<string, string>();
  for (const check of checksFor(options)) {
    // A host that did not answer once is not waited for again: its other checks fail at once.
    const reason = check.skip ? undefined : silent.get(new URL(check.base).origin);
    const result = reason
      ? {
          name: check.name,
          method: check.method,
          url: `${check.base}${check.path}`,
          ok: false,
          ms: 0,
          unreachable: true,
          detail: `not tried: ${reason}`,
        }
      : await runCheck(check, doFetch, timeoutMs);
    if (result.unreachable && !reason) silent.set(new URL(check.base).origin, result.detail ?? "no answer");
    results.push(result);
  }
  return { ok: results.every((r) => r.ok), results };
}

export function formatResult(result: SmokeResult): string {
  const mark = result.skipped ? "–" : result.ok ? "✓" : "✗";
  const status = result.skipped ? "" : result.unreachable ? "---" : String(result.status);
  const timing = result.skipped ? "" : `${result.ms} ms`;
  const head = `${mark} ${result.name.padEnd(40)} ${status.padStart(3)} ${timing.padStart(7)}`;
  return `${head}  ${result.method} ${result.url}${result.detail ? ` — ${result.detail}` : ""}`;
}

export const USAGE = `Smoke-test a deployed OneDoor stage.

Usage: npm run smoke -- --url <api base> [--web <web base>] [--token <jwt>] [--timeout <seconds>]

  --url      the API's base URL: the stack's API URL or the CloudFront domain (https://…)
  --web      the web distribution's URL (CloudFront): checks the page, its security
             headers, and the API served through the same host
  --token    a logged-in user's bearer token (or the SMOKE_TOKEN variable, which keeps it
             out of the shell history): adds a read through the table (GET /api/v1/communities)
  --timeout  seconds per request (default ${DEFAULT_TIMEOUT_MS / 1000})
  --help     this text

Checks: health with db ok; POST /api/v1/auth/dev-login answers 404; an unauthenticated
request gets the 401 error shape; with a token, the communities list reads the table; with
--web, GET / is the app's HTML with strict-transport-security, x-content-type-options: nosniff,
x-frame-options and content-security-policy, and GET <web>/api/v1/health is healthy.
Exit code 0 when every check passes, 1 when one fails, 2 for a usage error.`;

/** The CLI: parses argv, prints one line per check, returns the exit code. */
export async function main(
  argv: string[],
  io: { print?: (line: string) => void; env?: NodeJS.ProcessEnv; fetch?: typeof fetch } = {},
): Promise<number> {
  const print = io.print ?? ((line: string) => console.log(line));
  let values: { url?: string; web?: string; token?: string; timeout?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: "string" },
        web: { type: "string" },
        token: { type: "string" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    print(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    print(USAGE);
    return 0;
  }
  if (!values.url) {
    print(`--url is required.\n\n${USAGE}`);
    return 2;
  }
  const timeoutSeconds = values.timeout === undefined ? DEFAULT_TIMEOUT_MS / 1000 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    print(`--timeout must be a positive number of seconds, not "${values.timeout}".`);
    return 2;
  }
  let api: string;
  let web: string | undefined;
  try {
    api = normalizeBase(values.url);
    web = values.web ? normalizeBase(values.web) : undefined;
  } catch {
    print(`Not a URL: ${values.web && values.url ? `${values.url} / ${values.web}` : values.url}`);
    return 2;
  }
  print(`OneDoor smoke test — API ${api}${web ? `, web ${web}` : ""}`);
  const report = await runSmoke({
    url: api,
    web,
    token: values.token ?? (io.env ?? process.env).SMOKE_TOKEN,
    timeoutMs: timeoutSeconds * 1000,
    fetch: io.fetch,
  });
  for (const result of report.results) print(formatResult(result));
  // The first failure per host carries the reason; the ones after it say "not tried".
  const silent = new Map<string, string | undefined>();
  for (const r of report.results)
    if (r.unreachable && !silent.has(new URL(r.url).origin)) silent.set(new URL(r.url).origin, r.detail);
  for (const [origin, reason] of silent)
    print(
      `No answer from ${origin}: ${reason}. Is the URL right (the stack's outputs) and the stage deployed?`,
    );
  const failed = report.results.filter((r) => !r.ok).length;
  print(failed === 0 ? "All checks passed." : `${failed} check(s) failed.`);
  return failed === 0 ? 0 : 1;
}
