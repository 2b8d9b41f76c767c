import { positionOf } from './engine/bucket.js';
import { sha256First32 } from './engine/sha256.js';

/**
 * Remembers the rollout position of recently seen sessions for one hash seed (a flag key or a
 * bucketBy group), so a session asking again — the common case inside one request — costs a
 * map lookup instead of a SHA-256.
 *
 * Bounded: two generations of at most `capacity` entries each; when the current one fills, it
 * becomes the previous one and the oldest is dropped whole. A position depends only on the seed
 * and the session id, so a cached entry can never change a decision, whatever the percentage.
 */
export class PositionCache {
  readonly #prefix: string;
  readonly #capacity: number;
  #current = new Map<string, number>();
  #previous = new Map<string, number>();

  constructor(seed: string, capacity: number) {
    this.#prefix = seed + ':';
    this.#capacity = capacity;
  }

  /** The position (0..9,999) of a normalised session id. */
  position(sessionId: string): number {
    const cached = this.#current.get(sessionId);
    if (cached !== undefined) return cached;
    const position =
      this.#previous.get(sessionId) ?? positionOf(sha256First32(this.#prefix, sessionId));
    if (this.#current.size >= this.#capacity) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    this.#current.set(sessionId, position);
    return position;
  }

  get size(): number {
    return this.#current.size + this.#previous.size;
  }
}
