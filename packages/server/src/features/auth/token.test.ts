import { describe, expect, it } from 'vitest';
import { bearerSecret, generateToken, hashToken, sameHash, TOKEN_PREFIX } from './token.js';

describe('tokens', () => {
  it('are the prefix and 32 random bytes as base64url', () => {
    const token = generateToken();
    expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(generateToken()).not.toBe(token);
  });

  it('are stored as SHA-256 and compared by hash', () => {
    const hash = hashToken('ramp_abc');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sameHash(hash, hashToken('ramp_abc'))).toBe(true);
    expect(sameHash(hash, hashToken('ramp_abd'))).toBe(false);
    expect(sameHash(hash, 'ab')).toBe(false);
  });

  it('are read from a Bearer header only', () => {
    expect(bearerSecret('Bearer ramp_x')).toBe('ramp_x');
    expect(bearerSecret('bearer   ramp_x ')).toBe('ramp_x');
    expect(bearerSecret('Basic abc')).toBeUndefined();
    expect(bearerSecret('Bearer a b')).toBeUndefined();
    expect(bearerSecret(undefined)).toBeUndefined();
  });
});
