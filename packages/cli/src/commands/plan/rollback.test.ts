import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type PlanDecisionList, type RampClient } from '@ramp/api';
import { startServer, type RunningServer } from '@ramp/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test-support/run-cli.js';
import { ADMIN_TOKEN } from '../../test-support/test-server.js';

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
`;

// A server whose controller decides every 20 ms, so a confirmed plan starts within the test.
let server: RunningServer;
let admin: RampClient;
let env: Record<string, string>;
const dataDir = mkdtempSync(join(tmpdir(), 'ramp-cli-plan-'));
beforeAll(async () => {
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminToken: ADMIN_TOKEN,
    logger: false,
    env: {},
    dashboardDir: false,
    planIntervalMs: 20,
  });
  admin = createClient({ baseUrl: server.url, token: ADMIN_TOKEN });
  env = { RAMP_URL: server.url, RAMP_TOKEN: ADMIN_TOKEN };
  await admin.createFlag({ key: 'checkout' });
  await admin.applyPlan(PLAN);
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const plan = (...args: string[]) => runCli(['plan', ...args], { env });

describe('ramp plan readiness, hold, resume, rollback and history', () => {
  it('refuses blank required options before any request (exit 2)', async () => {
    const blankReason = await plan('rollback', 'checkout-rollout', '--reason', '  ');
    expect(blankReason).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ramp: --reason must not be blank\n',
    });
    expect((await plan('hold', 'checkout-rollout', '--reason', '')).code).toBe(2);
    expect(
      (await plan('readiness', 'checkout-rollout', '--item', 'runbook', '--name', '')).stderr,
    ).toBe('ramp: --name must not be blank\n');
    const approve = await plan('approve', 'checkout-rollout', '--name', 'dana', '--rationale', ' ');
    expect(approve.stderr).toBe('ramp: --rationale must not be blank\n');
    expect((await plan('rollback', 'checkout-rollout', '--reason', 'x', '--to', '150')).code).toBe(
      2,
    );
    const missing = await plan('rollback', 'checkout-rollout');
    expect(missing.stderr).toBe("ramp: required option '--reason <text>' not specified\n");
    expect((await admin.getPlan('checkout-rollout')).version).toBe(1);
  });

  it('confirms readiness, holds, resumes and rolls back; history shows every decision', async () => {
    const confirmed = await plan(
      'readiness',
      'checkout-rollout',
      '--item',
      'runbook',
      '--name',
      'carol',
    );
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toMatch(
      /^Plan checkout-rollout \(version 2\): pending\nReadiness: every item confirmed\n/,
    );
    expect(confirmed.stdout).toMatch(/\nLast decision: \S+ {2}CONFIRM {2}carol: .+\n$/);

    // A command the state does not allow: the server's reason and code, exit 1.
    const early = await plan('resume', 'checkout-rollout');
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/\(CONFLICT\)\n$/);

    await vi.waitFor(
      async () => expect((await admin.getPlan('checkout-rollout')).status).toBe('running'),
      { timeout: 5_000, interval: 20 },
    );
    const status = await plan('status', 'checkout-rollout');
    expect(status.stdout).toMatch(
      /^Plan checkout-rollout \(version 3\): running\nAt: phase 1 of 1 \(canary\), step 1 of 2\nPercentages: checkout 10%\nLast decision: \S+ {2}GO {2}controller: .+\n$/,
    );

    const held = await plan('hold', 'checkout-rollout', '--reason', 'look closer');
    expect(held.code).toBe(0);
    expect(held.stdout).toContain(
      '): held\nAt: phase 1 of 1 (canary), step 1 of 2\nReason: look closer (by admin)\n',
    );
    const resumed = await plan('resume', 'checkout-rollout', '--reason', 'all clear');
    expect(resumed.stdout).toMatch(/\): running\n/);

    const rolledBack = await plan('rollback', 'checkout-rollout', '--reason', 'errors in checkout');
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.stdout).toMatch(
      /^Plan checkout-rollout \(version 6\): rolled-back\nPercentages: checkout 0%\nLast decision: \S+ {2}ROLLBACK {2}admin: .*errors in checkout/,
    );
    expect(await admin.getFlag('checkout')).toMatchObject({ enabled: false, percentage: 0 });

    const history = await plan('history', 'checkout-rollout');
    expect(history.code).toBe(0);
    const decisions = history.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split('  ')[1]);
    expect(decisions).toEqual(['ROLLBACK', 'RESUME', 'HOLD', 'GO', 'CONFIRM']);
    expect(history.stdout).toMatch(/ROLLBACK {2}admin: .*errors in checkout/);

    // The readiness confirmation carries one evidence entry; --evidence prints its sentence.
    const withEvidence = await plan('history', 'checkout-rollout', '--evidence');
    expect(withEvidence.code).toBe(0);
    expect(withEvidence.stdout).toMatch(/ CONFIRM {2}carol: .+\n {4}\S.*\n$/);
    expect(withEvidence.stdout).not.toContain('{');

    const json = await plan('history', 'checkout-rollout', '--json');
    const list = JSON.parse(json.stdout) as PlanDecisionList;
    expect(list.decisions[4]).toMatchObject({
      decision: 'CONFIRM',
      actor: 'carol',
      evidence: [expect.objectContaining({ kind: 'readiness', verdict: 'pass' })],
    });
  });
});
