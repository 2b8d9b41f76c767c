import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles the ceiling of a full-jitter delay up to the max', () => {
    const backoff = new Backoff({ baseDelayMs: 500, maxDelayMs: 30_000 }, () => 0.999_999);
    const delays = Array.from({ length: 9 }, () => backoff.next());
    expect(delays).toEqual([499, 999, 1999, 3999, 7999, 15_999, 29_999, 29_999, 29_999]);
  });

  it('draws each delay uniformly below the ceiling (full jitter)', () => {
    const draws = [0, 0.5, 0.25];
    const backoff = new Backoff(
      { baseDelayMs: 1000, maxDelayMs: 60_000 },
      () => draws.shift() ?? 0,
    );
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([0, 1000, 1000]);
  });

  it('starts again from the base after reset, and honours a floor (the server retry)', () => {
    const backoff = new Backoff({ baseDelayMs: 100, maxDelayMs: 1000 }, () => 0.5);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(50);
    expect(backoff.next(700)).toBe(700);
    expect(backoff.next(5000)).toBe(1000);
  });
});
