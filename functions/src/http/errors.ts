import type { ContentfulStatusCode } from "hono/utils/http-status";

export interface FieldIssue {
  path: string;
  message: string;
}

/** Domain code throws these; the one error handler turns them into the error shape. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const validationFailed = (details: FieldIssue[], message = "The request is not valid.") =>
  new AppError(400, "VALIDATION_FAILED", message, details);
export const unauthorized = (message = "Please log in again.", code = "UNAUTHORIZED") =>
  new AppError(401, code, message);
export const forbidden = (message = "You are not allowed to do this.", code = "FORBIDDEN") =>
  new AppError(403, code, message);
export const notFound = (message = "Not found.", code = "NOT_FOUND") => new AppError(404, code, message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
/** Well-formed but not acceptable as sent (e.g. an Idempotency-Key reused for a different request). */
export const unprocessable = (code: string, message: string) => new AppError(422, code, message);
export const tooManyRequests = (message = "Too many requests, please try again later.") =>
  new AppError(429, "RATE_LIMITED", message);
