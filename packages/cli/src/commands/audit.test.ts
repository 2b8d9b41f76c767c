import { createClient } from '@ramp/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  // A named admin token makes the changes, so the log shows who.
  const { token } = await server.admin.createToken({ name: 'release-bot', scope: 'admin' });
  const bot = createClient({ baseUrl: server.url, token });
  server.clock.set(Date.parse('2026-02-01T09:00:00Z'));
  await bot.createFlag({ key: 'memory_system', enabled: true, percentage: 10 });
  server.clock.set(Date.parse('2026-02-02T09:00:00Z'));
  await bot.updateFlag('memory_system', { percentage: 25, version: 1, reason: 'error rate flat' });
  server.clock.set(Date.parse('2026-02-03T09:00:00Z'));
  await bot.rollbackFlag('memory_system', { reason: 'p99 up' });
  await bot.killAll('incident 7');
});
afterAll(() => server.close());

describe('ramp audit', () => {
  it('shows the log newest first: time, actor, action, flag, change, reason', async () => {
    const result = await runCli(['audit', '--flag', 'memory_system'], { env: server.env });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'TIME                  ACTOR        ACTION         FLAG           CHANGE          REASON',
      '2026-02-03T09:00:00Z  release-bot  flag.rollback  memory_system  25% → off       p99 up',
      '2026-02-02T09:00:00Z  release-bot  flag.update    memory_system  10% → 25%       error rate flat',
      '2026-02-01T09:00:00Z  release-bot  flag.create    memory_system  created at 10%',
      '',
    ]);
  });

  it('filters by time and count, and shows kill switch and token events', async () => {
    const result = await runCli(['audit', '--since', '2026-02-03', '--limit', '1'], {
      env: server.env,
    });
    expect(result.stdout).toMatch(
      /\n2026-02-03T09:00:00Z +release-bot +kill-all\.on +kill switch on +incident 7\n$/,
    );
    const all = await runCli(['audit'], { env: server.env });
    expect(all.stdout).toMatch(/ admin +token\.create +admin token "release-bot"\n/);
  });

  it('prints the API reply with --json', async () => {
    const result = await runCli(['audit', '--flag', 'memory_system', '--json'], {
      env: server.env,
    });
    expect(JSON.parse(result.stdout)).toEqual(await server.admin.audit({ flag: 'memory_system' }));
  });

  it('refuses a bad --since or --limit with exit 2', async () => {
    const since = await runCli(['audit', '--since', 'last tuesday'], { env: server.env });
    expect(since).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ramp: --since must be an ISO 8601 date or date-time, got "last tuesday"\n',
    });
    const limit = await runCli(['audit', '--limit', '0'], { env: server.env });
    expect(limit.stderr).toBe('ramp: --limit must be a whole number from 1 to 1000, got "0"\n');
  });
});
