import type { Flag } from '@ramp/api';
import { AppError, invalidField } from '../../http/app-error.js';

/**
 * Checks a flag's `requires`: every key names an existing, live flag, and following
 * prerequisites from this flag never leads back to it.
 */
export function checkPrerequisites(flag: Flag, others: readonly Flag[]): void {
  const byKey = new Map(others.map((f) => [f.key, f]));
  byKey.set(flag.key, flag);
  flag.requires.forEach((key, i) => {
    const required = byKey.get(key);
    if (key === flag.key) throw invalidField(`requires[${i}]`, 'a flag cannot require itself');
    if (required === undefined || required.archived) {
      throw invalidField(`requires[${i}]`, `no flag "${key}"`);
    }
  });
  const cycle = findCycle(flag.key, byKey);
  if (cycle !== undefined) {
    throw invalidField('requires', `would form a cycle: ${cycle.join(' -> ')}`);
  }
}

/** A path from `start` back to itself along `requires`, if there is one. */
export function findCycle(start: string, byKey: ReadonlyMap<string, Flag>): string[] | undefined {
  const visited = new Set<string>();
  const walk = (key: string, path: string[]): string[] | undefined => {
    for (const next of byKey.get(key)?.requires ?? []) {
      if (next === start) return [...path, next];
      if (visited.has(next)) continue;
      visited.add(next);
      const found = walk(next, [...path, next]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

/** Throws 409 when live flags require `key` (archiving it would silently turn them off). */
export function checkNoDependents(key: string, others: readonly Flag[]): void {
  const dependents = others.filter((f) => !f.archived && f.key !== key && f.requires.includes(key));
  if (dependents.length > 0) {
    const names = dependents.map((f) => `"${f.key}"`).join(', ');
    throw new AppError('CONFLICT', `flag "${key}" is required by ${names}`);
  }
}
