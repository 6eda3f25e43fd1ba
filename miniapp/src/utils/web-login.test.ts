import { describe, expect, it } from "vitest";
import {
  handOverScannedTicket,
  isTicketId,
  pollOutcome,
  START_RETRY_SECONDS,
  startRetryable,
  takeScannedTicket,
  webLoginTicketFromScan,
} from "./web-login";

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

describe("the scanned ticket's hand-over to the confirm page", () => {
  it("gives the scanned id once, then nothing", () => {
    expect(takeScannedTicket()).toBeNull();
    handOverScannedTicket("AbCdEfGhIjKlMnOpQrSt_-");
    expect(takeScannedTicket()).toBe("AbCdEfGhIjKlMnOpQrSt_-");
    expect(takeScannedTicket()).toBeNull();
  });

  it("keeps the latest scan only, and never an id that is not a ticket id", () => {
    handOverScannedTicket("AbCdEfGhIjKlMnOpQrSt_-");
    handOverScannedTicket("ZZCdEfGhIjKlMnOpQrSt_-");
    expect(takeScannedTicket()).toBe("ZZCdEfGhIjKlMnOpQrSt_-");
    for (const bad of ["../../me", "AbCdEfGhIjKlMnOpQrSt_-/../x", "", "AbCdEfGhIjKlMnOpQrS%2F"]) {
      handOverScannedTicket("AbCdEfGhIjKlMnOpQrSt_-");
      handOverScannedTicket(bad);
      expect(takeScannedTicket(), bad).toBeNull();
    }
  });

  it("accepts as a ticket id exactly 22 base64url characters", () => {
    expect(isTicketId("AbCdEfGhIjKlMnOpQrSt_-")).toBe(true);
    for (const bad of ["../../auth/wechat", "AbCdEfGhIjKlMnOpQrSt_", "AbCdEfGhIjKlMnOpQrSt_-x", 42, null]) {
      expect(isTicketId(bad), String(bad)).toBe(false);
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

describe("getting a QR code again after a failure", () => {
  it("waits longer each time (5, 10, 30 s) and tries again only after passing trouble", () => {
    expect(START_RETRY_SECONDS).toEqual([5, 10, 30]);
    expect(startRetryable({ status: 429 })).toBe(true);
    expect(startRetryable({ status: 0 })).toBe(true);
    expect(startRetryable({ status: 503 })).toBe(true);
    expect(startRetryable({ status: 400 })).toBe(false);
    expect(startRetryable({ status: 403 })).toBe(false);
  });
});
