import { DDSketch } from '@datadog/sketches-js';

/** One minute of one series: what every replica can add to and any window can merge. */
export interface MinuteBucket {
  count: number;
  sum: number;
  sumSquares: number;
  min: number;
  max: number;
  /** Null for pure counters (no values tracked). */
  sketch: DDSketch | null;
}

/** Relative accuracy of the quantile sketches: a p95 is within 1% of the true value. */
export const SKETCH_ACCURACY = 0.01;

/**
 * The minute buckets of one series in time order, with running totals so the count, sum and
 * sum of squares of any window take two binary searches. Adding to the newest minute (the
 * usual case) keeps the totals current; adding to an older one rebuilds them on next read.
 */
export class Series {
  readonly minutes: number[] = [];
  readonly buckets: MinuteBucket[] = [];
  /** The write counter at each bucket's last change, for caches of merged windows. */
  readonly touched: number[] = [];
  #cumulative: { count: number[]; sum: number[]; squares: number[] } | null = emptyTotals();

  bucketAt(minute: number, tick: number): MinuteBucket {
    const last = this.minutes.length - 1;
    if (last >= 0 && this.minutes[last] === minute) {
      this.touched[last] = tick;
      return this.buckets[last] as MinuteBucket;
    }
    const index = lowerBound(this.minutes, minute);
    if (this.minutes[index] === minute) {
      this.touched[index] = tick;
      this.#cumulative = null;
      return this.buckets[index] as MinuteBucket;
    }
    const bucket = emptyBucket();
    this.minutes.splice(index, 0, minute);
    this.buckets.splice(index, 0, bucket);
    this.touched.splice(index, 0, tick);
    const totals = this.#cumulative;
    if (index !== last + 1) this.#cumulative = null;
    else if (totals !== null) {
      totals.count.push(totals.count[last] ?? 0);
      totals.sum.push(totals.sum[last] ?? 0);
      totals.squares.push(totals.squares[last] ?? 0);
    }
    return bucket;
  }

  /** Call after changing the bucket `bucketAt` returned. */
  changed(bucket: MinuteBucket): void {
    const totals = this.#cumulative;
    if (totals === null) return;
    const last = this.buckets.length - 1;
    if (this.buckets[last] !== bucket) {
      this.#cumulative = null;
      return;
    }
    const before = last - 1;
    totals.count[last] = (totals.count[before] ?? 0) + bucket.count;
    totals.sum[last] = (totals.sum[before] ?? 0) + bucket.sum;
    totals.squares[last] = (totals.squares[before] ?? 0) + bucket.sumSquares;
  }

  /** Bucket indexes `[start, end)` of the minutes in `[fromMinute, toMinute)`. */
  range(fromMinute: number, toMinute: number): [number, number] {
    return [lowerBound(this.minutes, fromMinute), lowerBound(this.minutes, toMinute)];
  }

  totals(start: number, end: number): { count: number; sum: number; sumSquares: number } {
    if (end <= start) return { count: 0, sum: 0, sumSquares: 0 };
    const totals = this.#totals();
    const at = (values: number[], i: number): number => (i < 0 ? 0 : (values[i] ?? 0));
    return {
      count: at(totals.count, end - 1) - at(totals.count, start - 1),
      sum: at(totals.sum, end - 1) - at(totals.sum, start - 1),
      sumSquares: at(totals.squares, end - 1) - at(totals.squares, start - 1),
    };
  }

  #totals(): { count: number[]; sum: number[]; squares: number[] } {
    if (this.#cumulative !== null) return this.#cumulative;
    const totals = emptyTotals();
    let count = 0;
    let sum = 0;
    let squares = 0;
    for (const bucket of this.buckets) {
      totals.count.push((count += bucket.count));
      totals.sum.push((sum += bucket.sum));
      totals.squares.push((squares += bucket.sumSquares));
    }
    this.#cumulative = totals;
    return totals;
  }
}

/** A minute with nothing in it yet. */
export function emptyBucket(): MinuteBucket {
  return { count: 0, sum: 0, sumSquares: 0, min: Infinity, max: -Infinity, sketch: null };
}

/** Adds observed values, each counted `weight` times (weight > 0). */
export function addValuesTo(bucket: MinuteBucket, values: readonly number[], weight = 1): void {
  if (values.length === 0) return;
  bucket.sketch ??= newSketch();
  for (const value of values) {
    bucket.count += weight;
    bucket.sum += value * weight;
    bucket.sumSquares += value * value * weight;
    if (value < bucket.min) bucket.min = value;
    if (value > bucket.max) bucket.max = value;
    bucket.sketch.accept(value, weight);
  }
}

/** Adds `n` events of a counter: each event is the value 1, without a sketch. */
export function addCountTo(bucket: MinuteBucket, n: number): void {
  bucket.count += n;
  bucket.sum += n;
  bucket.sumSquares += n;
}

/**
 * Adds everything in `from` to `into`: what two replicas (or two batches) recorded for the same
 * minute of the same series, as if one had seen it all.
 */
export function mergeBucket(into: MinuteBucket, from: MinuteBucket): void {
  into.count += from.count;
  into.sum += from.sum;
  into.sumSquares += from.sumSquares;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
  if (from.sketch !== null && from.sketch.count > 0) {
    into.sketch ??= newSketch();
    into.sketch.merge(from.sketch);
  }
}

function emptyTotals(): { count: number[]; sum: number[]; squares: number[] } {
  return { count: [], sum: [], squares: [] };
}

/** The first index whose value is >= `value` in a sorted array. */
export function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? 0) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function newSketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: SKETCH_ACCURACY });
}
