import type { Flag } from '@ramp/api';
import { useState } from 'react';
import { ApiError } from '../lib/api.js';
import { useDashboard } from '../lib/dashboard-context.js';
import { effectivePercentage } from '../lib/flag-status.js';
import { formatPercentage } from '../lib/format.js';
import { useReasonedAction } from '../lib/use-reasoned-action.js';
import { ConflictNotice } from './conflict-notice.js';
import { Dialog } from './dialog.js';
import { ErrorNotice } from './error-notice.js';
import { ReasonField } from './reason-field.js';

/** The rollout a person asked for. */
export interface RolloutTarget {
  readonly enabled: boolean;
  readonly percentage: number;
}

export interface ChangeDialogProps {
  /** The flag as it is now (live). */
  readonly flag: Flag;
  /** The flag version the person's edit started from. */
  readonly baseVersion: number;
  readonly target: RolloutTarget;
  readonly onClose: () => void;
  /** Called after the server accepted the change (before `onClose`). */
  readonly onSaved: () => void;
}

/**
 * Confirms a rollout change: says what changes, asks why, and sends it with the version the
 * person saw (If-Match), so a concurrent change is refused (409) instead of overwritten.
 */
export function ChangeDialog(props: ChangeDialogProps) {
  const { flag, target, onClose, onSaved } = props;
  const { api, announce } = useDashboard();
  const [baseVersion, setBaseVersion] = useState(props.baseVersion);
  const to = describe(target);
  const form = useReasonedAction(
    (reason) => api.updateFlag(flag.key, { ...target, reason }, baseVersion),
    () => {
      announce(`${flag.key} now serves ${to}.`);
      onSaved();
      onClose();
    },
  );
  const conflict = form.failure instanceof ApiError && form.failure.status === 409;
  return (
    <Dialog title={`Change the rollout of ${flag.key}?`} onClose={onClose}>
      <form onSubmit={form.onSubmit} noValidate>
        <p className="change-summary">
          <span>{describe(flag)}</span> <span aria-hidden="true">→</span>
          <span className="visually-hidden">to</span> <strong>{to}</strong>
        </p>
        <p className="hint dialog-note">
          Connected SDKs apply this within a second.
          {target.enabled && target.percentage > effectivePercentage(flag)
            ? ' Sessions already in keep the flag; new ones join.'
            : ''}
        </p>
        <ReasonField value={form.reason} onChange={form.setReason} error={form.reasonError} />
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
            <ErrorNotice error={form.failure} action="The change was not saved" />
          )
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={form.busy || conflict}>
            {`Set to ${to}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function describe(rollout: RolloutTarget): string {
  return rollout.enabled ? formatPercentage(rollout.percentage) : 'off';
}
