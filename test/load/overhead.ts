/**
 * Framework overhead: one small authenticated read, GET /window/appointments/{id}, whose DynamoDB
 * work is three GetItems one after another (the caller's user in requireUser, the appointment,
 * its center), done two ways at the same concurrency: by the raw AWS SDK from this process, and
 * through the API (HTTP over loopback, Hono, auth, validation, JSON). Short slices of each
 * alternate, so both see the same machine. The meter checks both make the same calls for the
 * same units. The ratio is how close the API comes to the database's own limit here.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import {
  CAPACITY_HEADER,
  formatCapacityHeader,
  type meterPerTask,
} from "../../functions/src/db/capacity-meter.js";
import type { Db } from "../../functions/src/db/client.js";
import { keys } from "../../functions/src/db/keys.js";
import { type ApiClient, type Row, rowOf, runFor, Tally } from "./measure.js";

export interface OverheadResult {
  raw: Row;
  api: Row;
  p50Ratio: number;
  throughputRatio: number;
  sameCalls: boolean;
}

export async function frameworkOverhead(options: {
  api: ApiClient;
  db: Db;
  meter: ReturnType<typeof meterPerTask>;
  token: string;
  userId: string;
  seconds: number;
  concurrency: number;
}): Promise<OverheadResult> {
  const { api, db, meter, token, userId } = options;
  const mine = async (when: string) =>
    (
      await api.json<{ items: { id: string }[] }>(
        api.get(`/window/appointments/mine?when=${when}`, token),
        "GET /window/appointments/mine",
      )
    ).items[0];
  const appointment = (await mine("upcoming")) ?? (await mine("past"));
  if (!appointment) throw new Error(`${userId} has no window appointment to read`);

  const get = (Key: Record<string, string>) => db.doc.send(new GetCommand({ TableName: db.tableName, Key }));
  const raw = async () => {
    const { usage } = await meter.run(async () => {
      await get(keys.user(userId));
      const found = await get(keys.appointment(appointment.id));
      await get(keys.center(found.Item?.centerId as string));
    });
    return new Response(null, { status: 200, headers: { [CAPACITY_HEADER]: formatCapacityHeader(usage) } });
  };
  const viaApi = () => api.get(`/window/appointments/${appointment.id}`, token);

  // Warm-up: connections, JIT, DynamoDB Local's caches.
  await runFor(new Tally(), 1, options.concurrency, raw);
  await runFor(new Tally(), 1, options.concurrency, viaApi);
  const rawTally = new Tally();
  const apiTally = new Tally();
  for (let slice = 0; slice < options.seconds; slice++) {
    const pair: [Tally, () => Promise<Response>][] = [
      [rawTally, raw],
      [apiTally, viaApi],
    ];
    if (slice % 2) pair.reverse();
    for (const [tally, request] of pair) await runFor(tally, 1, options.concurrency, request);
  }
  const rawRow = rowOf("overhead: raw SDK, the same 3 GetItems (user, appointment, center)", rawTally);
  const apiRow = rowOf("overhead: API GET /window/appointments/{id}", apiTally);
  return {
    raw: rawRow,
    api: apiRow,
    p50Ratio: Math.round((apiRow.p50ms / rawRow.p50ms) * 100) / 100,
    throughputRatio: Math.round((apiRow.reqPerSec / rawRow.reqPerSec) * 100) / 100,
    sameCalls: rawRow.callsPerReq === apiRow.callsPerReq && rawRow.rcuPerReq === apiRow.rcuPerReq,
  };
}
