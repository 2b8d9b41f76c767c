import type { PlanList, PlanView } from '@ramp/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/run-cli.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

const PLAN = `
name: search-rollout
flags:
  - key: search
readiness:
  - { id: dashboards, item: Dashboards ready, owner: ops }
phases:
  - name: canary
    percentages: { search: 5 }
    bake: 1h
`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await server.admin.createFlag({ key: 'search' });
});
afterAll(() => server.close());

describe('ramp plan status', () => {
  it('lists the plans, and shows one with its last decision', async () => {
    const none = await runCli(['plan', 'status'], { env: server.env });
    expect(none).toEqual({
      code: 0,
      stdout: 'No plans yet: apply one with ramp plan apply FILE\n',
      stderr: '',
    });

    server.clock.set(Date.parse('2026-03-01T10:00:00Z'));
    await server.admin.applyPlan(PLAN);
    await server.admin.confirmReadiness('search-rollout', { item: 'dashboards', name: 'carol' });

    const list = await runCli(['plan', 'status'], { env: server.env });
    expect(list).toEqual({
      code: 0,
      stdout:
        'PLAN            STATUS   VERSION  PERCENTAGES  UPDATED\n' +
        'search-rollout  pending        2  search 0%    2026-03-01T10:00:00Z\n',
      stderr: '',
    });

    const one = await runCli(['plan', 'status', 'search-rollout'], { env: server.env });
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(
      'Plan search-rollout (version 2): pending\n' +
        'Readiness: every item confirmed\n' +
        'Percentages: search 0%\n' +
        'Last decision: 2026-03-01T10:00:00Z  CONFIRM  carol: ' +
        `${(await server.admin.getPlan('search-rollout')).decisions[0]?.summary}\n`,
    );

    const json = await runCli(['plan', 'status', '--json'], { env: server.env });
    expect((JSON.parse(json.stdout) as PlanList).plans).toEqual([
      expect.objectContaining({ name: 'search-rollout', status: 'pending', version: 2 }),
    ]);
    const oneJson = await runCli(['plan', 'status', 'search-rollout', '--json'], {
      env: server.env,
    });
    expect(JSON.parse(oneJson.stdout) as PlanView).toMatchObject({
      name: 'search-rollout',
      decisions: [{ decision: 'CONFIRM', actor: 'carol' }],
    });
  });

  it('reports an unknown plan (exit 1) and a blank name (exit 2)', async () => {
    const unknown = await runCli(['plan', 'status', 'nope'], { env: server.env });
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'ramp: no plan "nope" (NOT_FOUND)\n' });
    const blank = await runCli(['plan', 'status', ' '], { env: server.env });
    expect(blank).toEqual({ code: 2, stdout: '', stderr: 'ramp: NAME must not be blank\n' });
  });
});
