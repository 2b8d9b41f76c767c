import { positionOf } from './engine/bucket.js';
import { sha256First32 } from './engine/sha256.js';

const WAYS = 4;
const INITIAL_ENTRIES = WAYS;

/**
 * Remembers the rollout position of recently seen sessions for one hash seed (a flag key or a
 * bucketBy group), so a session asking again — the common case inside one request — costs a
 * few character reads instead of a SHA-256.
 *
 * A 4-way set-associative table: the set comes from a cheap tag of the id (its length and
 * seven of its characters), and the full id is compared before an entry is trusted, so a
 * collision only costs a recomputation. It starts as one set and doubles, up to
 * `maxEntries`, each time it has evicted as many live entries as it holds; memory follows the
 * number of sessions actually seen and never exceeds the bound. A position depends only on the
 * seed and the id, so a cached entry can never change a decision, whatever the percentage.
 */
export class PositionCache {
  readonly #prefix: string;
  readonly #maxEntries: number;
  #setMask = 0;
  #ids: (string | undefined)[] = [];
  // Plain arrays of small integers: as fast to read as typed arrays, and far lighter while
  // the table is small (most flags see few sessions per process).
  /** The tag of each entry's id, compared before the id itself. */
  #tags: number[] = [];
  #positions: number[] = [];
  #nextWay = 0;
  #evictions = 0;

  /** `maxEntries` is rounded up to a power of two, at least 4. */
  constructor(seed: string, maxEntries: number) {
    this.#prefix = seed + ':';
    this.#maxEntries = 2 ** Math.ceil(Math.log2(Math.max(WAYS, maxEntries)));
    this.#allocate(Math.min(INITIAL_ENTRIES, this.#maxEntries));
  }

  /** Entries the table has room for now. */
  get capacity(): number {
    return this.#ids.length;
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
    if (
      ids[slot] !== undefined &&
      ++this.#evictions > ids.length &&
      ids.length < this.#maxEntries
    ) {
      // Churning: a bigger table (the old entries are dropped; they are only a cache).
      this.#allocate(ids.length * 2);
      return this.position(sessionId);
    }
    ids[slot] = sessionId;
    tags[slot] = tag;
    this.#positions[slot] = position;
    return position;
  }

  #allocate(entries: number): void {
    this.#setMask = entries / WAYS - 1;
    this.#ids = new Array<string | undefined>(entries).fill(undefined);
    this.#tags = new Array<number>(entries).fill(0);
    this.#positions = new Array<number>(entries).fill(0);
    this.#evictions = 0;
  }
}

/**
 * A cheap tag of an id: its length, its last four characters (which tell sequential ids
 * apart) and three characters just past its eighths and quarter and half (which avoid the
 * dashes of a UUID), mixed so nearby ids land in different sets. Out-of-range reads are NaN,
 * which the bit operations turn into 0.
 */
function tagOf(id: string): number {
  const n = id.length;
  const tail =
    id.charCodeAt(n - 1) |
    (id.charCodeAt(n - 2) << 8) |
    (id.charCodeAt(n - 3) << 16) |
    (id.charCodeAt(n - 4) << 24);
  const inner =
    id.charCodeAt((n >> 1) + 1) |
    (id.charCodeAt((n >> 2) + 1) << 8) |
    (id.charCodeAt((n >> 3) + 1) << 16);
  let h = Math.imul(tail ^ n, 0x9e3779b1) ^ Math.imul(inner, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  // 30 bits, so tags are small integers in V8 and the tag array stays unboxed.
  return (h ^ (h >>> 12)) & 0x3fffffff;
}
