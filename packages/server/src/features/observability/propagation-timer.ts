/** Revisions waiting for their broadcast; older ones are forgotten beyond this. */
const MAX_PENDING = 10_000;

/**
 * Measures propagation: from a change committing (`committed(revision)`) to its frame being
 * written to the streams (`broadcast(revision)`). Revisions committed by another replica
 * have no start here and are not measured.
 */
export class PropagationTimer {
  readonly #started = new Map<number, number>();
  readonly #now: () => number;
  readonly #observe: (seconds: number) => void;

  /** `now` in milliseconds from a monotonic clock. */
  constructor(options: {
    readonly now: () => number;
    readonly observe: (seconds: number) => void;
  }) {
    this.#now = options.now;
    this.#observe = options.observe;
  }

  committed(revision: number): void {
    this.#started.set(revision, this.#now());
    if (this.#started.size > MAX_PENDING) {
      const oldest = this.#started.keys().next();
      if (oldest.done !== true) this.#started.delete(oldest.value);
    }
  }

  broadcast(revision: number): void {
    const start = this.#started.get(revision);
    if (start === undefined) return;
    this.#observe((this.#now() - start) / 1000);
    // A revision is broadcast once, in order: anything older is not coming any more.
    for (const pending of this.#started.keys()) {
      if (pending > revision) break;
      this.#started.delete(pending);
    }
  }

  get pending(): number {
    return this.#started.size;
  }
}
