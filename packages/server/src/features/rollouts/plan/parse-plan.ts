import { parse as parseYaml } from 'yaml';
import { findUnsafeText, UNSAFE_TEXT_PROBLEM } from '../../../http/unsafe-text.js';
import { compilePlan } from './compile-plan.js';
import type { Plan } from './plan.js';
import { PlanFile } from './plan-schema.js';
import { checkSchema, formatPath, type PathError } from './schema-check.js';

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly PathError[] };

/**
 * Reads a plan file (YAML, or JSON, which is YAML too), checks it against the plan schema and
 * the rules between its parts, and compiles it. Every error names its path and the expected
 * form, e.g. `phases[1].triggers[0].for: expected a duration like 10m`.
 *
 * @example
 * const result = parsePlan(readFileSync('examples/memory-system-rollout.yaml', 'utf8'));
 * if (!result.ok) for (const e of result.errors) console.error(formatPathError(e));
 */
export function parsePlan(text: string): ParseResult<Plan> {
  const document = readDocument(text);
  if (!document.ok) return document;
  return planFromObject(document.value);
}

/** The same checks for a plan already parsed into a value (a JSON request body). */
export function planFromObject(value: unknown): ParseResult<Plan> {
  const errors = checkSchema(PlanFile, value);
  // Text the server could not store as written (PostgreSQL refuses NUL).
  const unsafe = findUnsafeText(value);
  if (unsafe !== undefined) errors.push({ path: formatPath(unsafe), message: UNSAFE_TEXT_PROBLEM });
  const proto = findProtoKey(value);
  if (proto !== undefined) {
    errors.push({ path: formatPath(proto), message: '"__proto__" is not allowed as a key' });
  }
  if (errors.length > 0) return { ok: false, errors };
  const compiled = compilePlan(value as PlanFile);
  if ('plan' in compiled) return { ok: true, value: compiled.plan };
  return { ok: false, errors: compiled.errors };
}

/** Parses YAML (or JSON) text into a value; a syntax error names its line. */
export function readDocument(text: string): ParseResult<unknown> {
  // YAML would keep a NUL in a comment, and the server stores the text as written.
  if (text.includes('\u0000')) {
    return { ok: false, errors: [{ path: '', message: 'not a text file: it contains NUL' }] };
  }
  try {
    // No warnings on the process's stderr (an unknown `!tag`): the text is anyone's input.
    const value = parseYaml(text, { prettyErrors: true, logLevel: 'error' }) as unknown;
    return { ok: true, value };
  } catch (error) {
    const message =
      error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    return { ok: false, errors: [{ path: '', message: `not valid YAML or JSON: ${message}` }] };
  }
}

/**
 * Where a mapping has the key `__proto__` (YAML makes it an own property; JSON bodies are
 * refused earlier by the JSON parser). Schema checks can miss it, and code reading the plan
 * would take it for the object's prototype. Each object is visited once (YAML aliases may
 * refer to themselves).
 */
function findProtoKey(
  value: unknown,
  path: readonly (string | number)[] = [],
  seen = new Set<object>(),
): (string | number)[] | undefined {
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findProtoKey(item, [...path, i], seen);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return [...path, key];
    const found = findProtoKey((value as Record<string, unknown>)[key], [...path, key], seen);
    if (found !== undefined) return found;
  }
  return undefined;
}
