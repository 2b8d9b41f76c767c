import type { Scope } from '@ramp/api';

/**
 * Who may call a route. Every route states one (the app refuses to register a route
 * without), so adding a route forces an auth decision.
 *
 * - `public`: anyone, no token (health checks).
 * - `admin`: admin tokens only (every change, token management, the compatibility API).
 * - `read`: admin and read tokens (flags and audit for dashboards).
 * - `feed`: admin, sdk and read tokens (snapshot, stream, evaluate).
 * - `ingest`: admin and sdk tokens (metric batches from SDKs; dashboards only read).
 */
export const Access = {
  PUBLIC: 'public',
  ADMIN: 'admin',
  READ: 'read',
  FEED: 'feed',
  INGEST: 'ingest',
} as const;
export type Access = (typeof Access)[keyof typeof Access];

/** The caller, once its token is verified. `name` is the audit log's actor. */
export interface Principal {
  readonly tokenId: string;
  readonly name: string;
  readonly scope: Scope;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * Also accept the token as `?token=` (EventSource in browsers cannot send headers). The
     * query string is redacted from logs.
     */
    queryToken?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The verified caller of a route that is not public (set by the auth hook). */
export function principalOf(request: { principal: Principal | null }): Principal {
  if (request.principal === null) {
    // Unreachable when the route declares an access other than public.
    throw new Error('route used without an authenticated principal');
  }
  return request.principal;
}
