import { describe, expect, it } from "vitest";
import { ApiError, toApiError, unwrap } from "./errors";
import { TaroResponse } from "./taro-fetch";

const response = (status: number, body: unknown) =>
  new TaroResponse(typeof body === "string" ? body : JSON.stringify(body), { status });

describe("toApiError", () => {
  it("reads the API error shape with field details", async () => {
    const err = await toApiError(
      response(400, {
        error: {
          code: "VALIDATION_FAILED",
          message: "The request is not valid.",
          requestId: "req-1",
          details: [
            { path: "phone", message: "Phone is an 11-digit mainland mobile number" },
            { path: "body.room", message: "Room is 1–8 letters" },
            { path: "body.room", message: "second message is ignored" },
          ],
        },
      }),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.code).toBe("VALIDATION_FAILED");
    expect(err.requestId).toBe("req-1");
    expect(err.fieldErrors()).toEqual({
      phone: "Phone is an 11-digit mainland mobile number",
      room: "Room is 1–8 letters",
    });
  });

  it("copes with bodies that are not the error shape", async () => {
    const err = await toApiError(response(502, "<html>Bad gateway</html>"));
    expect(err.code).toBe("HTTP_502");
    expect(err.fieldErrors()).toEqual({});
  });

  it("reads API Gateway's own throttle answer as RATE_LIMITED, so pages show their busy message", async () => {
    const err = await toApiError(response(429, { message: "Too Many Requests" }));
    expect(err.status).toBe(429);
    expect(err.code).toBe("RATE_LIMITED");
  });
});

describe("unwrap", () => {
  it("returns the JSON body of a 2xx response", async () => {
    await expect(unwrap(Promise.resolve(response(200, { ok: 1 })))).resolves.toEqual({ ok: 1 });
  });

  it("throws an ApiError for other statuses", async () => {
    const call = Promise.resolve(
      response(409, { error: { code: "VERIFICATION_PENDING", message: "pending" } }),
    );
    await expect(unwrap(call)).rejects.toMatchObject({ status: 409, code: "VERIFICATION_PENDING" });
  });

  it("turns a network failure into NETWORK_ERROR", async () => {
    await expect(unwrap(Promise.reject(new TypeError("Network request failed")))).rejects.toMatchObject({
      status: 0,
      code: "NETWORK_ERROR",
    });
  });
});
