import type { Relation } from "../../api/types";
import type { MessageKey } from "../../i18n";

export interface VerificationDraft {
  communityId: string;
  buildingId: string;
  unit: string;
  room: string;
  relation: Relation;
  realName: string;
  phone: string;
}

export type DraftErrors = Partial<Record<keyof VerificationDraft, MessageKey>>;

// Same rules as the API (functions/src/community/schemas.ts), checked early for a quicker answer.
const ROOM = /^[0-9A-Za-z-]{1,8}$/;
const PHONE = /^1[3-9]\d{9}$/;

export function validateDraft(draft: VerificationDraft): DraftErrors {
  const errors: DraftErrors = {};
  if (!draft.communityId) errors.communityId = "form.required";
  if (!draft.buildingId) errors.buildingId = "form.required";
  if (!draft.unit) errors.unit = "form.required";
  if (!ROOM.test(draft.room.trim())) errors.room = draft.room.trim() ? "form.roomInvalid" : "form.required";
  const name = draft.realName.trim();
  if (name.length < 2 || name.length > 30) errors.realName = name ? "form.nameInvalid" : "form.required";
  if (!PHONE.test(draft.phone.trim())) errors.phone = "form.phoneInvalid";
  return errors;
}
