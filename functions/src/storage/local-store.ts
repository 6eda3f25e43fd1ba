/**
 * The local object store: files on disk, with S3's presigned-POST semantics — a signed policy that
 * names the exact key and content type, a size range and an expiry, checked by the upload route
 * (local-routes.ts) — and signed, expiring read URLs. Chosen over an S3-compatible server because
 * none installs from npm or Debian without a separately downloaded binary; see the README.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { copyFile, mkdir, open, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { Clock } from "../clock.js";
import type { ObjectStore, PresignedUpload, StoredObject, UploadRequest } from "./store.js";

export interface UploadPolicy {
  key: string;
  contentType: string;
  maxBytes: number;
  /** Epoch seconds. */
  expires: number;
}

/** Keys are `notices/<community>/<yyyy-mm>/<id>.<ext>`: no dots-only segments, nothing outside the folder. */
export const KEY_PATTERN =
  /^[a-z]+\/[A-Za-z0-9_-]{1,64}\/[0-9]{4}-[0-9]{2}\/[A-Za-z0-9_-]{8,64}\.(jpg|png|webp)$/;

export interface LocalObjectStore extends ObjectStore {
  kind: "local";
  /** Checks a posted policy: its signature, and that it has not expired. */
  readPolicy(encoded: string, signature: string): UploadPolicy | "expired" | "invalid";
  /** Checks a read URL's signature and expiry. */
  canRead(key: string, expires: number, signature: string): "ok" | "expired" | "invalid";
  write(key: string, contentType: string, bytes: Uint8Array): Promise<void>;
  read(key: string): Promise<{ contentType: string; bytes: Buffer } | null>;
}

export function createLocalObjectStore(options: {
  dir: string;
  secret: string;
  /** The site the files are served from, e.g. http://localhost:8787 (the routes live under /files); "" for relative URLs. */
  baseUrl: string;
  clock: Clock;
}): LocalObjectStore {
  const root = resolve(options.dir);
  const sign = (text: string) => createHmac("sha256", options.secret).update(text).digest("base64url");
  const same = (a: string, b: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };
  const nowSeconds = () => Math.floor(options.clock.now().getTime() / 1000);
  const pathOf = (key: string) => {
    if (!KEY_PATTERN.test(key)) return null;
    const path = resolve(root, key);
    return path.startsWith(root + sep) ? path : null;
  };

  return {
    kind: "local",
    async presignUpload(request: UploadRequest): Promise<PresignedUpload> {
      const expires = nowSeconds() + request.expiresInSeconds;
      const policy: UploadPolicy = {
        key: request.key,
        contentType: request.contentType,
        maxBytes: request.maxBytes,
        expires,
      };
      const encoded = Buffer.from(JSON.stringify(policy)).toString("base64url");
      return {
        url: `${options.baseUrl}/files/upload`,
        fields: {
          key: request.key,
          "Content-Type": request.contentType,
          policy: encoded,
          signature: sign(encoded),
        },
        key: request.key,
        contentType: request.contentType,
        maxBytes: request.maxBytes,
        expiresAt: new Date(expires * 1000).toISOString(),
      };
    },
    readPolicy(encoded, signature) {
      if (!same(sign(encoded), signature)) return "invalid";
      let policy: UploadPolicy;
      try {
        policy = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as UploadPolicy;
      } catch {
        return "invalid";
      }
      return policy.expires < nowSeconds() ? "expired" : policy;
    },
    async signedUrl(key, expiresInSeconds) {
      const expires = nowSeconds() + expiresInSeconds;
      const signature = sign(`GET\n${key}\n${expires}`);
      return `${options.baseUrl}/files/object/${key}?expires=${expires}&signature=${signature}`;
    },
    canRead(key, expires, signature) {
      if (!same(sign(`GET\n${key}\n${expires}`), signature)) return "invalid";
      return expires < nowSeconds() ? "expired" : "ok";
    },
    async write(key, contentType, bytes) {
      const path = pathOf(key);
      if (!path) throw new Error("Invalid key");
      await mkdir(dirname(path), { recursive: true });
      // Written aside and renamed, so a reader never sees half a file.
      await writeFile(`${path}.part`, bytes);
      await writeFile(`${path}.meta.json`, JSON.stringify({ contentType, size: bytes.byteLength }));
      await rename(`${path}.part`, path);
    },
    async read(key) {
      const path = pathOf(key);
      if (!path) return null;
      try {
        const meta = JSON.parse(await readFile(`${path}.meta.json`, "utf8")) as { contentType: string };
        return { contentType: meta.contentType, bytes: await readFile(path) };
      } catch {
        return null;
      }
    },
    async copy(from, to) {
      const source = pathOf(from);
      const target = pathOf(to);
      if (!source || !target) throw new Error("Invalid key");
      await mkdir(dirname(target), { recursive: true });
      await copyFile(source, `${target}.part`);
      await copyFile(`${source}.meta.json`, `${target}.meta.json`);
      await rename(`${target}.part`, target);
    },
    async inspect(key): Promise<StoredObject | null> {
      const path = pathOf(key);
      if (!path) return null;
      try {
        const meta = JSON.parse(await readFile(`${path}.meta.json`, "utf8")) as { contentType: string };
        const size = (await stat(path)).size;
        const file = await open(path, "r");
        try {
          const head = new Uint8Array(16);
          const { bytesRead } = await file.read(head, 0, 16, 0);
          return { size, contentType: meta.contentType, head: head.subarray(0, bytesRead) };
        } finally {
          await file.close();
        }
      } catch {
        return null;
      }
    },
  };
}

export const localFilesDir = (repoRoot: string) => join(repoRoot, ".data", "files");
