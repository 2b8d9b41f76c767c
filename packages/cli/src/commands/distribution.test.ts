import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { Z_99, formatDistribution, measureDistribution } from './distribution.js';

const memoryAt10 = { MEMORY_SYSTEM_ENABLED: 'true', MEMORY_SYSTEM_ROLLOUT_PERCENTAGE: '10' };
const margin1000 = Z_99 * Math.sqrt((0.1 * 0.9) / 1000);

describe('ramp distribution', () => {
  it('counts the configured flag over session-1..session-1000', async () => {
    const result = await runCli(
      ['distribution', '--feature', 'memory_system', '--samples', '1000'],
      {
        env: memoryAt10,
      },
    );
    expect(result).toEqual({
      code: 0,
      stdout:
        'Enabled: 105/1000 (10.5%)\n' +
        'Disabled: 895/1000 (89.5%)\n' +
        'Expected: 10% ± 2.4% (99% interval for 1000 samples) — within sampling error\n',
      stderr: '',
    });
  });

  it('evaluates --percentage without any configuration', async () => {
    const result = await runCli([
      'distribution',
      '--feature',
      'memory_system',
      '--samples',
      '1000',
      '--percentage',
      '10',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual([
      'Enabled: 105/1000 (10.5%)',
      'Disabled: 895/1000 (89.5%)',
    ]);
  });

  it('prints the JSON shape with --json', async () => {
    const result = await runCli(
      ['distribution', '--feature', 'memory_system', '--samples', '1000', '--json'],
      { env: memoryAt10 },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      feature: 'memory_system',
      samples: 1000,
      percentage: 10,
      enabled: 105,
      disabled: 895,
      enabledShare: 0.105,
      expectedShare: 0.1,
      margin: expect.closeTo(margin1000, 12),
      withinSamplingError: true,
    });
  });

  it('uses --prefix for the session ids', async () => {
    const args = ['distribution', '--feature', 'f', '--samples', '2000', '--percentage', '50'];
    const a = await runCli([...args, '--json', '--prefix', 'user-']);
    const b = await runCli([...args, '--json']);
    expect(JSON.parse(a.stdout).enabled).not.toBe(JSON.parse(b.stdout).enabled);
  });

  it('fails with exit 1 for a flag nobody configured, unless --percentage is given', async () => {
    const result = await runCli(['distribution', '--feature', 'nope', '--samples', '10']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'ramp: no flag "nope" in the env vars or the flags file; pass --percentage to try one\n',
    );
  });

  it('reports a share outside the interval', () => {
    const result = measureDistribution({
      feature: 'f',
      samples: 1000,
      prefix: 's-',
      percentage: 10,
      isEnabled: (id) => id.endsWith('0') || id.endsWith('1'),
    });
    expect(result.enabled).toBe(200);
    expect(result.withinSamplingError).toBe(false);
    expect(formatDistribution(result)).toContain('— outside sampling error\n');
  });

  it('treats 0% and 100% as exact (no sampling error)', () => {
    const all = measureDistribution({
      feature: 'f',
      samples: 10,
      prefix: 's-',
      percentage: 100,
      isEnabled: () => true,
    });
    expect(all).toMatchObject({ margin: 0, withinSamplingError: true });
    expect(formatDistribution(all)).toContain('Expected: 100% ± 0% (99% interval for 10 samples)');
  });
});

describe('ramp distribution progress bar', () => {
  const args = ['distribution', '--feature', 'f', '--samples', '100000', '--percentage', '5'];

  it('draws on a TTY for 100,000 samples, at most once per 100 ms', async () => {
    let time = 0;
    // Each clock reading advances 40 ms, so only every third reading may redraw.
    const now = (): number => (time += 40);
    const result = await runCli(args, { isTTY: true, now });
    const draws = result.stderr.split('\r[').length - 1;
    expect(result.code).toBe(0);
    expect(draws).toBeGreaterThan(0);
    expect(draws).toBeLessThanOrEqual(Math.floor(time / 100) + 1);
    expect(result.stderr).toMatch(/\[#+\.*\] +\d+% \d+\/100000/);
    expect(result.stderr.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('draws nothing when stderr is not a TTY', async () => {
    const result = await runCli(args, { isTTY: false, now: () => 0 });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('draws nothing for short runs', async () => {
    const short = ['distribution', '--feature', 'f', '--samples', '99999', '--percentage', '5'];
    const result = await runCli(short, { isTTY: true });
    expect(result.stderr).toBe('');
  });
});

describe('ramp distribution arguments', () => {
  const base = ['distribution', '--feature', 'f'];
  const cases: [string[], string][] = [
    [[...base, '--samples', 'x'], '--samples must be a positive whole number, got "x"'],
    [[...base, '--samples', '0'], '--samples must be a positive whole number, got "0"'],
    [[...base, '--samples=-5'], '--samples must be a positive whole number, got "-5"'],
    [[...base, '--samples', '1.5'], '--samples must be a positive whole number, got "1.5"'],
    [[...base, '--samples', '100000001'], '--samples must be at most 100000000, got "100000001"'],
    [
      [...base, '--samples', '10', '--percentage', '101'],
      '--percentage: expected a percentage from 0 to 100, got "101"',
    ],
    [
      [...base, '--samples', '10', '--percentage', '10.555'],
      '--percentage: expected a percentage from 0 to 100 with at most two decimals, got "10.555"',
    ],
    [
      [...base, '--samples', '10', '--percentage', 'ten'],
      '--percentage: expected a percentage from 0 to 100 with at most two decimals, got "ten"',
    ],
    [['distribution', '--samples', '10'], "required option '--feature <key>' not specified"],
    [[...base], "required option '--samples <n>' not specified"],
    [
      ['distribution', '--feature', ' ', '--samples', '10'],
      '--feature must be a flag key, got " "',
    ],
    [[...base, '--samples', '10', '--bogus'], "unknown option '--bogus'"],
  ];

  it.each(cases)('%j exits 2 with one line on stderr', async (argv, reason) => {
    const result = await runCli(argv);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `ramp: ${reason}\n` });
  });
});
