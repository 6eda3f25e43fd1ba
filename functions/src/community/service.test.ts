import { describe, expect, it } from "vitest";
import { newResident } from "../auth/service.js";
import { formatAddress, normalizeRoom, roundArea, verificationStatus } from "./service.js";

describe("community rules", () => {
  it("formats an address as residents write it", () => {
    expect(formatAddress("3栋", "2", "301")).toBe("3栋2单元301");
  });

  it("normalises rooms and rounds areas to 0.01 m²", () => {
    expect(normalizeRoom(" 12a ")).toBe("12A");
    expect(roundArea(88.456)).toBe(88.46);
    expect(roundArea(75.1)).toBe(75.1);
  });

  it("derives the verification status: pending, then verified, then the last decision", () => {
    const base = newResident("u1", "openid-1", undefined, "2026-11-22T00:00:00.000Z");
    expect(verificationStatus(base)).toBe("unverified");
    expect(verificationStatus({ ...base, pendingRequestId: "r1", householdCount: 1 })).toBe("pending");
    expect(verificationStatus({ ...base, householdCount: 2, lastDecision: "revoked" })).toBe("verified");
    expect(verificationStatus({ ...base, lastDecision: "rejected" })).toBe("rejected");
    expect(verificationStatus({ ...base, lastDecision: "revoked" })).toBe("revoked");
  });
});
