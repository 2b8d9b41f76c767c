import { sha256First32 } from './sha256.js';
import { normalizeSessionId } from './session.js';

/**
 * The 32-bit hash of `seed + ":" + sessionId`: the first 8 hex digits of its SHA-256 as an
 * integer. `seed` is the flag key, or the flag's `bucketBy` group. The id is used as given;
 * normalise it first with {@link normalizeSessionId}.
 */
export function hashValue(seed: string, sessionId: string): number {
  return sha256First32(seed + ':', sessionId);
}

/** The bucket (0..99) of a hash value. */
export function bucketOf(hash: number): number {
  return hash % 100;
}

/**
 * The position (0..9,999) of a hash value in the fine-grained order: the bucket, then the
 * next two decimal digits of the hash. A session is in a rollout of `p` percent exactly when
 * its position is below `p * 100`. For whole percentages that is `bucket < p`, and raising a
 * percentage only ever adds sessions.
 */
export function positionOf(hash: number): number {
  return (hash % 100) * 100 + (Math.floor(hash / 100) % 100);
}

/**
 * The bucket (0..99) a session falls in for a feature, as every part of Ramp computes it.
 *
 * @example
 * hashBucket('memory_system', 'session-1') // the same number in the SDK, server and CLI
 */
export function hashBucket(feature: string, sessionId: unknown): number {
  return bucketOf(hashValue(feature, normalizeSessionId(sessionId)));
}
