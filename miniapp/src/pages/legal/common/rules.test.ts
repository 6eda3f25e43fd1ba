import { describe, expect, it } from "vitest";
import { ApiError } from "../../../api/errors";
import type { LegalBooking, LegalSlot } from "../../../api/legal";
import {
  bookableDays,
  bookingState,
  canCancel,
  errorKey,
  errorText,
  groupByLawyer,
  slotState,
  validateRequest,
} from "./rules";

const NOW = "2026-11-23T00:00:00.000Z";

function slot(id: string, over: Partial<LegalSlot> = {}): LegalSlot {
  return {
    id,
    communityId: "c1",
    lawyer: { id: "l1", name: "周律师", firm: "明德" },
    date: "2026-11-23",
    startsAt: "2026-11-23T01:00:00.000Z",
    endsAt: "2026-11-23T01:30:00.000Z",
    mode: "in_person",
    location: "窗口",
    seats: 1,
    booked: 0,
    available: 1,
    waitlisted: 0,
    status: "open",
    cancelReason: null,
    mine: { bookingId: null, waitlistPosition: null },
    ...over,
  };
}

function booking(over: Partial<LegalBooking> = {}): LegalBooking {
  return {
    id: "b1",
    slotId: "s1",
    communityId: "c1",
    residentName: "王阿姨",
    lawyer: { id: "l1", name: "周律师", firm: "明德" },
    date: "2026-11-23",
    startsAt: "2026-11-23T06:00:00.000Z",
    endsAt: "2026-11-23T06:30:00.000Z",
    mode: "in_person",
    location: "窗口",
    category: "labour",
    description: "拖欠工资三个月",
    contactPhone: null,
    status: "confirmed",
    cancelReason: null,
    cancelledAt: null,
    bookedVia: "self",
    attendance: null,
    outcome: null,
    notes: null,
    cancelDeadline: "2026-11-23T04:00:00.000Z",
    createdAt: "2026-11-20T00:00:00.000Z",
    ...over,
  };
}

describe("slots", () => {
  it("groups by lawyer in order of the first slot, slots by time", () => {
    const later = slot("a", { startsAt: "2026-11-23T02:00:00.000Z" });
    const other = slot("b", {
      lawyer: { id: "l2", name: "吴律师", firm: "正衡" },
      startsAt: "2026-11-23T01:30:00.000Z",
    });
    const first = slot("c");
    const groups = groupByLawyer([later, other, first]);
    expect(groups.map((g) => g.lawyer.id)).toEqual(["l1", "l2"]);
    expect(groups[0]?.slots.map((s) => s.id)).toEqual(["c", "a"]);
  });

  it("tells the resident's own places before anything else", () => {
    expect(slotState(slot("a", { mine: { bookingId: "b1", waitlistPosition: null } }), NOW)).toBe("booked");
    expect(slotState(slot("a", { available: 0, mine: { bookingId: null, waitlistPosition: 2 } }), NOW)).toBe(
      "waitlisted",
    );
    expect(slotState(slot("a", { status: "cancelled", available: 0 }), NOW)).toBe("cancelled");
    expect(slotState(slot("a"), "2026-11-23T01:00:00.000Z")).toBe("started");
    expect(slotState(slot("a", { available: 0, booked: 1 }), NOW)).toBe("full");
    expect(slotState(slot("a", { mine: null }), NOW)).toBe("open");
  });

  it("marks days that have an open or full slot", () => {
    const days = bookableDays(
      [
        slot("a"),
        slot("b", { date: "2026-11-24", status: "cancelled" }),
        slot("c", { date: "2026-11-25", available: 0 }),
      ],
      NOW,
    );
    expect([...days].sort()).toEqual(["2026-11-23", "2026-11-25"]);
  });
});

describe("validateRequest", () => {
  const ok = { category: "labour" as const, description: "拖欠工资三个月", contactPhone: "" };

  it("accepts a complete in-person request", () => {
    expect(validateRequest(ok, "in_person")).toEqual({});
  });

  it("needs a category and 5 to 500 characters, counting Chinese characters as one", () => {
    expect(validateRequest({ ...ok, category: null, description: " 工资 " }, "in_person")).toEqual({
      category: "legal.book.categoryRequired",
      description: "legal.book.descriptionShort",
    });
    expect(validateRequest({ ...ok, description: "欠薪五个月" }, "in_person")).toEqual({});
    expect(validateRequest({ ...ok, description: "字".repeat(501) }, "in_person").description).toBe(
      "legal.book.descriptionLong",
    );
  });

  it("needs a mobile number for a phone consultation", () => {
    expect(validateRequest(ok, "phone").contactPhone).toBe("legal.book.phoneInvalid");
    expect(validateRequest({ ...ok, contactPhone: "12345678901" }, "phone").contactPhone).toBe(
      "legal.book.phoneInvalid",
    );
    expect(validateRequest({ ...ok, contactPhone: "13800138000" }, "phone")).toEqual({});
  });
});

describe("bookings", () => {
  it("allows cancelling only while confirmed and before the deadline", () => {
    expect(canCancel(booking(), NOW)).toBe(true);
    expect(canCancel(booking(), "2026-11-23T04:00:00.000Z")).toBe(false);
    expect(canCancel(booking({ status: "cancelled" }), NOW)).toBe(false);
  });

  it("names where a booking stands", () => {
    expect(bookingState(booking(), NOW)).toBe("confirmed");
    expect(bookingState(booking(), "2026-11-23T07:00:00.000Z")).toBe("awaiting");
    expect(bookingState(booking({ attendance: "attended", outcome: "answered" }), NOW)).toBe("attended");
    expect(bookingState(booking({ attendance: "no_show" }), NOW)).toBe("no_show");
    expect(bookingState(booking({ status: "cancelled_by_center" }), NOW)).toBe("cancelled_by_center");
  });
});

describe("errors", () => {
  const t = (key: string) => `[${key}]`;

  it("has a message for each booking rule", () => {
    for (const code of [
      "SLOT_FULL",
      "BOOKING_LIMIT",
      "SLOT_STARTED",
      "BOOKING_SUSPENDED",
      "CANCEL_CUTOFF_PASSED",
      "NOT_VERIFIED",
    ])
      expect(errorKey(code)).toBe(`legal.error.${code}`);
    expect(errorKey("SOMETHING_NEW")).toBeNull();
  });

  it("falls back to the API message, and to the network message without a response", () => {
    expect(errorText(t, new ApiError(409, "SLOT_FULL", "full"))).toBe("[legal.error.SLOT_FULL]");
    expect(errorText(t, new ApiError(400, "VALIDATION_FAILED", "The request is not valid."))).toBe(
      "The request is not valid.",
    );
    expect(errorText(t, new ApiError(0, "NETWORK_ERROR", "timeout"))).toBe("[common.networkError]");
    expect(errorText(t, new Error("boom"))).toBe("[common.networkError]");
  });
});
