/**
 * Reconnection delays of the stream.
 *
 * @example
 * const reconnect: BackoffOptions = { baseDelayMs: 1000, maxDelayMs: 60_000 };
 */
export interface BackoffOptions {
  /** The first retry waits up to this long (default 500 ms). */
  readonly baseDelayMs?: number;
  /** No retry waits longer (default 30 s). */
  readonly maxDelayMs?: number;
}

export const DEFAULT_BACKOFF = { baseDelayMs: 500, maxDelayMs: 30_000 } as const;

/**
 * Exponential backoff with full jitter: the n-th retry waits a random time in
 * [0, min(max, base * 2^n)), so many SDKs that lost the same server do not come back in step.
 *
 * @example
 * const backoff = new Backoff({ baseDelayMs: 500, maxDelayMs: 30_000 });
 * backoff.next(); // 0..500 ms, then 0..1000 ms, 0..2000 ms, ... up to 0..30 s
 */
export class Backoff {
  readonly #base: number;
  readonly #max: number;
  readonly #random: () => number;
  #attempt = 0;

  constructor(options: BackoffOptions = {}, random: () => number = Math.random) {
    this.#base = options.baseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs;
    this.#max = options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs;
    this.#random = random;
  }

  /** The delay before the next retry, at least `floorMs` (a server's `retry`), at most the max. */
  next(floorMs = 0): number {
    const ceiling = Math.min(this.#max, this.#base * 2 ** Math.min(this.#attempt, 30));
    this.#attempt++;
    const delay = Math.floor(this.#random() * ceiling);
    return Math.min(this.#max, Math.max(floorMs, delay));
  }

  /** After a connection that worked: the next retry starts again from the base delay. */
  reset(): void {
    this.#attempt = 0;
  }
}
