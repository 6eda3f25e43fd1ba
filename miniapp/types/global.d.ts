/// <reference types="@tarojs/taro" />

declare module "*.png";
declare module "*.svg";
declare module "*.css";
declare module "*.scss";

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: "development" | "production";
    TARO_ENV: "weapp" | "swan" | "alipay" | "h5" | "rn" | "tt" | "qq" | "jd" | "harmony" | "jdrn";
    /** API origin; '' means same origin (H5 served by the local stack). */
    TARO_APP_API_BASE?: string;
    /** WeChat subscription-message template ids, comma separated; empty: never ask. */
    TARO_APP_SUBSCRIBE_TEMPLATE_IDS?: string;
  }
}
