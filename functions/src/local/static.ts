import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { Context } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".map": "application/json; charset=utf-8",
};

/** Serves the H5 build; unknown paths get index.html so deep links open the app. */
export function serveH5(root: string) {
  const base = normalize(root) + sep;
  return async (c: Context) => {
    const requested = decodeURIComponent(new URL(c.req.url).pathname);
    let path = normalize(join(base, requested));
    if (!path.startsWith(base)) return c.text("Not found", 404);
    const info = await stat(path).catch(() => null);
    if (!info || info.isDirectory()) path = join(base, "index.html");
    const body = await readFile(path).catch(() => null);
    if (!body) return c.text("The web build is missing: run npm run build:h5", 503);
    const isHtml = path.endsWith(".html");
    return c.body(body, 200, {
      "Content-Type": TYPES[extname(path)] ?? "application/octet-stream",
      // Asset names carry content hashes; the page itself must always be fresh.
      "Cache-Control": isHtml ? "no-cache" : "public, max-age=31536000, immutable",
    });
  };
}
