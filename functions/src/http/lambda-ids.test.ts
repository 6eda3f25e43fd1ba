import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { handle } from "hono/aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../../test/setup/harness.js";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack({ seed: false });
  // An unexpected error, to reach the error handler's log line.
  stack.app.get("/api/v1/test-boom", () => {
    throw new Error("boom");
  });
});
afterAll(() => stack.cleanup());
beforeEach(() => {
  stack.logLines.length = 0;
});

const apiRequestId = "JNm3ahm2hcwEJ9A=";
const awsRequestId = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";

/** A minimal HTTP API (payload 2.0) event, as API Gateway sends it to the function. */
function httpApiEvent(method: string, path: string): LambdaEvent {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { host: "api.onedoor.example", "user-agent": "vitest" },
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      authentication: null,
      authorizer: {},
      domainName: "api.onedoor.example",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "vitest" },
      requestId: apiRequestId,
      routeKey: "$default",
      stage: "$default",
      time: "05/Mar/2026:06:30:00 +0000",
      timeEpoch: 1772692200000,
    },
  } as unknown as LambdaEvent;
}

const lambdaContext = { awsRequestId, functionName: "onedoor-api" } as unknown as LambdaContext;
const entries = () => stack.logLines.map((line) => JSON.parse(line));

describe("request ids in the log under Lambda", () => {
  it("puts the API's and the invocation's request ids on the access log line", async () => {
    const result = await handle(stack.app)(httpApiEvent("GET", "/api/v1/health"), lambdaContext);
    expect(result.statusCode).toBe(200);
    const requestId = result.headers?.["x-request-id"];
    expect(entries()).toContainEqual(
      expect.objectContaining({
        message: "request",
        requestId,
        apiRequestId,
        lambdaRequestId: awsRequestId,
        method: "GET",
        path: "/api/v1/health",
        status: 200,
      }),
    );
  });

  it("puts them on the error handler's line too", async () => {
    const result = await handle(stack.app)(httpApiEvent("GET", "/api/v1/test-boom"), lambdaContext);
    expect(result.statusCode).toBe(500);
    const logged = entries();
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: "error",
        message: "unhandled error",
        apiRequestId,
        lambdaRequestId: awsRequestId,
        errorMessage: "boom",
      }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({
        message: "request",
        apiRequestId,
        lambdaRequestId: awsRequestId,
        status: 500,
      }),
    );
  });

  it("leaves them out when there is no Lambda: in-process and under the local Node server", async () => {
    await stack.app.request("/api/v1/health");
    await stack.app.request("/api/v1/test-boom", {}, { incoming: {}, outgoing: {} });
    const logged = entries();
    expect(logged.map((entry) => entry.message)).toEqual(["request", "unhandled error", "request"]);
    for (const entry of logged) {
      expect(entry.requestId).toEqual(expect.any(String));
      expect(entry).not.toHaveProperty("apiRequestId");
      expect(entry).not.toHaveProperty("lambdaRequestId");
    }
  });
});
