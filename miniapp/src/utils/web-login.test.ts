import { describe, expect, it } from "vitest";
import { pollOutcome, webLoginTicketFromScan } from "./web-login";

describe("webLoginTicketFromScan", () => {
  it("takes the ticket id from a OneDoor web login code", () => {
    expect(webLoginTicketFromScan("onedoor-web-login:AbCdEfGhIjKlMnOpQrSt_-")).toBe("AbCdEfGhIjKlMnOpQrSt_-");
    expect(webLoginTicketFromScan("  onedoor-web-login:AbCdEfGhIjKlMnOpQrSt_-\n")).toBe(
      "AbCdEfGhIjKlMnOpQrSt_-",
    );
  });

  it("refuses anything else: another code, a ticket QR, a URL, a bad id", () => {
    for (const scanned of [
      "",
      "K7M2Q9XA",
      "https://example.com/onedoor-web-login:AbCdEfGhIjKlMnOpQrSt_-",
      "onedoor-web-login:",
      "onedoor-web-login:short",
      "onedoor-web-login:AbCdEfGhIjKlMnOpQrSt_-x",
      "onedoor-web-login:AbCdEfGhIjKlMnOpQrS#_-",
      "ONEDOOR-WEB-LOGIN:AbCdEfGhIjKlMnOpQrSt_-",
    ]) {
      expect(webLoginTicketFromScan(scanned), scanned).toBeNull();
    }
  });
});

describe("pollOutcome", () => {
  it("stops on expiry, refusal and reuse, and keeps polling through passing trouble", () => {
    expect(pollOutcome({ status: 404, code: "WEB_LOGIN_EXPIRED" })).toBe("expired");
    expect(pollOutcome({ status: 403, code: "WEB_LOGIN_DENIED" })).toBe("denied");
    expect(pollOutcome({ status: 409, code: "WEB_LOGIN_USED" })).toBe("used");
    expect(pollOutcome({ status: 0, code: "NETWORK_ERROR" })).toBe("retry");
    expect(pollOutcome({ status: 429, code: "RATE_LIMITED" })).toBe("retry");
    expect(pollOutcome({ status: 500, code: "INTERNAL" })).toBe("retry");
  });
});
