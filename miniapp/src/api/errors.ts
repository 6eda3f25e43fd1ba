export interface FieldIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; requestId?: string; details?: FieldIssue[] };
}

/** An error response from the API (or a network failure, with status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly details: FieldIssue[];

  constructor(status: number, code: string, message: string, requestId?: string, details: FieldIssue[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.details = details;
  }

  /** Field messages keyed by the last segment of each path ("body.phone" → "phone"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.details) {
      const key =
        String(issue.path)
          .split(/[.[\]/]+/)
          .filter(Boolean)
          .pop() ?? "";
      if (key && !(key in out)) out[key] = issue.message;
    }
    return out;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as ErrorBody | null)?.error;
  return typeof error === "object" && error !== null && typeof error.code === "string";
}

interface ResponseLike {
  ok: boolean;
  status: number;
  text(): Promise<string>;
}

/** Reads a non-2xx response into an ApiError, whatever its body looks like. */
export async function toApiError(res: ResponseLike): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = JSON.parse(await res.text());
  } catch {
    // Not JSON (a proxy page, an empty body): fall through to a generic error.
  }
  if (isErrorBody(body)) {
    const { code, message, requestId, details } = body.error;
    return new ApiError(res.status, code, message, requestId, Array.isArray(details) ? details : []);
  }
  // API Gateway's own throttle answers 429 {"message":"Too Many Requests"} before the app sees the
  // request (a booking rush past the stage's burst): the same as the app's limiter to the pages.
  if (res.status === 429)
    return new ApiError(429, "RATE_LIMITED", "Too many requests, please try again later.");
  return new ApiError(res.status, `HTTP_${res.status}`, `Request failed with status ${res.status}`);
}

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226;

/** The body type of the 2xx variants of a typed Hono client response. */
export type SuccessBody<R> = R extends { status: infer S; json(): Promise<infer T> }
  ? number extends S
    ? T
    : S extends SuccessStatus
      ? T
      : never
  : never;

/**
 * Awaits a typed client call and returns its 2xx JSON body, or throws an ApiError.
 * A network failure becomes ApiError with status 0 and code NETWORK_ERROR.
 */
export async function unwrap<R extends ResponseLike & { json(): Promise<unknown> }>(
  call: Promise<R>,
): Promise<SuccessBody<R>> {
  let res: R;
  try {
    res = await call;
  } catch (err) {
    throw new ApiError(0, "NETWORK_ERROR", (err as Error)?.message ?? "Network request failed");
  }
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as SuccessBody<R>;
}
