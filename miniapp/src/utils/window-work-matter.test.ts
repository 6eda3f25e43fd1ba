import { describe, expect, it } from "vitest";
import type { Matter } from "../api/window-work";
import {
  addMaterial,
  groupByCategory,
  MAX_MATERIALS,
  matterDraft,
  matterInput,
  moveMaterial,
  newMatterDraft,
  removeMaterial,
  updateMaterial,
  validateMatter,
  withStatus,
} from "./window-work-matter";

const matter: Matter = {
  id: "mat1",
  communityId: "huanghe-west",
  centerId: "c1",
  name: "生育保险报销",
  nameEn: "Maternity insurance reimbursement",
  category: "family_births",
  description: "生育医疗费用和生育津贴的报销。",
  descriptionEn: null,
  materials: [
    { id: "m1", name: "身份证", nameEn: "ID card", note: "原件", noteEn: "original", required: true },
    { id: "m2", name: "出生医学证明", nameEn: null, note: null, noteEn: null, required: true },
    { id: "m3", name: "结婚证", nameEn: null, note: null, noteEn: null, required: false },
  ],
  processingDays: 10,
  proxyAllowed: true,
  fee: 0,
  feeNote: null,
  status: "active",
  updatedAt: "2026-11-20T00:00:00.000Z",
};

describe("the matter body", () => {
  it("keeps existing materials' ids and their English text through an edit", () => {
    const draft = matterDraft(matter);
    draft.materials = moveMaterial(draft.materials, 2, -1);
    draft.materials = updateMaterial(draft.materials, 0, { name: " 居民身份证 " });
    draft.materials = addMaterial(draft.materials);
    draft.materials = updateMaterial(draft.materials, 3, { name: "户口簿", required: false });
    const input = matterInput(draft);
    expect(input.materials).toEqual([
      { id: "m1", name: "居民身份证", nameEn: "ID card", note: "原件", noteEn: "original", required: true },
      { id: "m3", name: "结婚证", nameEn: null, note: null, noteEn: null, required: false },
      { id: "m2", name: "出生医学证明", nameEn: null, note: null, noteEn: null, required: true },
      { name: "户口簿", nameEn: null, note: null, noteEn: null, required: false },
    ]);
    expect(input.centerId).toBe("c1");
    expect(input.status).toBe("active");
  });

  it("retires or restores with the whole matter", () => {
    const retired = withStatus(matter, "retired");
    expect(retired.status).toBe("retired");
    expect(retired.materials.map((m) => m.id)).toEqual(["m1", "m2", "m3"]);
    expect(retired.name).toBe(matter.name);
  });

  it("sends empty optional text as null", () => {
    const draft = {
      ...newMatterDraft(),
      name: "居住证明",
      category: "certificates" as const,
      description: "开具",
    };
    draft.materials = updateMaterial(draft.materials, 0, { name: "身份证" });
    const input = matterInput(draft);
    expect(input.nameEn).toBeNull();
    expect(input.feeNote).toBeNull();
    expect(input.fee).toBe(0);
    expect(input.materials[0]).toEqual({
      name: "身份证",
      nameEn: null,
      note: null,
      noteEn: null,
      required: true,
    });
    expect(input).not.toHaveProperty("centerId");
  });
});

describe("the materials editor", () => {
  const list = matterDraft(matter).materials;

  it("moves within bounds only", () => {
    expect(moveMaterial(list, 0, -1)).toBe(list);
    expect(moveMaterial(list, 2, 1)).toBe(list);
    expect(moveMaterial(list, 0, 1).map((m) => m.id)).toEqual(["m2", "m1", "m3"]);
  });

  it("adds up to the limit and removes by position", () => {
    expect(removeMaterial(list, 1).map((m) => m.id)).toEqual(["m1", "m3"]);
    let many = list;
    for (let i = 0; i < 40; i++) many = addMaterial(many);
    expect(many).toHaveLength(MAX_MATERIALS);
    expect(new Set(many.map((m) => m.key)).size).toBe(MAX_MATERIALS);
  });
});

describe("validateMatter", () => {
  it("mirrors the server's rules, materials by their row", () => {
    const draft = {
      ...newMatterDraft(),
      name: "a",
      description: "",
      processingDays: "366",
      fee: "1.234",
      nameEn: "x".repeat(121),
    };
    draft.materials = [
      { ...draft.materials[0], name: "", note: "n".repeat(121) } as (typeof draft.materials)[number],
    ];
    const errors = validateMatter(draft);
    expect(Object.keys(errors).sort()).toEqual(
      [
        "category",
        "description",
        "fee",
        "materials.0.name",
        "materials.0.note",
        "name",
        "nameEn",
        "processingDays",
      ].sort(),
    );
    expect(errors.processingDays).toEqual({ key: "ww.field.intRange", params: { min: 0, max: 365 } });
  });

  it("accepts a matter as stored", () => {
    expect(validateMatter(matterDraft(matter))).toEqual({});
    expect(validateMatter({ ...matterDraft(matter), fee: "12.5", materials: [] })).toEqual({});
  });
});

describe("groupByCategory", () => {
  it("groups in the catalog's order with retired matters after active ones", () => {
    const other: Matter = { ...matter, id: "mat2", category: "civil_affairs", name: "低保" };
    const retired: Matter = { ...matter, id: "mat3", status: "retired" };
    const groups = groupByCategory([retired, matter, other]);
    expect(groups.map((g) => g.category)).toEqual(["civil_affairs", "family_births"]);
    expect(groups[1]?.matters.map((m) => m.id)).toEqual(["mat1", "mat3"]);
  });
});
