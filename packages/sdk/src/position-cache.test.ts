import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashValue, positionOf } from './engine/bucket.js';
import { PositionCache } from './position-cache.js';

describe('PositionCache', () => {
  it('always answers the position the engine computes', () => {
    const cache = new PositionCache('memory_system', 64);
    const ids = Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? randomUUID() : `s-${i % 97}`));
    for (const id of [...ids, ...ids]) {
      expect(cache.position(id)).toBe(positionOf(hashValue('memory_system', id)));
    }
  });

  it('starts small, grows while it churns, and never passes its bound', () => {
    const cache = new PositionCache('f', 4096);
    expect(cache.capacity).toBe(4);
    for (let i = 0; i < 100_000; i++) cache.position(`session-${i}`);
    expect(cache.capacity).toBe(4096);
  });

  it('stays small for a flag that sees few sessions', () => {
    const cache = new PositionCache('f', 4096);
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < 3; i++) cache.position(`session-${i}`);
    }
    expect(cache.capacity).toBe(4);
  });
});
