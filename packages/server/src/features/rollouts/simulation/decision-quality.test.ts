import { describe, expect, it } from 'vitest';
import { decisionQuality } from './decision-quality.js';

describe('decisionQuality', () => {
  it('measures false rollbacks in A/A rollouts and detection of doubled errors (a small run)', () => {
    const q = decisionQuality({ runs: 100, seed: 1 });
    expect(q.runs).toBe(100);
    // The full study (1,000 runs) is reported in docs/plans.md; a small one must be in range.
    expect(q.falseRollback.rate).toBeLessThanOrEqual(0.03);
    expect(q.falseRollback.completed).toBeGreaterThan(90);
    expect(q.detection.rate).toBeGreaterThanOrEqual(0.9);
    expect(q.detection.medianMinutes).toBeGreaterThan(10);
    expect(q.detection.medianMinutes).toBeLessThan(60);
  });
});
