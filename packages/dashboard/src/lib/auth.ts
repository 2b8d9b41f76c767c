import { ApiError, createApi, type Api } from './api.js';

/** What a signed-in token may do in the dashboard. `sdk` tokens cannot sign in. */
export type DashboardScope = 'admin' | 'read';

export interface Session {
  readonly api: Api;
  readonly scope: DashboardScope;
}

const STORAGE_KEY = 'ramp.token';

/** The token of this tab's session, kept in sessionStorage (gone when the tab closes). */
export function savedToken(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Storage can be disabled; the session then lasts until the page reloads.
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing was stored.
  }
}

/**
 * Signs in: learns the token's scope from what the server lets it do. The server has no
 * "who am I" route, so an admin-only read (`GET /api/v1/tokens`) tells admin from the rest,
 * and `GET /api/v1/flags` tells read tokens (allowed) from sdk tokens (refused).
 */
export async function signIn(token: string, doFetch?: typeof fetch): Promise<Session> {
  const api = createApi(token.trim(), doFetch);
  if (api.token === '') throw new Error('Enter a token.');
  try {
    await api.listTokens();
    return { api, scope: 'admin' };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 403) throw signInError(error);
  }
  try {
    await api.listFlags();
    return { api, scope: 'read' };
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      throw new Error('This is an SDK token. Sign in with a read or admin token.');
    }
    throw signInError(error);
  }
}

function signInError(error: unknown): Error {
  if (!(error instanceof ApiError)) return new Error('Signing in failed.');
  if (error.status === 401) return new Error('The server does not accept this token.');
  if (error.status === 429) return new Error(`Too many attempts: ${error.message}`);
  return new Error(`Signing in failed: ${error.message}`);
}
