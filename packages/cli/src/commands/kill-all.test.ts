import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('ramp kill-all', () => {
  it('turns every flag off with a reason, and --off undoes it', async () => {
    server.clock.set(Date.parse('2026-03-01T10:00:00Z'));
    const on = await runCli(['kill-all', '--reason', 'incident 4211'], { env: server.env });
    expect(on).toEqual({
      code: 0,
      stdout:
        'Kill switch ON since 2026-03-01T10:00:00Z: every flag is off for every session\n' +
        'Reason: incident 4211\n' +
        'Undo with: ramp kill-all --off --reason "…"\n',
      stderr: '',
    });
    expect(await server.admin.snapshot()).toMatchObject({
      notModified: false,
      snapshot: {
        killAll: { active: true, reason: 'incident 4211', since: '2026-03-01T10:00:00.000Z' },
      },
    });

    const off = await runCli(['kill-all', '--off', '--reason', 'resolved', '--json'], {
      env: server.env,
    });
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout)).toEqual({ active: false, reason: null, since: null });
  });

  it('needs a reason that is not blank (exit 2)', async () => {
    const missing = await runCli(['kill-all'], { env: server.env });
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: "ramp: required option '--reason <text>' not specified\n",
    });
    const blank = await runCli(['kill-all', '--off', '--reason', ''], { env: server.env });
    expect(blank.code).toBe(2);
    expect(blank.stderr).toBe('ramp: --reason must not be blank\n');
  });
});
