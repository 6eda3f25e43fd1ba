/**
 * Images a feature keeps (notice images, case photos): each must have been uploaded for the
 * community through POST /uploads and be what it claims; once named, it is copied out of reach of
 * the upload form and checked again.
 */
import type { AppDeps } from "../deps.js";
import { type FieldIssue, validationFailed } from "../http/errors.js";
import { MAX_IMAGE_BYTES, sniffImageType } from "./store.js";

/** Where an upload is kept once a record names it: `uploads/…` becomes `<kept>/…`. */
export const keptKey = (uploadKey: string, kept: string) => uploadKey.replace(/^uploads\//, `${kept}/`);

/** The one object's problem, if any: missing, over 5 MB, or not the JPEG/PNG/WebP it claims to be. */
async function imageProblem(deps: AppDeps, key: string): Promise<string | null> {
  const object = await deps.storage.inspect(key);
  if (!object) return "The upload has not finished (no file under this key)";
  if (object.size > MAX_IMAGE_BYTES) return "Images are at most 5 MB";
  const real = sniffImageType(object.head);
  if (!real || real !== object.contentType)
    return "The file is not the JPEG, PNG or WebP image it claims to be";
  return null;
}

export interface ImageField {
  /** The body field that lists them, for the error details. */
  path: string;
  /** The folder kept copies live in (`notices`, `cases`). */
  kept: string;
  /** Keys the record already keeps: accepted as they are. */
  known?: string[];
  /** Accept a key under `<kept>/` only when it is in `known` (a case photo is not reused elsewhere). */
  onlyKnownKept?: boolean;
}

/**
 * Every image must have been uploaded for this community (`uploads/<community>/…`, or one the
 * community already keeps under `<kept>/<community>/…`) and be what it claims: present, at most
 * 5 MB, and a JPEG, PNG or WebP by its first bytes (not only by its declared type).
 */
export async function checkImages(deps: AppDeps, communityId: string, images: string[], field: ImageField) {
  const issues: FieldIssue[] = [];
  if (new Set(images).size !== images.length)
    issues.push({ path: field.path, message: "An image is listed twice" });
  await Promise.all(
    images.map(async (key, i) => {
      if (field.known?.includes(key)) return;
      const path = `${field.path}.${i}`;
      const kept = key.startsWith(`${field.kept}/${communityId}/`);
      if (!key.startsWith(`uploads/${communityId}/`) && !(kept && !field.onlyKnownKept))
        return issues.push({
          path,
          message: kept
            ? "This image belongs to another record"
            : "This image was not uploaded for this community",
        });
      const problem = await imageProblem(deps, key);
      if (problem) issues.push({ path, message: problem });
    }),
  );
  if (issues.length > 0) throw validationFailed(issues);
}

/**
 * The images as the record keeps them. A new upload is copied from `uploads/` (which expires after
 * a day, so abandoned uploads go by themselves) to `<kept>/`, and the copy is checked again: the
 * upload form stays usable for 10 minutes, and what was checked must be what readers get.
 */
export async function keepImages(deps: AppDeps, images: string[], field: ImageField): Promise<string[]> {
  return Promise.all(
    images.map(async (key, i) => {
      if (!key.startsWith("uploads/")) return key;
      const target = keptKey(key, field.kept);
      await deps.storage.copy(key, target);
      const problem = await imageProblem(deps, target);
      if (problem) throw validationFailed([{ path: `${field.path}.${i}`, message: problem }]);
      return target;
    }),
  );
}

/** Checked, then kept: the images a new record names. */
export async function acceptImages(deps: AppDeps, communityId: string, images: string[], field: ImageField) {
  await checkImages(deps, communityId, images, field);
  return keepImages(deps, images, field);
}
