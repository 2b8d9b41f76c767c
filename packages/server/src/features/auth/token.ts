import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every token Ramp issues starts with this, so leaked ones are easy to grep for. */
export const TOKEN_PREFIX = 'ramp_';

/**
 * A new secret: the prefix and 32 random bytes as base64url.
 *
 * @example
 * generateToken() // 'ramp_3q2-7wL…' (48 characters)
 */
export function generateToken(random: (size: number) => Buffer = randomBytes): string {
  return TOKEN_PREFIX + random(32).toString('base64url');
}

/** The stored form of a secret: SHA-256, hex. The secret itself is never stored. */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The secret of an `Authorization: Bearer <secret>` header, if there is one. */
export function bearerSecret(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
