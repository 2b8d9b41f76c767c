import { describe, expect, it } from 'vitest';
import { newSketch } from '../rollouts/index.js';
import { decodeSketch, encodeSketch } from './sketch-codec.js';

const QUANTILES = [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1];

function sketchOf(values: readonly number[]) {
  const sketch = newSketch();
  for (const v of values) sketch.accept(v);
  return sketch;
}

describe('sketch codec', () => {
  it('round-trips every bin: each quantile is exactly the original one', () => {
    const values = Array.from(
      { length: 2000 },
      (_, i) => ((i * 7919) % 1000) - 200 + (i % 7) * 0.1,
    );
    values.push(0, 0, 0);
    const original = sketchOf(values);
    const decoded = decodeSketch(encodeSketch(original));
    expect(decoded.count).toBe(original.count);
    expect(decoded.zeroCount).toBe(3);
    for (const q of QUANTILES) {
      expect(decoded.getValueAtQuantile(q)).toBe(original.getValueAtQuantile(q));
    }
  });

  it('merges decoded sketches exactly as it merges the originals', () => {
    const a = sketchOf([1, 5, 10, 250, 3000]);
    const b = sketchOf([0.5, 7, 7, 7, 90_000]);
    const merged = newSketch();
    merged.merge(a);
    merged.merge(b);
    const fromText = decodeSketch(encodeSketch(a));
    fromText.merge(decodeSketch(encodeSketch(b)));
    for (const q of QUANTILES) {
      expect(fromText.getValueAtQuantile(q)).toBe(merged.getValueAtQuantile(q));
    }
    expect(decodeSketch(encodeSketch(newSketch())).count).toBe(0);
  });

  it('refuses text it did not write', () => {
    expect(() => decodeSketch('{"a":0.05,"z":0,"p":[],"n":[]}')).toThrow('accuracy');
    expect(() => decodeSketch('{"a":0.01,"z":0,"p":[1.5,2],"n":[]}')).toThrow('bins');
  });
});
