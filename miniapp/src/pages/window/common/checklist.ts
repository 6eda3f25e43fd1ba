// What the resident ticked on a matter's checklist, kept while the app runs: going on to pick a
// time and coming back (or opening the matter again) shows the same ticks.
const ticks = new Map<string, string[]>();

export function tickedOf(matterId: string): Set<string> {
  return new Set(ticks.get(matterId) ?? []);
}

export function saveTicked(matterId: string, ids: Iterable<string>): void {
  ticks.set(matterId, [...ids]);
}

/** After a booking: the next visit for the same matter starts from an empty list. */
export function forgetTicked(matterId: string): void {
  ticks.delete(matterId);
}
