import { CompatFlags } from '@ramp/api';
import { Access, principalOf } from '../../http/access.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import type { FlagsService } from './flags-service.js';

/**
 * The compatibility admin API, kept forever for existing callers: `GET /admin/feature-flags`
 * returns `{"KEY": fraction}` for every live flag; `POST` with the same shape updates the
 * named flags (creating unknown ones) in one transaction. Both need an admin token.
 */
export function registerCompatRoutes(app: TypeboxApp, service: FlagsService): void {
  const config = { access: Access.ADMIN };

  app.get('/admin/feature-flags', { config }, () => service.compatValues());

  app.post('/admin/feature-flags', { config, schema: { body: CompatFlags } }, (request) =>
    service.applyCompat(request.body, { actor: principalOf(request).name }),
  );
}
