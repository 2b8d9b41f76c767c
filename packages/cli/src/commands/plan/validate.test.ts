import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../test-support/run-cli.js';

const EXAMPLE = fileURLToPath(
  new URL('../../../../../examples/memory-system-rollout.yaml', import.meta.url),
);

/** A temporary directory holding `plan.yaml` with the given text. */
function planDir(text: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'plan.yaml'), text);
  return dir;
}

const BROKEN = `
name: broken
flags: [{ key: a }]
phases:
  - name: canary
    percentages: { a: 10 }
    triggers:
      - { metric: errors, atLeast: 3, within: soon, action: rollback }
`;

describe('ramp plan validate', () => {
  it('summarizes a valid plan: phases, steps (every stop) and flags', async () => {
    expect(await runCli(['plan', 'validate', EXAMPLE])).toEqual({
      code: 0,
      stdout:
        `${EXAMPLE}: valid — 3 phases, 6 steps, ` +
        'flags enhanced_injection, hierarchical_tiers, cross_agent_sharing\n',
      stderr: '',
    });
  });

  it('reads a relative path from the working directory, and says "1 phase" and "flag"', async () => {
    const cwd = planDir(
      'name: one\nflags: [{ key: a }]\nphases: [{ name: p, percentages: { a: 5 }, bake: 1h }]\n',
    );
    expect(await runCli(['plan', 'validate', 'plan.yaml'], { cwd })).toEqual({
      code: 0,
      stdout: 'plan.yaml: valid — 1 phase, 1 step, flag a\n',
      stderr: '',
    });
  });

  it('prints { valid, errors, summary } with --json', async () => {
    const result = await runCli(['plan', 'validate', EXAMPLE, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: true,
      errors: [],
      summary: {
        name: 'memory-system',
        phases: 3,
        steps: 6,
        flags: ['enhanced_injection', 'hierarchical_tiers', 'cross_agent_sharing'],
      },
    });
  });

  it('lists every error by its path on stderr and exits 1', async () => {
    const cwd = planDir(BROKEN);
    expect(await runCli(['plan', 'validate', 'plan.yaml'], { cwd })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'phases[0].bake: required (expected a duration like 10m)\n' +
        'phases[0].triggers[0].within: expected a duration like 10m\n' +
        'ramp: plan.yaml: invalid — 2 errors\n',
    });
  });

  it('puts the errors in the JSON with --json, still exiting 1', async () => {
    const cwd = planDir(BROKEN);
    const result = await runCli(['plan', 'validate', 'plan.yaml', '--json'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ramp: plan.yaml: invalid — 2 errors\n');
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      errors: [
        { path: 'phases[0].bake', message: 'required (expected a duration like 10m)' },
        { path: 'phases[0].triggers[0].within', message: 'expected a duration like 10m' },
      ],
      summary: null,
    });
  });

  it('reports the rules between fields by path once the schema passes', async () => {
    const cwd = planDir(`
name: nested
flags: [{ key: a }, { key: b, requires: [a] }]
phases: [{ name: p, percentages: { a: 10, b: 20 }, bake: 1h }]
`);
    const result = await runCli(['plan', 'validate', 'plan.yaml'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^phases\[0\]\.percentages\.b: 20 exceeds a \(10\)/);
  });

  it('reports text that is not YAML as one error', async () => {
    const cwd = planDir('phases: [');
    const result = await runCli(['plan', 'validate', 'plan.yaml'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^not valid YAML or JSON: .*\nramp: plan.yaml: invalid — 1 error\n$/,
    );
  });

  it('exits 2 with one line when the file cannot be read', async () => {
    expect(await runCli(['plan', 'validate', 'missing.yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ramp: cannot read plan missing.yaml: no such file\n',
    });
    const dir = await runCli(['plan', 'validate', '.']);
    expect(dir).toMatchObject({ code: 2, stderr: 'ramp: cannot read plan .: it is a directory\n' });
  });

  it('is listed under `ramp plan --help` with an example', async () => {
    const result = await runCli(['plan', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}validate \[options\] <plan>\s+\S/m);
    expect(result.stdout).toMatch(/^ {2}simulate \[options\] <plan>\s+\S/m);
    expect(result.stdout).toContain('  $ ramp plan validate examples/memory-system-rollout.yaml');
  });
});
