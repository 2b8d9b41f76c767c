import type { ErrorCode } from '@ramp/api';
import type { RawRequest } from './raw-http.js';

/** An input the fuzzer found answered wrongly, and the answer it must get now. */
export interface Regression {
  readonly name: string;
  /** Sent with the admin token, against the fuzz target's seeded data. */
  readonly request: RawRequest;
  readonly status: number;
  readonly code?: ErrorCode;
}

const json = (method: string, path: string, body: unknown): RawRequest => ({
  method,
  path,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const yaml = (text: string): RawRequest => ({
  method: 'POST',
  path: '/api/v1/plans',
  headers: { 'content-type': 'application/yaml' },
  body: text,
});

/** Name characters in no repeating order (PostgreSQL compresses a repeated one below the limit). */
function longName(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-';
  let seed = 1;
  let name = 'a';
  while (name.length < length) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    name += alphabet[seed % alphabet.length] ?? '';
  }
  return name;
}

const PLAN =
  'flags: [{ key: fuzz-flag }]\nphases: [{ name: p, percentages: { fuzz-flag: 5 }, bake: 1h }]';

/** Every one was a 500 on at least one engine, or stored something else than it acknowledged. */
export const REGRESSIONS: readonly Regression[] = [
  // Both engines: RFC 3339 allows what a JavaScript Date cannot hold (toISOString threw).
  {
    name: 'a leap second in ?since',
    request: { method: 'GET', path: '/api/v1/audit?since=2016-12-31T23:59:60Z' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'an RFC 9557 [zone] suffix in ?from',
    request: {
      method: 'GET',
      path: '/api/v1/metrics/summary?from=2025-06-02T09:00:00Z%5BEurope%2FParis%5D',
    },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  // PostgreSQL: the minute bounds overflowed its 32-bit column.
  {
    name: 'a metrics summary of a day in the year 9999',
    request: {
      method: 'GET',
      path: '/api/v1/metrics/summary?from=9999-01-01T00:00:00Z&to=9999-01-02T00:00:00Z',
    },
    status: 200,
  },
  // PostgreSQL refuses NUL in text: each of these was a 500 there, and stored on SQLite.
  {
    name: 'NUL in a flag description',
    request: json('POST', '/api/v1/flags', { key: 'nul-flag', description: 'a\u0000b' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'NUL in a rollback reason',
    request: json('POST', '/api/v1/flags/fuzz-flag/rollback', { reason: 'a\u0000b' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'NUL in a path parameter',
    request: { method: 'GET', path: '/api/v1/flags/a%00b' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'NUL in a query parameter',
    request: { method: 'GET', path: '/api/v1/audit?flag=a%00b' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'NUL in a token name',
    request: json('POST', '/api/v1/tokens', { name: 'a\u0000b', scope: 'read' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'NUL in a readiness confirmation',
    request: json('POST', '/api/v1/plans/fuzz-plan/readiness', {
      item: 'runbook',
      name: 'a\u0000',
    }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'NUL in a plan file',
    request: yaml(`name: nul-plan\ndescription: "a\u0000b"\n${PLAN}`),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a NUL escape in a plan file',
    request: yaml(`name: nul-plan\ndescription: "a\\0b"\n${PLAN}`),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  // Both engines stored U+FFFD instead.
  {
    name: 'an unpaired surrogate in a kill-all reason',
    request: json('POST', '/api/v1/kill-all', { reason: 'a\ud800' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  // PostgreSQL: too long for the primary key's index.
  {
    name: 'a plan name of 5000 characters',
    request: yaml(`name: ${longName(5000)}\n${PLAN}`),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
];
