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

describe('ramp plan validate on garbage', () => {
  const garbage: readonly [string, string | Buffer][] = [
    ['an empty file', ''],
    [
      'binary bytes',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]),
    ],
    ['a NUL in a comment', 'name: a\n# \u0000\n'],
    ['a YAML list', '- a\n- b\n'],
    ['brackets nested 10,000 deep', '['.repeat(10_000)],
    ['an alias to itself', 'name: a\nloop: &a [*a, *a]\n'],
    ['aliases that multiply', `a: &a [x, x, x, x, x, x, x, x, x, x]\n${bomb(12)}`],
    ['keys with line breaks', '"a\\nb": 1\n"": 2\n'],
  ];

  it.each(garbage)('%s: exits 1, one line per error, then one reason', async (_name, content) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'plan.yaml'), content);
    const result = await runCli(['plan', 'validate', 'plan.yaml'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines.pop()).toBe('');
    const reason = lines.pop();
    expect(reason).toBe(
      `ramp: plan.yaml: invalid — ${lines.length} error${lines.length === 1 ? '' : 's'}`,
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\S/);

    // With --json the errors are data on stdout, and stderr is the one line of the reason.
    const json = await runCli(['plan', 'validate', 'plan.yaml', '--json'], { cwd });
    expect(json.code).toBe(1);
    expect(json.stderr).toBe(`${reason}\n`);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, summary: null });
  });
});

/** Aliases each repeating the one before ten times: 10^n nodes once expanded. */
function bomb(levels: number): string {
  return Array.from(
    { length: levels },
    (_, i) =>
      `b${i}: &b${i} [${Array(10)
        .fill(i === 0 ? '*a' : `*b${i - 1}`)
        .join(', ')}]`,
  ).join('\n');
}
