// The rules the window queue page shows, without I/O: ticket codes, what each entry offers, counts.
import type { AppointmentStatus, ProxyStatus, QueueEntry, QueueSlot, WindowDay } from "../api/window-work";
import type { Translate } from "../i18n";
import { formatDay } from "./legal-format";
import { holidayName } from "./window-format";

export type Tone = "green" | "orange" | "red" | "grey" | "blue";

export const STATUS_TONE: Record<AppointmentStatus, Tone> = {
  booked: "blue",
  checked_in: "orange",
  done: "green",
  materials_missing: "red",
  no_show: "grey",
  cancelled: "grey",
  cancelled_by_center: "grey",
};

export const PROXY_TONE: Record<ProxyStatus, Tone> = {
  received: "blue",
  in_progress: "orange",
  done: "green",
  returned: "red",
};

/** What staff type or scan: spaces and dashes ignored, upper case (as the server reads it). */
export function normalizeTicketCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

/**
 * The ticket code in a scanned QR. The resident's QR carries only the code, but a scanner may
 * hand back a prefixed or URL-like text: the last path or colon segment is taken.
 */
export function ticketFromScan(result: string): string {
  const last =
    result
      .trim()
      .split(/[/:=?#&]/)
      .filter(Boolean)
      .pop() ?? "";
  return normalizeTicketCode(last);
}

/** Null when the typed code can be sent (the server's 4–20 characters), else the problem. */
export function ticketProblem(code: string): "empty" | "length" | null {
  if (!code) return "empty";
  if (code.length < 4 || code.length > 20) return "length";
  return null;
}

/** A booked (or wrongly marked no-show) ticket can be checked in on its own day only. */
export function canCheckIn(entry: Pick<QueueEntry, "status">, date: string, today: string): boolean {
  return date === today && (entry.status === "booked" || entry.status === "no_show");
}

export const canRecordResult = (entry: Pick<QueueEntry, "status">) => entry.status === "checked_in";

/** Staff take a matter in by proxy from an appointment checked in or done, when the matter allows it. */
export function canTakeInProxy(
  entry: Pick<QueueEntry, "id" | "status" | "proxyAllowed">,
  takenIn: ReadonlySet<string>,
): boolean {
  return (
    entry.proxyAllowed && (entry.status === "checked_in" || entry.status === "done") && !takenIn.has(entry.id)
  );
}

const NEXT_PROXY: Record<ProxyStatus, Array<Exclude<ProxyStatus, "received">>> = {
  received: ["in_progress", "done", "returned"],
  in_progress: ["done", "returned"],
  done: [],
  returned: [],
};

/** The statuses a case can move to (as the server allows them). */
export function proxyMoves(status: ProxyStatus): Array<Exclude<ProxyStatus, "received">> {
  return NEXT_PROXY[status];
}

/** A returned case tells the resident why: the note is required then. */
export const proxyNoteRequired = (to: ProxyStatus) => to === "returned";

export interface QueueCounts {
  total: number;
  waiting: number;
  checkedIn: number;
  done: number;
  missing: number;
  noShow: number;
  cancelled: number;
}

export function queueCounts(slots: QueueSlot[]): QueueCounts {
  const counts: QueueCounts = {
    total: 0,
    waiting: 0,
    checkedIn: 0,
    done: 0,
    missing: 0,
    noShow: 0,
    cancelled: 0,
  };
  for (const slot of slots) {
    for (const entry of slot.entries) {
      if (entry.status === "cancelled" || entry.status === "cancelled_by_center") {
        counts.cancelled++;
        continue;
      }
      counts.total++;
      if (entry.status === "booked") counts.waiting++;
      else if (entry.status === "checked_in") counts.checkedIn++;
      else if (entry.status === "done") counts.done++;
      else if (entry.status === "materials_missing") counts.missing++;
      else if (entry.status === "no_show") counts.noShow++;
    }
  }
  return counts;
}

/** Slots worth showing: those with someone in them, or all of them when asked. Cancelled entries last. */
export function visibleSlots(slots: QueueSlot[], showEmpty: boolean): QueueSlot[] {
  const order = (entry: QueueEntry) =>
    entry.status === "cancelled" || entry.status === "cancelled_by_center" ? 1 : 0;
  return slots
    .filter((slot) => showEmpty || slot.entries.length > 0)
    .map((slot) => ({ ...slot, entries: [...slot.entries].sort((a, b) => order(a) - order(b)) }));
}

export function findByTicket(slots: QueueSlot[], code: string): QueueEntry | undefined {
  for (const slot of slots) {
    const found = slot.entries.find((entry) => entry.ticketCode === code);
    if (found) return found;
  }
  return undefined;
}

/** The queue with one entry replaced by its newer state (after check-in or a result). */
export function patchEntry(
  slots: QueueSlot[],
  id: string,
  patch: Partial<Pick<QueueEntry, "status" | "checkedInAt" | "completedAt" | "missing" | "note">>,
): QueueSlot[] {
  return slots.map((slot) =>
    slot.entries.some((entry) => entry.id === id)
      ? { ...slot, entries: slot.entries.map((entry) => (entry.id === id ? { ...entry, ...patch } : entry)) }
      : slot,
  );
}

/** Minutes between check-in and now (or the result), for "waiting 12 min". */
export function minutesSince(fromIso: string | null, toIso: string): number | null {
  if (!fromIso) return null;
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  return Number.isNaN(ms) ? null : Math.max(0, Math.floor(ms / 60_000));
}

/** Why a day has no slots, in words ("国庆节，中心休息", "临时闭馆：设备检修"). */
export function closedReason(t: Translate, day: Pick<WindowDay, "closedBecause" | "reason">): string {
  switch (day.closedBecause) {
    case "holiday":
      return t("ww.closed.holiday", { reason: holidayName(t, day.reason ?? "") });
    case "closure":
      return t("ww.closed.closure", { reason: day.reason ?? "" });
    case "weekend":
      return t("ww.closed.weekend");
    case "past":
      return t("ww.closed.past");
    case "beyond_horizon":
      return t("ww.closed.beyond_horizon");
    default:
      return t("ww.closed.no_hours");
  }
}

/** "12月11日", with the year when it is not this year's ("2027年1月1日"). */
export function dayInYear(t: Translate, date: string, today: string): string {
  const day = formatDay(t, date);
  return date.slice(0, 4) === today.slice(0, 4) ? day : t("ww.dayOfYear", { year: date.slice(0, 4), day });
}
