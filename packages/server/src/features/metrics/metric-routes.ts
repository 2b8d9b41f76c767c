import { MetricsAccepted, MetricsBatch, MetricsSummary, MetricsSummaryQuery } from '@ramp/api';
import { Access } from '../../http/access.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import type { MetricsService } from './metrics-service.js';

/** A full batch with every item tagged with a few flags is a few MiB of JSON. */
const BATCH_BODY_LIMIT = 16 << 20;
const TAGS = ['metrics'];

/** `POST /api/v1/metrics` (SDK batches) and `GET /api/v1/metrics/summary` (dashboards). */
export function registerMetricRoutes(app: TypeboxApp, service: MetricsService): void {
  app.post(
    '/api/v1/metrics',
    {
      config: { access: Access.INGEST },
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        description:
          'A batch of metrics from an SDK, merged into per-minute aggregates per flag and ' +
          'cohort (replicas merge side by side). All or nothing: a bad item refuses the batch.',
        tags: TAGS,
        body: MetricsBatch,
        response: { 202: MetricsAccepted },
      },
    },
    async (request, reply) => reply.status(202).send(await service.ingest(request.body)),
  );

  app.get(
    '/api/v1/metrics/summary',
    {
      config: { access: Access.READ },
      schema: {
        description:
          'Every series (per flag and cohort, and global) and exposures over a window ' +
          '(default: the last hour), as the rollout controller reads them.',
        tags: TAGS,
        querystring: MetricsSummaryQuery,
        response: { 200: MetricsSummary },
      },
    },
    (request) => service.summary(request.query),
  );
}
