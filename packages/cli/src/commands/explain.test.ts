import { createHash } from 'node:crypto';
import { evaluate } from '@ramp/sdk';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../test-support/run-cli.js';
import { explainSession, type Explanation } from './explain.js';

/** The bucketing contract of DESIGN.md §2, computed here without the SDK. */
function independent(input: string) {
  const hex = createHash('sha256').update(input, 'utf8').digest('hex');
  const hash = parseInt(hex.slice(0, 8), 16);
  const bucket = hash % 100;
  return { hex, hash, bucket, sub: Math.floor((hash % 10000) / 100) };
}

async function explainJson(argv: string[], env: Record<string, string> = {}, cwd?: string) {
  const result = await runCli(
    ['explain', ...argv, '--json'],
    cwd === undefined ? { env } : { env, cwd },
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Explanation;
}

const memoryAt10 = { MEMORY_SYSTEM_ENABLED: 'true', MEMORY_SYSTEM_ROLLOUT_PERCENTAGE: '10' };

describe('ramp explain', () => {
  it.each(['session-1', 'session-2', 'session-3', 'session-4', 'user-ü-42'])(
    'matches an independent SHA-256 computation for %s',
    async (session) => {
      const x = independent(`memory_system:${session}`);
      const json = await explainJson(['memory_system', session], memoryAt10);
      expect(json).toEqual({
        feature: 'memory_system',
        sessionId: session,
        group: null,
        hashInput: `memory_system:${session}`,
        sha256: x.hex,
        first8: x.hex.slice(0, 8),
        hash: x.hash,
        bucket: x.bucket,
        position: x.bucket * 100 + x.sub,
        percentage: 10,
        enabled: x.bucket < 10,
        reason: x.bucket < 10 ? 'ROLLOUT_IN' : 'ROLLOUT_OUT',
        source: 'env',
      });
    },
  );

  it('normalises the session id and shows the normalised one', async () => {
    const trimmed = await explainJson(['memory_system', '  user-42 '], memoryAt10);
    expect(trimmed.sessionId).toBe('user-42');
    expect(trimmed.hashInput).toBe('memory_system:user-42');
    const blank = await explainJson(['memory_system', '   '], memoryAt10);
    expect(blank.hashInput).toBe('memory_system:default-session');
    expect(blank.hash).toBe(independent('memory_system:default-session').hash);
  });

  it('hashes group:session when the flag has bucketBy', async () => {
    const cwd = tempDir({
      flags: { memory_system: { enabled: true, percentage: 50, bucketBy: 'memory' } },
    });
    const json = await explainJson(['memory_system', 'session-7'], {}, cwd);
    const x = independent('memory:session-7');
    expect(json).toMatchObject({
      group: 'memory',
      hashInput: 'memory:session-7',
      hash: x.hash,
      bucket: x.bucket,
      enabled: x.bucket < 50,
      source: 'file',
    });
  });

  it('decides fine percentages by the position inside the boundary bucket', async () => {
    let id = 0;
    while (independent(`checkout:s-${id}`).bucket !== 12) id++;
    const x = independent(`checkout:s-${id}`);
    const json = await explainJson(['checkout', `s-${id}`, '--percentage', '12.34']);
    expect(json).toMatchObject({ bucket: 12, position: 1200 + x.sub, percentage: 12.34 });
    expect(json.enabled).toBe(x.sub < 34);
  });

  it('shows why a switched-off flag is off', async () => {
    const json = await explainJson(['memory_system', 'session-1'], { MEMORY_SYSTEM_ENABLED: 'no' });
    expect(json).toMatchObject({ enabled: false, reason: 'DISABLED', percentage: 0 });
  });

  it('prints every step as labelled lines', async () => {
    const x = independent('memory_system:session-1');
    const result = await runCli(['explain', 'memory_system', 'session-1'], { env: memoryAt10 });
    expect(result.code).toBe(0);
    const fields = new Map(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => [
          line.slice(0, line.indexOf(':')),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
    );
    expect(fields.get('Session')).toBe('session-1');
    expect(fields.get('Hash input')).toBe('memory_system:session-1');
    expect(fields.get('SHA-256')).toBe(x.hex);
    expect(fields.get('First 8 hex')).toBe(x.hex.slice(0, 8));
    expect(fields.get('As integer')).toBe(String(x.hash));
    expect(fields.get('Bucket')).toBe(`${x.bucket} (integer % 100)`);
    expect(fields.get('Position')).toMatch(new RegExp(`^${x.bucket * 100 + x.sub} `));
    expect(fields.get('Percentage')).toBe('10%');
    expect(fields.get('Decision')).toBe(x.bucket < 10 ? 'on' : 'off');
    expect(fields.get('Reason')).toBe(x.bucket < 10 ? 'ROLLOUT_IN' : 'ROLLOUT_OUT');
  });

  it('refuses to explain when the SDK and SHA-256 disagree', () => {
    const evaluation = evaluate({ key: 'f', enabled: true, percentage: 10 }, 's-1');
    const wrong = { ...evaluation, bucket: ((evaluation.bucket ?? 0) + 1) % 100 };
    expect(() =>
      explainSession({ feature: 'f', sessionId: 's-1', group: undefined, evaluation: wrong }),
    ).toThrow(/^bug: the SDK put "f:s-1" in bucket/);
  });

  it.each([
    [['explain', 'memory_system'], "missing required argument 'session'"],
    [['explain'], "missing required argument 'feature'"],
    [
      ['explain', 'f', 's', '--percentage', '-1'],
      '--percentage: expected a percentage from 0 to 100 with at most two decimals, got "-1"',
    ],
    [
      ['explain', 'f', 's', 'extra'],
      "too many arguments for 'explain'. Expected 2 arguments but got 3.",
    ],
  ])('%j exits 2 with one line on stderr', async (argv, reason) => {
    const result = await runCli(argv);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `ramp: ${reason}\n` });
  });
});
