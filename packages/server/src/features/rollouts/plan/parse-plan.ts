import { parse as parseYaml } from 'yaml';
import { compilePlan } from './compile-plan.js';
import type { Plan } from './plan.js';
import { PlanFile } from './plan-schema.js';
import { checkSchema, type PathError } from './schema-check.js';

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
  if (errors.length > 0) return { ok: false, errors };
  const compiled = compilePlan(value as PlanFile);
  if ('plan' in compiled) return { ok: true, value: compiled.plan };
  return { ok: false, errors: compiled.errors };
}

/** Parses YAML (or JSON) text into a value; a syntax error names its line. */
export function readDocument(text: string): ParseResult<unknown> {
  try {
    return { ok: true, value: parseYaml(text, { prettyErrors: true }) as unknown };
  } catch (error) {
    const message =
      error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    return { ok: false, errors: [{ path: '', message: `not valid YAML or JSON: ${message}` }] };
  }
}
