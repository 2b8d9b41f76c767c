import type { DDSketch } from '@datadog/sketches-js';
import { newSketch, SKETCH_ACCURACY } from '../rollouts/index.js';

/**
 * A DDSketch as stored text: the relative accuracy, the count of zeros, and the bin counts of
 * the positive and negative stores as `[firstKey, count, count, ...]` (dense from the first to
 * the last key in use). The bins are exact, so a decoded sketch answers every quantile exactly
 * as the original did, and merging decoded sketches equals merging the originals. (The
 * library's own protobuf form needs protobufjs, which it does not declare, and drops the count.)
 */
interface StoredSketch {
  readonly a: number;
  readonly z: number;
  readonly p: readonly number[];
  readonly n: readonly number[];
}

/** The store part of a DDSketch that the codec reads and writes (public fields of DenseStore). */
type Store = DDSketch['store'];

/** @example const text = encodeSketch(bucket.sketch); */
export function encodeSketch(sketch: DDSketch): string {
  const stored: StoredSketch = {
    a: sketch.mapping.relativeAccuracy,
    z: sketch.zeroCount,
    p: binsOf(sketch.store),
    n: binsOf(sketch.negativeStore),
  };
  return JSON.stringify(stored);
}

/**
 * The sketch `encodeSketch` wrote. Throws on text it did not write or a sketch of another
 * accuracy (which could not be merged with the others).
 *
 * @example const sketch = decodeSketch(row.sketch);
 */
export function decodeSketch(text: string): DDSketch {
  const stored = JSON.parse(text) as Partial<StoredSketch>;
  if (
    stored.a !== SKETCH_ACCURACY ||
    typeof stored.z !== 'number' ||
    !Array.isArray(stored.p) ||
    !Array.isArray(stored.n)
  ) {
    throw new Error('not a stored sketch of this accuracy');
  }
  const sketch = newSketch();
  fillStore(sketch.store, stored.p);
  fillStore(sketch.negativeStore, stored.n);
  sketch.zeroCount = stored.z;
  // The summary fields quantiles and merges read; sum, min and max live in the row itself.
  sketch.count = sketch.zeroCount + sketch.store.count + sketch.negativeStore.count;
  return sketch;
}

function binsOf(store: Store): number[] {
  if (store.count === 0) return [];
  const bins: number[] = [store.minKey];
  for (let key = store.minKey; key <= store.maxKey; key++) {
    bins.push(store.bins[key - store.offset] ?? 0);
  }
  return bins;
}

function fillStore(store: Store, bins: readonly unknown[]): void {
  const [first, ...counts] = bins;
  if (first === undefined) return;
  if (typeof first !== 'number' || !Number.isInteger(first)) throw new Error('bad sketch bins');
  counts.forEach((count, i) => {
    if (typeof count !== 'number' || !(count >= 0)) throw new Error('bad sketch bins');
    if (count > 0) store.add(first + i, count);
  });
}
