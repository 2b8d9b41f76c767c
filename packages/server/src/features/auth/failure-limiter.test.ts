import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.js';
import { FailureLimiter } from './failure-limiter.js';

describe('FailureLimiter', () => {
  it('blocks an address after maxFailures in a window, until the window ends', () => {
    const clock = new FakeClock();
    const limiter = new FailureLimiter({ clock, maxFailures: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      expect(limiter.isBlocked('10.0.0.1')).toBe(false);
      limiter.recordFailure('10.0.0.1');
    }
    expect(limiter.isBlocked('10.0.0.1')).toBe(true);
    expect(limiter.isBlocked('10.0.0.2')).toBe(false);
    clock.advance(30_000);
    expect(limiter.retryAfterMs('10.0.0.1')).toBe(30_000);
    clock.advance(30_000);
    expect(limiter.isBlocked('10.0.0.1')).toBe(false);
  });

  it('tracks a bounded number of addresses', () => {
    const clock = new FakeClock();
    const limiter = new FailureLimiter({ clock, maxFailures: 1, windowMs: 60_000, maxTracked: 10 });
    for (let i = 0; i < 100; i++) limiter.recordFailure(`10.0.0.${i}`);
    expect(limiter.isBlocked('10.0.0.99')).toBe(true);
    expect(limiter.isBlocked('10.0.0.0')).toBe(false);
  });
});
