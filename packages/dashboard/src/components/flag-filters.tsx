import { useId } from 'react';
import type { FlagFilter } from '../lib/flag-filter.js';
import { FlagState, flagStateLabel } from '../lib/flag-status.js';

export interface FlagFiltersProps {
  readonly filter: FlagFilter;
  readonly onChange: (filter: FlagFilter) => void;
}

/** Search by text and filter by state. */
export function FlagFilters({ filter, onChange }: FlagFiltersProps) {
  const id = useId();
  return (
    <div className="filters" role="search">
      <div className="field">
        <label htmlFor={`${id}-query`}>Search flags</label>
        <input
          id={`${id}-query`}
          type="search"
          placeholder="key, description or owner"
          value={filter.query}
          onChange={(event) => onChange({ ...filter, query: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-state`}>State</label>
        <select
          id={`${id}-state`}
          value={filter.state}
          onChange={(event) =>
            onChange({ ...filter, state: event.target.value as FlagFilter['state'] })
          }
        >
          <option value="all">All states</option>
          {Object.values(FlagState).map((state) => (
            <option key={state} value={state}>
              {flagStateLabel[state]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
