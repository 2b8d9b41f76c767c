import type { Flag } from '@ramp/api';
import { AppError } from '../../http/app-error.js';
import { applyPatch, checkNotArchived } from './flag-rules.js';
import type { FlagUnit } from './flag-store.js';

/** One percentage a rollout plan sets. */
export interface PercentageChange {
  readonly flag: string;
  readonly to: number;
}

/** Who sets the percentages and why (the audit record's actor and reason). */
export interface PercentageWrite {
  readonly actor: string;
  readonly reason: string;
  /** ISO 8601. */
  readonly at: string;
}

/**
 * Sets flag percentages inside a transaction someone else owns (the rollout controller's,
 * which also writes its plan state and decision): takes the feed lock, updates each flag
 * (enabled above 0 %, off at 0 %) with its audit entry, and appends one feed change. Returns
 * the revision to announce once the transaction commits (`FlagsService.committed`), or
 * undefined when nothing changed. Throws NOT_FOUND for a missing flag, so the whole
 * transaction rolls back.
 *
 * @example
 * const revision = await setFlagPercentages(unit, [{ flag: 'checkout', to: 10 }], write);
 */
export async function setFlagPercentages(
  unit: FlagUnit,
  changes: readonly PercentageChange[],
  write: PercentageWrite,
): Promise<number | undefined> {
  await unit.changes.lock();
  const changed: Flag[] = [];
  for (const { flag: key, to } of changes) {
    const before = await unit.flags.get(key);
    if (before === undefined) throw new AppError('NOT_FOUND', `no flag "${key}"`);
    checkNotArchived(before);
    const after = applyPatch(before, { enabled: to > 0, percentage: to }, write.at);
    if (after === undefined) continue;
    if (!(await unit.flags.update(after, before.version))) {
      throw new AppError('CONFLICT', `flag "${key}" changed meanwhile; try again`);
    }
    await unit.audit.append({
      at: write.at,
      actor: write.actor,
      action: 'flag.update',
      flag: key,
      before,
      after,
      reason: write.reason,
    });
    changed.push(after);
  }
  if (changed.length === 0) return undefined;
  return unit.changes.append({ flags: changed, deleted: [] }, write.at);
}
