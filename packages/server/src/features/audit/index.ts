import type { TypeboxApp } from '../../http/typebox-app.js';
import { registerAuditRoutes } from './audit-routes.js';
import type { AuditStore } from './audit-store.js';

export { KyselyAuditStore } from './kysely-audit-store.js';
export type { AuditStore } from './audit-store.js';

/** Wires the audit log's read side; writes arrive through each feature's AuditSink. */
export function auditFeature(deps: { readonly store: AuditStore }) {
  return {
    register(app: TypeboxApp): void {
      registerAuditRoutes(app, deps.store);
    },
  };
}
