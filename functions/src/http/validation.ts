import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "./env.js";
import { validationFailed } from "./errors.js";

/** Every route's schema failure becomes 400 VALIDATION_FAILED with one entry per field. */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every input type
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (!result.success) {
    const where = result.target === "json" ? "" : `${result.target}.`;
    throw validationFailed(
      result.error.issues.map((issue) => ({
        path: `${where}${issue.path.map(String).join(".")}`,
        message: issue.message,
      })),
    );
  }
};
