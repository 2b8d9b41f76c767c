import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Seeded } from './fuzz-target.js';

const EXAMPLE_PLAN = readFileSync(
  new URL('../../../../examples/memory-system-rollout.yaml', import.meta.url),
  'utf8',
);

/**
 * A valid body for each route that takes one, by `METHOD url`, for the fuzzer to mutate into
 * almost valid ones. A route missing here is still fuzzed, with random bodies.
 */
export function validBodies(seeded: Seeded, now: number): Readonly<Record<string, unknown>> {
  const { flag } = seeded;
  const reason = { reason: 'fuzz' };
  return {
    'POST /api/v1/flags': {
      key: 'fuzz-new',
      description: 'created by the fuzzer',
      enabled: true,
      percentage: 12.5,
      bucketBy: 'user',
      requires: [flag],
      owner: 'team',
      permanent: false,
    },
    'PATCH /api/v1/flags/:key': {
      description: 'changed',
      enabled: false,
      percentage: 20,
      bucketBy: null,
      requires: [],
      owner: null,
      permanent: true,
      version: 1,
      reason: 'fuzz',
    },
    'POST /api/v1/flags/:key/rollback': { reason: 'fuzz', to: 5 },
    'POST /api/v1/kill-all': reason,
    'DELETE /api/v1/kill-all': reason,
    'POST /api/v1/kill-all/undo': reason,
    'POST /admin/feature-flags': { [flag]: 0.25, 'fuzz-compat': 0.5 },
    'POST /api/v1/evaluate': { sessionId: 'session-1', flags: [flag] },
    'POST /api/v1/tokens': { name: 'fuzz-token', scope: 'sdk' },
    'POST /ofrep/v1/evaluate/flags/:key': { context: { targetingKey: 'session-1', tier: 'pro' } },
    'POST /ofrep/v1/evaluate/flags': { context: { targetingKey: 'session-1' } },
    'POST /api/v1/metrics': {
      sentAt: now,
      observations: [{ metric: 'latency_ms', value: 12.5, at: now, cohorts: { [flag]: 'on' } }],
      counters: [{ metric: 'errors', count: 2, at: now, cohorts: {} }],
      events: [{ name: 'critical_alerts', at: now, attributes: { level: 'high', n: 1 } }],
      exposures: [{ flag, cohort: 'off', count: 3, at: now }],
      dropped: 0,
    },
    'POST /api/v1/plans': parseYaml(EXAMPLE_PLAN) as unknown,
    'POST /api/v1/plans/:name/approve': { name: 'alice', rationale: 'looks good', version: 1 },
    'POST /api/v1/plans/:name/hold': { reason: 'fuzz', version: 1 },
    'POST /api/v1/plans/:name/resume': { reason: 'fuzz' },
    'POST /api/v1/plans/:name/rollback': { reason: 'fuzz', to: 'previous' },
    'POST /api/v1/plans/:name/readiness': { item: 'runbook', name: 'alice' },
  };
}
