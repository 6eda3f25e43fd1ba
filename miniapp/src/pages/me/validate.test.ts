import { describe, expect, it } from "vitest";
import { type VerificationDraft, validateDraft } from "./validate";

const good: VerificationDraft = {
  communityId: "c1",
  buildingId: "b3",
  unit: "2",
  room: "301",
  relation: "owner",
  realName: "王秀英",
  phone: "13800138000",
};

describe("validateDraft", () => {
  it("accepts a complete draft", () => {
    expect(validateDraft(good)).toEqual({});
  });

  it("asks for empty fields", () => {
    expect(validateDraft({ ...good, room: " ", realName: "" })).toEqual({
      room: "form.required",
      realName: "form.required",
    });
  });

  it("names every missing or malformed field", () => {
    expect(
      validateDraft({
        ...good,
        communityId: "",
        buildingId: "",
        unit: "",
        room: "3 01",
        realName: "王",
        phone: "1380013800",
      }),
    ).toEqual({
      communityId: "form.required",
      buildingId: "form.required",
      unit: "form.required",
      room: "form.roomInvalid",
      realName: "form.nameInvalid",
      phone: "form.phoneInvalid",
    });
  });
});
