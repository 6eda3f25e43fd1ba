import { createRequire } from "node:module";
import path from "node:path";
import type { Plugin } from "vite";

/** Whether Node resolution from `from` can see the package `name`. */
function visible(from: string, name: string): boolean {
  try {
    createRequire(from).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/**
 * npm nested some Taro packages where the code that imports them cannot see them
 * (@tarojs/router under @tarojs/taro-h5, @tarojs/plugin-framework-react under miniapp/).
 * When a `@tarojs/*` import cannot be found from its importer, look from those places.
 */
export function workspaceResolver(configDir: string): Plugin {
  const local = createRequire(path.join(configDir, "index.ts"));
  const anchors = [path.resolve(configDir, "..", "src", "app.ts")];
  try {
    anchors.push(local.resolve("@tarojs/taro-h5/package.json"));
  } catch {
    // Not installed: the weapp build does not need it.
  }
  return {
    name: "onedoor:workspace-resolve",
    enforce: "pre",
    async resolveId(id, importer, options) {
      if (!id.startsWith("@tarojs/")) return null;
      const from = importer?.replace(/^\0/, "").split("?")[0];
      const name = id.split("/").slice(0, 2).join("/");
      if (from && path.isAbsolute(from) && visible(from, name)) return null;
      for (const anchor of anchors) {
        if (!visible(anchor, name)) continue;
        // Resolve the way Vite would from there, so every importer shares one module instance.
        const found = await this.resolve(id, anchor, { ...options, skipSelf: true });
        if (found && path.isAbsolute(found.id.split("?")[0] ?? "")) return found;
      }
      return null;
    },
  };
}

/**
 * Hono's client (vendors chunk) gets our Headers shim injected. Left alone, Taro puts the shim in
 * the `common` chunk, which itself requires vendors: a require cycle that leaves `hc` undefined
 * when common.js runs in the mini-program. Keeping the shim in vendors breaks the cycle.
 */
export function intoVendors(files: string[]): Plugin {
  return {
    name: "onedoor:into-vendors",
    enforce: "post",
    config(config) {
      const output = config.build?.rollupOptions?.output;
      if (!output || Array.isArray(output)) return;
      const taroChunks = output.manualChunks;
      if (typeof taroChunks !== "function") return;
      output.manualChunks = (id, meta) =>
        files.includes(id.split("?")[0] ?? "") ? "vendors" : taroChunks(id, meta);
    },
  };
}
