/**
 * DynamoDB capacity metering for the benchmark and `npm run capacity`: a middleware on the app's
 * client that asks each data call for `ReturnConsumedCapacity: "TOTAL"` (table and indexes) and
 * adds up what comes back. Only calls made while a usage record is open are touched; nothing
 * installs it in Lambda (functions/src/local.ts does, and only when ONEDOOR_CAPACITY_HEADER=1).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import type { Db } from "./client.js";

const READS = new Set(["GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"]);
const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"]);

export interface CapacityUsage {
  rcu: number;
  wcu: number;
  /** Reads DynamoDB Local reported as 0 units: a Query that found nothing (a missing item is 0.5, as in AWS). */
  zeroReads: number;
  calls: Record<string, number>;
  /** Calls that threw (a failed condition, a cancelled transaction): AWS bills them, nothing reports how much. */
  failed: Record<string, number>;
}

export const emptyUsage = (): CapacityUsage => ({ rcu: 0, wcu: 0, zeroReads: 0, calls: {}, failed: {} });

export const callCount = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

/**
 * Adds the meter to `db`'s client (once per client). Each data call made while `current()`
 * returns a record asks for its consumed capacity and adds it there; other calls pass untouched.
 */
export function addCapacityMeter(db: Db, current: () => CapacityUsage | undefined): void {
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const usage = current();
      const command = (context.commandName ?? "unknown").replace(/Command$/, "");
      const isRead = READS.has(command);
      if (!usage || !(isRead || WRITES.has(command))) return next(args);
      usage.calls[command] = (usage.calls[command] ?? 0) + 1;
      try {
        const result = await next({
          ...args,
          input: { ...(args.input as object), ReturnConsumedCapacity: "TOTAL" },
        });
        const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
          .ConsumedCapacity;
        let units = 0;
        for (const entry of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
          // Transactions report both halves; single calls report CapacityUnits of their one kind.
          usage.rcu += entry.ReadCapacityUnits ?? (isRead ? (entry.CapacityUnits ?? 0) : 0);
          usage.wcu += entry.WriteCapacityUnits ?? (isRead ? 0 : (entry.CapacityUnits ?? 0));
          units += entry.CapacityUnits ?? 0;
        }
        if (isRead && units === 0) usage.zeroReads++;
        return result;
      } catch (error) {
        usage.failed[command] = (usage.failed[command] ?? 0) + 1;
        throw error;
      }
    },
    { step: "initialize", name: "consumedCapacityMeter" },
  );
}

/** One record at a time, for work run one task after another (`npm run capacity`). */
export function meterCapacity(db: Db) {
  let usage: CapacityUsage | undefined;
  addCapacityMeter(db, () => usage);
  return {
    async measure<T>(task: () => Promise<T>): Promise<{ value: T; usage: CapacityUsage }> {
      const measured = emptyUsage();
      usage = measured;
      try {
        return { value: await task(), usage: measured };
      } finally {
        usage = undefined;
      }
    },
  };
}

/**
 * A record per task, kept in the task's async context: concurrent requests each get their own
 * calls, whatever the interleaving.
 */
export function meterPerTask(db: Db) {
  const store = new AsyncLocalStorage<CapacityUsage>();
  addCapacityMeter(db, () => store.getStore());
  return {
    async run<T>(task: () => Promise<T>): Promise<{ value: T; usage: CapacityUsage }> {
      const usage = emptyUsage();
      const value = await store.run(usage, task);
      return { value, usage };
    },
  };
}

export const CAPACITY_HEADER = "X-Consumed-Capacity";

/** `rcu=1.5;wcu=4;calls=3;failed=0`: units are rounded to 1/1000 (DynamoDB reports halves). */
export function formatCapacityHeader(usage: CapacityUsage): string {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return `rcu=${round(usage.rcu)};wcu=${round(usage.wcu)};calls=${callCount(usage.calls)};failed=${callCount(usage.failed)}`;
}

export interface HeaderCapacity {
  rcu: number;
  wcu: number;
  calls: number;
  failed: number;
}

export function parseCapacityHeader(value: string | null | undefined): HeaderCapacity | null {
  if (!value) return null;
  const fields = new Map(
    value.split(";").map((part) => {
      const [name, number] = part.split("=");
      return [name?.trim() ?? "", Number(number)] as const;
    }),
  );
  const get = (name: string) => fields.get(name) ?? Number.NaN;
  const parsed = { rcu: get("rcu"), wcu: get("wcu"), calls: get("calls"), failed: get("failed") };
  return Object.values(parsed).some(Number.isNaN) ? null : parsed;
}

/**
 * For the local server: runs `handle` with its own record and answers with the capacity its
 * DynamoDB calls consumed in the X-Consumed-Capacity header.
 */
export function withCapacityHeader(meter: ReturnType<typeof meterPerTask>) {
  return async (handle: () => Response | Promise<Response>): Promise<Response> => {
    const { value, usage } = await meter.run(async () => handle());
    const response = new Response(value.body, value);
    response.headers.set(CAPACITY_HEADER, formatCapacityHeader(usage));
    return response;
  };
}
