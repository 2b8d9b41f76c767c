import { ApiError } from '../lib/api.js';

export interface ErrorNoticeProps {
  readonly error: unknown;
  /** What the failed action was, e.g. "The change was not saved". */
  readonly action: string;
}

/** A failed request in words, announced to screen readers. Conflicts get their own advice. */
export function ErrorNotice({ error, action }: ErrorNoticeProps) {
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{action}.</strong> {describeError(error)}
      </p>
    </div>
  );
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return `This token may not do that (${error.message}).`;
    if (error.code === 'NETWORK') return 'The server cannot be reached; try again.';
    return `${error.message} (${error.status}).`;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}
