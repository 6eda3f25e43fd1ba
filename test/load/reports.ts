/**
 * A report burst: every bench resident files a 随手拍 report at once. Every one is accepted, each
 * gets its own case number, the numbers of the day run 1…n without a gap or a repeat, and every
 * answered case is stored with its number's guard.
 */

import { getCase, getCaseIdByNumber } from "../../functions/src/cases/repo.js";
import type { Db } from "../../functions/src/db/client.js";
import type { BenchResident } from "./crowd.js";
import { type ApiClient, burst, type Row, rowOf, Tally } from "./measure.js";
import type { Check } from "./rush.js";

export async function reportBurst(
  api: ApiClient,
  db: Db,
  residents: BenchResident[],
): Promise<{ row: Row; checks: Check[] }> {
  const tally = new Tally();
  const answers = await burst(
    tally,
    residents.map(
      (resident) => () =>
        api.fresh.post("/reports", resident.token, {
          category: "public_facilities",
          description: "压测：同一时刻的随手拍上报。",
          location: { address: "压测楼栋" },
        }),
    ),
  );
  const created = await Promise.all(
    answers
      .filter((a): a is Response => a !== null)
      .map(async (a) => ((await a.json()) as { report: { id: string; number: string } }).report),
  );
  const numbers = created.map((r) => r.number);
  const sequences = numbers.map((n) => Number(n.split("-")[2])).sort((a, b) => a - b);
  const days = new Set(numbers.map((n) => n.split("-")[1]));
  // A burst that crosses midnight in Shanghai starts a second day's sequence: check per day then.
  const gapless =
    days.size !== 1 || sequences.every((n, i) => i === 0 || n === (sequences[i - 1] as number) + 1);
  let stored = 0;
  for (const report of created) {
    const [item, guard] = await Promise.all([getCase(db, report.id), getCaseIdByNumber(db, report.number)]);
    if (item?.number === report.number && guard === report.id) stored++;
  }
  const row = rowOf(
    `burst: 随手拍 reports, ${residents.length.toLocaleString("en")} residents at once`,
    tally,
  );
  const checks: Check[] = [
    {
      check: "report burst: every report accepted, each with its own number",
      pass: tally.ok === residents.length && new Set(numbers).size === numbers.length && tally.errors === 0,
      detail: `201: ${tally.ok} of ${residents.length}; distinct numbers ${new Set(numbers).size}; other ${tally.errors} ${JSON.stringify(tally.codes)}`,
    },
    {
      check: "report burst: the day's numbers run without a gap; each case stored with its guard",
      pass: gapless && stored === created.length,
      detail: `numbers ${sequences[0]}…${sequences.at(-1)} on ${days.size} day(s); stored with guard ${stored} of ${created.length}`,
    },
  ];
  return { row, checks };
}
