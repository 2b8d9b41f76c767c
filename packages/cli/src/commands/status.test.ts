import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../test-support/run-cli.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const flagsFile = {
  flags: {
    memory_system: { enabled: true, percentage: 10 },
    checkout: { enabled: true, percentage: 'lots' },
    search: { enabled: false },
  },
};

describe('ramp status', () => {
  it('prints the table of every flag from the file and env vars', async () => {
    const cwd = tempDir(flagsFile);
    const env = { MEMORY_SYSTEM_ROLLOUT_PERCENTAGE: '25', BETA_ENABLED: 'true' };
    const result = await runCli(['status'], { env, cwd });
    expect(result.code).toBe(0);
    const error =
      'percentage: expected a percentage from 0 to 100 with at most two decimals, got "lots"';
    expect(result.stdout.split('\n')).toEqual([
      'FLAG           ENABLED  PERCENTAGE  SOURCE  ROLLBACKS  ERROR',
      'beta           yes            100%  env             0',
      `checkout       no               0%  file            0  ${error}`,
      'memory_system  yes             25%  env             0',
      'search         no               0%  file            0',
      '',
    ]);
    expect(result.stderr).toBe(`ramp: warning: flag "checkout" is off: ${error}\n`);
  });

  it('prints the statuses as JSON with --json', async () => {
    const cwd = tempDir(flagsFile);
    const result = await runCli(['status', '--json'], { cwd });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      checkout: {
        enabled: false,
        rolloutPercentage: 0,
        rollbackHistory: [],
        source: 'file',
        error:
          'percentage: expected a percentage from 0 to 100 with at most two decimals, got "lots"',
      },
      memory_system: { enabled: true, rolloutPercentage: 10, rollbackHistory: [], source: 'file' },
      search: { enabled: false, rolloutPercentage: 0, rollbackHistory: [], source: 'file' },
    });
  });

  it('shows every flag off under RAMP_KILL_ALL', async () => {
    const cwd = tempDir(flagsFile);
    const result = await runCli(['status', '--json'], { cwd, env: { RAMP_KILL_ALL: 'true' } });
    expect(JSON.parse(result.stdout).memory_system).toMatchObject({
      enabled: false,
      rolloutPercentage: 0,
    });
  });

  it('says where flags come from when there are none', async () => {
    const cwd = tempDir();
    const result = await runCli(['status'], { cwd });
    expect(result).toEqual({
      code: 0,
      stdout: `No flags: set <KEY>_ENABLED / <KEY>_ROLLOUT_PERCENTAGE or add ramp.flags.json in ${cwd}\n`,
      stderr: '',
    });
  });
});

describe('ramp status against a server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    server.clock.set(Date.parse('2026-04-01T08:00:00Z'));
    await server.admin.createFlag({ key: 'memory_system', enabled: true, percentage: 10 });
    await server.admin.createFlag({ key: 'search', owner: 'team-search' });
    server.clock.set(Date.parse('2026-04-02T08:00:00Z'));
    await server.admin.updateFlag('memory_system', { percentage: 25, version: 1 });
  });
  afterAll(() => server.close());

  it('shows the server’s flags, not the local ones, when RAMP_URL is set', async () => {
    const cwd = tempDir(flagsFile);
    const result = await runCli(['status'], { env: server.env, cwd });
    expect(result).toEqual({
      code: 0,
      stdout: [
        `Flags on the server ${server.url} (revision 3)`,
        'FLAG           ENABLED  PERCENTAGE  VERSION  LAST CHANGE           OWNER',
        'memory_system  yes             25%        2  2026-04-02T08:00:00Z',
        'search         no               0%        1  2026-04-01T08:00:00Z  team-search',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('shows the kill switch banner, prints the snapshot with --json, and --local keeps the local view', async () => {
    await server.admin.killAll('incident 9');
    const text = await runCli(['status', '--url', server.url, '--token', server.env.RAMP_TOKEN]);
    expect(text.stdout.split('\n')[1]).toBe(
      'KILL SWITCH ON since 2026-04-02T08:00:00Z: every flag is off for every session (reason: incident 9)',
    );
    const json = await runCli(['status', '--json'], { env: server.env });
    const reply = await server.admin.snapshot();
    expect(reply.notModified).toBe(false);
    if (!reply.notModified) expect(JSON.parse(json.stdout)).toEqual(reply.snapshot);
    await server.admin.undoKillAll('resolved');

    const cwd = tempDir(flagsFile);
    const local = await runCli(['status', '--local', '--json'], { env: server.env, cwd });
    const statuses = JSON.parse(local.stdout) as Record<string, unknown>;
    expect(Object.keys(statuses)).toEqual(['checkout', 'memory_system', 'search']);
  });
});
