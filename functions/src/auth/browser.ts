/**
 * A short, human summary of a User-Agent ("Chrome 131 · Windows") for the phone that confirms a
 * web login: enough to tell "my computer" from a stranger's, without storing the raw header.
 */

// Order matters: browsers built on Chromium also say "Chrome/…", and Chrome also says "Safari/…".
const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger\/(\d{1,4})/, "WeChat"],
  [/Edg(?:e|A|iOS)?\/(\d{1,4})/, "Edge"],
  [/OPR\/(\d{1,4})/, "Opera"],
  [/QQBrowser\/(\d{1,4})/, "QQ Browser"],
  [/UCBrowser\/(\d{1,4})/, "UC Browser"],
  [/(?:360SE|360EE)/, "360 Browser"],
  [/(?:Firefox|FxiOS)\/(\d{1,4})/, "Firefox"],
  [/(?:Chrome|CriOS)\/(\d{1,4})/, "Chrome"],
  [/Version\/(\d{1,4})[.\d]* (?:Mobile\/\S+ )?Safari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/Windows NT/, "Windows"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Macintosh|Mac OS X/, "macOS"],
  [/HarmonyOS|OpenHarmony/, "HarmonyOS"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Linux|X11/, "Linux"],
];

/** Only our own words and digits come out, so nothing the caller wrote reaches the phone. */
export function browserSummary(userAgent: string | undefined): string | null {
  // A header is bounded before any pattern runs on it.
  const ua = (userAgent ?? "").slice(0, 512);
  let browser: string | null = null;
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(ua);
    if (match) {
      browser = match[1] ? `${name} ${match[1]}` : name;
      break;
    }
  }
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
  const parts = [browser, system].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(" · ") : null;
}
