import { describe, expect, it } from 'vitest';
import { Random } from '../simulation/random.js';
import {
  boundaryFactor,
  confidenceSequence,
  meanDifference,
  proportionDifference,
  samplesToConclude,
} from './confidence-sequence.js';

describe('meanDifference and proportionDifference', () => {
  it('estimate ON - OFF with the unpooled variance', () => {
    const d = meanDifference({ n: 4, sum: 10, sumSquares: 30 }, { n: 4, sum: 6, sumSquares: 10 })!;
    expect(d.estimate).toBe(1);
    // Sample variances 5/3 and 1/3: V = (5/3)/4 + (1/3)/4.
    expect(d.variance).toBeCloseTo(0.5, 12);
    const p = proportionDifference({ events: 20, trials: 1000 }, { events: 10, trials: 1000 })!;
    expect(p.estimate).toBeCloseTo(0.01, 12);
    expect(p.variance).toBeGreaterThan(0);
    expect(
      meanDifference({ n: 1, sum: 1, sumSquares: 1 }, { n: 5, sum: 5, sumSquares: 5 }),
    ).toBeNull();
  });
});

describe('confidenceSequence', () => {
  it('is wider than a fixed-sample interval and tightest near the tuned sample size', () => {
    expect(boundaryFactor(1000, 0.05, 1000)).toBeGreaterThan(1.96);
    expect(boundaryFactor(1000, 0.05, 1000)).toBeLessThan(boundaryFactor(1000, 0.05, 100_000));
    const interval = confidenceSequence(
      { on: 1, off: 0, estimate: 1, variance: 0.01, samples: 1000 },
      0.05,
      1000,
    );
    expect(interval.lower).toBeCloseTo(1 - interval.halfWidth, 12);
    expect(interval.upper).toBeCloseTo(1 + interval.halfWidth, 12);
  });

  it('keeps its coverage when looked at every step (A/A: false alarms below alpha)', () => {
    const random = new Random(7);
    const alpha = 0.05;
    const runs = 300;
    let alarms = 0;
    for (let r = 0; r < runs; r++) {
      const on = { events: 0, trials: 0 };
      const off = { events: 0, trials: 0 };
      for (let look = 0; look < 200; look++) {
        on.trials += 100;
        on.events += random.binomial(100, 0.05);
        off.trials += 900;
        off.events += random.binomial(900, 0.05);
        if (look < 5) continue;
        const interval = confidenceSequence(proportionDifference(on, off)!, alpha, 1000);
        if (interval.lower > 0 || interval.upper < 0) {
          alarms++;
          break;
        }
      }
    }
    expect(alarms / runs).toBeLessThanOrEqual(alpha);
  });

  it('detects a real difference', () => {
    const random = new Random(8);
    const on = { events: 0, trials: 0 };
    const off = { events: 0, trials: 0 };
    let detectedAt = -1;
    for (let look = 0; look < 200 && detectedAt < 0; look++) {
      on.trials += 100;
      on.events += random.binomial(100, 0.1);
      off.trials += 900;
      off.events += random.binomial(900, 0.05);
      if (confidenceSequence(proportionDifference(on, off)!, 0.01, 1000).lower > 0)
        detectedAt = look;
    }
    expect(detectedAt).toBeGreaterThan(0);
    expect(detectedAt).toBeLessThan(60);
  });
});

describe('samplesToConclude', () => {
  const d = { on: 101, off: 100, estimate: 1, variance: 0.25, samples: 1000 };

  it('is 0 once the interval already fits, and grows as the room shrinks', () => {
    expect(samplesToConclude(d, 100, 0.05, 1000)).toBe(0);
    const far = samplesToConclude(d, 1, 0.05, 1000)!;
    const near = samplesToConclude(d, 0.5, 0.05, 1000)!;
    expect(far).toBeGreaterThan(0);
    expect(near).toBeGreaterThan(far);
    const total = d.samples + far;
    const width = Math.sqrt((d.variance * d.samples) / total) * boundaryFactor(total, 0.05, 1000);
    expect(width).toBeLessThan(1);
  });

  it('is null when the estimate is past the margin', () => {
    expect(samplesToConclude(d, -0.5, 0.05, 1000)).toBeNull();
  });
});
