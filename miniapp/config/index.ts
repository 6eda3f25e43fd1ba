import path from "node:path";
import { defineConfig } from "@tarojs/cli";
import type { IProjectConfig } from "@tarojs/taro/types/compile";
import devConfig from "./dev";
import prodConfig from "./prod";
import { intoVendors, workspaceResolver } from "./vite-plugins";

const taroEnv = process.env.TARO_ENV ?? "h5";

// Only `.env` files reach the bundle by default; a shell variable must be forwarded explicitly.
const apiBase = process.env.TARO_APP_API_BASE ?? (taroEnv === "weapp" ? "http://localhost:8787" : "");

type Merge = (...configs: object[]) => object;

const headersShim = path.resolve(__dirname, "..", "src", "api", "headers.ts");

// WeChat has no Headers; Hono's client calls `new Headers()`, so every module gets the shim.
// (The vite runner reads `mini.injectOptions`; Taro's config type does not list it yet.)
const miniInject = { injectOptions: { include: { Headers: [headersShim, "HeadersShim"] } } };

export default defineConfig<"vite">(async (merge: Merge) => {
  const baseConfig: IProjectConfig<"vite"> = {
    projectName: "onedoor",
    // NutUI is drawn for a 375 px wide screen, our own styles for 750 (rpx-like).
    designWidth(input) {
      const file = typeof input === "object" && input.file ? input.file.replace(/\\+/g, "/") : "";
      return file.includes("@nutui") ? 375 : 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: "src",
    outputRoot: `dist/${taroEnv}`,
    plugins: [],
    env: {
      TARO_APP_API_BASE: JSON.stringify(apiBase),
      TARO_APP_SUBSCRIBE_TEMPLATE_IDS: JSON.stringify(process.env.TARO_APP_SUBSCRIBE_TEMPLATE_IDS ?? ""),
    },
    defineConstants: {},
    alias: { "@": path.resolve(__dirname, "..", "src") },
    copy: { patterns: [], options: {} },
    framework: "react",
    compiler: { type: "vite", vitePlugins: [workspaceResolver(__dirname), intoVendors([headersShim])] },
    mini: {
      ...miniInject,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: "module", generateScopedName: "[name]__[local]___[hash:base64:5]" },
        },
      },
    },
    h5: {
      publicPath: "/",
      staticDirectory: "static",
      router: { mode: "hash" },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: "css/[name].[hash].css",
        chunkFilename: "css/[name].[chunkhash].css",
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: "module", generateScopedName: "[name]__[local]___[hash:base64:5]" },
        },
      },
    },
  };
  if (process.env.NODE_ENV === "development") return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
