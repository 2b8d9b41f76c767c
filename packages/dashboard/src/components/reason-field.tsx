import { useId } from 'react';

export interface ReasonFieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Shown under the field (and announced) after a submit without a reason. */
  readonly error: string | undefined;
  readonly hint?: string;
  /** Take the focus when the dialog opens (default true). */
  readonly autoFocus?: boolean;
}

/** The required "why" of every change; it goes to the audit log. */
export function ReasonField({ value, onChange, error, hint, autoFocus = true }: ReasonFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>Reason (required)</label>
      <textarea
        id={id}
        name="reason"
        rows={2}
        maxLength={2000}
        required
        data-autofocus={autoFocus ? '' : undefined}
        value={value}
        aria-invalid={error !== undefined}
        aria-describedby={error === undefined ? hintId : `${hintId} ${errorId}`}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={hintId} className="hint">
        {hint ?? 'Recorded in the audit log with your token’s name.'}
      </p>
      {error !== undefined && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
