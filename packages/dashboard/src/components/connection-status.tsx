import type { FeedStatus } from '../lib/sse.js';

const LABELS: Record<FeedStatus['kind'], string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Signed out',
};

/** Whether the live feed is flowing; changes are announced politely. */
export function ConnectionStatus({ status }: { readonly status: FeedStatus }) {
  const detail =
    status.kind === 'reconnecting' || status.kind === 'unauthorized' ? status.error : '';
  return (
    <span className={`connection connection-${status.kind}`} role="status" title={detail}>
      <span className="connection-dot" aria-hidden="true" />
      {LABELS[status.kind]}
    </span>
  );
}
