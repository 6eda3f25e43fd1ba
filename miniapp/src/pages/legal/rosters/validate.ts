import type { ConsultationMode, LegalSettings, RosterInput, SettingsInput } from "../../../api/legal-work";
import type { MessageKey } from "../../../i18n";
import { addDays, daysBetween, isoWeekday, minutesOf, shanghaiInstant } from "../../../utils/time";

// The API's limits (functions/src/legal/service.ts and schemas.ts), checked early for a quicker answer.
export const MAX_ROSTER_DAYS = 92;
export const MAX_ROSTER_SLOTS = 400;
export const SLOT_LENGTHS = [15, 20, 30, 45, 60, 90, 120];
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
export const MODES: ConsultationMode[] = ["in_person", "phone"];

export interface RosterDraft {
  lawyerId: string;
  from: string;
  to: string;
  weekdays: number[];
  startTime: string;
  endTime: string;
  slotMinutes: number;
  mode: ConsultationMode;
  seats: number;
}

export type RosterField = keyof RosterDraft;
export const ROSTER_FIELDS: readonly RosterField[] = [
  "lawyerId",
  "from",
  "to",
  "weekdays",
  "startTime",
  "endTime",
  "slotMinutes",
  "mode",
  "seats",
];

export interface Problem {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** A new roster starts tomorrow and runs four weeks, mornings 09:00–11:00 in half hours. */
export function newRosterDraft(today: string): RosterDraft {
  const from = addDays(today, 1);
  return {
    lawyerId: "",
    from,
    to: addDays(from, 27),
    weekdays: [],
    startTime: "09:00",
    endTime: "11:00",
    slotMinutes: 30,
    mode: "in_person",
    seats: 1,
  };
}

/** How many slots the roster would create, leaving out those already begun (as the API does). */
export function countSlots(draft: RosterDraft, now: Date): number {
  const start = minutesOf(draft.startTime);
  const end = minutesOf(draft.endTime);
  if (!draft.from || !draft.to || draft.slotMinutes <= 0 || end <= start) return 0;
  const span = daysBetween(draft.from, draft.to);
  if (span < 0 || span > 366) return 0;
  const nowMs = now.getTime();
  let count = 0;
  for (let i = 0; i <= span; i++) {
    const date = addDays(draft.from, i);
    if (!draft.weekdays.includes(isoWeekday(date))) continue;
    for (let minute = start; minute + draft.slotMinutes <= end; minute += draft.slotMinutes) {
      const time = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
      if (Date.parse(shanghaiInstant(date, time)) > nowMs) count++;
    }
  }
  return count;
}

export function validateRoster(
  draft: RosterDraft,
  today: string,
  now: Date,
): Partial<Record<RosterField, Problem>> {
  const errors: Partial<Record<RosterField, Problem>> = {};
  if (!draft.lawyerId) errors.lawyerId = { key: "lw.field.lawyer" };
  if (!draft.from) errors.from = { key: "lw.field.required" };
  else if (draft.from < today) errors.from = { key: "lw.field.fromPassed" };
  if (!draft.to) errors.to = { key: "lw.field.required" };
  else if (draft.from && draft.to < draft.from) errors.to = { key: "lw.field.toBeforeFrom" };
  else if (draft.from && daysBetween(draft.from, draft.to) >= MAX_ROSTER_DAYS)
    errors.to = { key: "lw.field.tooManyDays", params: { days: MAX_ROSTER_DAYS } };
  if (draft.weekdays.length === 0) errors.weekdays = { key: "lw.field.weekdays" };
  const start = minutesOf(draft.startTime);
  const end = minutesOf(draft.endTime);
  if (end <= start) errors.endTime = { key: "lw.field.endAfterStart" };
  else if (draft.slotMinutes < 10 || draft.slotMinutes > 240)
    errors.slotMinutes = { key: "lw.field.slotRange" };
  else if (end - start < draft.slotMinutes) errors.slotMinutes = { key: "lw.field.slotTooLong" };
  if (!Number.isInteger(draft.seats) || draft.seats < 1 || draft.seats > 10)
    errors.seats = { key: "lw.field.seatsRange" };
  if (Object.keys(errors).length === 0) {
    const count = countSlots(draft, now);
    if (count === 0) errors.weekdays = { key: "lw.field.noSlots" };
    else if (count > MAX_ROSTER_SLOTS)
      errors.to = { key: "lw.field.tooManySlots", params: { count, max: MAX_ROSTER_SLOTS } };
  }
  return errors;
}

export function rosterInput(draft: RosterDraft): RosterInput {
  return { ...draft, weekdays: [...draft.weekdays].sort((a, b) => a - b) };
}

// ——— Cancelling with a reason ———

// Residents read the reason and it is kept in the audit log: no phone or ID numbers in it.
const NUMBERS = /1[3-9]\d{9}|\d{17}[\dXx]|\d{15}/;

export function validateReason(reason: string): MessageKey | null {
  const text = reason.trim();
  if (text.length < 2 || text.length > 200) return "lw.field.reason";
  if (NUMBERS.test(text.replace(/[\s-]/g, ""))) return "lw.field.reasonNoNumbers";
  return null;
}

// ——— Community settings ———

export interface SettingsDraft {
  cancelCutoffHours: string;
  maxUpcomingBookings: string;
  waitlistLimit: string;
  location: string;
}

/** Draft fields by the names the API uses, so its field errors land on the right input. */
export type SettingsField = "cancelCutoffMinutes" | "maxUpcomingBookings" | "waitlistLimit" | "location";
export const SETTINGS_FIELDS: readonly SettingsField[] = [
  "cancelCutoffMinutes",
  "maxUpcomingBookings",
  "waitlistLimit",
  "location",
];

export function settingsDraft(settings: LegalSettings): SettingsDraft {
  return {
    cancelCutoffHours: String(Math.round((settings.cancelCutoffMinutes / 60) * 100) / 100),
    maxUpcomingBookings: String(settings.maxUpcomingBookings),
    waitlistLimit: String(settings.waitlistLimit),
    location: settings.location,
  };
}

const wholeIn = (text: string, min: number, max: number) =>
  /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;

export function validateSettings(draft: SettingsDraft): Partial<Record<SettingsField, MessageKey>> {
  const errors: Partial<Record<SettingsField, MessageKey>> = {};
  const hours = draft.cancelCutoffHours.trim();
  if (!/^\d+(\.\d+)?$/.test(hours) || Number(hours) > 168) errors.cancelCutoffMinutes = "lw.field.cutoff";
  if (!wholeIn(draft.maxUpcomingBookings, 1, 20)) errors.maxUpcomingBookings = "lw.field.maxUpcoming";
  if (!wholeIn(draft.waitlistLimit, 0, 100)) errors.waitlistLimit = "lw.field.waitlist";
  const place = draft.location.trim();
  if (place.length < 2 || place.length > 100) errors.location = "lw.field.place";
  return errors;
}

export function settingsInput(draft: SettingsDraft): SettingsInput {
  return {
    cancelCutoffMinutes: Math.round(Number(draft.cancelCutoffHours.trim()) * 60),
    maxUpcomingBookings: Number(draft.maxUpcomingBookings.trim()),
    waitlistLimit: Number(draft.waitlistLimit.trim()),
    location: draft.location.trim(),
  };
}
