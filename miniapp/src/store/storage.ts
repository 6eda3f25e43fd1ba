import Taro from "@tarojs/taro";

// Storage can throw (quota, private mode); a lost preference must never break a page.
export function readStored<T>(key: string): T | undefined {
  try {
    const value = Taro.getStorageSync(key) as T | "" | undefined;
    return value === "" || value === undefined || value === null ? undefined : value;
  } catch {
    return undefined;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value);
  } catch {
    // Keep the in-memory value; it only lasts until the app restarts.
  }
}

export function removeStored(key: string): void {
  try {
    Taro.removeStorageSync(key);
  } catch {
    // Nothing to do: the key either is gone or storage is unavailable.
  }
}
