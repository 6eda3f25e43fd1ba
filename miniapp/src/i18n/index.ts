import { useCallback } from "react";
import { getSettings, type Locale, useSettings } from "../store/settings";
import { en } from "./en";
import { format } from "./format";
import { type MessageKey, zhCN } from "./zh-CN";

export type { MessageKey } from "./zh-CN";

const catalogs: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  return format(catalogs[locale][key] ?? zhCN[key], params);
}

/** For code outside React (toasts after an await, navigation titles). */
export const t: Translate = (key, params) => translate(getSettings().locale, key, params);

export function useT(): Translate {
  const { locale } = useSettings();
  return useCallback((key, params) => translate(locale, key, params), [locale]);
}
