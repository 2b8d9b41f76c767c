import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../app.js';
import { openDatabase, type Database } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrations/index.js';
import { tempDir } from '../testing/databases.js';
import { FakeClock } from '../testing/fake-clock.js';

const TOKEN = 'ramp_plans-e2e-admin-token-0123456789';
const MINUTE = 60_000;
const PLAN = `
name: checkout-rollout
flags:
  - key: checkout
readiness:
  - { id: runbook, item: Runbook reviewed, owner: ops }
phases:
  - name: canary
    steps:
      - percentages: { checkout: 10 }
        wait: 10m
    percentages: { checkout: 25 }
    bake: 1h
  - name: general
    percentages: { checkout: 100 }
    bake: 1h
`;

/** An app over a SQLite file in `dir`; opening it again on the same dir is a restart. */
async function openApp(dir: string, clock: FakeClock): Promise<{ app: App; database: Database }> {
  const database = openDatabase({ kind: 'sqlite', path: join(dir, 'ramp.db') });
  await migrateToLatest(database);
  const app = createApp({ database, clock });
  await app.auth.ensureAdminToken(TOKEN);
  return { app, database };
}

const ALERT_PLAN = `
name: alerts-rollout
flags:
  - key: checkout
metrics:
  critical_alerts: { event: critical_alerts, scope: global }
triggers:
  - name: alerts-rollback
    metric: critical_alerts
    atLeast: 3
    within: 1h
    action: rollback
phases:
  - name: canary
    percentages: { checkout: 20 }
    bake: 1h
`;

describe('plans on the server', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const dir = newDir();
  const clock = new FakeClock();
  let current: { app: App; database: Database } | undefined;
  const close = async () => {
    await current?.app.planController.close();
    await current?.app.fastify.close();
    await current?.database.close();
    current = undefined;
  };
  afterEach(async () => {
    vi.useRealTimers();
    await close();
  });

  const call = async (options: InjectOptions) => {
    if (current === undefined) throw new Error('no app');
    const reply = await current.app.fastify.inject({
      ...options,
      headers: { authorization: `Bearer ${TOKEN}`, ...options.headers },
    });
    return { status: reply.statusCode, body: reply.json<Record<string, unknown>>() };
  };
  const flag = async () => (await call({ method: 'GET', url: '/api/v1/flags/checkout' })).body;
  const tick = () => current?.app.planController.tick();

  it('refuses a bad plan file with every path and message', async () => {
    current = await openApp(newDir(), clock);
    const reply = await call({
      method: 'POST',
      url: '/api/v1/plans',
      headers: { 'content-type': 'application/yaml' },
      payload: 'name: bad\nflags: []\nphases:\n  - name: a\n    bake: soon\n',
    });
    expect(reply.status).toBe(400);
    expect(String((reply.body['error'] as { message: string }).message)).toMatch(
      /phases\[0\]\.bake: expected a duration/,
    );
  });

  it('applies a plan, starts it, survives a restart and rolls back', async () => {
    current = await openApp(dir, clock);
    await call({ method: 'POST', url: '/api/v1/flags', payload: { key: 'checkout' } });
    const applied = await call({
      method: 'POST',
      url: '/api/v1/plans',
      headers: { 'content-type': 'application/yaml' },
      payload: PLAN,
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ name: 'checkout-rollout', status: 'pending', version: 1 });
    const again = await call({
      method: 'POST',
      url: '/api/v1/plans',
      headers: { 'content-type': 'text/plain' },
      payload: PLAN,
    });
    expect(again.status).toBe(409);

    // Not ready yet: the controller waits and records nothing.
    expect(await tick()).toEqual({ 'checkout-rollout': 'WAIT' });
    const confirmed = await call({
      method: 'POST',
      url: '/api/v1/plans/checkout-rollout/readiness',
      payload: { item: 'runbook', name: 'carol' },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'pending', version: 2 });
    const snapshotBefore = await call({ method: 'GET', url: '/api/v1/snapshot' });

    clock.advance(MINUTE);
    expect(await tick()).toEqual({ 'checkout-rollout': 'GO' });
    expect(await flag()).toMatchObject({ enabled: true, percentage: 10 });
    const snapshot = await call({ method: 'GET', url: '/api/v1/snapshot' });
    expect(snapshot.body['revision']).toBeGreaterThan(Number(snapshotBefore.body['revision']));
    const audit = await call({ method: 'GET', url: '/api/v1/audit?flag=checkout' });
    expect(audit.body['events']).toContainEqual(
      expect.objectContaining({ action: 'flag.update', actor: 'controller' }),
    );

    // A restart continues from the stored state: the step's wait ends, the next stop starts.
    await close();
    current = await openApp(dir, clock);
    clock.advance(10 * MINUTE);
    expect(await tick()).toEqual({ 'checkout-rollout': 'GO' });
    expect(await flag()).toMatchObject({ percentage: 25 });

    const plan = await call({ method: 'GET', url: '/api/v1/plans/checkout-rollout' });
    expect(plan.body).toMatchObject({ status: 'running', percentages: { checkout: 25 } });
    const version = Number(plan.body['version']);
    const stale = await call({
      method: 'POST',
      url: '/api/v1/plans/checkout-rollout/hold',
      payload: { reason: 'look closer', version: version - 1 },
    });
    expect(stale.status).toBe(409);

    const rolledBack = await call({
      method: 'POST',
      url: '/api/v1/plans/checkout-rollout/rollback',
      payload: { reason: 'errors in checkout', version },
    });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body).toMatchObject({ status: 'rolled-back', percentages: { checkout: 0 } });
    expect(await flag()).toMatchObject({ enabled: false, percentage: 0 });

    const history = await call({ method: 'GET', url: '/api/v1/plans/checkout-rollout/decisions' });
    const decisions = history.body['decisions'] as { decision: string; actor: string }[];
    expect(decisions.map((d) => d.decision)).toEqual(['ROLLBACK', 'GO', 'GO', 'CONFIRM']);
    expect(decisions[0]).toMatchObject({
      actor: 'admin',
      summary: expect.stringMatching(/errors in checkout/),
    });
    expect(decisions[3]).toMatchObject({
      actor: 'carol',
      evidence: [expect.objectContaining({ kind: 'readiness', verdict: 'pass' })],
    });
    const list = await call({ method: 'GET', url: '/api/v1/plans' });
    expect(list.body['plans']).toEqual([
      expect.objectContaining({ name: 'checkout-rollout', status: 'rolled-back' }),
    ]);
    // Finished: nothing more to decide, and the plan may be applied again as a new run.
    expect(await tick()).toEqual({});
    const rerun = await call({
      method: 'POST',
      url: '/api/v1/plans',
      headers: { 'content-type': 'application/yaml' },
      payload: PLAN,
    });
    expect(rerun.body).toMatchObject({ status: 'pending' });
  });

  it('pauses a run whose flag was rolled back by hand, instead of undoing the rollback', async () => {
    current = await openApp(newDir(), clock);
    await call({ method: 'POST', url: '/api/v1/flags', payload: { key: 'checkout' } });
    await call({
      method: 'POST',
      url: '/api/v1/plans',
      headers: { 'content-type': 'application/yaml' },
      payload: PLAN,
    });
    await call({
      method: 'POST',
      url: '/api/v1/plans/checkout-rollout/readiness',
      payload: { item: 'runbook', name: 'carol' },
    });
    clock.advance(MINUTE);
    expect(await tick()).toEqual({ 'checkout-rollout': 'GO' });
    expect(await flag()).toMatchObject({ enabled: true, percentage: 10 });

    // An on-call engineer rolls the flag back directly, not through the plan.
    const rolledBack = await call({
      method: 'POST',
      url: '/api/v1/flags/checkout/rollback',
      payload: { reason: 'checkout errors' },
    });
    expect(rolledBack.status).toBe(200);
    clock.advance(10 * MINUTE);
    expect(await tick()).toEqual({ 'checkout-rollout': 'PAUSE' });
    // The step's wait is over, yet the flag stays off: the run waits for a person.
    clock.advance(10 * MINUTE);
    expect(await tick()).toEqual({ 'checkout-rollout': 'WAIT' });
    expect(await flag()).toMatchObject({ enabled: false });
    const plan = await call({ method: 'GET', url: '/api/v1/plans/checkout-rollout' });
    expect(plan.body).toMatchObject({ status: 'paused' });
    const history = await call({ method: 'GET', url: '/api/v1/plans/checkout-rollout/decisions' });
    const [pause] = history.body['decisions'] as {
      decision: string;
      summary: string;
      evidence: { kind: string; flag: string; value: number; threshold: number }[];
    }[];
    expect(pause).toMatchObject({ decision: 'PAUSE', actor: 'controller' });
    expect(pause?.summary).toMatch(
      /checkout serves 0 % but the plan set 10 % \(changed outside the plan\)/,
    );
    expect(pause?.evidence).toEqual([
      expect.objectContaining({ kind: 'flag', flag: 'checkout', value: 0, threshold: 10 }),
    ]);

    // Resuming is a person's decision: it sets the plan's percentages again.
    const resumed = await call({
      method: 'POST',
      url: '/api/v1/plans/checkout-rollout/resume',
      payload: { reason: 'fixed' },
    });
    expect(resumed.status).toBe(200);
    expect(await flag()).toMatchObject({ enabled: true, percentage: 10 });

    // The kill switch pauses a run too.
    await call({ method: 'POST', url: '/api/v1/kill-all', payload: { reason: 'incident' } });
    expect(await tick()).toEqual({ 'checkout-rollout': 'PAUSE' });
    const after = await call({ method: 'GET', url: '/api/v1/plans/checkout-rollout/decisions' });
    expect((after.body['decisions'] as { summary: string }[])[0]?.summary).toMatch(
      /the kill switch is pulled/,
    );
  });

  it('rolls back by itself when a trigger fires on metrics sent by SDKs', async () => {
    current = await openApp(newDir(), clock);
    await call({ method: 'POST', url: '/api/v1/flags', payload: { key: 'checkout' } });
    const applied = await call({
      method: 'POST',
      url: '/api/v1/plans',
      headers: { 'content-type': 'application/yaml' },
      payload: ALERT_PLAN,
    });
    expect(applied.status).toBe(201);
    expect(await tick()).toEqual({ 'alerts-rollout': 'GO' });
    expect(await flag()).toMatchObject({ percentage: 20 });

    const at = clock.now();
    const sent = await call({
      method: 'POST',
      url: '/api/v1/metrics',
      payload: { sentAt: at, events: [1, 2, 3].map(() => ({ name: 'critical_alerts', at })) },
    });
    expect(sent.status).toBe(202);
    clock.advance(MINUTE);
    expect(await tick()).toEqual({ 'alerts-rollout': 'ROLLBACK' });
    expect(await flag()).toMatchObject({ enabled: false, percentage: 0 });
    const history = await call({ method: 'GET', url: '/api/v1/plans/alerts-rollout/decisions' });
    const [latest] = history.body['decisions'] as { decision: string; evidence: unknown[] }[];
    expect(latest).toMatchObject({ decision: 'ROLLBACK', actor: 'controller' });
    expect(latest?.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'trigger',
        name: 'alerts-rollback',
        verdict: 'fired',
        value: 3,
      }),
    );
  });

  it('ticks on its own interval once started, and stops on close', async () => {
    vi.useFakeTimers();
    const database = openDatabase({ kind: 'sqlite', path: join(newDir(), 'ramp.db') });
    await migrateToLatest(database);
    const app = createApp({ database, clock, planIntervalMs: 5_000 });
    current = { app, database };
    await app.flags.create({ key: 'checkout' }, { actor: 'test' });
    await app.plans.apply(PLAN, { actor: 'test' });
    await app.plans.command(
      'checkout-rollout',
      { kind: 'readiness', item: 'runbook', name: 'carol' },
      { actor: 'test' },
    );
    app.planController.start();
    await vi.advanceTimersByTimeAsync(4_999);
    expect((await app.flags.get('checkout')).percentage).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(async () => expect((await app.flags.get('checkout')).percentage).toBe(10));
    await app.planController.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
