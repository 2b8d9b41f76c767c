import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { rollouts } from '@ramp/server';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../test-support/run-cli.js';

const example = (path: string): string =>
  fileURLToPath(new URL(`../../../../../examples/${path}`, import.meta.url));
const PLAN = example('memory-system-rollout.yaml');
const scenario = (name: string): string => example(`scenarios/${name}.yaml`);

const simulate = (name: string, ...more: string[]) =>
  runCli(['plan', 'simulate', PLAN, '--scenario', scenario(name), ...more]);

describe('ramp plan simulate', () => {
  // The longest shipped scenario: about 87 simulated hours, a few seconds of CPU.
  it(
    'healthy: every gate passes and the rollout completes at 100%',
    { timeout: 60_000 },
    async () => {
      const result = await simulate('healthy');
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      const lines = result.stdout.split('\n');
      expect(lines[0]).toBe(
        'plan memory-system, scenario healthy, seed 1, from 2025-06-02T09:00:00Z',
      );
      expect(result.stdout).toContain('cross_agent_sharing 50% → 100%');
      expect(result.stdout).not.toMatch(/ {2}(ROLLBACK|PAUSE) {2}/);
      expect(result.stdout.match(/ {2}APPROVE {3}/g)).toHaveLength(4);
      expect(lines.at(-2)).toMatch(/^finished \(completed\) after .*; final state: completed$/);
    },
  );

  it('latency-regression: rolled back to 0 by latency-p95-rollback', async () => {
    const result = await simulate('latency-regression');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^ \+03:11 {2}ROLLBACK {2}rollback to enhanced_injection 0%, .*: trigger latency-p95-rollback fired/m,
    );
    expect(result.stdout).toContain('! trigger latency-p95-rollback: p95 injection_latency');
    expect(result.stdout).not.toContain('latency-p95-pause fired');
    expect(result.stdout).toMatch(/final state: rolled-back\n$/);
  });

  it('alert-burst: paused by critical-alerts-pause, waiting for a person', async () => {
    const result = await simulate('alert-burst');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ \+06:31 {2}PAUSE {5}.*trigger critical-alerts-pause fired/m);
    expect(result.stdout).not.toContain('ROLLBACK');
    expect(result.stdout).toMatch(
      /stopped waiting for a person \(paused\) .*final state: paused\n$/,
    );
  });

  it('prints the timeline as JSON with --json', async () => {
    const result = await simulate('latency-regression', '--json');
    expect(result.code).toBe(0);
    const timeline = JSON.parse(result.stdout) as rollouts.Timeline;
    expect(timeline).toMatchObject({
      plan: 'memory-system',
      scenario: 'latency-regression',
      seed: 1,
      stopped: 'finished',
      final: { status: 'rolled-back', by: 'latency-p95-rollback' },
    });
    expect(timeline.entries.at(-1)?.outcome.decision).toBe('ROLLBACK');
  });

  it('gives the same output for the same seed, and another for another seed', async () => {
    // The rollback quotes a p95 of sampled latencies, which depends on the seed.
    const first = await simulate('latency-regression', '--seed', '7');
    const again = await simulate('latency-regression', '--seed', '7');
    const other = await simulate('latency-regression', '--seed', '8');
    expect(first.stdout).toContain('seed 7');
    expect(again).toEqual(first);
    expect(other.stdout).not.toBe(first.stdout.replace('seed 7', 'seed 8'));
    expect(await simulate('alert-burst')).toEqual(await simulate('alert-burst', '--seed', '1'));
  });

  it('prints every gate and trigger under each decision with --evidence', async () => {
    const decisive = await simulate('alert-burst');
    const all = await simulate('alert-burst', '--evidence');
    expect(all.stdout).toContain('· trigger latency-p95-rollback:');
    expect(decisive.stdout).not.toContain('· trigger');
    expect(all.stdout.split('\n').length).toBeGreaterThan(decisive.stdout.split('\n').length);
  });

  it.each(['x', '-1', '1.5', '4294967296', ''])('exits 2 for --seed "%s"', async (seed) => {
    const result = await simulate('alert-burst', '--seed', seed);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `ramp: --seed must be a whole number from 0 to 4294967295, got "${seed}"\n`,
    });
  });

  it('exits 2 without --scenario or when a file cannot be read', async () => {
    const noScenario = await runCli(['plan', 'simulate', PLAN]);
    expect(noScenario.code).toBe(2);
    expect(noScenario.stderr).toBe("ramp: required option '--scenario <file>' not specified\n");
    const missing = await runCli(['plan', 'simulate', PLAN, '--scenario', 'nope.yaml']);
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ramp: cannot read scenario nope.yaml: no such file\n',
    });
  });

  it('lists an invalid scenario’s errors by path and exits 1', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'bad.yaml'), 'name: bad\nduration: soon\nsessionsPerMinute: 10\n');
    const result = await runCli(['plan', 'simulate', PLAN, '--scenario', 'bad.yaml'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^duration: expected a duration like 10m\n/m);
    expect(result.stderr).toMatch(/\nramp: bad\.yaml: invalid — \d+ errors?\n$/);
  });

  it('draws a spinner on a terminal, erases it, and prints the same timeline', async () => {
    const plain = await simulate('alert-burst');
    const tty = await runCli(['plan', 'simulate', PLAN, '--scenario', scenario('alert-burst')], {
      isTTY: true,
    });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toBe(plain.stdout);
    expect(tty.stderr).toMatch(
      /^\r⠋ simulating plan memory-system, scenario alert-burst, seed 1 \d+\.\d s/,
    );
    expect(tty.stderr.endsWith('\r\u001b[2K')).toBe(true);
  });
});
