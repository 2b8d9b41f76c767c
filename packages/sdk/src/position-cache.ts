import { positionOf } from './engine/bucket.js';
import { sha256First32 } from './engine/sha256.js';

/**
 * Remembers the rollout position of recently seen sessions for one hash seed (a flag key or a
 * bucketBy group), so a session asking again — the common case inside one request — costs a
 * few character reads instead of a SHA-256.
 *
 * A fixed-size 4-way set-associative table: the set comes from the id's length and a few of
 * its characters, and the full id is compared before an entry is trusted, so a collision only
 * costs a recomputation. A miss replaces one entry of its set in turn; nothing grows and
 * nothing is allocated after the first use. A position depends only on the seed and the id, so a cached entry can never
 * change a decision, whatever the percentage.
 */
const WAYS = 4;

export class PositionCache {
  readonly #prefix: string;
  readonly #setMask: number;
  #nextWay = 0;
  readonly #ids: (string | undefined)[];
  readonly #positions: Uint16Array;

  /** `capacity` (entries) is rounded up to a power of two, at least 4. */
  constructor(seed: string, capacity: number) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(WAYS, capacity)));
    this.#prefix = seed + ':';
    this.#setMask = size / WAYS - 1;
    this.#ids = new Array<string | undefined>(size).fill(undefined);
    this.#positions = new Uint16Array(size);
  }

  /** The position (0..9,999) of a normalised session id. */
  position(sessionId: string): number {
    const ids = this.#ids;
    const base = (spread(sessionId) & this.#setMask) * WAYS;
    for (let slot = base; slot < base + WAYS; slot++) {
      if (ids[slot] === sessionId) return this.#positions[slot]!;
    }
    const position = positionOf(sha256First32(this.#prefix, sessionId));
    const slot = base + this.#nextWay;
    this.#nextWay = (this.#nextWay + 1) & (WAYS - 1);
    ids[slot] = sessionId;
    this.#positions[slot] = position;
    return position;
  }
}

/** A cheap spread of an id over the sets: its length and up to six of its characters. */
function spread(id: string): number {
  const n = id.length;
  let h = Math.imul(n, 0x9e3779b1);
  h = Math.imul(h ^ id.charCodeAt(n - 1), 0x01000193);
  h = Math.imul(h ^ id.charCodeAt(n - 2), 0x01000193);
  h = Math.imul(h ^ id.charCodeAt(n - 3), 0x01000193);
  h = Math.imul(h ^ id.charCodeAt(n >> 1), 0x01000193);
  h = Math.imul(h ^ id.charCodeAt(n >> 2), 0x01000193);
  h = Math.imul(h ^ id.charCodeAt(0), 0x01000193);
  return h ^ (h >>> 15);
}
