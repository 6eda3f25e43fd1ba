/**
 * Crowds for the bench, written straight into the stack's table with the app's own item builders
 * (making a thousand residents through the API takes three requests each), with tokens signed by
 * the JWT key the bench gives the spawned stack.
 */
import type { Db } from "../../functions/src/db/client.js";
import { writeBuildingWithResidents } from "../setup/residents.js";

export interface BenchResident {
  id: string;
  token: string;
}

export interface BenchHousehold {
  id: string;
  area: number;
  owner: BenchResident;
}

/**
 * A new building of the demo community with `count` households in units of 100, each with one
 * verified owner (test/setup/residents.ts writeBuildingWithResidents): an owners' vote
 * electorate, or a crowd of racers with a home each.
 */
export async function addBuildingOfOwners(
  db: Db,
  secret: string,
  buildingId: string,
  count: number,
): Promise<BenchHousehold[]> {
  const households = await writeBuildingWithResidents(db, {
    secret,
    now: new Date(),
    buildingId,
    count,
    perHousehold: 1,
    perUnit: 100,
  });
  return households.map(({ id, area, residents }) => ({ id, area, owner: residents[0] as BenchResident }));
}
