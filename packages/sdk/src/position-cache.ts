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
  /** A cheap 32-bit tag of each entry's id, compared before the id itself. */
  readonly #tags: Int32Array;
  readonly #positions: Uint16Array;

  /** `capacity` (entries) is rounded up to a power of two, at least 4. */
  constructor(seed: string, capacity: number) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(WAYS, capacity)));
    this.#prefix = seed + ':';
    this.#setMask = size / WAYS - 1;
    this.#ids = new Array<string | undefined>(size).fill(undefined);
    this.#tags = new Int32Array(size);
    this.#positions = new Uint16Array(size);
  }

  /** The position (0..9,999) of a normalised session id. */
  position(sessionId: string): number {
    const ids = this.#ids;
    const tags = this.#tags;
    const tag = tagOf(sessionId);
    const base = (tag & this.#setMask) * WAYS;
    for (let slot = base; slot < base + WAYS; slot++) {
      if (tags[slot] === tag && ids[slot] === sessionId) return this.#positions[slot]!;
    }
    const position = positionOf(sha256First32(this.#prefix, sessionId));
    const slot = base + this.#nextWay;
    this.#nextWay = (this.#nextWay + 1) & (WAYS - 1);
    ids[slot] = sessionId;
    tags[slot] = tag;
    this.#positions[slot] = position;
    return position;
  }
}

/**
 * A cheap tag of an id: its length and four of its characters (the last three tell sequential
 * ids apart, the middle one the rest), mixed so nearby ids land in different sets.
 */
function tagOf(id: string): number {
  const n = id.length;
  const h =
    Math.imul(n, 0x9e3779b1) ^
    (id.charCodeAt(n - 1) | (id.charCodeAt(n - 2) << 8) | (id.charCodeAt(n - 3) << 16)) ^
    Math.imul(id.charCodeAt(n >> 1), 0x01000193);
  const m = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return m ^ (m >>> 13);
}
