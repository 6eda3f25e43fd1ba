// Pictures go straight to storage through a presigned form (POST /uploads): notice images and case
// photos alike. Shapes come from the API's own schemas.
import type { z } from "@hono/zod-openapi";
import Taro from "@tarojs/taro";
import type { uploadSchema } from "../../../functions/src/notices/schemas";
import { client } from "./client";
import { ApiError, unwrap } from "./errors";

export type PresignedUpload = z.infer<typeof uploadSchema>;

export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** What the picture is for: staff's notice images, or a resident's (or handler's) case photos. */
export type UploadPurpose = "notice-image" | "case-photo";

/** The image type of a picked file: from the browser's File on the web build, else from its extension. */
export function imageTypeOf(path: string, declared?: string): ImageType | null {
  if (declared && (IMAGE_TYPES as readonly string[]).includes(declared)) return declared as ImageType;
  const ext = /\.([a-z0-9]+)(?:\?.*)?$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === "jpg" || ext === "jpeg") return "image/jpeg";
  if (ext === "png") return "image/png";
  if (ext === "webp") return "image/webp";
  return null;
}

/**
 * Uploads one picked image straight to storage: the API signs a form for its purpose, type and
 * size, and the file goes to storage with it (never through the API), telling its progress in
 * percent. Returns the key to send with the notice or the case.
 */
export async function uploadImage(
  purpose: UploadPurpose,
  file: { path: string; size: number; type: ImageType },
  onProgress?: (percent: number) => void,
  /** The community the picture is for; a department's handler (in none) names their case's. */
  communityId?: string,
): Promise<string> {
  const body: { upload: PresignedUpload } = await unwrap(
    client.api.v1.uploads.$post({
      json: { purpose, contentType: file.type, size: file.size, ...(communityId ? { communityId } : {}) },
    }),
  );
  const { upload } = body;
  const task = Taro.uploadFile({
    url: upload.url,
    filePath: file.path,
    name: "file",
    formData: upload.fields,
  });
  if (onProgress) task.onProgressUpdate((update) => onProgress(update.progress));
  const result = await task;
  if (result.statusCode < 200 || result.statusCode >= 300) {
    let code = "UPLOAD_FAILED";
    try {
      code = (JSON.parse(String(result.data)) as { error?: { code?: string } }).error?.code ?? code;
    } catch {
      // S3 answers in XML: the status says enough.
    }
    throw new ApiError(result.statusCode, code, `Upload failed (${result.statusCode})`);
  }
  return upload.key;
}
