/**
 * Object storage for uploaded images. Files go from the phone straight to storage with a presigned
 * POST (never through the API's body); the API only signs the upload, checks the stored object when
 * a notice names it, and signs short-lived URLs to read it. In AWS this is S3 (s3-store.ts); locally
 * a store with the same semantics (local-store.ts).
 */

export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** How long a presigned upload may be used. */
export const UPLOAD_TTL_SECONDS = 10 * 60;
/** How long a signed image URL may be read. */
export const READ_TTL_SECONDS = 60 * 60;

export interface PresignedUpload {
  /** POST a multipart form here: every field below, then the file as `file` (last). */
  url: string;
  fields: Record<string, string>;
  key: string;
  contentType: ImageType;
  maxBytes: number;
  expiresAt: string;
}

export interface UploadRequest {
  key: string;
  contentType: ImageType;
  maxBytes: number;
  expiresInSeconds: number;
}

export interface StoredObject {
  size: number;
  contentType: string;
  /** The first bytes, to check the file is what its type says. */
  head: Uint8Array;
}

export interface ObjectStore {
  kind: "s3" | "local";
  presignUpload(request: UploadRequest): Promise<PresignedUpload>;
  /** A URL that reads the object until it expires. */
  signedUrl(key: string, expiresInSeconds: number): Promise<string>;
  /** What is stored under the key, or null. */
  inspect(key: string): Promise<StoredObject | null>;
  /** Copies an object to another key (the uploader's form cannot reach the copy). */
  copy(from: string, to: string): Promise<void>;
}

const startsWith = (bytes: Uint8Array, prefix: number[], offset = 0) =>
  prefix.every((byte, i) => bytes[offset + i] === byte);

/** The image type the bytes really are (by their signature), or null. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return "image/webp";
  return null;
}

export const extensionOf: Record<ImageType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
};
