/**
 * Always-valid inference for ON minus OFF: an asymptotic confidence sequence (Waudby-Smith,
 * Arbour, Sinha, Kennedy & Ramdas, "Time-uniform central limit theory and asymptotic
 * confidence sequences", 2023, Theorem 2.2) — equivalently the normal-mixture SPRT of Johari,
 * Koomen, Pekelis & Walsh ("Always valid inference", 2017/2022) inverted into intervals.
 *
 * With V the variance of the estimate and t samples, the interval is
 *   estimate ± √V · √( 2 (tρ² + 1)/(tρ²) · log( √(tρ² + 1) / α ) ),
 * which covers the true difference at every t simultaneously with probability ≥ 1 - α
 * (asymptotically), so looking every minute and stopping on the first crossing does not
 * inflate false alarms the way a fixed-sample z-test would. ρ tunes where the interval is
 * tightest: ρ² = (−2 log α + log(−2 log α + 1)) / t*.
 */

/** Count, sum and sum of squares of one cohort's values. */
export interface Moments {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
}

/** Events out of trials in one cohort (errors out of requests). */
export interface Proportion {
  readonly events: number;
  readonly trials: number;
}

/** ON minus OFF, with the variance of that estimate and the ON sample size it rests on. */
export interface Difference {
  readonly on: number;
  readonly off: number;
  readonly estimate: number;
  readonly variance: number;
  /** The samples t the sequence counts: the ON cohort (usually the smaller). */
  readonly samples: number;
}

export interface Interval {
  readonly lower: number;
  readonly upper: number;
  readonly halfWidth: number;
}

/** Difference of means from two cohorts' moments (Welch's unpooled variance). */
export function meanDifference(on: Moments, off: Moments): Difference | null {
  if (on.n < 2 || off.n < 2) return null;
  const meanOn = on.sum / on.n;
  const meanOff = off.sum / off.n;
  const varOn = Math.max(0, (on.sumSquares - on.n * meanOn * meanOn) / (on.n - 1));
  const varOff = Math.max(0, (off.sumSquares - off.n * meanOff * meanOff) / (off.n - 1));
  return {
    on: meanOn,
    off: meanOff,
    estimate: meanOn - meanOff,
    variance: varOn / on.n + varOff / off.n,
    samples: on.n,
  };
}

/**
 * Difference of proportions. Each rate is shrunk by half an event on each side (the
 * Agresti–Caffo adjustment) for its variance, so a cohort with no events yet does not claim
 * zero variance.
 */
export function proportionDifference(on: Proportion, off: Proportion): Difference | null {
  if (on.trials < 1 || off.trials < 1) return null;
  const rateOn = on.events / on.trials;
  const rateOff = off.events / off.trials;
  const shrunk = (p: Proportion): number => Math.min(1, (p.events + 0.5) / (p.trials + 1));
  const varianceOf = (p: Proportion): number => (shrunk(p) * (1 - shrunk(p))) / p.trials;
  return {
    on: rateOn,
    off: rateOff,
    estimate: rateOn - rateOff,
    variance: varianceOf(on) + varianceOf(off),
    samples: on.trials,
  };
}

/** ρ² for a sequence tightest at `tuneAt` samples. */
export function mixingRate(alpha: number, tuneAt: number): number {
  const l = -2 * Math.log(alpha);
  return (l + Math.log(l + 1)) / Math.max(1, tuneAt);
}

/** How many standard errors wide the sequence is at `samples`. */
export function boundaryFactor(samples: number, alpha: number, tuneAt: number): number {
  const tr = Math.max(1, samples) * mixingRate(alpha, tuneAt);
  return Math.sqrt(((2 * (tr + 1)) / tr) * Math.log(Math.sqrt(tr + 1) / alpha));
}

/** The always-valid interval for the difference at this moment. */
export function confidenceSequence(d: Difference, alpha: number, tuneAt: number): Interval {
  const halfWidth = Math.sqrt(d.variance) * boundaryFactor(d.samples, alpha, tuneAt);
  return { lower: d.estimate - halfWidth, upper: d.estimate + halfWidth, halfWidth };
}

/**
 * About how many more ON samples until the interval is narrower than `room` (the distance
 * from the estimate to the margin), assuming the estimate and the per-sample variance stay
 * as they are; null when that never happens (the estimate is on the wrong side).
 */
export function samplesToConclude(
  d: Difference,
  room: number,
  alpha: number,
  tuneAt: number,
): number | null {
  if (room <= 0) return null;
  const perSample = d.variance * d.samples;
  const width = (t: number): number => Math.sqrt(perSample / t) * boundaryFactor(t, alpha, tuneAt);
  let high = Math.max(2, d.samples);
  for (let i = 0; width(high) >= room; i++) {
    if (i > 60) return null;
    high *= 2;
  }
  let low = Math.max(1, d.samples);
  if (width(low) < room) return 0;
  while (high - low > Math.max(1, low * 0.01)) {
    const mid = (low + high) / 2;
    if (width(mid) < room) high = mid;
    else low = mid;
  }
  return Math.ceil(high - d.samples);
}
