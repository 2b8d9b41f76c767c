import type { Flag, KillAllState } from '@ramp/api';
import { flagState, type FlagState } from './flag-status.js';

export interface FlagFilter {
  /** Matches key, description and owner, ignoring case. */
  readonly query: string;
  /** `all`, or one state. */
  readonly state: FlagState | 'all';
}

export const noFilter: FlagFilter = { query: '', state: 'all' };

export function filterFlags(
  flags: readonly Flag[],
  filter: FlagFilter,
  killAll: KillAllState,
): Flag[] {
  const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
  return flags.filter((flag) => {
    if (filter.state !== 'all' && flagState(flag, killAll) !== filter.state) return false;
    const text = `${flag.key} ${flag.description} ${flag.owner ?? ''}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
