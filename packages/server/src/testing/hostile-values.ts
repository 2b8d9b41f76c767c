import fc from 'fast-check';

/**
 * Values that break naive code: numbers at and beyond every limit (negative and fractional
 * percentages, 2^31, 2^53, 1e308), NaN-ish and number-ish strings, NUL and lone surrogates,
 * huge strings, dates JavaScript cannot hold, and random JSON.
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    -1,
    -0.5,
    0.001,
    33.333,
    100.01,
    101,
    1e308,
    -1e308,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53 + 2,
    1e20,
    'NaN',
    'Infinity',
    '-1',
    '10',
    '1e2',
    '0x10',
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'é🚀\u202e',
    'x'.repeat(100_000),
    null,
    true,
    false,
    [],
    {},
    [null],
    { '': null },
    'previous',
    '9999-12-31T23:59:60Z',
    '2025-06-02T09:00:00Z[Europe/Paris]',
    '99999999999999999999d',
    '-1h',
    '0s',
    '-5%',
    '1e400%',
  ),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double(),
  fc.integer(),
);

type Segment = string | number;

/** One change to a JSON value: at one of its nodes, chosen by `pick`. */
interface Mutation {
  readonly pick: number;
  readonly kind: 'delete' | 'replace' | 'add';
  readonly key: string;
  readonly value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  kind: fc.constantFrom('delete', 'replace', 'add'),
  key: fc.oneof(fc.constantFrom('extra', '__proto__', 'constructor', ''), fc.string()),
  value: hostileValue,
});

/**
 * `base` almost intact: 1 to `max` mutations, each deleting a field or list item, replacing
 * one with a hostile value, or adding an extra field, anywhere in the tree.
 *
 * @example
 * fc.sample(mutated({ key: 'a', percentage: 10 }), 1) // [{ key: 'a', percentage: -0.5 }]
 */
export function mutated(base: unknown, max = 3): fc.Arbitrary<unknown> {
  return fc
    .array(mutation, { minLength: 1, maxLength: max })
    .map((mutations) => mutations.reduce(applyMutation, structuredClone(base)));
}

function applyMutation(root: unknown, mutation: Mutation): unknown {
  // A copy: constants are shared between runs, and a later mutation may add to this one.
  const m = { ...mutation, value: structuredClone(mutation.value) };
  const nodes = paths(root);
  const path = nodes[m.pick % nodes.length] ?? [];
  if (path.length === 0) {
    return m.kind === 'add' && isObject(root) ? withKey(root, m.key, m.value) : m.value;
  }
  const parent = at(root, path.slice(0, -1));
  const last = path[path.length - 1] as Segment;
  if (Array.isArray(parent) && typeof last === 'number') {
    if (m.kind === 'delete') parent.splice(last, 1);
    else if (m.kind === 'replace') parent[last] = m.value;
    else parent.splice(last, 0, m.value);
  } else if (isObject(parent)) {
    const name = String(last);
    const target = parent[name];
    if (m.kind === 'delete') delete parent[name];
    else if (m.kind === 'replace') withKey(parent, name, m.value);
    else withKey(isObject(target) ? target : parent, m.key, m.value);
  }
  return root;
}

/** Every node's path, the root's (`[]`) first. */
function paths(value: unknown, prefix: readonly Segment[] = []): Segment[][] {
  const out: Segment[][] = [[...prefix]];
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => out.push(...paths(item, [...prefix, i])));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]));
  }
  return out;
}

function at(value: unknown, path: readonly Segment[]): unknown {
  let node = value;
  for (const segment of path) {
    node =
      Array.isArray(node) || isObject(node)
        ? (node as Record<Segment, unknown>)[segment]
        : undefined;
  }
  return node;
}

/** Sets a key even when it is `__proto__`, as JSON.parse would. */
function withKey(
  object: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return object;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
