import type { Flag } from '@ramp/api';
import { isValidPercentage } from '@ramp/sdk/engine';
import { useId, useState } from 'react';
import { ApiError } from '../lib/api.js';
import { useDashboard } from '../lib/dashboard-context.js';
import { effectivePercentage } from '../lib/flag-status.js';
import { formatPercentage } from '../lib/format.js';
import { useReasonedAction } from '../lib/use-reasoned-action.js';
import { ConflictNotice } from './conflict-notice.js';
import { Dialog } from './dialog.js';
import { ErrorNotice } from './error-notice.js';
import { ReasonField } from './reason-field.js';

export interface RollbackDialogProps {
  /** The flag as it is now (live). */
  readonly flag: Flag;
  readonly onClose: () => void;
}

/** Rolls a flag back: fully (off) or partly (down to a lower percentage), with a reason. */
export function RollbackDialog({ flag, onClose }: RollbackDialogProps) {
  const { api, announce } = useDashboard();
  const id = useId();
  const [baseVersion, setBaseVersion] = useState(flag.version);
  const [mode, setMode] = useState<'full' | 'partial'>('full');
  const [toText, setToText] = useState('');
  const [toError, setToError] = useState<string>();
  const from = effectivePercentage(flag);

  const form = useReasonedAction(
    async (reason) => {
      const body = mode === 'full' ? { reason } : { reason, to: Number(toText) };
      await api.rollbackFlag(flag.key, body, baseVersion);
    },
    () => {
      const to = mode === 'full' ? 'off' : formatPercentage(Number(toText));
      announce(`${flag.key} rolled back to ${to}.`);
      onClose();
    },
  );

  const onSubmit: typeof form.onSubmit = (event) => {
    if (mode === 'partial') {
      const problem = checkTo(toText, from);
      setToError(problem);
      if (problem !== undefined) {
        event.preventDefault();
        document.getElementById(`${id}-to`)?.focus();
        return;
      }
    }
    form.onSubmit(event);
  };

  const conflict = form.failure instanceof ApiError && form.failure.status === 409;
  return (
    <Dialog title={`Roll back ${flag.key}?`} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <p>It serves {formatPercentage(from)} now. A rollback is recorded in the flag’s history.</p>
        <fieldset className="field">
          <legend>Roll back to</legend>
          <label className="choice">
            <input
              type="radio"
              name="mode"
              checked={mode === 'full'}
              data-autofocus=""
              onChange={() => setMode('full')}
            />
            Off (0%): every session loses the flag
          </label>
          <label className="choice">
            <input
              type="radio"
              name="mode"
              checked={mode === 'partial'}
              onChange={() => setMode('partial')}
            />
            A lower percentage
          </label>
          {mode === 'partial' && (
            <div className="field field-inline">
              <label htmlFor={`${id}-to`}>Percentage (below {formatPercentage(from)})</label>
              <input
                id={`${id}-to`}
                type="number"
                inputMode="decimal"
                min={0}
                max={from}
                step={0.01}
                value={toText}
                aria-invalid={toError !== undefined}
                aria-describedby={toError === undefined ? undefined : `${id}-to-error`}
                onChange={(event) => setToText(event.target.value)}
              />
              {toError !== undefined && (
                <p id={`${id}-to-error`} className="field-error">
                  {toError}
                </p>
              )}
            </div>
          )}
        </fieldset>
        <ReasonField
          value={form.reason}
          onChange={form.setReason}
          error={form.reasonError}
          autoFocus={false}
        />
        {conflict ? (
          <ConflictNotice
            flag={flag}
            baseVersion={baseVersion}
            onRebase={() => {
              setBaseVersion(flag.version);
              form.clearFailure();
            }}
          />
        ) : (
          form.failure !== undefined && (
            <ErrorNotice error={form.failure} action="The rollback was not saved" />
          )
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={form.busy || conflict}>
            Roll back
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function checkTo(text: string, from: number): string | undefined {
  const to = Number(text);
  if (text.trim() === '' || !Number.isFinite(to) || to < 0) return 'Enter a percentage.';
  if (to >= from) return `Enter a percentage below the current ${formatPercentage(from)}.`;
  if (!isValidPercentage(to)) return 'Use at most two decimals.';
  return undefined;
}
