import type { Flag } from './flags.js';

/**
 * Flags untouched this many days, fully on or fully off, are listed as ready to remove.
 *
 * @example
 * staleFlags(flags, { now: Date.now(), olderThanDays: DEFAULT_STALE_DAYS })
 */
export const DEFAULT_STALE_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the staleness rule reads of a flag. */
export type StaleCandidate = Pick<
  Flag,
  'key' | 'enabled' | 'percentage' | 'updatedAt' | 'permanent' | 'archived'
>;

/**
 * Why the flag can go: `fully-on` flags are done (keep the new code path, delete the check);
 * `fully-off` flags lost (delete the new code path and the check).
 */
export type StaleKind = 'fully-on' | 'fully-off';

export interface StaleFlag<F extends StaleCandidate = StaleCandidate> {
  readonly flag: F;
  readonly kind: StaleKind;
  /** Whole days since the flag's last change. */
  readonly ageDays: number;
}

export interface StaleOptions {
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** A flag is stale when its last change is at least this many days old (default 30). */
  readonly olderThanDays?: number;
}

/**
 * The staleness rule, shared by the dashboard and `ramp flags stale`: a flag that is not
 * permanent or archived, sits at 100 % or at 0 % (or is disabled), and whose last change
 * (`updatedAt`) is at least `olderThanDays` old. Oldest first, then by key.
 *
 * @example
 * staleFlags(flags, { now: Date.now(), olderThanDays: 30 })
 * // [{ flag: { key: 'new_checkout', ... }, kind: 'fully-on', ageDays: 41 }]
 */
export function staleFlags<F extends StaleCandidate>(
  flags: readonly F[],
  options: StaleOptions,
): StaleFlag<F>[] {
  const days = options.olderThanDays ?? DEFAULT_STALE_DAYS;
  const stale: StaleFlag<F>[] = [];
  for (const flag of flags) {
    const kind = staleKind(flag);
    const changed = Date.parse(flag.updatedAt);
    if (kind === undefined || Number.isNaN(changed)) continue;
    const ageMs = options.now - changed;
    if (ageMs < days * DAY_MS) continue;
    stale.push({ flag, kind, ageDays: Math.floor(ageMs / DAY_MS) });
  }
  return stale.sort((a, b) => b.ageDays - a.ageDays || a.flag.key.localeCompare(b.flag.key));
}

/**
 * Fully on, fully off, or (rolling out, permanent, archived) not a candidate at all.
 *
 * @example
 * staleKind({ key: 'f', enabled: true, percentage: 100, updatedAt, permanent: false, archived: false })
 * // 'fully-on'
 */
export function staleKind(flag: StaleCandidate): StaleKind | undefined {
  if (flag.permanent || flag.archived) return undefined;
  if (!flag.enabled || flag.percentage <= 0) return 'fully-off';
  if (flag.percentage >= 100) return 'fully-on';
  return undefined;
}
