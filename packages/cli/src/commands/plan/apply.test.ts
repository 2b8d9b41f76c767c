import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../test-support/run-cli.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

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

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await server.admin.createFlag({ key: 'checkout' });
});
afterAll(() => server.close());

/** A directory holding `plan.yaml` with `text`. */
function planDir(text: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'plan.yaml'), text);
  return dir;
}

describe('ramp plan apply', () => {
  it('starts a run of the plan file and prints its state', async () => {
    const cwd = planDir(PLAN);
    const result = await runCli(['plan', 'apply', 'plan.yaml'], { env: server.env, cwd });
    expect(result).toEqual({
      code: 0,
      stdout:
        'Plan checkout-rollout (version 1): pending\n' +
        'Readiness: waiting for runbook\n' +
        'Percentages: checkout 0%\n' +
        'Last decision: none yet\n',
      stderr: '',
    });
    expect(await server.admin.getPlan('checkout-rollout')).toMatchObject({
      status: 'pending',
      version: 1,
    });

    // The run is not finished: applying it again is refused with the server's reason.
    const again = await runCli(['plan', 'apply', 'plan.yaml', '--json'], { env: server.env, cwd });
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^ramp: plan "checkout-rollout" is pending; .* \(CONFLICT\)\n$/);
  });

  it('prints every path error of an invalid plan and exits 1', async () => {
    const cwd = planDir('name: bad\nflags: []\nphases:\n  - name: a\n    bake: soon\n');
    const result = await runCli(['plan', 'apply', 'plan.yaml'], { env: server.env, cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^phases\[0\]\.bake: expected a duration/));
    expect(lines.at(-1)).toMatch(/^ramp: plan\.yaml: refused by the server — \d+ errors?$/);
    expect((await server.admin.listPlans()).plans.map((p) => p.name)).not.toContain('bad');
  });

  it('needs a readable file and a server (exit 2, nothing sent)', async () => {
    const missing = await runCli(['plan', 'apply', 'nope.yaml'], { env: server.env });
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ramp: cannot read plan nope.yaml: no such file\n',
    });
    const noServer = await runCli(['plan', 'apply', 'plan.yaml'], { cwd: planDir(PLAN) });
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toBe('ramp: no server: set RAMP_URL or pass --url\n');
  });
});
