import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FeatureFlags } from '../feature-flags.js';
import type { FeatureFlagsOptions } from '../options.js';

// Local configuration (env vars and the flags file) as the docs describe it, checked against
// arbitrary input: construction never throws, answers are always well-typed, and anything
// unreadable fails safe (off, with an error or a warning).

type Env = Record<string, string>;

// The documented value grammar (docs/sdk.md), restated here as the oracle.
const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];
const word = (text: string) => text.trim().toLowerCase();
const isBooleanText = (text: string) => [...TRUE_WORDS, ...FALSE_WORDS].includes(word(text));
const isPercentageText = (text: string) =>
  /^\d{1,3}(\.\d{1,2})?$/.test(text.trim()) && Number(text.trim()) <= 100;
/** KEY in `<KEY>_ENABLED`: upper-cased, each run of other characters turned into `_`. */
const envKey = (key: string) => key.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ramp-properties-'));
  dirs.push(dir);
  return dir;
}
/** A working directory with no flags file in it. */
const emptyCwd = tempDir();

function build(options: FeatureFlagsOptions) {
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) };
  const flags = new FeatureFlags({ cwd: emptyCwd, logger, ...options });
  return { flags, warnings };
}

// ---- arbitraries ----

/** Values people (and scripts) put in env vars and files, valid or not. */
const tricky = fc.constantFrom(
  ...['', ' ', 'true', 'TRUE', ' On ', 'no', 'OFF', 'maybe', '0', '1', '2', '10', '12.5'],
  ...['0.01', '100', '100.00', '100.01', '101', '150', '-1', '-0', '+5', '.5', '5.', '10.555'],
  ...['NaN', 'Infinity', '-Infinity', '1e2', '1e309', '99999999999999999999', '0x10', '50%'],
  ...['５０', '٥٠', '\u00a050\u00a0', '\u202e50', 'null', '[]', '{}', 'x'.repeat(100_000)],
);
const text = fc.oneof(
  { weight: 4, arbitrary: tricky },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 105 }).map(String) },
);
/** A KEY that some flag key maps to: words of [A-Z0-9] joined by single underscores. */
const canonicalName = fc
  .array(fc.stringMatching(/^[A-Z0-9]{1,5}$/), { minLength: 1, maxLength: 3 })
  .map((words) => words.join('_'));
/** Any name an env var could have before the suffix, including `__PROTO__` and `A__B`. */
const anyName = fc.oneof(
  canonicalName,
  fc.stringMatching(/^[A-Z0-9_]{1,10}$/),
  fc.constantFrom('__PROTO__', 'CONSTRUCTOR', 'A__B', '_X', 'X_', 'RAMP_X'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
);
/** A flag's two env vars; at least one is set. */
const flagVars = fc
  .record({
    enabled: fc.option(text, { nil: undefined }),
    percentage: fc.option(text, { nil: undefined }),
  })
  .filter((vars) => vars.enabled !== undefined || vars.percentage !== undefined);

const REMOTE_VARS = ['RAMP_URL', 'RAMP_SDK_TOKEN', 'RAMP_CACHE_FILE'];
/** An env: flag vars under `names`, other random vars, and maybe RAMP_KILL_ALL / RAMP_CONFIG. */
function envOf(names: fc.Arbitrary<string>) {
  return fc
    .record({
      flags: fc.dictionary(names, flagVars, { maxKeys: 6 }),
      other: fc.dictionary(fc.string({ maxLength: 12 }), text, { maxKeys: 4 }),
      killAll: fc.option(text, { nil: undefined }),
      config: fc.option(text, { nil: undefined }),
    })
    .map(({ flags, other, killAll, config }) => {
      const env: Env = {};
      for (const [name, value] of Object.entries(other)) {
        if (!REMOTE_VARS.includes(name)) env[name] = value;
      }
      for (const [name, vars] of Object.entries(flags)) {
        if (vars.enabled !== undefined) env[`${name}_ENABLED`] = vars.enabled;
        if (vars.percentage !== undefined) env[`${name}_ROLLOUT_PERCENTAGE`] = vars.percentage;
      }
      if (killAll !== undefined) env.RAMP_KILL_ALL = killAll;
      if (config !== undefined) env.RAMP_CONFIG = config;
      return { env, names: Object.keys(flags) };
    });
}

/** What the docs say a flag read from `env` is. */
function expectedFlag(env: Env, key: string) {
  const enabledText = env[`${envKey(key)}_ENABLED`];
  const percentageText = env[`${envKey(key)}_ROLLOUT_PERCENTAGE`];
  const killText = env.RAMP_KILL_ALL;
  const killed =
    killText !== undefined && killText.trim() !== '' && !FALSE_WORDS.includes(word(killText));
  const bad =
    (enabledText !== undefined && !isBooleanText(enabledText)) ||
    (percentageText !== undefined && !isPercentageText(percentageText));
  const on = enabledText !== undefined ? TRUE_WORDS.includes(word(enabledText)) : true;
  const percentage = on && percentageText !== undefined ? Number(percentageText.trim()) : 100;
  const enabled = !bad && !killed && on && percentage > 0;
  return { bad, enabled, percentage: enabled ? percentage : 0 };
}

// ---- env vars ----

describe('local config from arbitrary env vars', () => {
  it('never throws, and every answer is well-typed and consistent', () => {
    fc.assert(
      fc.property(envOf(anyName), fc.string({ maxLength: 12 }), ({ env, names }, stray) => {
        const { flags } = build({ env });
        const keys = [...Object.keys(flags.getAllStatus()), ...names, stray, stray.toLowerCase()];
        for (const key of keys.map((name) => name.toLowerCase())) {
          const enabled = flags.isEnabled(key);
          expect(typeof enabled).toBe('boolean');
          expect(typeof flags.shouldUse(key, 'session-1')).toBe('boolean');
          const percentage = flags.getRolloutPercentage(key);
          expect(percentage >= 0 && percentage <= 100).toBe(true);
          expect(flags.getStatus(key).enabled).toBe(enabled);
          expect(flags.evaluate(key, 'session-1').enabled).toBe(flags.shouldUse(key, 'session-1'));
        }
        expect(() => flags.reload()).not.toThrow();
      }),
    );
  });

  it('turns off a flag with an unparseable value, with the error in its status and a warning', () => {
    fc.assert(
      fc.property(envOf(canonicalName), ({ env, names }) => {
        const { flags, warnings } = build({ env, file: false });
        for (const key of names.map((name) => name.toLowerCase())) {
          const want = expectedFlag(env, key);
          expect(flags.isEnabled(key), key).toBe(want.enabled);
          expect(flags.getRolloutPercentage(key), key).toBe(want.percentage);
          const status = flags.getStatus(key);
          expect(status.source).toBe('env');
          if (!want.bad) {
            expect(status).not.toHaveProperty('error');
            continue;
          }
          expect(flags.shouldUse(key, 'session-1')).toBe(false);
          expect(flags.evaluate(key, 'session-1').reason).toMatch(/^(ERROR|KILLED)$/);
          expect(status.error).toMatch(
            new RegExp(`^${envKey(key)}_(ENABLED|ROLLOUT_PERCENTAGE): `),
          );
          expect(warnings.some((w) => w.startsWith(`flag "${key}" is off: `))).toBe(true);
        }
      }),
    );
  });

  it('lists exactly the flags whose own env vars are set, each read from them', () => {
    fc.assert(
      fc.property(envOf(anyName), ({ env }) => {
        const { flags } = build({ env, file: false });
        const all = flags.getAllStatus();
        const listed = Object.keys(all);
        const named = Object.keys(env)
          .map((name) => /^([A-Z0-9_]+?)_(ENABLED|ROLLOUT_PERCENTAGE)$/.exec(name)?.[1])
          .filter((name) => name !== undefined && !name.startsWith('RAMP_'))
          // Only a KEY that some flag key maps to: `A__B` is no flag's (a__b reads A_B_ENABLED).
          .filter((name) => envKey(name!.toLowerCase()) === name)
          .map((name) => name!.toLowerCase());
        expect(new Set(listed)).toEqual(new Set(named));
        for (const key of listed) {
          expect(all[key]).toEqual(flags.getStatus(key));
          expect(all[key]!.source).toBe('env');
          expect(Object.hasOwn(all, key)).toBe(true);
        }
      }),
    );
  });
});

// ---- the flags file ----

const notAFlagsFile = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value))),
  fc
    .constantFrom('', '{', '{"flags":', '{"flags":[]}', '{"flags":null}', '[]', 'null', '\uFEFF{}')
    .map((s) => Buffer.from(s)),
);
/** Whether the bytes happen to be a structurally valid flags file (then there's nothing to warn about). */
function looksLikeFlagsFile(bytes: Buffer): boolean {
  try {
    const data = JSON.parse(bytes.toString('utf8')) as unknown;
    return typeof data === 'object' && data !== null && 'flags' in data;
  } catch {
    return false;
  }
}

/** Writes `bytes` as the flags file, either at RAMP_CONFIG or as the conventional file. */
function withFile(bytes: Buffer, how: 'RAMP_CONFIG' | 'conventional') {
  const dir = tempDir();
  const name = how === 'RAMP_CONFIG' ? 'custom-flags.json' : 'ramp.flags.json';
  writeFileSync(join(dir, name), bytes);
  const env: Env = how === 'RAMP_CONFIG' ? { RAMP_CONFIG: join(dir, name) } : {};
  return { env, cwd: how === 'RAMP_CONFIG' ? emptyCwd : dir, name };
}
const where = fc.constantFrom('RAMP_CONFIG' as const, 'conventional' as const);

describe('local config from an arbitrary flags file', () => {
  it('never crashes on a file that is not a flags file: no flags, and a warning naming it', () => {
    fc.assert(
      fc.property(
        notAFlagsFile.filter((b) => !looksLikeFlagsFile(b)),
        where,
        (bytes, how) => {
          const { env, cwd, name } = withFile(bytes, how);
          const { flags, warnings } = build({ env, cwd });
          expect(flags.getAllStatus()).toEqual({});
          expect(flags.isEnabled('memory_system')).toBe(false);
          expect(warnings).toHaveLength(1);
          expect(warnings[0]).toContain(name);
          expect(warnings[0]).toMatch(/its flags are off$/);
          flags.reload();
          expect(warnings).toHaveLength(2);
        },
      ),
      { numRuns: 200 },
    );
  });

  const flagKey = fc.oneof(
    fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/),
    fc.constantFrom('__proto__', 'constructor', 'toString'),
  );
  const brokenDefinition = fc.oneof(
    fc.record({ enabled: fc.constant(true), colour: fc.jsonValue() }),
    fc.record({
      enabled: fc.constant(true),
      requires: fc.oneof(fc.string(), fc.array(fc.integer(), { minLength: 1 })),
    }),
    fc.record({ enabled: fc.constant(true), bucketBy: fc.oneof(fc.constant(''), fc.integer()) }),
    fc.record({
      enabled: fc.constant(true),
      env: fc.oneof(fc.string(), fc.constant({ enabled: 5 })),
    }),
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.jsonValue())),
  );

  it('ignores a file with a structural problem as a whole: its flags are off, with a warning', () => {
    fc.assert(
      fc.property(flagKey, brokenDefinition, where, (key, definition, how) => {
        const file = JSON.stringify({ flags: { ok: { enabled: true }, [key]: definition } });
        const { env, cwd } = withFile(Buffer.from(file), how);
        const { flags, warnings } = build({ env, cwd });
        expect(flags.isEnabled('ok')).toBe(false);
        expect(flags.isEnabled(key)).toBe(false);
        expect(flags.getAllStatus()).toEqual({});
        expect(warnings.join('\n')).toMatch(/invalid flags file .*; its flags are off/);
      }),
    );
  });

  it('reads any JSON value as enabled/percentage without crashing; an unreadable one turns the flag off', () => {
    const value = fc.oneof(fc.jsonValue(), text, fc.double(), fc.integer({ min: -5, max: 105 }));
    // Strings as they are, numbers and booleans written out; other types have no text.
    const asText = (v: unknown) =>
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : undefined;
    fc.assert(
      fc.property(flagKey, value, value, where, (key, enabled, percentage, how) => {
        const file = JSON.stringify({ flags: { [key]: { enabled, percentage } } });
        const { env, cwd } = withFile(Buffer.from(file), how);
        const { flags, warnings } = build({ env, cwd });
        const enabledText = asText(enabled) ?? '';
        const percentageText = asText(percentage) ?? '';
        const bad =
          (typeof enabled !== 'boolean' && !isBooleanText(enabledText)) ||
          !isPercentageText(percentageText);
        const status = flags.getStatus(key);
        expect(Object.keys(flags.getAllStatus())).toEqual([key]);
        expect(status.source).toBe('file');
        if (bad) {
          expect(flags.isEnabled(key)).toBe(false);
          expect(status.error).toMatch(/^(enabled|percentage): /);
          expect(warnings).toEqual([`flag "${key}" is off: ${status.error}`]);
        } else {
          const on = enabled === true || TRUE_WORDS.includes(word(enabledText));
          expect(flags.isEnabled(key)).toBe(on && Number(percentageText.trim()) > 0);
          expect(status).not.toHaveProperty('error');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('throws, naming the file, when a broken file is given as the `file` option (as documented)', () => {
    fc.assert(
      fc.property(
        notAFlagsFile.filter((b) => !looksLikeFlagsFile(b)),
        (bytes) => {
          const dir = tempDir();
          writeFileSync(join(dir, 'flags.json'), bytes);
          expect(() => build({ env: {}, cwd: dir, file: 'flags.json' })).toThrow(/flags\.json/);
        },
      ),
      { numRuns: 50 },
    );
  });
});
