import { useId, useMemo, useState } from 'react';
import { Link } from '../components/link.js';
import { PageTitle } from '../components/page-title.js';
import { useDashboard } from '../lib/dashboard-context.js';
import { formatAge, formatDateTime } from '../lib/format.js';
import { routePath } from '../lib/router.js';
import { DEFAULT_STALE_DAYS, staleFlags, type StaleKind } from '../lib/stale.js';
import { useNow } from '../lib/use-now.js';

const ADVICE: Record<StaleKind, { readonly state: string; readonly advice: string }> = {
  'fully-on': { state: 'On for everyone', advice: 'Remove the flag; keep the new code path.' },
  'fully-off': { state: 'Off for everyone', advice: 'Remove the flag and the code it guards.' },
};

/** Flags fully on or fully off and untouched for a while: ready to remove from the code. */
export function StalePage() {
  const { feed } = useDashboard();
  const id = useId();
  const now = useNow(60_000);
  const [daysText, setDaysText] = useState(String(DEFAULT_STALE_DAYS));
  const days = Number(daysText);
  const valid = daysText.trim() !== '' && Number.isInteger(days) && days >= 0;
  const stale = useMemo(
    () => (valid ? staleFlags([...feed.flags.values()], { now, olderThanDays: days }) : []),
    [feed, now, days, valid],
  );

  return (
    <>
      <PageTitle title="Stale flags" />
      <p className="lead">
        Flags at 100% or at 0% (or switched off) whose last change is older than the age below.
        Permanent flags are never listed.
      </p>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-days`}>Last change at least this many days ago</label>
          <input
            id={`${id}-days`}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={daysText}
            aria-invalid={!valid}
            aria-describedby={valid ? undefined : `${id}-error`}
            onChange={(event) => setDaysText(event.target.value)}
          />
          {!valid && (
            <p id={`${id}-error`} className="field-error">
              Enter a whole number of days.
            </p>
          )}
        </div>
      </div>
      <p className="count" role="status">
        {feed.revision < 0
          ? 'Loading flags…'
          : `${stale.length} ${stale.length === 1 ? 'flag' : 'flags'} ready to remove`}
      </p>
      {stale.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">Flags ready to remove</caption>
          <thead>
            <tr>
              <th scope="col">Flag</th>
              <th scope="col">State</th>
              <th scope="col">Last change</th>
              <th scope="col">What to do</th>
            </tr>
          </thead>
          <tbody>
            {stale.map(({ flag, kind }) => (
              <tr key={flag.key} data-flag={flag.key}>
                <th scope="row" data-label="Flag">
                  <Link href={routePath({ page: 'flag', key: flag.key })} className="flag-key">
                    {flag.key}
                  </Link>
                  {flag.owner !== null && (
                    <span className="flag-description">owner: {flag.owner}</span>
                  )}
                </th>
                <td data-label="State">{ADVICE[kind].state}</td>
                <td data-label="Last change">
                  <time dateTime={flag.updatedAt} title={formatDateTime(flag.updatedAt)}>
                    {formatAge(flag.updatedAt, now)}
                  </time>
                </td>
                <td data-label="What to do">{ADVICE[kind].advice}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
