/** Injected so tests can move time. Instants are UTC ISO strings everywhere in storage. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
