import { useState } from 'react';
import { useDashboard } from '../lib/dashboard-context.js';
import { formatDateTime } from '../lib/format.js';
import { KillAllDialog } from './kill-all-dialog.js';

/** Shown on every page while the kill switch is on; admins can undo it from here. */
export function KillAllBanner() {
  const { feed, scope } = useDashboard();
  const [undoing, setUndoing] = useState(false);
  const { killAll } = feed;
  if (!killAll.active) return null;
  return (
    <section className="banner banner-danger" aria-label="Kill switch">
      <p>
        <strong>Kill switch on: every flag is off.</strong>
        {killAll.since !== null && <> Since {formatDateTime(killAll.since)}.</>}
        {killAll.reason !== null && <> Reason: “{killAll.reason}”</>}
      </p>
      {scope === 'admin' && (
        <button type="button" className="button" onClick={() => setUndoing(true)}>
          Undo kill switch…
        </button>
      )}
      {undoing && <KillAllDialog mode="off" onClose={() => setUndoing(false)} />}
    </section>
  );
}
