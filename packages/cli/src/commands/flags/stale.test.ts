import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/run-cli.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T12:00:00Z');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const at = (daysAgo: number) => server.clock.set(NOW - daysAgo * DAY);
  at(90);
  await server.admin.createFlag({ key: 'lost', enabled: false, owner: 'team-a' });
  at(40);
  await server.admin.createFlag({ key: 'done', enabled: true, percentage: 100 });
  await server.admin.createFlag({ key: 'ramping', enabled: true, percentage: 50 });
  await server.admin.createFlag({ key: 'kill_switch', enabled: true, permanent: true });
  at(10);
  await server.admin.createFlag({ key: 'recent', enabled: true, percentage: 100 });
});
afterAll(() => server.close());

describe('ramp flags stale', () => {
  it('lists flags at 100% or 0% unchanged for 30 days, oldest first', async () => {
    const result = await runCli(['flags', 'stale'], { env: server.env, now: () => NOW });
    expect(result).toEqual({
      code: 0,
      stdout: [
        'FLAG  STATE             LAST CHANGE  OWNER   WHAT TO DO',
        'lost  off for everyone  90 days ago  team-a  remove the flag and the code it guards',
        'done  on for everyone   40 days ago          remove the flag; keep the new code path',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('takes another age with --days, and prints the result with --json', async () => {
    const result = await runCli(['flags', 'stale', '--days', '7', '--json'], {
      env: server.env,
      now: () => NOW,
    });
    const reply = JSON.parse(result.stdout) as {
      olderThanDays: number;
      stale: { flag: { key: string }; kind: string; ageDays: number }[];
    };
    expect(reply.olderThanDays).toBe(7);
    expect(reply.stale.map((s) => s.flag.key)).toEqual(['lost', 'done', 'recent']);
    expect(reply.stale[2]).toMatchObject({ kind: 'fully-on', ageDays: 10 });
  });

  it('says when nothing is stale, and refuses a bad --days with exit 2', async () => {
    const none = await runCli(['flags', 'stale', '--days', '365'], {
      env: server.env,
      now: () => NOW,
    });
    expect(none.stdout).toBe(
      'No stale flags: none at 100% or 0% and unchanged for 365 days or more\n',
    );
    const bad = await runCli(['flags', 'stale', '--days', 'a month'], { env: server.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('ramp: --days must be a whole number from 0 to 36500, got "a month"\n');
  });
});
