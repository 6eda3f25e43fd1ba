import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.js";
import { validationFailed } from "./errors.js";

const JSON_TYPE = /^application\/([a-z-.]+\+)?json/i;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A JSON body must be valid UTF-8. Request.json() would silently turn broken bytes (0xFF, or a
 * surrogate encoded as ED A0 80) into U+FFFD and the handler would store them; refused instead as
 * 400 VALIDATION_FAILED, like a lone surrogate written as "\ud800" (http/validation.ts). The bytes
 * read here are cached by Hono, so the JSON validator parses them without reading the body again.
 */
export const utf8JsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.raw.body !== null && JSON_TYPE.test(c.req.header("content-type") ?? "")) {
    try {
      strictUtf8.decode(await c.req.arrayBuffer());
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      throw validationFailed([{ path: "", message: "The request body is not valid UTF-8" }]);
    }
  }
  await next();
};
