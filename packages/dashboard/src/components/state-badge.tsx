import { flagStateLabel, type FlagState } from '../lib/flag-status.js';

/** A flag's state as a word with a matching colour (the word carries the meaning). */
export function StateBadge({ state }: { readonly state: FlagState }) {
  return <span className={`badge badge-${state}`}>{flagStateLabel[state]}</span>;
}
