import { describe, expect, it } from "vitest";
import { withUnauthorizedHandler } from "./auth-fetch";
import { createTaroFetch } from "./taro-fetch";

function fetchWithStatus(statusCode: number) {
  return createTaroFetch(async () => ({ statusCode, data: "{}" }));
}

describe("withUnauthorizedHandler", () => {
  it("calls the handler on 401 and still returns the response", async () => {
    let calls = 0;
    const fetch = withUnauthorizedHandler(fetchWithStatus(401), () => {
      calls++;
    });
    const res = await fetch("/api/v1/me");
    expect(res.status).toBe(401);
    expect(calls).toBe(1);
  });

  it.each([200, 400, 403, 404, 500])("leaves the session alone on %i", async (status) => {
    let calls = 0;
    const fetch = withUnauthorizedHandler(fetchWithStatus(status), () => {
      calls++;
    });
    await fetch("/api/v1/me");
    expect(calls).toBe(0);
  });
});
