import { createStore, useStore } from "./observable";
import { readStored, writeStored } from "./storage";

export type Locale = "zh-CN" | "en";

export interface Settings {
  locale: Locale;
  largeText: boolean;
}

const KEY = "onedoor.settings";

function load(): Settings {
  const saved = readStored<Partial<Settings>>(KEY) ?? {};
  return {
    locale: saved.locale === "en" ? "en" : "zh-CN",
    largeText: saved.largeText === true,
  };
}

const settings = createStore<Settings>(load());

export function getSettings(): Settings {
  return settings.get();
}

export function updateSettings(patch: Partial<Settings>): void {
  const next = { ...settings.get(), ...patch };
  writeStored(KEY, next);
  settings.set(next);
}

export function useSettings(): Settings {
  return useStore(settings);
}
