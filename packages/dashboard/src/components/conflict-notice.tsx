import type { Flag } from '@ramp/api';
import { effectivePercentage } from '../lib/flag-status.js';
import { formatPercentage } from '../lib/format.js';

export interface ConflictNoticeProps {
  /** The flag as it is now (from the live feed). */
  readonly flag: Flag;
  /** The version the refused change was based on. */
  readonly baseVersion: number;
  /** Bases the change on the current version, once the person has looked at it. */
  readonly onRebase: () => void;
}

/** A 409: someone else changed the flag first. Says what it is now and offers to retry. */
export function ConflictNotice({ flag, baseVersion, onRebase }: ConflictNoticeProps) {
  const moved = flag.version !== baseVersion;
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>Not saved: someone else changed this flag first.</strong> You started from version{' '}
        {baseVersion}
        {moved
          ? `; it is now version ${flag.version}, serving ${formatPercentage(effectivePercentage(flag))}${flag.enabled ? '' : ' (off)'}.`
          : '.'}{' '}
        Check the current value, then confirm again if your change still makes sense.
      </p>
      {moved && (
        <button type="button" className="button" onClick={onRebase}>
          Base my change on version {flag.version}
        </button>
      )}
    </div>
  );
}
