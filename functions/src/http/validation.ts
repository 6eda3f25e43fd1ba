import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "./env.js";
import { type FieldIssue, validationFailed } from "./errors.js";

/** Every route's schema failure becomes 400 VALIDATION_FAILED with one entry per field. */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every input type
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  const where = result.target === "json" ? "" : `${result.target}.`;
  if (!result.success) {
    throw validationFailed(
      result.error.issues.map((issue) => ({
        path: `${where}${issue.path.map(String).join(".")}`,
        message: issue.message,
      })),
    );
  }
  const illFormed = illFormedStrings(result.data, where);
  if (illFormed.length) throw validationFailed(illFormed);
};

/** A lone surrogate (JSON can carry "\ud800"): not well-formed Unicode, in a value or a key. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Strings that are not well-formed Unicode cannot be stored or shown faithfully (DynamoDB and
 * WeChat expect UTF-8): refused before any handler runs. Walks without recursion, so any depth
 * of nesting is safe.
 */
export function illFormedStrings(data: unknown, prefix = ""): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stack: [unknown, string][] = [[data, ""]];
  while (stack.length && issues.length < 20) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value))
        issues.push({ path: `${prefix}${path}`, message: "Not well-formed Unicode (a lone surrogate)" });
    } else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (LONE_SURROGATE.test(key))
          issues.push({ path: `${prefix}${at}`, message: "Not well-formed Unicode (a lone surrogate)" });
        stack.push([child, at]);
      }
    }
  }
  return issues;
}
