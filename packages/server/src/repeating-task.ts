/**
 * Runs `round` every `intervalMs` between `start()` and `stop()`; rounds never overlap (the
 * next waits for the previous one to settle). A rejected round goes to `onError` and the loop
 * goes on. The timer does not keep the process alive.
 *
 * @example
 * const task = new RepeatingTask(() => sender.deliverDue(), 5_000, (e) => log.error(e));
 * task.start();
 * await task.stop(); // waits for a round in progress; start() may run it again
 */
export class RepeatingTask {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #active = false;
  #closed = false;

  constructor(
    private readonly round: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  get active(): boolean {
    return this.#active;
  }

  start(): void {
    if (this.#closed || this.#active) return;
    this.#active = true;
    this.#schedule();
  }

  /** Stops the loop and waits for a round in progress. */
  async stop(): Promise<void> {
    this.#active = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Stops for good: `start()` does nothing afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.stop();
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      this.#running = this.round()
        .catch(this.onError)
        .finally(() => {
          this.#running = undefined;
          if (this.#active) this.#schedule();
        });
    }, this.intervalMs);
    this.#timer.unref();
  }
}
