// The matter form: a draft the inputs edit, the materials list editor, the server's rules checked
// early (functions/src/window/schemas.ts matterBody), and the whole body PUT needs.
import type { Matter, MatterCategory, MatterInput } from "../api/window-work";
import { CATEGORIES } from "./window-rules";
import type { Problem } from "./window-work-center";

export { CATEGORIES } from "./window-rules";

export const MAX_MATERIALS = 30;

export interface MaterialDraft {
  /** The stored id of an existing material (kept so results and pre-fills stay linked); null for a new one. */
  id: string | null;
  /** Stable across edits and moves, for React keys and element ids. */
  key: string;
  name: string;
  note: string;
  required: boolean;
  /** Not edited here, but a PUT replaces the whole matter: carried so they are not lost. */
  nameEn: string | null;
  noteEn: string | null;
}

export interface MatterDraft {
  name: string;
  nameEn: string;
  category: MatterCategory | null;
  description: string;
  descriptionEn: string;
  materials: MaterialDraft[];
  processingDays: string;
  proxyAllowed: boolean;
  fee: string;
  feeNote: string;
  status: "active" | "retired";
  centerId: string | null;
}

/** Errors keyed like the API's paths: "name", "materials", "materials.2.name". */
export type MatterErrors = Record<string, Problem>;

let counter = 0;
const newKey = () => `new${Date.now().toString(36)}${(counter++).toString(36)}`;

export function newMaterial(): MaterialDraft {
  return { id: null, key: newKey(), name: "", note: "", required: true, nameEn: null, noteEn: null };
}

export function newMatterDraft(): MatterDraft {
  return {
    name: "",
    nameEn: "",
    category: null,
    description: "",
    descriptionEn: "",
    materials: [newMaterial()],
    processingDays: "0",
    proxyAllowed: false,
    fee: "0",
    feeNote: "",
    status: "active",
    centerId: null,
  };
}

export function matterDraft(matter: Matter): MatterDraft {
  return {
    name: matter.name,
    nameEn: matter.nameEn ?? "",
    category: matter.category,
    description: matter.description,
    descriptionEn: matter.descriptionEn ?? "",
    materials: matter.materials.map((m) => ({
      id: m.id,
      key: m.id,
      name: m.name,
      note: m.note ?? "",
      required: m.required,
      nameEn: m.nameEn,
      noteEn: m.noteEn,
    })),
    processingDays: String(matter.processingDays),
    proxyAllowed: matter.proxyAllowed,
    fee: String(matter.fee),
    feeNote: matter.feeNote ?? "",
    status: matter.status,
    centerId: matter.centerId,
  };
}

// ——— The materials editor ———

export function addMaterial(materials: MaterialDraft[]): MaterialDraft[] {
  return materials.length >= MAX_MATERIALS ? materials : [...materials, newMaterial()];
}

export function removeMaterial(materials: MaterialDraft[], index: number): MaterialDraft[] {
  return materials.filter((_, i) => i !== index);
}

/** Moves one material up (-1) or down (+1); at either end nothing moves. */
export function moveMaterial(materials: MaterialDraft[], index: number, delta: -1 | 1): MaterialDraft[] {
  const target = index + delta;
  if (index < 0 || index >= materials.length || target < 0 || target >= materials.length) return materials;
  const next = [...materials];
  const [item] = next.splice(index, 1);
  if (item) next.splice(target, 0, item);
  return next;
}

export function updateMaterial(
  materials: MaterialDraft[],
  index: number,
  patch: Partial<Pick<MaterialDraft, "name" | "note" | "required">>,
): MaterialDraft[] {
  return materials.map((m, i) => (i === index ? { ...m, ...patch } : m));
}

// ——— Validation ———

const range = (min: number, max: number): Problem => ({ key: "ww.field.textRange", params: { min, max } });
const atMost = (max: number): Problem => ({ key: "ww.field.textMax", params: { max } });

export function validateMatter(draft: MatterDraft): MatterErrors {
  const errors: MatterErrors = {};
  const len = (text: string) => text.trim().length;
  if (len(draft.name) < 2 || len(draft.name) > 60) errors.name = range(2, 60);
  if (len(draft.nameEn) > 120) errors.nameEn = atMost(120);
  if (!draft.category) errors.category = { key: "ww.field.category" };
  if (len(draft.description) < 2 || len(draft.description) > 1000) errors.description = range(2, 1000);
  if (len(draft.descriptionEn) > 2000) errors.descriptionEn = atMost(2000);
  if (draft.materials.length > MAX_MATERIALS)
    errors.materials = { key: "ww.field.tooManyMaterials", params: { max: MAX_MATERIALS } };
  draft.materials.forEach((material, index) => {
    if (len(material.name) < 1 || len(material.name) > 60) errors[`materials.${index}.name`] = range(1, 60);
    if (len(material.note) > 120) errors[`materials.${index}.note`] = atMost(120);
  });
  const days = draft.processingDays.trim();
  if (!/^\d+$/.test(days) || Number(days) > 365)
    errors.processingDays = { key: "ww.field.intRange", params: { min: 0, max: 365 } };
  const fee = draft.fee.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(fee) || Number(fee) > 100_000) errors.fee = { key: "ww.field.fee" };
  if (len(draft.feeNote) > 200) errors.feeNote = atMost(200);
  return errors;
}

const orNull = (text: string | null) => (text?.trim() ? text.trim() : null);

/** The whole body for POST or PUT; existing materials keep their ids. */
export function matterInput(draft: MatterDraft): Omit<MatterInput, "communityId"> {
  const input: Omit<MatterInput, "communityId"> = {
    name: draft.name.trim(),
    nameEn: orNull(draft.nameEn),
    category: draft.category ?? "civil_affairs",
    description: draft.description.trim(),
    descriptionEn: orNull(draft.descriptionEn),
    materials: draft.materials.map((m) => ({
      ...(m.id ? { id: m.id } : {}),
      name: m.name.trim(),
      nameEn: orNull(m.nameEn),
      note: orNull(m.note),
      noteEn: orNull(m.noteEn),
      required: m.required,
    })),
    processingDays: Number(draft.processingDays.trim()),
    proxyAllowed: draft.proxyAllowed,
    fee: Number(draft.fee.trim()),
    feeNote: orNull(draft.feeNote),
    status: draft.status,
  };
  if (draft.centerId) input.centerId = draft.centerId;
  return input;
}

/** The same matter retired or offered again: PUT needs the whole of it. */
export function withStatus(matter: Matter, status: "active" | "retired"): Omit<MatterInput, "communityId"> {
  return { ...matterInput(matterDraft(matter)), status };
}

/** The catalog grouped by category in the usual order (retired ones after the active ones of each). */
export function groupByCategory(matters: Matter[]): Array<{ category: MatterCategory; matters: Matter[] }> {
  return CATEGORIES.map((category) => ({
    category,
    matters: matters
      .filter((m) => m.category === category)
      .sort((a, b) => (a.status === b.status ? 0 : a.status === "active" ? -1 : 1)),
  })).filter((group) => group.matters.length > 0);
}
