import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isTransactionConflict } from "../db/errors.js";
import { CursorError } from "../db/keys.js";
import type { AppEnv } from "./env.js";
import { AppError } from "./errors.js";
import { lambdaIds } from "./lambda-ids.js";

export function errorBody(c: Context<AppEnv>, code: string, message: string, details?: unknown) {
  return {
    error: { code, message, requestId: c.get("requestId") ?? "unknown", ...(details ? { details } : {}) },
  };
}

/** The one place where errors become responses. A 500 never leaks a stack or an AWS message. */
export function handleError(error: Error, c: Context<AppEnv>) {
  if (error instanceof AppError) {
    return c.json(errorBody(c, error.code, error.message, error.details), error.status);
  }
  if (error instanceof CursorError) {
    return c.json(
      errorBody(c, "VALIDATION_FAILED", "The request is not valid.", [
        { path: "cursor", message: "Invalid cursor" },
      ]),
      400,
    );
  }
  if (isTransactionConflict(error)) {
    // Nothing was written; the same request made again a moment later normally succeeds.
    return c.json(
      errorBody(c, "CONFLICT_RETRY", "Someone else changed this at the same moment. Please try again."),
      409,
    );
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    if (status === 400) {
      return c.json(
        errorBody(c, "VALIDATION_FAILED", "The request body is not valid JSON.", [
          { path: "", message: error.message },
        ]),
        400,
      );
    }
    if (status === 413)
      return c.json(errorBody(c, "PAYLOAD_TOO_LARGE", "The request body is larger than 64 KB."), 413);
    if (status === 415) {
      return c.json(
        errorBody(c, "VALIDATION_FAILED", "Send the body as application/json.", [
          { path: "header.Content-Type", message: "Expected application/json" },
        ]),
        400,
      );
    }
    return c.json(errorBody(c, "HTTP_ERROR", error.message || "Request failed."), status);
  }
  c.get("deps")?.logger.error("unhandled error", {
    requestId: c.get("requestId"),
    ...lambdaIds(c),
    errorName: error.name,
    errorMessage: error.message,
    stack: error.stack,
  });
  return c.json(errorBody(c, "INTERNAL", "Something went wrong on our side. Please try again."), 500);
}
