/**
 * Ballot burst: a new building of `households` households, each with one verified owner, and an
 * owners' vote on it opened now; every owner votes at the same instant and one in ten taps twice
 * (a second request with the same choice right beside the first). One ballot per household is
 * counted, the repeats refused with 409 ALREADY_VOTED, nothing 5xx; the tally's counters equal the
 * ballots stored, the roll units marked voted and the households that were answered 200.
 */
import type { Db } from "../../functions/src/db/client.js";
import { queryAll } from "../../functions/src/db/items.js";
import { keys } from "../../functions/src/db/keys.js";
import { getTopicBundle, listRollUnits, tallyOf } from "../../functions/src/deliberation/repo.js";
import { addBuildingOfOwners } from "./crowd.js";
import { type ApiClient, burst, type Row, rowOf, Tally } from "./measure.js";
import type { Check } from "./rush.js";

export async function ballotBurst(
  api: ApiClient,
  db: Db,
  secret: string,
  staffToken: string,
  buildingId: string,
  households: number,
): Promise<{ row: Row; checks: Check[]; topicId: string; seedMs: number }> {
  const seeding = performance.now();
  const crowd = await addBuildingOfOwners(db, secret, buildingId, households);
  const seedMs = Math.round(performance.now() - seeding);
  const { topic } = await api.json<{ topic: { id: string } }>(
    api.post("/deliberations", staffToken, {
      title: `${buildingId}栋外墙保温改造`,
      body: "压测议题：全楼业主同时表决，部分业主重复提交。",
      scope: { kind: "buildings", buildingIds: [buildingId] },
    }),
    "POST /deliberations",
  );
  const opened = await api.json<{ topic: { vote: { eligible: { count: number } } } }>(
    api.post(`/deliberations/${topic.id}/vote`, staffToken, {
      rule: "owners_ordinary",
      electorate: "owners",
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      // So the results can be read while it runs (the feed-at-scale rows read them).
      liveResults: true,
    }),
    "POST /deliberations/{id}/vote",
  );

  const sends: { household: string; send: () => Promise<Response> }[] = [];
  for (const [h, household] of crowd.entries()) {
    const choice = h % 4 === 0 ? "reject" : "approve";
    const send = () =>
      api.fresh.post(`/deliberations/${topic.id}/ballots`, household.owner.token, { choice });
    sends.push({ household: household.id, send });
    if (h % 10 === 0) sends.push({ household: household.id, send });
  }
  const duplicates = sends.length - crowd.length;
  const tally = new Tally((status, code) => status === 409 && code === "ALREADY_VOTED");
  const answers = await burst(
    tally,
    sends.map((s) => s.send),
  );
  const answered = new Set(sends.filter((_, i) => answers[i]).map((s) => s.household));

  const bundle = await getTopicBundle(db, topic.id, true);
  if (!bundle?.vote?.rollId) throw new Error("the bench vote did not open");
  const counters = tallyOf(bundle);
  const counted = counters.approve.count + counters.reject.count + counters.abstain.count;
  const countedArea = counters.approve.area + counters.reject.area + counters.abstain.area;
  const choices = await queryAll<{ choice: string; area: number }>(db, {
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.ballotChoice(topic.id, "").PK },
    ConsistentRead: true,
  });
  const voted = (await listRollUnits(db, topic.id, bundle.vote.rollId)).filter((unit) => unit.voted);
  const byChoice = (["approve", "reject", "abstain"] as const).every(
    (choice) => counters[choice].count === choices.filter((c) => c.choice === choice).length,
  );
  const row = rowOf(
    `ballots: owners' vote, ${households.toLocaleString("en")} households at once, ${duplicates} repeats`,
    tally,
  );
  const checks: Check[] = [
    {
      check: `ballots (${households}): one counted per household, repeats refused ALREADY_VOTED`,
      pass:
        opened.topic.vote.eligible.count === households &&
        tally.ok === households &&
        tally.refused === duplicates &&
        tally.errors === 0,
      detail: `eligible ${opened.topic.vote.eligible.count}; 200: ${tally.ok}; ALREADY_VOTED: ${tally.refused} of ${duplicates} repeats; other: ${tally.errors} ${JSON.stringify(tally.codes)}`,
    },
    {
      check: `ballots (${households}): counters == ballots stored == units voted == households answered 200`,
      pass:
        counted === choices.length &&
        byChoice &&
        countedArea === choices.reduce((sum, c) => sum + c.area, 0) &&
        voted.length === counted &&
        answered.size === counted &&
        counted === households,
      detail: `counted ${counted} (area ${countedArea}), stored ${choices.length}, units voted ${voted.length}, households answered ${answered.size}`,
    },
    {
      check: `ballots (${households}): no 5xx`,
      pass: tally.serverErrors === 0,
      detail: `${tally.serverErrors} 5xx`,
    },
  ];
  return { row, checks, topicId: topic.id, seedMs };
}
