import { expect } from "vitest";
import { call, type TestStack } from "./harness.js";

/** A real 1×1 PNG. */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/**
 * Uploads through the presigned form to the test stack's local store, as the mini-program does:
 * POST /uploads for a form, then the form with the file. `fieldType` is the Content-Type put in
 * the form (to try one other than the presigned type).
 */
export async function uploadImage(
  stack: TestStack,
  token: string | undefined,
  bytes: Buffer,
  options: {
    purpose?: "notice-image" | "case-photo";
    contentType?: string;
    fieldType?: string;
    communityId?: string;
  } = {},
) {
  const contentType = options.contentType ?? "image/png";
  const fieldType = options.fieldType ?? contentType;
  const presign = await call(stack.app, "POST", "/api/v1/uploads", {
    token,
    body: {
      purpose: options.purpose ?? "notice-image",
      contentType,
      size: bytes.length,
      ...(options.communityId ? { communityId: options.communityId } : {}),
    },
  });
  expect(presign.status, presign.text).toBe(201);
  const { url, fields, key } = presign.json.upload;
  const form = new FormData();
  for (const [name, value] of Object.entries(fields as Record<string, string>))
    form.append(name, name === "Content-Type" ? fieldType : value);
  form.append("file", new Blob([new Uint8Array(bytes)], { type: contentType }), "photo");
  const response = await stack.files.request(url, { method: "POST", body: form });
  return {
    key: key as string,
    status: response.status,
    body: await response.text(),
    url: url as string,
    fields,
  };
}
