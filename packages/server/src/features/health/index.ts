import type { DeepHealth, Health } from '@ramp/api';
import { Access } from '../../http/access.js';
import type { TypeboxApp } from '../../http/typebox-app.js';

/** A named dependency check; it resolves when the dependency works. */
export type HealthCheck = () => Promise<void>;

/** How long a check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * `GET /health` (the process answers) and `GET /health/deep` (every check passes: 200, or
 * 503 naming the failing one). No token: load balancers call them.
 */
export function healthFeature(deps: {
  readonly checks: Readonly<Record<string, HealthCheck>>;
  /** Who answers: this replica's id and role. */
  readonly replica?: (() => NonNullable<DeepHealth['replica']>) | undefined;
}) {
  return {
    register(app: TypeboxApp): void {
      const config = { access: Access.PUBLIC };
      app.get('/health', { config }, (): Health => ({ status: 'ok' }));
      app.get('/health/deep', { config }, async (_request, reply) => {
        const report = await runChecks(deps.checks);
        const replica = deps.replica?.();
        return reply
          .status(report.status === 'ok' ? 200 : 503)
          .send(replica === undefined ? report : { ...report, replica });
      });
    },
  };
}

export async function runChecks(
  checks: Readonly<Record<string, HealthCheck>>,
): Promise<DeepHealth> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => runCheck(checks[name])));
  const entries = names.map((name, i) => [name, results[i] ?? 'error: not run'] as const);
  const failed = entries.filter(([, result]) => result !== 'ok');
  const report = {
    status: failed.length === 0 ? 'ok' : 'error',
    checks: Object.fromEntries(entries),
  } as const;
  if (failed.length === 0) return report;
  const message = failed.map(([name, result]) => `${name}: ${result}`).join('; ');
  return { ...report, error: { code: 'UNAVAILABLE', message } };
}

async function runCheck(check: HealthCheck | undefined): Promise<string> {
  if (check === undefined) return 'error: missing';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
