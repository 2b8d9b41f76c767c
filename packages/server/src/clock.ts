/** Where the server reads the time; tests pass a fake so they never sleep. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The clock's time as ISO 8601 (UTC), the form every stored timestamp takes. */
export function isoNow(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
