/**
 * Checks a value against the JSON Schema subset the plan and scenario schemas use, with
 * errors that name the path and the expected form: `phases[1].triggers[0].for: expected a
 * duration like 10m`. Typebox builds the schema; this walker only explains it (a test checks
 * that it agrees with typebox's own validator). For a union of objects it reports the errors
 * of the closest branch, so a misspelt field is not drowned in every other branch's errors.
 */

/** One problem in a file: where, and what was expected there. */
export interface PathError {
  readonly path: string;
  readonly message: string;
}

type Node = Readonly<Record<string, unknown>>;

/** The problems of `value` against `schema`; empty when it conforms. */
export function checkSchema(schema: unknown, value: unknown, path = ''): PathError[] {
  const out: PathError[] = [];
  check(schema as Node, value, path, out);
  return out;
}

/** Formats a path error as the one-line text users see. */
export function formatPathError(error: PathError): string {
  return error.path === '' ? error.message : `${error.path}: ${error.message}`;
}

function check(schema: Node, value: unknown, path: string, out: PathError[]): void {
  if (Array.isArray(schema['anyOf'])) return checkUnion(schema, value, path, out);
  if ('const' in schema) {
    if (value !== schema['const']) out.push({ path, message: expected(schema) });
    return;
  }
  if (Array.isArray(schema['enum'])) {
    if (!schema['enum'].includes(value)) out.push({ path, message: expected(schema) });
    return;
  }
  switch (schema['type']) {
    case 'object':
      return checkObject(schema, value, path, out);
    case 'array':
      return checkArray(schema, value, path, out);
    case 'string':
      return checkString(schema, value, path, out);
    case 'number':
    case 'integer':
      return checkNumber(schema, value, path, out);
    case 'boolean':
      if (typeof value !== 'boolean') out.push({ path, message: expected(schema) });
      return;
  }
}

function checkUnion(schema: Node, value: unknown, path: string, out: PathError[]): void {
  const branches = schema['anyOf'] as Node[];
  const attempts = branches.map((branch) => checkSchema(branch, value, path));
  if (attempts.some((errors) => errors.length === 0)) return;
  const objects = branches.every((b) => b['type'] === 'object');
  if (!objects || !isPlainObject(value)) {
    out.push({ path, message: expected(schema) });
    return;
  }
  // The branch that needs the fewest corrections is the one the author meant.
  let best = attempts[0] ?? [];
  for (const errors of attempts) if (errors.length < best.length) best = errors;
  out.push(...best);
}

function checkObject(schema: Node, value: unknown, path: string, out: PathError[]): void {
  if (!isPlainObject(value)) {
    out.push({ path, message: expected(schema) });
    return;
  }
  const properties = (schema['properties'] ?? {}) as Readonly<Record<string, Node>>;
  const patterns = (schema['patternProperties'] ?? {}) as Readonly<Record<string, Node>>;
  for (const key of (schema['required'] ?? []) as string[]) {
    if (value[key] === undefined) {
      const field = properties[key];
      const hint = field === undefined ? '' : ` (${expected(field)})`;
      out.push({ path: join(path, key), message: `required${hint}` });
    }
  }
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue; // absent, as in YAML and JSON
    const field = properties[key];
    if (field !== undefined) {
      check(field, item, join(path, key), out);
      continue;
    }
    const pattern = Object.keys(patterns).find((p) => new RegExp(p).test(key));
    if (pattern !== undefined) {
      check(patterns[pattern] as Node, item, join(path, key), out);
    } else if (schema['additionalProperties'] === false) {
      out.push({ path: join(path, key), message: unknownField(properties, patterns) });
    }
  }
}

function unknownField(
  properties: Readonly<Record<string, Node>>,
  patterns: Readonly<Record<string, Node>>,
): string {
  const known = Object.keys(properties);
  if (known.length === 0 && Object.keys(patterns).length > 0) return 'not a valid key here';
  return `unknown field; expected one of ${known.join(', ')}`;
}

function checkArray(schema: Node, value: unknown, path: string, out: PathError[]): void {
  if (!Array.isArray(value)) {
    out.push({ path, message: expected(schema) });
    return;
  }
  const minItems = schema['minItems'];
  if (typeof minItems === 'number' && value.length < minItems) {
    out.push({ path, message: expected(schema) });
  }
  const items = schema['items'] as Node | undefined;
  if (items === undefined) return;
  value.forEach((item: unknown, index) => check(items, item, `${path}[${index}]`, out));
}

function checkString(schema: Node, value: unknown, path: string, out: PathError[]): void {
  const minLength = schema['minLength'];
  const pattern = schema['pattern'];
  const bad =
    typeof value !== 'string' ||
    (typeof minLength === 'number' && value.length < minLength) ||
    (typeof pattern === 'string' && !new RegExp(pattern).test(value));
  if (bad) out.push({ path, message: expected(schema) });
}

function checkNumber(schema: Node, value: unknown, path: string, out: PathError[]): void {
  const n = value as number;
  const bad =
    typeof value !== 'number' ||
    !Number.isFinite(n) ||
    (schema['type'] === 'integer' && !Number.isInteger(n)) ||
    n < ((schema['minimum'] as number | undefined) ?? -Infinity) ||
    n > ((schema['maximum'] as number | undefined) ?? Infinity) ||
    n <= ((schema['exclusiveMinimum'] as number | undefined) ?? -Infinity) ||
    n >= ((schema['exclusiveMaximum'] as number | undefined) ?? Infinity);
  if (bad) out.push({ path, message: expected(schema) });
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'expected an object',
  array: 'expected a list',
  string: 'expected a text',
  number: 'expected a number',
  integer: 'expected a whole number',
  boolean: 'expected true or false',
};

function expected(schema: Node): string {
  const message = schema['errorMessage'];
  if (typeof message === 'string') return message;
  if ('const' in schema) return `expected ${JSON.stringify(schema['const'])}`;
  if (Array.isArray(schema['enum'])) return `expected one of ${schema['enum'].join(', ')}`;
  return TYPE_WORDS[String(schema['type'])] ?? 'expected a valid value';
}

/** Keys written bare in a path: no space, control character, quote or bracket, and not empty. */
const PLAIN_KEY = /^[^\s\p{C}"[\]]+$/u;

/** `phases[0].name`; a key that would read as something else is quoted: `metrics["a b"]`. */
function join(path: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${path}[${quote(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** The path of a place in a file, from its keys and list positions: `phases[1].gates[0]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>(
    (path, s) => (typeof s === 'number' ? `${path}[${s}]` : join(path, s)),
    '',
  );
}

/** JSON's quoting, with the line separators JSON leaves as they are escaped too: one line. */
function quote(key: string): string {
  return JSON.stringify(key)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
