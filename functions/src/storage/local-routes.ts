/**
 * The local store's endpoints, mounted at /files by `npm start` (never in AWS, where S3 answers):
 * POST /files/upload takes a presigned form as S3 does, GET /files/object/<key> serves a signed URL.
 * Refusals mirror S3's: 403 for a bad or expired policy or a broken condition, 400 for a file too large.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { LocalObjectStore } from "./local-store.js";

const refuse = (code: string, message: string) => ({ error: { code, message } });
const FORM_FIELDS = new Set(["key", "Content-Type", "policy", "signature", "file"]);

export function localFilesRoutes(store: LocalObjectStore, maxBytes: number) {
  const app = new Hono();
  // A form a little larger than the largest file is refused before it is read.
  app.post(
    "/upload",
    bodyLimit({
      maxSize: maxBytes + 64 * 1024,
      onError: (c) =>
        c.json(refuse("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"), 400),
    }),
    async (c) => {
      let form: Record<string, string | File>;
      try {
        form = (await c.req.parseBody()) as Record<string, string | File>;
      } catch {
        return c.json(
          refuse(
            "MalformedPOSTRequest",
            "The body of your POST request is not well-formed multipart/form-data.",
          ),
          400,
        );
      }
      const { policy: encoded, signature, key } = form;
      const contentType = form["Content-Type"];
      const file = form.file;
      if (typeof encoded !== "string" || typeof signature !== "string")
        return c.json(refuse("AccessDenied", "The form has no signed policy."), 403);
      const policy = store.readPolicy(encoded, signature);
      if (policy === "invalid")
        return c.json(refuse("SignatureDoesNotMatch", "The policy signature is invalid."), 403);
      if (policy === "expired")
        return c.json(refuse("AccessDenied", "Invalid according to Policy: Policy expired."), 403);
      // As S3: every field must be one the policy covers.
      const extra = Object.keys(form).filter((name) => !FORM_FIELDS.has(name));
      if (extra.length > 0)
        return c.json(
          refuse("AccessDenied", `Invalid according to Policy: Extra input fields: ${extra.join(", ")}`),
          403,
        );
      if (key !== policy.key || contentType !== policy.contentType)
        return c.json(refuse("AccessDenied", "Invalid according to Policy: Policy Condition failed."), 403);
      if (!(file instanceof File))
        return c.json(refuse("InvalidArgument", "POST requires exactly one file upload per request."), 400);
      if (file.size > policy.maxBytes)
        return c.json(refuse("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"), 400);
      if (file.size < 1)
        return c.json(
          refuse("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size"),
          400,
        );
      await store.write(policy.key, policy.contentType, new Uint8Array(await file.arrayBuffer()));
      return c.body(null, 204);
    },
  );
  app.get("/object/*", async (c) => {
    const key = c.req.path.replace(/^.*?\/object\//, "");
    const expires = Number(c.req.query("expires"));
    const verdict = store.canRead(key, expires, c.req.query("signature") ?? "");
    if (verdict !== "ok")
      return c.json(
        refuse("AccessDenied", verdict === "expired" ? "Request has expired" : "Access Denied"),
        403,
      );
    const object = await store.read(key);
    if (!object) return c.json(refuse("NoSuchKey", "The specified key does not exist."), 404);
    return c.body(new Uint8Array(object.bytes), 200, {
      "Content-Type": object.contentType,
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    });
  });
  return app;
}
