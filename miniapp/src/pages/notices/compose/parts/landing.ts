import type { NoticeState } from "../../../../api/notices";

// The tab the manage page shows when compose goes back to it: set just before navigating back,
// taken once by the manage page when it shows again.
let next: NoticeState | null = null;

export function setLandingTab(tab: NoticeState): void {
  next = tab;
}

export function takeLandingTab(): NoticeState | null {
  const tab = next;
  next = null;
  return tab;
}

// Why the job could not publish a draft that was scheduled: the manage list has it (the notice's
// detail does not), so the manage page hands it over as it opens compose for that notice.
let failed: { id: string; reason: string } | null = null;

export function passScheduleError(id: string, reason: string | null): void {
  failed = reason ? { id, reason } : null;
}

/** The reason handed over for this notice, if any. */
export function scheduleErrorFor(id: string): string | null {
  return failed?.id === id ? failed.reason : null;
}
