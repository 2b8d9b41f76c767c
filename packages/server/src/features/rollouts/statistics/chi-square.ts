/**
 * The complementary error function, erfc(x) = 1 - erf(x), by the Chebyshev fit of Numerical
 * Recipes (2nd ed., §6.2, `erfcc`): fractional error below 1.2e-7 for every x, which keeps
 * p-values down to 1e-300 accurate to about seven digits.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(-z * z + poly);
  return x >= 0 ? value : 2 - value;
}

/**
 * P(X >= x) for a chi-square variable with one degree of freedom: X = Z² for a standard
 * normal Z, so P(X >= x) = P(|Z| >= √x) = erfc(√(x/2)).
 *
 * @example
 * chiSquareSurvival1(3.841459) // 0.05
 */
export function chiSquareSurvival1(x: number): number {
  if (x <= 0) return 1;
  return erfc(Math.sqrt(x / 2));
}

export interface SrmResult {
  readonly chiSquare: number;
  readonly pValue: number;
  readonly expectedOn: number;
  readonly expectedOff: number;
}

/**
 * Sample-ratio mismatch: Pearson's chi-square goodness-of-fit of the observed exposures to
 * the configured split (one degree of freedom). A p-value below 0.001 means the assignment
 * or the exposure logging is broken, so no comparison of the cohorts can be trusted.
 * At 0% or 100% the split is certain: any exposure on the empty side gives p = 0.
 */
export function sampleRatioMismatch(on: number, off: number, expectedOnShare: number): SrmResult {
  const total = on + off;
  const expectedOn = total * expectedOnShare;
  const expectedOff = total - expectedOn;
  if (expectedOn <= 0 || expectedOff <= 0) {
    const stray = expectedOn <= 0 ? on : off;
    return {
      chiSquare: stray > 0 ? Infinity : 0,
      pValue: stray > 0 ? 0 : 1,
      expectedOn,
      expectedOff,
    };
  }
  const chiSquare = (on - expectedOn) ** 2 / expectedOn + (off - expectedOff) ** 2 / expectedOff;
  return { chiSquare, pValue: chiSquareSurvival1(chiSquare), expectedOn, expectedOff };
}
