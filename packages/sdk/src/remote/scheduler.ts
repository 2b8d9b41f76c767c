/**
 * Where the SDK's remote mode sets its timers (reconnect backoff, polling, heartbeat
 * watchdog, the `ready()` timeout). Defaults to the global timers; tests may pass a fake.
 *
 * @example
 * const scheduler: Scheduler = {
 *   setTimeout: (callback, ms) => setTimeout(callback, ms),
 *   clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
 * };
 */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One timer slot: setting it again replaces the pending callback. Owned by one instance. */
export class Timer {
  readonly #scheduler: Scheduler;
  #handle: unknown;
  #armed = false;

  constructor(scheduler: Scheduler) {
    this.#scheduler = scheduler;
  }

  get armed(): boolean {
    return this.#armed;
  }

  set(ms: number, callback: () => void): void {
    this.clear();
    this.#armed = true;
    this.#handle = this.#scheduler.setTimeout(() => {
      this.#armed = false;
      callback();
    }, ms);
  }

  clear(): void {
    if (!this.#armed) return;
    this.#armed = false;
    this.#scheduler.clearTimeout(this.#handle);
  }
}
