import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../test-support/run-cli.js';

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
