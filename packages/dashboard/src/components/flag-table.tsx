import type { AuditEvent, Flag, KillAllState } from '@ramp/api';
import { useRef } from 'react';
import { effectivePercentage, flagState } from '../lib/flag-status.js';
import { formatAge, formatDateTime } from '../lib/format.js';
import { routePath } from '../lib/router.js';
import { Link } from './link.js';
import { PercentageMeter } from './percentage-meter.js';
import { StateBadge } from './state-badge.js';

export interface FlagTableProps {
  readonly flags: readonly Flag[];
  readonly killAll: KillAllState;
  /** The newest audit event of each flag, when known: who made the last change, and why. */
  readonly lastEvents: ReadonlyMap<string, AuditEvent>;
  readonly now: number;
  readonly caption: string;
}

/** Flags with their state, served percentage and last change. Rows stack on narrow screens. */
export function FlagTable({ flags, killAll, lastEvents, now, caption }: FlagTableProps) {
  return (
    <table className="table flag-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Flag</th>
          <th scope="col">State</th>
          <th scope="col">Served to</th>
          <th scope="col">Last change</th>
        </tr>
      </thead>
      <tbody>
        {flags.map((flag) => (
          <FlagRow
            key={flag.key}
            flag={flag}
            killAll={killAll}
            lastEvent={lastEvents.get(flag.key)}
            now={now}
          />
        ))}
      </tbody>
    </table>
  );
}

interface FlagRowProps {
  readonly flag: Flag;
  readonly killAll: KillAllState;
  readonly lastEvent: AuditEvent | undefined;
  readonly now: number;
}

function FlagRow({ flag, killAll, lastEvent, now }: FlagRowProps) {
  // The event is shown only when it is the change that produced this version.
  const event = lastEvent?.at === flag.updatedAt ? lastEvent : undefined;
  // Highlight changes that arrive while the list is open, not the first render.
  const firstVersion = useRef(flag.version);
  const changed = flag.version !== firstVersion.current;
  return (
    <tr data-flag={flag.key}>
      <th scope="row" data-label="Flag">
        <Link href={routePath({ page: 'flag', key: flag.key })} className="flag-key">
          {flag.key}
        </Link>
        {flag.description !== '' && <span className="flag-description">{flag.description}</span>}
      </th>
      <td data-label="State">
        <StateBadge state={flagState(flag, killAll)} />
      </td>
      {/* Keyed by version so every live change replays the highlight. */}
      <td data-label="Served to" key={flag.version} className={changed ? 'flash' : undefined}>
        <PercentageMeter
          percentage={killAll.active ? 0 : effectivePercentage(flag)}
          configured={flag.percentage}
        />
      </td>
      <td data-label="Last change">
        <div>
          <time dateTime={flag.updatedAt} title={formatDateTime(flag.updatedAt)}>
            {formatAge(flag.updatedAt, now)}
          </time>
          {event !== undefined && (
            <span className="last-change">
              {event.actor}
              {event.reason !== null && <>: “{event.reason}”</>}
            </span>
          )}
        </div>
      </td>
    </tr>
  );
}
