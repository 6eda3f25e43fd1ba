import type { Context } from "hono";

export interface LambdaIds {
  /** The HTTP API's `requestContext.requestId`: `$context.requestId` in the API's access log. */
  apiRequestId?: string;
  /** The invocation's `awsRequestId`, as in the Lambda's own START/END/REPORT lines. */
  lambdaRequestId?: string;
}

interface LambdaBindings {
  requestContext?: { requestId?: unknown };
  lambdaContext?: { awsRequestId?: unknown };
}

/**
 * The ids that tie a log line to the API's access log and to the invocation. hono/aws-lambda
 * passes `{ event, requestContext, lambdaContext }` as the env; the local server passes other
 * things, so each id is there only when it is a non-empty string.
 */
export function lambdaIds(c: Context): LambdaIds {
  const env = (c.env ?? {}) as LambdaBindings;
  const apiRequestId = env.requestContext?.requestId;
  const lambdaRequestId = env.lambdaContext?.awsRequestId;
  return {
    ...(typeof apiRequestId === "string" && apiRequestId ? { apiRequestId } : {}),
    ...(typeof lambdaRequestId === "string" && lambdaRequestId ? { lambdaRequestId } : {}),
  };
}
