import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const cliRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(cliRoot, 'bin', 'ramp.js');
const builtMain = join(cliRoot, 'dist', 'main.js');
// A directory without a flags file, and an env without flag variables.
const cwd = mkdtempSync(join(tmpdir(), 'ramp-bin-'));
const env = { PATH: process.env.PATH ?? '' };

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function ramp(args: string[]) {
  if (!existsSync(builtMain)) {
    throw new Error(`${builtMain} is missing: run \`npm run build\` before the tests`);
  }
  return spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8' });
}

describe('the built ramp bin', () => {
  it('prints the distribution and exits 0', () => {
    const result = ramp([
      'distribution',
      '--feature',
      'memory_system',
      '--samples',
      '1000',
      '--percentage',
      '10',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual([
      'Enabled: 105/1000 (10.5%)',
      'Disabled: 895/1000 (89.5%)',
    ]);
  });

  it('exits 2 with one line on stderr for a bad argument', () => {
    const result = ramp(['distribution', '--feature', 'memory_system', '--samples', 'x']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('ramp: --samples must be a positive whole number, got "x"\n');
  });
});
