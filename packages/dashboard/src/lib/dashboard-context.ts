import { createContext, useContext } from 'react';
import type { Api } from './api.js';
import type { DashboardScope } from './auth.js';
import type { FeedState } from './feed-state.js';

/** What every page needs: the API, what the token may do, and the live flags. */
export interface Dashboard {
  readonly api: Api;
  readonly scope: DashboardScope;
  readonly feed: FeedState;
  /** Shows a short confirmation in the page's status line. */
  readonly announce: (message: string) => void;
}

export const DashboardContext = createContext<Dashboard | null>(null);

export function useDashboard(): Dashboard {
  const dashboard = useContext(DashboardContext);
  if (dashboard === null) throw new Error('useDashboard outside of a signed-in dashboard');
  return dashboard;
}
