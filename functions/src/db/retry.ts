import { conflict } from "../http/errors.js";
import { isTransactionConflict } from "./errors.js";

const MAX_ATTEMPTS = 8;

/** Thrown inside an attempt that lost a race (a changed ledger or queue): read again, decide again. */
export class Retry extends Error {}

/** Runs an attempt again when it lost a race (a Retry, a transaction conflict), with jittered backoff. */
export async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof Retry) && !isTransactionConflict(error)) throw error;
      await new Promise((wait) => setTimeout(wait, Math.random() * 20 * (i + 1)));
    }
  }
  throw conflict("CONFLICT_RETRY", "Many people are doing the same thing right now; please try again.");
}
