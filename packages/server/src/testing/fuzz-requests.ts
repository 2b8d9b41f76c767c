import fc from 'fast-check';
import { stringify as stringifyYaml } from 'yaml';
import type { RouteInfo } from '../app.js';
import type { Seeded } from './fuzz-target.js';
import { mutated } from './hostile-values.js';
import type { RawRequest } from './raw-http.js';
import { validBodies } from './valid-bodies.js';

/** A body as sent, with its content type (none: no body, no content type). */
interface Body {
  readonly contentType?: string;
  readonly body?: string | Uint8Array;
}

const json = (value: unknown): Body => ({
  contentType: 'application/json',
  body: JSON.stringify(value) ?? 'null',
});

/** Text that is not JSON, or JSON no parser should have to take, sent as JSON. */
const notJson: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '{"key":',
    '[1,2',
    'NaN',
    'undefined',
    "{'key':'a'}",
    '{"a":1}{"b":2}',
    '\uFEFF{}',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"admin":true}}}',
    '{"key":"a","percentage":1e400}',
    '{"key":"a\\u0000b","reason":"\\ud800"}',
    '['.repeat(50_000) + ']'.repeat(50_000),
    '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000),
    // Over the 1 MiB body limit.
    `"${'x'.repeat(1 << 20)}"`,
  ),
  fc.string({ unit: 'binary', maxLength: 60 }),
  // Bytes that are mostly not UTF-8.
  fc.uint8Array({ minLength: 1, maxLength: 60 }),
);

const OTHER_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/yaml',
  'text/yaml',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/jsonx',
  'application/vnd.api+json',
  'a/b/c',
  ';;;',
];

function bodies(valid: unknown): fc.Arbitrary<Body> {
  const almost = valid === undefined ? fc.jsonValue({ maxDepth: 3 }) : mutated(valid);
  const text = fc.oneof(
    almost.map((v) => JSON.stringify(v) ?? ''),
    fc.string(),
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<Body>({}) },
    { weight: 6, arbitrary: almost.map(json) },
    { weight: 1, arbitrary: fc.constant(valid ?? {}).map(json) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 2, arbitrary: notJson.map((body) => ({ contentType: 'application/json', body })) },
    {
      weight: 2,
      arbitrary: fc.record({ contentType: fc.constantFrom(...OTHER_TYPES), body: text }),
    },
    // Plan files are YAML text: an almost valid plan, as YAML.
    {
      weight: 1,
      arbitrary: almost.map((v) => ({ contentType: 'application/yaml', body: yamlOf(v) })),
    },
  );
}

function yamlOf(value: unknown): string {
  try {
    return stringifyYaml(value);
  } catch {
    return String(value);
  }
}

/** `%XX` for every byte: any text, or bytes that are not UTF-8 (`%ff`). */
function percentEncode(bytes: Uint8Array): string {
  return [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

/** What path parameters are replaced with besides existing names: junk of every kind. */
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '..',
    '.',
    '%2e%2e',
    '..%2f..%2fpackage.json',
    '%',
    '%zz',
    '%00',
    'a%00b',
    '%ff%fe',
    '%C0%AF',
    '~',
    ';a=1',
    ':',
    '@',
    '%2F',
    '%3F',
    '%23',
    'a'.repeat(128),
    'a'.repeat(300),
    'a'.repeat(5000),
    '%41'.repeat(150),
    // A raw non-ASCII byte in the request line (node:http sends it as Latin-1).
    '\u00e9',
  ),
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 20 })
    .map((s) => percentEncode(Buffer.from(s))),
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map(percentEncode),
  fc.stringMatching(/^[A-Za-z0-9_.-]{1,140}$/),
);

/** Paths under the docs' static files that try to climb out of them. */
const climbing = fc.constantFrom(
  '../../package.json',
  '..%2f..%2fpackage.json',
  '%2e%2e/%2e%2e/package.json',
  'a/b/c',
  '/etc/passwd',
);

function existing(name: string, seeded: Seeded): readonly string[] {
  switch (name) {
    case 'key':
      return [seeded.flag];
    case 'name':
      return [seeded.plan];
    case 'id':
      return [seeded.tokenId];
    case '*':
      return ['swagger-ui.css', 'index.html', 'swagger-initializer.js'];
    default:
      return ['x'];
  }
}

/** The route's path with each `:param` (and `*`) replaced: existing names, or `hostile` ones. */
function paths(route: RouteInfo, seeded: Seeded, hostile: boolean): fc.Arbitrary<string> {
  const parts = route.url.split('/').map((segment): fc.Arbitrary<string> => {
    const name = segment === '*' ? '*' : segment.startsWith(':') ? segment.slice(1) : undefined;
    if (name === undefined) return fc.constant(segment);
    const known = fc.constantFrom(...existing(name, seeded));
    if (!hostile) return fc.oneof(known, fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/));
    const junk = name === '*' ? fc.oneof(hostileSegment, climbing) : hostileSegment;
    return fc.oneof({ weight: 3, arbitrary: known }, { weight: 2, arbitrary: junk });
  });
  return fc.tuple(...parts).map((segments) => segments.join('/'));
}

const queryKey = fc.oneof(
  fc.constantFrom(
    'archived',
    'limit',
    'since',
    'flag',
    'metric',
    'from',
    'to',
    'token',
    '__proto__',
    'constructor',
    'limit[]',
  ),
  fc.string({ maxLength: 10 }).map(encodeURIComponent),
);
const queryValue = fc.oneof(
  fc
    .constantFrom(
      'true',
      'false',
      '1',
      '0',
      '-1',
      '1.5',
      '1e3',
      '1001',
      'NaN',
      '',
      ' ',
      'fuzz-flag',
      '2024-01-01T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '2016-12-31T23:59:60Z',
      '2024-01-01T00:00:00Z[UTC]',
    )
    .map(encodeURIComponent),
  fc.constantFrom('%zz', '%', '%00', '%ff', '+', '=', '&&', 'a'.repeat(3000)),
  fc.string({ unit: 'binary', maxLength: 12 }).map((s) => percentEncode(Buffer.from(s))),
);

/** `?a=1&a=2&…`: known and random keys, repeated keys, junk escapes; sometimes over 16 KiB. */
function queries(huge: boolean): fc.Arbitrary<string> {
  const pairs = fc
    .array(fc.tuple(queryKey, queryValue), { maxLength: 4 })
    .map((list) => (list.length === 0 ? '' : `?${list.map(([k, v]) => `${k}=${v}`).join('&')}`));
  const arbitraries = [
    { weight: 2, arbitrary: fc.constant('') },
    { weight: 3, arbitrary: pairs },
  ];
  if (huge) arbitraries.push({ weight: 1, arbitrary: fc.constant(`?x=${'a'.repeat(20_000)}`) });
  return fc.oneof(...arbitraries);
}

/** Header text: printable Latin-1, what an HTTP client can send. */
const headerText = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((c) => c !== 0x7f)
    .map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

function optional(constants: readonly string[]): fc.Arbitrary<string | undefined> {
  return fc.option(fc.oneof(fc.constantFrom(...constants), headerText), { nil: undefined });
}

/** The headers the API reads: If-Match, If-None-Match, Last-Event-ID. */
const readHeaders = fc.record({
  'if-match': optional(['"1"', '1', 'W/"1"', '*', '"0"', '"9999999999"', '"1", "2"', 'W/', '"-1"']),
  'if-none-match': optional(['*', '"0"', '"1"', 'W/"1"', '"1-abc"', 'x'.repeat(5000)]),
  'last-event-id': optional(['0', '1', '-1', '999999999999999', '9'.repeat(20), '1e3', 'abc']),
});

/** Authorization headers that authenticate nobody (absent included). */
export const badAuthorization: fc.Arbitrary<string | undefined> = fc.option(
  fc.oneof(
    fc.constantFrom(
      'Bearer',
      'Bearer ',
      'bearer x',
      'Basic YWRtaW46YWRtaW4=',
      'Token ramp_x',
      'Bearer ramp_',
      'Bearer ramp_fuzz-admin-token-012345678',
      'Bearer a b',
      `Bearer ${'a'.repeat(8000)}`,
      'Digest username="admin"',
    ),
    headerText,
    headerText.map((t) => `Bearer ${t}`),
  ),
  { nil: undefined },
);

export interface RequestOptions {
  readonly seeded: Seeded;
  /** The Authorization header of every request (undefined: none). */
  readonly authorization: fc.Arbitrary<string | undefined>;
  /** Junk path parameters and queries over 16 KiB, which may not reach the route. */
  readonly hostilePaths: boolean;
}

/** Requests to one route: path, query, the headers it reads and a body, all fuzzed. */
export function requestsTo(route: RouteInfo, options: RequestOptions): fc.Arbitrary<RawRequest> {
  const valid = validBodies(options.seeded, Date.now())[`${route.method} ${route.url}`];
  return fc
    .record({
      path: paths(route, options.seeded, options.hostilePaths),
      query: queries(options.hostilePaths),
      headers: readHeaders,
      authorization: options.authorization,
      body: bodies(valid),
    })
    .map(({ path, query, headers, authorization, body }) => {
      const all: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers))
        if (value !== undefined) all[name] = value;
      if (authorization !== undefined) all['authorization'] = authorization;
      if (body.contentType !== undefined) all['content-type'] = body.contentType;
      return { method: route.method, path: path + query, headers: all, body: body.body };
    });
}
