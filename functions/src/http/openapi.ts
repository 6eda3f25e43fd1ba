import { z } from "@hono/zod-openapi";

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "VALIDATION_FAILED" }),
      message: z.string(),
      requestId: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi("Error");

const errorDescriptions = {
  400: "Invalid input (VALIDATION_FAILED with field details)",
  401: "Not logged in or the token is invalid or expired",
  403: "Not allowed for this role or community",
  404: "Not found",
  409: "Conflicts with the current state (on creating routes also IDEMPOTENCY_IN_PROGRESS: the same request is still running)",
  413: "Body larger than 64 KB",
  428: "A required confirmation is missing (CONFIRMATION_REQUIRED)",
  422: "IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used for a different request",
  429: "Too many requests (RATE_LIMITED); Retry-After gives the seconds to wait",
} as const;

type ErrorStatus = keyof typeof errorDescriptions;

/** The documented error responses of a route. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: errorDescriptions[status], content: { "application/json": { schema: errorSchema } } },
    ]),
  ) as unknown as {
    [K in S]: { description: string; content: { "application/json": { schema: typeof errorSchema } } };
  };
}

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } };
}

export const bearer = [{ bearerAuth: [] }];
