import { AuditQuery, type AuditList } from '@ramp/api';
import { Access } from '../../http/access.js';
import { parseDateTime } from '../../http/date-time.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import type { AuditStore } from './audit-store.js';

const DEFAULT_LIMIT = 100;

/** `GET /api/v1/audit?flag=&since=&limit=`: newest first. */
export function registerAuditRoutes(app: TypeboxApp, store: AuditStore): void {
  app.get(
    '/api/v1/audit',
    { config: { access: Access.READ }, schema: { querystring: AuditQuery } },
    async (request): Promise<AuditList> => {
      const { flag, limit } = request.query;
      // Stored times are UTC ISO strings, so the bound is normalised to the same form.
      const since =
        request.query.since === undefined
          ? undefined
          : new Date(parseDateTime('since', request.query.since)).toISOString();
      return { events: await store.list({ flag, since, limit: limit ?? DEFAULT_LIMIT }) };
    },
  );
}
