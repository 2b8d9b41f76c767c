import { Agent } from 'node:http';
import type { AuditList, PlanList, Snapshot, TokenList } from '@ramp/api';
import { createApp, type RouteInfo } from '../app.js';
import type { TestDatabase } from './databases.js';
import { sendRaw, type RawRequest, type RawResponse } from './raw-http.js';

/** Existing things the fuzzer aims at, by path parameter name. */
export interface Seeded {
  readonly flag: string;
  readonly plan: string;
  /** A read token nobody uses, so revoking it changes nothing else. */
  readonly tokenId: string;
}

/** A real server for fuzzing: the app over a test database, listening on 127.0.0.1. */
export interface FuzzTarget {
  readonly base: URL;
  readonly adminToken: string;
  readonly routes: readonly RouteInfo[];
  readonly seeded: Seeded;
  /** Sends a request as written, on its own connection. */
  send(request: RawRequest): Promise<RawResponse>;
  /** Everything a write would change, read through the public API. */
  fingerprint(): Promise<string>;
  close(): Promise<void>;
}

const ADMIN_TOKEN = 'ramp_fuzz-admin-token-0123456789';

/**
 * Starts the app on `database` with a flag, a plan waiting for readiness and a spare read
 * token. No plan controller or webhook sender runs (`createApp` starts neither), so nothing
 * writes between two requests. Failed authentications are not rate limited: the fuzzer
 * fails them on purpose, thousands of times.
 */
export async function startFuzzTarget(handle: TestDatabase): Promise<FuzzTarget> {
  const app = createApp({
    database: handle.database,
    rateLimit: { maxFailures: Number.MAX_SAFE_INTEGER, windowMs: 60_000 },
  });
  await app.auth.ensureAdminToken(ADMIN_TOKEN);
  const spare = await app.auth.create('fuzz', { name: 'fuzz-spare', scope: 'read' });
  const seeded = { flag: 'fuzz-flag', plan: 'fuzz-plan', tokenId: spare.info.id };
  await app.flags.create({ key: seeded.flag, enabled: true, percentage: 10 }, { actor: 'fuzz' });
  await app.plans.apply(
    {
      name: seeded.plan,
      flags: [{ key: seeded.flag }],
      readiness: [{ id: 'runbook', item: 'Runbook reviewed', owner: 'alice' }],
      phases: [{ name: 'all', percentages: { [seeded.flag]: 100 }, bake: '1h' }],
    },
    { actor: 'fuzz' },
  );
  const base = new URL(await app.fastify.listen({ port: 0, host: '127.0.0.1' }));
  // Well-formed reads share connections; fuzzed requests get their own (a client error
  // closes its connection).
  const agent = new Agent({ keepAlive: true });
  const read = async <T>(path: string): Promise<T> => {
    const response = await sendRaw(
      base,
      { method: 'GET', path, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      { agent },
    );
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
    return JSON.parse(response.body) as T;
  };
  return {
    base,
    adminToken: ADMIN_TOKEN,
    routes: app.routes,
    seeded,
    send: (request) => sendRaw(base, request),
    fingerprint: async () => {
      const [snapshot, audit, tokens, plans] = await Promise.all([
        read<Snapshot>('/api/v1/snapshot'),
        read<AuditList>('/api/v1/audit?limit=1'),
        read<TokenList>('/api/v1/tokens'),
        read<PlanList>('/api/v1/plans'),
      ]);
      return JSON.stringify({
        // Every flag change, archiving included, moves the feed revision.
        revision: snapshot.revision,
        killAll: snapshot.killAll,
        flags: snapshot.flags.map((f) => [f.key, f.version]),
        // The log only grows: its newest id counts the entries.
        audit: audit.events[0]?.id ?? 0,
        // Not lastUsedAt: authenticating touches it (once a minute), which is not a write.
        tokens: tokens.tokens.map((t) => [t.id, t.name, t.scope, t.revokedAt]),
        plans: plans.plans.map((p) => [p.name, p.status, p.version]),
      });
    },
    close: async () => {
      agent.destroy();
      await app.fastify.close();
      await handle.drop();
    },
  };
}
