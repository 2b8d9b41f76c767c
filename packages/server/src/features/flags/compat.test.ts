import { describe, expect, it } from 'vitest';
import { flagFixture } from '../../testing/store-contract.js';
import { parseCompatValues, toCompatValues } from './compat.js';

describe('compatibility values', () => {
  it('are percentage / 100 for live flags, 0 when off or killed', () => {
    const flags = [
      flagFixture('USE_ENHANCED_INJECTION', { percentage: 10 }),
      flagFixture('off', { enabled: false, percentage: 50 }),
      flagFixture('gone', { archived: true }),
      flagFixture('fine', { percentage: 12.34 }),
    ];
    expect(toCompatValues(flags, false)).toEqual({
      USE_ENHANCED_INJECTION: 0.1,
      off: 0,
      fine: 0.1234,
    });
    expect(toCompatValues(flags, true)).toEqual({ USE_ENHANCED_INJECTION: 0, off: 0, fine: 0 });
  });

  it('parse fractions onto the 0.01 % grid, sorted by key', () => {
    expect(parseCompatValues({ b: 0.1, a: 0.1234, c: 1, d: 0 })).toEqual([
      { key: 'a', percentage: 12.34 },
      { key: 'b', percentage: 10 },
      { key: 'c', percentage: 100 },
      { key: 'd', percentage: 0 },
    ]);
  });

  it.each([
    [{ a: 1.5 }, /^a: expected a fraction/],
    [{ a: -0.1 }, /^a: /],
    [{ a: 0.12345 }, /^a: .*four decimals/],
    [{ a: Number.NaN }, /^a: /],
    [{ 'bad key': 0.5 }, /^bad key: expected letters/],
  ])('refuse %o', (values, message) => {
    expect(() => parseCompatValues(values)).toThrow(message);
  });
});
