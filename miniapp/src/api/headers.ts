// Just enough of the Fetch `Headers` for Hono's client and our Response shim: the mini-program
// runtime has none. Names are case-insensitive; the last `set` wins.
export type HeadersLike =
  | { forEach(callback: (value: string, key: string) => void): void }
  | Array<[string, string]>
  | Record<string, string | undefined>;

export class HeadersShim {
  private readonly map = new Map<string, string>();

  constructor(init?: HeadersLike) {
    if (init) for (const [key, value] of headerEntries(init)) this.append(key, value);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const prev = this.map.get(key);
    this.map.set(key, prev === undefined ? String(value) : `${prev}, ${value}`);
  }

  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), String(value));
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }

  forEach(callback: (value: string, key: string) => void): void {
    for (const [key, value] of this.map) callback(value, key);
  }

  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  values(): IterableIterator<string> {
    return this.map.values();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

/** Flattens native Headers, the shim, `[key, value]` pairs or a plain object. */
export function headerEntries(init: HeadersLike | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (!init) return out;
  if (Array.isArray(init)) {
    for (const [key, value] of init) out.push([key, String(value)]);
  } else if (typeof (init as { forEach?: unknown }).forEach === "function") {
    (init as { forEach(cb: (value: string, key: string) => void): void }).forEach((value, key) => {
      out.push([key, value]);
    });
  } else {
    for (const [key, value] of Object.entries(init as Record<string, string | undefined>)) {
      if (value !== undefined) out.push([key, String(value)]);
    }
  }
  return out;
}
