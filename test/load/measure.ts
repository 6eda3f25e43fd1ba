/**
 * Counting what requests return: latencies, successes, expected refusals, errors and the
 * DynamoDB capacity each consumed (the stack's X-Consumed-Capacity header, or the bench's own
 * meter for raw SDK calls). One Tally per table row.
 */
import { randomUUID } from "node:crypto";
import { Agent, request as httpRequest } from "node:http";
import {
  CAPACITY_HEADER,
  type HeaderCapacity,
  parseCapacityHeader,
} from "../../functions/src/db/capacity-meter.js";

/** Which answers a scenario expects as refusals (a 409 in a rush, ALREADY_VOTED on a repeat). */
export type Refusal = (status: number, code: string | undefined) => boolean;
export const noRefusal: Refusal = () => false;

export class Tally {
  latencies: number[] = [];
  ok = 0;
  refused = 0;
  errors = 0;
  serverErrors = 0;
  statuses: Record<string, number> = {};
  codes: Record<string, number> = {};
  rcu = 0;
  wcu = 0;
  calls = 0;
  failedCalls = 0;
  /** Answers that carried a capacity figure: RCU/WCU per request are over these. */
  metered = 0;
  elapsedMs = 0;

  constructor(readonly refusal: Refusal = noRefusal) {}

  addCapacity(capacity: HeaderCapacity | null) {
    if (!capacity) return;
    this.metered++;
    this.rcu += capacity.rcu;
    this.wcu += capacity.wcu;
    this.calls += capacity.calls;
    this.failedCalls += capacity.failed;
  }

  /** Reads the whole answer (its latency ends with the last byte) and counts it. */
  async record(started: number, answer: Promise<Response>): Promise<Response | null> {
    try {
      const response = await answer;
      const text = await response.text();
      this.latencies.push(performance.now() - started);
      this.statuses[response.status] = (this.statuses[response.status] ?? 0) + 1;
      this.addCapacity(parseCapacityHeader(response.headers.get(CAPACITY_HEADER)));
      if (response.ok) {
        this.ok++;
        return new Response(text, response);
      }
      let code: string | undefined;
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
      } catch {
        // not the API's error body
      }
      const label = `${response.status} ${code ?? "?"}`;
      this.codes[label] = (this.codes[label] ?? 0) + 1;
      if (response.status >= 500) this.serverErrors++;
      if (this.refusal(response.status, code)) this.refused++;
      else this.errors++;
      return null;
    } catch (error) {
      this.latencies.push(performance.now() - started);
      this.errors++;
      const failure = error as { code?: string; message?: string; cause?: { code?: string } };
      const label = `network ${failure.code ?? failure.cause?.code ?? failure.message}`;
      this.codes[label] = (this.codes[label] ?? 0) + 1;
      return null;
    }
  }

  get requests() {
    return this.latencies.length;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export interface Row {
  scenario: string;
  requests: number;
  ok: number;
  refused: number;
  errors: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  reqPerSec: number;
  rcuPerReq: number | null;
  wcuPerReq: number | null;
  /** Not in the printed table: DynamoDB calls per request and calls that failed (unreported capacity). */
  callsPerReq: number | null;
  failedCallsPerReq: number | null;
  statuses: Record<string, number>;
  codes: Record<string, number>;
  seconds: number;
}

const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;

export function rowOf(scenario: string, tally: Tally): Row {
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const per = (n: number) => (tally.metered ? round(n / tally.metered, 2) : null);
  const seconds = tally.elapsedMs / 1000;
  return {
    scenario,
    requests: tally.requests,
    ok: tally.ok,
    refused: tally.refused,
    errors: tally.errors,
    p50ms: round(percentile(sorted, 50)),
    p95ms: round(percentile(sorted, 95)),
    p99ms: round(percentile(sorted, 99)),
    reqPerSec: seconds > 0 ? Math.round(tally.requests / seconds) : 0,
    rcuPerReq: per(tally.rcu),
    wcuPerReq: per(tally.wcu),
    callsPerReq: per(tally.calls),
    failedCallsPerReq: per(tally.failedCalls),
    statuses: tally.statuses,
    codes: tally.codes,
    seconds: round(seconds, 2),
  };
}

/** `concurrency` clients sending `request` back to back for `seconds`, counted into `tally`. */
export async function runFor(
  tally: Tally,
  seconds: number,
  concurrency: number,
  request: () => Promise<Response>,
): Promise<Tally> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await tally.record(t0, request());
      }
    }),
  );
  tally.elapsedMs += performance.now() - started;
  return tally;
}

/** Every request sent at the same instant (a rush); each answer, or null for a failure. */
export async function burst(tally: Tally, requests: (() => Promise<Response>)[]) {
  const started = performance.now();
  const answers = await Promise.all(requests.map((request) => tally.record(performance.now(), request())));
  tally.elapsedMs += performance.now() - started;
  return answers;
}

/**
 * HTTP over node:http, without fetch's 10 s connect timeout: a rush of thousands of connections
 * at once waits for the server to accept them, as phones would. Timed runs reuse connections
 * (keep-alive); an idle one is dropped after 2 s, before the server's 5 s keep-alive timeout, so
 * a request is never sent on a connection the server is closing. Rushes and bursts open a fresh
 * connection per resident (`fresh`). A request is abandoned after REQUEST_TIMEOUT_MS (an error).
 */
const reused = new Agent({ keepAlive: true, timeout: 2000, maxSockets: Number.POSITIVE_INFINITY });
const fresh = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
const REQUEST_TIMEOUT_MS = 180_000;

export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method ?? "GET", headers: options.headers, agent: options.agent ?? reused },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers))
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
              headers.append(name, one);
          const status = res.statusCode ?? 0;
          const empty = status === 204 || status === 304;
          resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers }));
        });
      },
    );
    request.setTimeout(REQUEST_TIMEOUT_MS, () =>
      request.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)),
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/** The API as the mini-program calls it: bearer token, JSON, a fresh Idempotency-Key per creating POST. */
export function apiClient(base: string) {
  const client = (agent: Agent) => {
    const headers = (token?: string): Record<string, string> =>
      token ? { Authorization: `Bearer ${token}` } : {};
    return {
      get: (path: string, token?: string) =>
        send(`${base}/api/v1${path}`, { headers: headers(token), agent }),
      post: (path: string, token: string | undefined, body: unknown) =>
        send(`${base}/api/v1${path}`, {
          method: "POST",
          headers: { ...headers(token), "Content-Type": "application/json", "Idempotency-Key": randomUUID() },
          body: JSON.stringify(body),
          agent,
        }),
    };
  };
  return {
    ...client(reused),
    /** A new connection for each request: one resident's phone in a rush. */
    fresh: client(fresh),
    /** GET or POST that must succeed: its JSON. */
    async json<T>(answer: Promise<Response>, what: string): Promise<T> {
      const response = await answer;
      const text = await response.text();
      if (!response.ok) throw new Error(`${what}: ${response.status} ${text}`);
      return JSON.parse(text) as T;
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
