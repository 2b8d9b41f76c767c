import { describe, expect, it } from 'vitest';
import { Random } from './random.js';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    squares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: squares / n - mean * mean };
}

describe('Random', () => {
  it('is deterministic for a seed, number or text', () => {
    const a = new Random(42);
    const b = new Random(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(
      Array.from({ length: 5 }, () => b.next()),
    );
    expect(new Random('x').next()).toBe(new Random('x').next());
    expect(new Random(1).next()).not.toBe(new Random(2).next());
  });

  it('draws uniforms in [0, 1) and normals with mean 0 and variance 1', () => {
    const r = new Random(1);
    const u = moments(() => r.next(), 20_000);
    expect(u.mean).toBeCloseTo(0.5, 1);
    const z = moments(() => r.normal(), 20_000);
    expect(z.mean).toBeCloseTo(0, 1);
    expect(z.variance).toBeCloseTo(1, 1);
  });

  it.each([
    [10, 0.3],
    [1000, 0.01],
    [900, 0.5],
    [100, 0.97],
  ])('binomial(%i, %d) has mean np and variance np(1-p)', (n, p) => {
    const r = new Random(n);
    const { mean, variance } = moments(() => r.binomial(n, p), 20_000);
    expect(Math.abs(mean - n * p)).toBeLessThan(0.05 * n * p + 0.05);
    expect(Math.abs(variance - n * p * (1 - p)) / (n * p * (1 - p))).toBeLessThan(0.1);
  });

  it('binomial and poisson handle the edges', () => {
    const r = new Random(3);
    expect([r.binomial(0, 0.5), r.binomial(10, 0), r.binomial(10, 1)]).toEqual([0, 0, 10]);
    expect(r.poisson(0)).toBe(0);
    expect(moments(() => r.poisson(2.5), 20_000).mean).toBeCloseTo(2.5, 1);
    expect(moments(() => r.poisson(100), 5_000).mean).toBeCloseTo(100, -1);
  });

  it('lognormal has the given median', () => {
    const r = new Random(4);
    const draws = Array.from({ length: 10_001 }, () => r.lognormal(120, 0.4)).sort((a, b) => a - b);
    expect(draws[5000]! / 120).toBeCloseTo(1, 1);
  });
});
