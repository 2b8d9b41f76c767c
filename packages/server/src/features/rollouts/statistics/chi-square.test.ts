import { describe, expect, it } from 'vitest';
import { chiSquareSurvival1, erfc, sampleRatioMismatch } from './chi-square.js';

describe('erfc', () => {
  // Reference values from the error function tables (Abramowitz & Stegun 7.1; mpmath).
  it.each([
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [3, 2.209049699858544e-5],
    [5, 1.5374597944280349e-12],
    [-1, 1.8427007929497148],
  ])('erfc(%d)', (x, expected) => {
    expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(2e-7);
  });
});

describe('chiSquareSurvival1', () => {
  it.each([
    [3.841458820694124, 0.05],
    [6.634896601021214, 0.01],
    [10.827566170662733, 0.001],
    [15.136705226623606, 0.0001],
    [1, 0.31731050786291415],
  ])('P(X >= %d) = %d', (x, p) => {
    expect(Math.abs(chiSquareSurvival1(x) - p) / p).toBeLessThan(2e-7);
  });

  it('is 1 at 0 and below', () => {
    expect(chiSquareSurvival1(0)).toBe(1);
    expect(chiSquareSurvival1(-3)).toBe(1);
  });
});

describe('sampleRatioMismatch', () => {
  it('passes a split close to the configured one', () => {
    const r = sampleRatioMismatch(10_050, 89_950, 0.1);
    expect(r.expectedOn).toBe(10_000);
    expect(r.chiSquare).toBeCloseTo(50 ** 2 / 10_000 + 50 ** 2 / 90_000, 10);
    expect(r.pValue).toBeGreaterThan(0.5);
  });

  it('fails a split 10.5% ON against 10% configured over 100k exposures', () => {
    const r = sampleRatioMismatch(10_500, 89_500, 0.1);
    expect(r.chiSquare).toBeCloseTo(27.78, 1);
    expect(r.pValue).toBeLessThan(0.001);
  });

  it('at 100% any OFF exposure is a mismatch', () => {
    expect(sampleRatioMismatch(1000, 0, 1).pValue).toBe(1);
    expect(sampleRatioMismatch(1000, 3, 1).pValue).toBe(0);
  });
});
