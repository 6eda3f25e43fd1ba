import Taro from "@tarojs/taro";
import { hc } from "hono/client";
import type { AppType } from "../../../functions/src/app";
import { ROUTES } from "../routes";
import { clearSession, getToken } from "../store/session";
import { withUnauthorizedHandler } from "./auth-fetch";
import { createTaroFetch, type TaroRequest } from "./taro-fetch";

/** '' on the web build means same origin: the local stack serves the H5 build and the API together. */
export const API_BASE = process.env.TARO_APP_API_BASE ?? "";

function onUnauthorized(): void {
  clearSession();
  const pages = Taro.getCurrentPages();
  const current = pages[pages.length - 1]?.route ?? "";
  if (`/${current}`.replace(/^\/+/, "/") !== ROUTES.login) void Taro.reLaunch({ url: ROUTES.login });
}

const request: TaroRequest = async (options) => {
  const res = await Taro.request<unknown>({
    ...options,
    method: options.method as keyof Taro.request.Method,
  });
  return { statusCode: res.statusCode, data: res.data, header: res.header as Record<string, string> };
};

const apiFetch = withUnauthorizedHandler(createTaroFetch(request, { timeout: 15_000 }), onUnauthorized);

export const client = hc<AppType>(API_BASE, {
  fetch: apiFetch as unknown as typeof fetch,
  headers: (): Record<string, string> => {
    const token = getToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  },
});
