import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256First32 } from './sha256.js';

const reference = (s: string): number =>
  parseInt(createHash('sha256').update(s).digest('hex').slice(0, 8), 16);

/** Any UTF-16 code unit, lone surrogates included. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

describe('sha256First32', () => {
  it('matches node:crypto on block-boundary lengths', () => {
    for (let n = 0; n <= 200; n++) {
      expect(sha256First32('', 'x'.repeat(n))).toBe(reference('x'.repeat(n)));
    }
  });

  it('matches node:crypto for any string, split anywhere between prefix and suffix', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: anyUnit, maxLength: 150 }),
        fc.string({ unit: anyUnit, maxLength: 150 }),
        (a, b) => sha256First32(a, b) === reference(a + b),
      ),
      { numRuns: 2000 },
    );
  });

  it('matches node:crypto for inputs longer than its shared buffer', () => {
    const long = 'ü'.repeat(3000);
    expect(sha256First32('seed:', long)).toBe(reference('seed:' + long));
  });

  it('encodes a surrogate pair split between prefix and suffix like the joined string', () => {
    const emoji = '😀';
    expect(sha256First32(emoji[0]!, emoji[1]!)).toBe(reference(emoji[0]! + emoji[1]!));
  });
});
