import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';

/** Sources the script in a real bash and completes `words` (the last one being typed). */
function completeInBash(script: string, words: readonly string[]): string[] {
  const program = [
    script,
    `COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_ramp',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line !== '');
}

describe('ramp completion', () => {
  it('writes a bash script that bash accepts', async () => {
    const { code, stdout } = await runCli(['completion', 'bash']);
    expect(code).toBe(0);
    expect(stdout).toContain('complete -o default -F _ramp ramp');
    execFileSync('bash', ['-n'], { input: stdout });
  });

  it('completes commands, subcommands and options from the program itself', async () => {
    const { stdout: script } = await runCli(['completion', 'bash']);
    expect(completeInBash(script, ['ramp', 'ex'])).toEqual(['explain']);
    expect(completeInBash(script, ['ramp', ''])).toEqual(
      expect.arrayContaining(['serve', 'explain', 'status', 'completion']),
    );
    expect(completeInBash(script, ['ramp', 'flags', 'li'])).toEqual(['list']);
    expect(completeInBash(script, ['ramp', 'completion', ''])).toEqual(['bash', 'zsh']);
    expect(completeInBash(script, ['ramp', 'status', '--j'])).toEqual(['--json']);
    // Words that are not commands (values, flag keys) do not derail the walk.
    expect(completeInBash(script, ['ramp', 'flags', 'get', 'checkout', '--h'])).toEqual(['--help']);
  });

  it('writes a zsh script with descriptions', async () => {
    const { code, stdout } = await runCli(['completion', 'zsh']);
    expect(code).toBe(0);
    expect(stdout.startsWith('#compdef ramp\n')).toBe(true);
    expect(stdout).toMatch(/'explain:[^']+'/);
    expect(stdout).toContain('compdef _ramp ramp');
  });

  // .ci/run installs zsh (Debian's package) when it is missing.
  it('writes a zsh script that zsh accepts and that offers subcommands', async () => {
    const { stdout } = await runCli(['completion', 'zsh']);
    execFileSync('zsh', ['-n'], { input: stdout });
    // _describe (compsys) is replaced by a stub that prints the candidates it is given.
    const program = [
      'compdef() { :; }',
      '_describe() { print -l -- ${(P)4}; }',
      stdout,
      'words=(ramp flags ""); CURRENT=3; PREFIX=""; _ramp',
    ].join('\n');
    const out = execFileSync('zsh', ['-f', '-c', program], { encoding: 'utf8' });
    expect(out).toMatch(/^list:List the flags/m);
  });

  it('refuses other shells with exit 2', async () => {
    const result = await runCli(['completion', 'fish']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bash, zsh');
  });

  it('is listed in `ramp --help` with an example, like every command', async () => {
    const { stdout } = await runCli(['--help']);
    const section = stdout.split('Commands:\n')[1]?.split('\n\n')[0] ?? '';
    const listed = [...section.matchAll(/^ {2}([a-z-]+)\b/gm)].map((match) => match[1]);
    expect(listed).toContain('completion');
    for (const name of listed.filter((command) => command !== 'help')) {
      expect(stdout, `an example of ramp ${name}`).toContain(`  $ ramp ${name}`);
    }
  });
});
