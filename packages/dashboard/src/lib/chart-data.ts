/** A metric over time for the two cohorts of a flag. */
export interface OnOffSeries {
  /** Milliseconds since the epoch, ascending. */
  readonly times: readonly number[];
  /** The metric for sessions that got the flag (null where there is no reading). */
  readonly on: readonly (number | null)[];
  /** The metric for sessions that did not. */
  readonly off: readonly (number | null)[];
}

/** uPlot's column form, checked: every series as long as the time axis, times ascending. */
export function toChartData(series: OnOffSeries): [number[], (number | null)[], (number | null)[]] {
  const n = series.times.length;
  if (series.on.length !== n || series.off.length !== n) {
    throw new Error(`on/off series must have ${n} points, like the time axis`);
  }
  for (let i = 1; i < n; i++) {
    if ((series.times[i] ?? 0) < (series.times[i - 1] ?? 0)) {
      throw new Error('times must be ascending');
    }
  }
  return [[...series.times], [...series.on], [...series.off]];
}

/** The latest reading of a series, for text summaries. */
export function latest(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}
