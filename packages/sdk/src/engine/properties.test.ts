import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureFlags } from '../feature-flags.js';
import { evaluate, hashBucket } from './index.js';

/** Percentages in 0.01 % steps. */
const percentage = fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100);
const sessionId = fc.oneof(fc.string({ maxLength: 40 }), fc.uuid(), fc.integer().map(String));
const flagKey = fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/);

describe('bucketing properties', () => {
  it('is stable: the same flag and session always get the same answer', () => {
    fc.assert(
      fc.property(flagKey, sessionId, percentage, (key, id, p) => {
        const flag = { key, enabled: true, percentage: p };
        return evaluate(flag, id).enabled === evaluate(flag, id).enabled;
      }),
    );
  });

  it('is monotonic: raising the percentage only adds sessions', () => {
    fc.assert(
      fc.property(flagKey, sessionId, percentage, percentage, (key, id, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const inLow = evaluate({ key, enabled: true, percentage: low }, id).enabled;
        const inHigh = evaluate({ key, enabled: true, percentage: high }, id).enabled;
        return !inLow || inHigh;
      }),
      { numRuns: 5000 },
    );
  });

  it('nests flags of one bucketBy group: the smaller rollout is a subset of the larger', () => {
    fc.assert(
      fc.property(flagKey, flagKey, sessionId, percentage, percentage, (a, b, id, pa, pb) => {
        const small = Math.min(pa, pb);
        const large = Math.max(pa, pb);
        const inSmall = evaluate({ key: a, enabled: true, percentage: small, bucketBy: 'g' }, id);
        const inLarge = evaluate({ key: b, enabled: true, percentage: large, bucketBy: 'g' }, id);
        return !inSmall.enabled || inLarge.enabled;
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with the integer rule (bucket < percentage) for whole percentages', () => {
    fc.assert(
      fc.property(flagKey, sessionId, fc.integer({ min: 0, max: 100 }), (key, id, p) => {
        return (
          evaluate({ key, enabled: true, percentage: p }, id).enabled === hashBucket(key, id) < p
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('spreads sessions uniformly over the 100 buckets (chi-square over 100,000 ids)', () => {
    const counts = new Array<number>(100).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[hashBucket('memory_system', `session-${i}`)]! += 1;
    const expected = n / 100;
    const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 99 degrees of freedom: the 0.999 quantile is 148.23.
    expect(chiSquare).toBeLessThan(148.23);
  });

  it('FeatureFlags.shouldUse decides exactly as the engine, cached or not', () => {
    fc.assert(
      fc.property(
        flagKey,
        percentage,
        fc.array(sessionId, { minLength: 1, maxLength: 30 }),
        (key, p, ids) => {
          const flags = new FeatureFlags({
            env: {},
            file: false,
            cacheSize: 4,
            flags: { [key]: { enabled: true, percentage: p } },
          });
          // Twice, so the second pass is served from the position cache.
          for (const id of [...ids, ...ids]) {
            if (
              flags.shouldUse(key, id) !==
              evaluate({ key, enabled: true, percentage: p }, id).enabled
            ) {
              return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});
