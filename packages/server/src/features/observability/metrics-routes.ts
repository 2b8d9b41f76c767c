import { Access } from '../../http/access.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import type { RampMetrics } from './ramp-metrics.js';

const METRICS_DOC = {
  summary: 'Prometheus metrics',
  description:
    'The Prometheus text exposition format. Scrape it with an admin or read token as ' +
    '`Authorization: Bearer` (see docs/interfaces.md).',
  tags: ['observability'],
};

/** Label for requests that matched no route (their raw paths would explode the series). */
const UNMATCHED = 'unmatched';

/**
 * `GET /metrics` in the Prometheus text format, for admin and read tokens (a scraper sends
 * one as `Authorization: Bearer`). Also times every request by route pattern and status.
 */
export function registerMetricsRoutes(app: TypeboxApp, metrics: RampMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? UNMATCHED,
      status: String(reply.statusCode),
    };
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });

  app.get(
    '/metrics',
    { config: { access: Access.READ }, schema: METRICS_DOC },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
