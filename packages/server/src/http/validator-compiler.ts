import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { AppError } from './app-error.js';
import { findUnsafeText, UNSAFE_TEXT_PROBLEM } from './unsafe-text.js';

/** The shape of one TypeBox validation error (the same fields Ajv reports). */
export interface SchemaError {
  readonly keyword: string;
  readonly schemaPath: string;
  readonly instancePath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message: string;
}

/**
 * Validates with TypeBox and fails with an AppError whose message names the field. Bodies
 * are checked as sent (a `"10"` is not a number); query strings and path parameters are
 * text, so they are converted first (`?limit=5` is 5). Text anywhere in the input must be
 * storable as sent: no NUL, no unpaired surrogate (PostgreSQL refuses the one and both
 * engines replace the other), whatever the engine, so every input behaves alike on both.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const validator = Compile(schema);
  return (input: unknown) => {
    const value = httpPart === 'body' ? input : Value.Convert(schema, input);
    const part = httpPart === 'body' || httpPart === undefined ? 'body' : httpPart;
    if (!validator.Check(value)) {
      const errors = validator.Errors(value) as readonly SchemaError[];
      return { error: new AppError('VALIDATION_FAILED', describeErrors(schema, errors, part)) };
    }
    const unsafe = findUnsafeText(value);
    if (unsafe === undefined) return { value };
    const message = `${formatField(unsafe, part)}: ${UNSAFE_TEXT_PROBLEM}`;
    return { error: new AppError('VALIDATION_FAILED', message) };
  };
};

/** One line naming the first bad field and what was expected there. */
export function describeErrors(
  schema: unknown,
  errors: readonly SchemaError[],
  part: string,
): string {
  const first = errors[0];
  if (first === undefined) return `${part}: invalid`;
  // A union reports each branch first and then itself; the union reads better.
  const union = errors.find((e) => e.keyword === 'anyOf' && e.instancePath === first.instancePath);
  const error = union ?? first;
  const field = fieldName(error, part);
  return `${field}: ${problem(schemaAt(schema, error.schemaPath), error)}`;
}

function fieldName(error: SchemaError, part: string): string {
  const segments = pointerSegments(error.instancePath);
  if (error.keyword === 'required') {
    const missing = error.params.requiredProperties;
    if (Array.isArray(missing) && typeof missing[0] === 'string') segments.push(missing[0]);
  }
  return formatField(segments, part);
}

/** `requires[1]`, `context.targetingKey`; the part itself (`body`) for the whole input. */
function formatField(segments: readonly (string | number)[], part: string): string {
  if (segments.length === 0) return part;
  return segments.reduce<string>(
    (name, s, i) =>
      typeof s === 'number' || /^\d+$/.test(s) ? `${name}[${s}]` : i === 0 ? s : `${name}.${s}`,
    '',
  );
}

function problem(node: unknown, error: SchemaError): string {
  const description = isRecord(node) ? node.description : undefined;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
    case 'boolean':
      return 'is not a known field';
    case 'enum': {
      const allowed = error.params.allowedValues;
      return Array.isArray(allowed) ? `expected one of ${allowed.join(', ')}` : error.message;
    }
    case 'anyOf':
      return typeof description === 'string'
        ? `expected ${description}`
        : `expected ${unionTypes(node)}`;
    default:
      return typeof description === 'string' ? `expected ${description}` : error.message;
  }
}

function unionTypes(node: unknown): string {
  const branches = isRecord(node) && Array.isArray(node.anyOf) ? node.anyOf : [];
  const names = branches.map((b) =>
    isRecord(b) && typeof b.type === 'string' ? b.type : 'a value',
  );
  return names.length === 0 ? 'a different value' : names.join(' or ');
}

function schemaAt(schema: unknown, pointer: string): unknown {
  let node = schema;
  for (const segment of pointerSegments(pointer.replace(/^#/, ''))) {
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
