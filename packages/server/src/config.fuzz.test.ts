import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Env } from './config.js';

/** Every variable the server reads (a new one only needs adding here to be fuzzed too). */
const NAMES = [
  'RAMP_PORT',
  'RAMP_HOST',
  'RAMP_DATA_DIR',
  'DATABASE_URL',
  'RAMP_ADMIN_TOKEN',
  'RAMP_LOG_LEVEL',
  'RAMP_WEBHOOK_URLS',
  'RAMP_WEBHOOK_SECRET',
  'RAMP_PROMETHEUS_URL',
  'RAMP_PLAN_INTERVAL_MS',
  'RAMP_LEADER_POLL_MS',
] as const;

/** Values near and far from valid ones: numbers, URLs, levels, tokens, blanks, junk. */
const value = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\n',
    '0',
    '-1',
    '80',
    ' 8080 ',
    '65535',
    '65536',
    '1e3',
    '0x10',
    '٣',
    '100',
    '86400001',
    'info',
    'WARN',
    'loud',
    'postgres://db/ramp',
    'postgresql://',
    'mysql://db',
    'http://',
    'https://hooks.example/a,,http://127.0.0.1:9000/b',
    'http://[::1',
    'http://a b',
    'ftp://x',
    'ramp_sixteen-chars-min',
    'ramp_with a space in it',
    'x'.repeat(10_000),
    '\u0000',
    '/proc/self',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer().map(String),
);

const env: fc.Arbitrary<Env> = fc.oneof(
  fc.dictionary(fc.constantFrom(...NAMES), value),
  fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), fc.string()), value),
);

describe('loadConfig, on any environment', () => {
  it('returns a frozen config, or throws an Error that starts with the variable’s name', () => {
    fc.assert(
      fc.property(env, (vars) => {
        let config: ReturnType<typeof loadConfig>;
        try {
          config = loadConfig(vars);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          const message = (error as Error).message;
          const name = NAMES.find((n) => message.startsWith(`${n}: `));
          expect(name, message).toBeDefined();
          return;
        }
        expect(Object.isFrozen(config)).toBe(true);
        expect(Number.isInteger(config.port)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
