import type { DashboardScope } from '../lib/auth.js';
import { routePath, type Route } from '../lib/router.js';
import type { FeedStatus } from '../lib/sse.js';
import { ConnectionStatus } from './connection-status.js';
import { Link } from './link.js';

export interface TopBarProps {
  readonly route: Route;
  readonly scope: DashboardScope;
  readonly status: FeedStatus;
  readonly onSignOut: () => void;
}

const NAV: readonly { readonly label: string; readonly route: Route }[] = [
  { label: 'Flags', route: { page: 'flags' } },
  { label: 'Stale flags', route: { page: 'stale' } },
  { label: 'Plans', route: { page: 'plans' } },
];

/** The site header: navigation, the live-feed indicator, the token's scope, sign out. */
export function TopBar({ route, scope, status, onSignOut }: TopBarProps) {
  const section = route.page === 'flag' ? 'flags' : route.page === 'plan' ? 'plans' : route.page;
  return (
    <header className="top-bar">
      <Link href="/" className="brand">
        Ramp
      </Link>
      <nav aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.label}>
              <Link
                href={routePath(item.route)}
                aria-current={item.route.page === section ? 'page' : undefined}
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="top-bar-end">
        <ConnectionStatus status={status} />
        <span className="scope" title="What this token may do">
          {scope === 'admin' ? 'Admin' : 'Read-only'}
        </span>
        <button type="button" className="button button-small" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
