import {
  MINUTE_MS,
  type AttributeValue,
  type Batch,
  type Cohorts,
  type Counter,
  type Exposure,
  type MetricEvent,
  type Observation,
} from './batch.js';

/** The exposures of one flag in one minute, counted in place on the hot path. */
interface ExposureCount {
  readonly flag: string;
  readonly minute: number;
  on: number;
  off: number;
}

/**
 * What the SDK recorded and has not sent yet, bounded: at most `capacity` items, where an
 * observation or event is one item, a counter one item per (metric, minute, cohorts) however
 * often it is incremented, and exposures two items per flag and minute however many calls.
 * What does not fit is dropped and counted; the count goes out with the next batch.
 */
export class MetricsBuffer {
  readonly #capacity: number;
  #observations: Observation[] = [];
  #events: MetricEvent[] = [];
  readonly #counters = new Map<string, Counter>();
  /** The current minute's exposures per flag, and the past minutes' not yet taken. */
  readonly #exposures = new Map<string, ExposureCount>();
  #pastExposures: ExposureCount[] = [];
  #dropped = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Items held (exposure counts as two each). */
  get size(): number {
    return (
      this.#observations.length +
      this.#events.length +
      this.#counters.size +
      2 * (this.#exposures.size + this.#pastExposures.length)
    );
  }

  /** Items dropped and not yet reported. */
  get dropped(): number {
    return this.#dropped;
  }

  observe(metric: string, value: number, at: number, cohorts: Cohorts): void {
    if (this.#full(1)) return;
    this.#observations.push({ metric, value, at, cohorts });
  }

  count(metric: string, by: number, at: number, cohorts: Cohorts): void {
    const minute = Math.floor(at / MINUTE_MS);
    const key = `${metric}\u0000${minute}\u0000${cohortsKey(cohorts)}`;
    const counter = this.#counters.get(key);
    if (counter !== undefined) counter.count += by;
    else if (!this.#full(1)) {
      this.#counters.set(key, { metric, count: by, at: minute * MINUTE_MS, cohorts });
    }
  }

  event(
    name: string,
    at: number,
    cohorts: Cohorts,
    attributes: Readonly<Record<string, AttributeValue>> | undefined,
  ): void {
    if (this.#full(1)) return;
    this.#events.push(
      attributes === undefined ? { name, at, cohorts } : { name, at, cohorts, attributes },
    );
  }

  /** One evaluation of `flag` that put a session on the `on` side or not. */
  expose(flag: string, on: boolean, at: number): void {
    const minute = Math.floor(at / MINUTE_MS);
    let count = this.#exposures.get(flag);
    if (count === undefined || count.minute !== minute) {
      if (this.#full(2)) return;
      if (count !== undefined) this.#pastExposures.push(count);
      count = { flag, minute, on: 0, off: 0 };
      this.#exposures.set(flag, count);
    }
    if (on) count.on++;
    else count.off++;
  }

  /** Counts items lost elsewhere (a batch that could not be delivered). */
  drop(items: number): void {
    this.#dropped += items;
  }

  /**
   * Takes up to `max` items as a batch, with the dropped count: exposures and counters first
   * (aggregated, so few), then events, then observations, oldest first. Undefined when there
   * is nothing to send.
   */
  take(max: number): Batch | undefined {
    if (this.size === 0 && this.#dropped === 0) return undefined;
    const exposures = this.#takeExposures(max);
    let room = Math.max(0, max - exposures.length);
    const counters: Counter[] = [];
    for (const [key, counter] of this.#counters) {
      if (room === 0) break;
      counters.push(counter);
      this.#counters.delete(key);
      room--;
    }
    const events = this.#events.splice(0, room);
    room -= events.length;
    const observations = this.#observations.splice(0, room);
    const dropped = this.#dropped;
    this.#dropped = 0;
    return { observations, counters, events, exposures, dropped };
  }

  /** Past minutes first; a flag's count leaves whole (two items at most). */
  #takeExposures(max: number): Exposure[] {
    const exposures: Exposure[] = [];
    const take = (count: ExposureCount): boolean => {
      if (exposures.length + 2 > max) return false;
      const at = count.minute * MINUTE_MS;
      if (count.on > 0) exposures.push({ flag: count.flag, cohort: 'on', count: count.on, at });
      if (count.off > 0) exposures.push({ flag: count.flag, cohort: 'off', count: count.off, at });
      return true;
    };
    let taken = 0;
    while (taken < this.#pastExposures.length && take(this.#pastExposures[taken]!)) taken++;
    this.#pastExposures.splice(0, taken);
    for (const [flag, count] of this.#exposures) {
      if (!take(count)) break;
      this.#exposures.delete(flag);
    }
    return exposures;
  }

  /** True (and the item counted as dropped) when `items` more do not fit. */
  #full(items: number): boolean {
    if (this.size + items <= this.#capacity) return false;
    this.#dropped++;
    return true;
  }
}

/** The same cohorts give the same text: FeatureFlags lists active flags in a stable order. */
function cohortsKey(cohorts: Cohorts): string {
  let key = '';
  for (const flag in cohorts) key += `${flag}=${cohorts[flag]};`;
  return key;
}
