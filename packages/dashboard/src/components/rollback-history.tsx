import type { RollbackRecord } from '@ramp/api';
import { formatDateTime, formatPercentage } from '../lib/format.js';

/** A flag's rollbacks, newest first. */
export function RollbackHistory({ records }: { readonly records: readonly RollbackRecord[] }) {
  if (records.length === 0) return <p className="empty">This flag was never rolled back.</p>;
  return (
    <ol className="rollback-list">
      {[...records].reverse().map((record) => (
        <li key={`${record.timestamp}-${record.from}-${record.to}`}>
          <div>
            <strong>
              {formatPercentage(record.from)} →{' '}
              {record.to === 0 ? 'off' : formatPercentage(record.to)}
            </strong>{' '}
            by {record.actor}
          </div>
          <div className="audit-meta">
            <time dateTime={record.timestamp}>{formatDateTime(record.timestamp)}</time>
          </div>
          <p className="audit-reason">“{record.reason}”</p>
        </li>
      ))}
    </ol>
  );
}
