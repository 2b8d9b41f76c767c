import { describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.js';

const commandNames = ['distribution', 'explain', 'status'];

describe('ramp help', () => {
  it('lists every command with a description and an example', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const name of commandNames) {
      expect(result.stdout).toMatch(new RegExp(`^  ${name}\\b.*\\S`, 'm'));
      expect(result.stdout).toContain(`  $ ramp ${name}`);
    }
  });

  it.each(commandNames)('shows an example in `ramp %s --help`', async (name) => {
    const result = await runCli([name, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: ramp ${name}`);
    expect(result.stdout).toMatch(new RegExp(`\\nExamples:\\n  \\$ ramp ${name}\\b`));
  });

  it('prints the help on stderr and exits 2 without a command', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: ramp');
  });

  it('rejects an unknown command with exit 2 and one line', async () => {
    const result = await runCli(['explian']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: "ramp: unknown command 'explian' (Did you mean explain?)\n",
    });
  });
});
