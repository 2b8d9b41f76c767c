import type { Clock } from '../../clock.js';

export interface FailureLimiterOptions {
  readonly clock: Clock;
  /** Failures allowed per window; the next attempt is refused. */
  readonly maxFailures: number;
  readonly windowMs: number;
  /** Addresses tracked at most, so a flood of addresses cannot grow memory without bound. */
  readonly maxTracked?: number;
}

interface Window {
  start: number;
  failures: number;
}

/**
 * Counts authentication failures per client address in fixed windows. Once an address has
 * failed `maxFailures` times in a window, its attempts are refused until the window ends —
 * valid tokens included, or a refused guess and an accepted one would still tell apart.
 */
export class FailureLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #options: FailureLimiterOptions;

  constructor(options: FailureLimiterOptions) {
    this.#options = options;
  }

  isBlocked(address: string): boolean {
    const window = this.#current(address);
    return window !== undefined && window.failures >= this.#options.maxFailures;
  }

  /** Milliseconds until a blocked address may try again. */
  retryAfterMs(address: string): number {
    const window = this.#current(address);
    if (window === undefined) return 0;
    return Math.max(0, window.start + this.#options.windowMs - this.#options.clock.now());
  }

  recordFailure(address: string): void {
    const window = this.#current(address);
    if (window !== undefined) {
      window.failures += 1;
      return;
    }
    this.#evictIfFull();
    this.#windows.set(address, { start: this.#options.clock.now(), failures: 1 });
  }

  #current(address: string): Window | undefined {
    const window = this.#windows.get(address);
    if (window === undefined) return undefined;
    if (this.#options.clock.now() - window.start >= this.#options.windowMs) {
      this.#windows.delete(address);
      return undefined;
    }
    return window;
  }

  #evictIfFull(): void {
    const max = this.#options.maxTracked ?? 10_000;
    if (this.#windows.size < max) return;
    const now = this.#options.clock.now();
    for (const [address, window] of this.#windows) {
      if (now - window.start >= this.#options.windowMs) this.#windows.delete(address);
    }
    // Still full: forget the oldest (Map keeps insertion order).
    while (this.#windows.size >= max) {
      const oldest = this.#windows.keys().next();
      if (oldest.done === true) break;
      this.#windows.delete(oldest.value);
    }
  }
}
