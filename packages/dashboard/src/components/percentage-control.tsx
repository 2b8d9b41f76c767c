import type { Flag } from '@ramp/api';
import { isValidPercentage } from '@ramp/sdk/engine';
import { useId, useState, type FormEvent } from 'react';
import { formatPercentage } from '../lib/format.js';
import { ChangeDialog, type RolloutTarget } from './change-dialog.js';

interface Draft {
  /** The flag version the draft started from. */
  readonly version: number;
  readonly percentage: string;
  readonly enabled: boolean;
  readonly dirty: boolean;
}

const fromFlag = (flag: Flag): Draft => ({
  version: flag.version,
  percentage: String(flag.percentage),
  enabled: flag.enabled,
  dirty: false,
});

/**
 * The rollout control of an admin: a slider and a number for the percentage, the on/off
 * switch, and "Review change", which opens the confirmation (with its required reason).
 */
export function PercentageControl({ flag }: { readonly flag: Flag }) {
  const id = useId();
  const [draft, setDraft] = useState(() => fromFlag(flag));
  const [confirming, setConfirming] = useState<RolloutTarget>();
  const [error, setError] = useState<string>();
  // Follow the live flag until the person starts editing.
  if (draft.version !== flag.version && !draft.dirty) setDraft(fromFlag(flag));

  const edit = (change: Partial<Draft>) => setDraft({ ...draft, ...change, dirty: true });
  const percentage = Number(draft.percentage);
  const unchanged = draft.enabled === flag.enabled && percentage === flag.percentage;
  const stale = draft.dirty && draft.version !== flag.version;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.percentage.trim() === '' || !isValidPercentage(percentage)) {
      setError('Enter a percentage from 0 to 100 with at most two decimals.');
      return;
    }
    setError(undefined);
    setConfirming({ enabled: draft.enabled, percentage });
  };

  return (
    <>
      <form className="percentage-control" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-range`}>Rollout percentage</label>
          <div className="percentage-inputs">
            <input
              id={`${id}-range`}
              type="range"
              min={0}
              max={100}
              step={1}
              value={Number.isFinite(percentage) ? percentage : 0}
              aria-valuetext={formatPercentage(Number.isFinite(percentage) ? percentage : 0)}
              onChange={(event) => edit({ percentage: event.target.value })}
            />
            <label htmlFor={`${id}-number`} className="visually-hidden">
              Rollout percentage, exact
            </label>
            <input
              id={`${id}-number`}
              type="number"
              inputMode="decimal"
              min={0}
              max={100}
              step={0.01}
              value={draft.percentage}
              aria-invalid={error !== undefined}
              aria-describedby={error === undefined ? undefined : `${id}-error`}
              onChange={(event) => edit({ percentage: event.target.value })}
            />
            <span aria-hidden="true">%</span>
          </div>
          {error !== undefined && (
            <p id={`${id}-error`} className="field-error">
              {error}
            </p>
          )}
        </div>
        <label className="choice">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(event) => edit({ enabled: event.target.checked })}
          />
          Flag on (off serves no session, whatever the percentage)
        </label>
        {stale && (
          <p className="notice notice-warning" role="status">
            This flag changed while you were editing (it is now version {flag.version}).{' '}
            <button type="button" className="button-link" onClick={() => setDraft(fromFlag(flag))}>
              Discard my edit
            </button>
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={unchanged}>
          Review change…
        </button>
      </form>
      {confirming !== undefined && (
        <ChangeDialog
          flag={flag}
          baseVersion={draft.version}
          target={confirming}
          onClose={() => setConfirming(undefined)}
          onSaved={() => setDraft({ ...draft, dirty: false })}
        />
      )}
    </>
  );
}
