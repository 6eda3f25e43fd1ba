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
