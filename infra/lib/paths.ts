import { fileURLToPath } from "node:url";

/** Absolute paths the stack needs, independent of the directory `cdk` or vitest runs from. */
export const functionsDir = fileURLToPath(new URL("../../functions/", import.meta.url));
export const lockFile = fileURLToPath(new URL("../../package-lock.json", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
/** Per-stage settings files, `<stage>.json` (see config.ts). */
export const stagesDir = fileURLToPath(new URL("../stages/", import.meta.url));
