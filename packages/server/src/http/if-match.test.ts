import { describe, expect, it } from 'vitest';
import { expectedVersion } from './if-match.js';

describe('expectedVersion', () => {
  it.each([
    ['"3"', 3],
    ['3', 3],
    ['W/"12"', 12],
    [' "7" ', 7],
  ])('reads If-Match %s', (header, version) => {
    expect(expectedVersion(header, undefined)).toBe(version);
  });

  it('falls back to the body, and refuses a disagreement', () => {
    expect(expectedVersion(undefined, 4)).toBe(4);
    expect(expectedVersion(undefined, undefined)).toBeUndefined();
    expect(expectedVersion('"4"', 4)).toBe(4);
    expect(() => expectedVersion('"4"', 5)).toThrow(/^version: /);
  });

  it.each(['*', 'abc', '"0"', '"-1"', '"1.5"'])('refuses %s', (header) => {
    expect(() => expectedVersion(header, undefined)).toThrow(/^If-Match: /);
  });
});
