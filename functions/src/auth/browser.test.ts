import { describe, expect, it } from "vitest";
import { browserSummary } from "./browser.js";

describe("browserSummary", () => {
  it.each([
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "Chrome 131 · Windows",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
      "Edge 131 · Windows",
    ],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
      "Safari 18 · macOS",
    ],
    ["Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox 133 · Linux"],
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
      "Chrome 131 · Linux",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
      "Safari 17 · iOS",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.25 Safari/537.36 Core/1.70.3883.400 QQBrowser/10.8.4551.400",
      "QQ Browser 10 · Windows",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090c11)",
      "WeChat 7 · Windows",
    ],
  ])("%s → %s", (ua, expected) => {
    expect(browserSummary(ua)).toBe(expected);
  });

  it("is null when nothing is recognised, and never echoes what the caller wrote", () => {
    expect(browserSummary(undefined)).toBeNull();
    expect(browserSummary("")).toBeNull();
    expect(browserSummary("curl/8.5.0")).toBeNull();
    expect(browserSummary("<script>alert(1)</script> Chrome/99999999 Windows NT")).toBe(
      "Chrome 9999 · Windows",
    );
    expect(browserSummary(`${"x".repeat(600)} Chrome/120`)).toBeNull();
  });
});
