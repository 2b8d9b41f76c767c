import type { AuditEvent } from '@ramp/api';
import { useMemo, useState } from 'react';
import { FlagFilters } from '../components/flag-filters.js';
import { FlagTable } from '../components/flag-table.js';
import { KillAllDialog } from '../components/kill-all-dialog.js';
import { PageTitle } from '../components/page-title.js';
import { useDashboard } from '../lib/dashboard-context.js';
import { sortedFlags } from '../lib/feed-state.js';
import { filterFlags, noFilter, type FlagFilter } from '../lib/flag-filter.js';
import { useAudit } from '../lib/use-audit.js';
import { useNow } from '../lib/use-now.js';

/** Every flag, live: state, served percentage, last change; search and filter. */
export function FlagsPage() {
  const { api, feed, scope } = useDashboard();
  const now = useNow();
  const [filter, setFilter] = useState<FlagFilter>(noFilter);
  const [killing, setKilling] = useState(false);
  const audit = useAudit(api, { limit: 200, revision: feed.revision });
  const lastEvents = useMemo(
    () => newestByFlag(audit.kind === 'loaded' ? audit.events : []),
    [audit],
  );
  const all = useMemo(() => sortedFlags(feed), [feed]);
  const shown = filterFlags(all, filter, feed.killAll);
  const loading = feed.revision < 0;

  return (
    <>
      <div className="page-head">
        <PageTitle title="Flags" />
        {scope === 'admin' && !feed.killAll.active && (
          <button type="button" className="button button-danger" onClick={() => setKilling(true)}>
            Kill all…
          </button>
        )}
      </div>
      <FlagFilters filter={filter} onChange={setFilter} />
      <p className="count" role="status">
        {loading
          ? 'Loading flags…'
          : shown.length === all.length
            ? `${all.length} ${all.length === 1 ? 'flag' : 'flags'}`
            : `${shown.length} of ${all.length} flags`}
      </p>
      {!loading && all.length === 0 && (
        <p className="empty">No flags yet. Create one with the API or `ramp flags create`.</p>
      )}
      {shown.length > 0 && (
        <FlagTable
          flags={shown}
          killAll={feed.killAll}
          lastEvents={lastEvents}
          now={now}
          caption="Flags, with their state, served percentage and last change"
        />
      )}
      {killing && <KillAllDialog mode="on" onClose={() => setKilling(false)} />}
    </>
  );
}

function newestByFlag(events: readonly AuditEvent[]): Map<string, AuditEvent> {
  const newest = new Map<string, AuditEvent>();
  for (const event of events) {
    if (event.flag !== null && !newest.has(event.flag)) newest.set(event.flag, event);
  }
  return newest;
}
