// Which case desk a user has: on its own, small, because the home page (main package) needs it and
// the rest of the case helpers belong in the cases subpackage.
import type { Me } from "../api/types";

export interface CaseDesk {
  departments: { communityId: string; id: string; name: string }[];
  supervisorOf: string[];
}

/** The departments the user handles cases for and where they supervise (absent from a session stored before /me carried it). */
export function caseDeskOf(me: Me | null): CaseDesk {
  const desk = (me as (Me & { caseDesk?: Partial<CaseDesk> | null }) | null)?.caseDesk;
  return { departments: desk?.departments ?? [], supervisorOf: desk?.supervisorOf ?? [] };
}
