import { hashValue, positionOf } from '@ramp/sdk/engine';

const CHUNK = 65_536;

/**
 * Synthetic sessions `sim-0`, `sim-1`, ... with their bucket positions (0..9,999) under each
 * bucketing seed (a flag key or a `bucketBy` group), computed once by the SDK engine's own
 * hashing and kept. A run takes a block of consecutive, never-reused sessions, so every
 * session it sees is a fresh id assigned exactly as the SDK would; runs that share a pool
 * (the decision-quality study) pay for hashing once.
 */
export class SessionPool {
  readonly #positions = new Map<string, Uint16Array>();
  readonly #sizes = new Map<string, number>();

  /** Positions of sessions `0 .. end-1` under `seed` (at least; the array may be longer). */
  positions(seed: string, end: number): Uint16Array {
    let array = this.#positions.get(seed) ?? new Uint16Array(0);
    let size = this.#sizes.get(seed) ?? 0;
    if (end <= size) return array;
    if (end > array.length) {
      const grown = new Uint16Array(Math.max(end, array.length * 2, CHUNK));
      grown.set(array.subarray(0, size));
      array = grown;
      this.#positions.set(seed, array);
    }
    for (; size < end; size++) array[size] = positionOf(hashValue(seed, sessionId(size)));
    this.#sizes.set(seed, size);
    return array;
  }
}

/** The id of synthetic session `index`. */
export function sessionId(index: number): string {
  return `sim-${index}`;
}
