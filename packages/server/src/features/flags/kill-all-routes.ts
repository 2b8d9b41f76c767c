import { ReasonBody, type KillAllState } from '@ramp/api';
import { Access, principalOf } from '../../http/access.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import type { FlagsService } from './flags-service.js';

/**
 * The kill switch: `POST /api/v1/kill-all` turns every flag off everywhere; `DELETE` (or
 * `POST /api/v1/kill-all/undo`, for clients that cannot send a body with DELETE) undoes it.
 * Both need a reason.
 */
export function registerKillAllRoutes(app: TypeboxApp, service: FlagsService): void {
  const admin = { access: Access.ADMIN };

  app.get(
    '/api/v1/kill-all',
    { config: { access: Access.READ } },
    async (): Promise<KillAllState> => {
      return (await service.snapshot()).killAll;
    },
  );

  app.post('/api/v1/kill-all', { config: admin, schema: { body: ReasonBody } }, (request) =>
    service.setKillAll(true, request.body.reason, { actor: principalOf(request).name }),
  );

  const undo = { config: admin, schema: { body: ReasonBody } };
  app.delete('/api/v1/kill-all', undo, (request) =>
    service.setKillAll(false, request.body.reason, { actor: principalOf(request).name }),
  );
  app.post('/api/v1/kill-all/undo', undo, (request) =>
    service.setKillAll(false, request.body.reason, { actor: principalOf(request).name }),
  );
}
