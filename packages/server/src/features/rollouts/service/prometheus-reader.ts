import type { PrometheusQuery, Readings } from '../metrics/readings.js';

/** The answers to a decision's PromQL queries (see `prometheusQueries`), by `answerKey`. */
export type PrometheusAnswers = ReadonlyMap<string, number | null>;

/** What the plan controller needs from a Prometheus client. */
export interface PrometheusSource {
  load(queries: readonly PrometheusQuery[]): Promise<PrometheusAnswers>;
}

export interface PrometheusReaderOptions {
  /** The Prometheus of metrics that name no `url` (RAMP_PROMETHEUS_URL); none: no data. */
  readonly defaultUrl?: string | undefined;
  /** Default the global `fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** How long one query may take (default 5 s). */
  readonly timeoutMs?: number | undefined;
  /** A query that failed (it reads as no data). */
  readonly onError?: ((query: PrometheusQuery, error: unknown) => void) | undefined;
}

/**
 * Runs PromQL instant queries (`GET {url}/api/v1/query?query=…&time=…`) before a decision,
 * so the synchronous `Readings.prometheus` can answer from memory. A query that fails, times
 * out, or returns nothing or several series is "no data": never a breach, never a pass.
 *
 * @example
 * const reader = new PrometheusReader({ defaultUrl: 'http://127.0.0.1:9090' });
 * const answers = await reader.load(prometheusQueries(plan, state, now));
 * const outcome = decide(plan, state, withPrometheus(readings, answers), now);
 */
export class PrometheusReader implements PrometheusSource {
  constructor(private readonly options: PrometheusReaderOptions = {}) {}

  async load(queries: readonly PrometheusQuery[]): Promise<PrometheusAnswers> {
    const unique = new Map(queries.map((q) => [answerKey(q), q]));
    const entries = await Promise.all(
      [...unique].map(async ([key, q]) => [key, await this.#query(q)] as const),
    );
    return new Map(entries);
  }

  async #query(query: PrometheusQuery): Promise<number | null> {
    const base = query.url ?? this.options.defaultUrl;
    if (base === undefined) return null;
    const url = new URL('api/v1/query', base.endsWith('/') ? base : `${base}/`);
    url.searchParams.set('query', query.query);
    url.searchParams.set('time', (query.at / 1000).toFixed(3));
    try {
      const response = await (this.options.fetch ?? fetch)(url, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return scalarOf(await response.json());
    } catch (error) {
      this.options.onError?.(query, error);
      return null;
    }
  }
}

/** Identifies one query: its Prometheus, its time and its PromQL. */
export function answerKey(query: PrometheusQuery): string {
  return `${query.url ?? ''} ${query.at} ${query.query}`;
}

/** `readings` with `prometheus()` answered from `answers` (null for a query not loaded). */
export function withPrometheus(readings: Readings, answers: PrometheusAnswers): Readings {
  return {
    series: (query) => readings.series(query),
    exposures: (query) => readings.exposures(query),
    prometheus: (query) => answers.get(answerKey(query)) ?? null,
  };
}

/** The value of a scalar or a one-series vector result; null for anything else. */
export function scalarOf(body: unknown): number | null {
  if (!isRecord(body) || body.status !== 'success' || !isRecord(body.data)) return null;
  const { resultType, result } = body.data;
  let sample: unknown;
  if (resultType === 'scalar') sample = result;
  else if (resultType === 'vector' && Array.isArray(result) && result.length === 1) {
    const only: unknown = result[0];
    sample = isRecord(only) ? only.value : undefined;
  }
  if (!Array.isArray(sample) || typeof sample[1] !== 'string') return null;
  const value = Number(sample[1]);
  return Number.isFinite(value) ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
