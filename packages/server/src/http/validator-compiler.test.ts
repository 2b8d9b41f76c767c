import { CompatFlags, CreateFlagBody, PatchFlagBody } from '@ramp/api';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { describeErrors, type SchemaError } from './validator-compiler.js';

function message(schema: TSchema, value: unknown): string {
  const errors = Compile(schema).Errors(value) as readonly SchemaError[];
  return describeErrors(schema, errors, 'body');
}

describe('validation messages', () => {
  it('use the schema description when there is one', () => {
    expect(message(CreateFlagBody, { key: 'a', percentage: 101 })).toBe(
      'percentage: expected a number from 0 to 100 with at most two decimals',
    );
    expect(message(CompatFlags, { 'a/b': 2 })).toBe(
      'a/b: expected a fraction from 0 to 1 with at most four decimals',
    );
  });

  it('name nested fields and unions', () => {
    expect(message(CreateFlagBody, { key: 'a', requires: ['ok', '!'] })).toMatch(
      /^requires\[1\]: /,
    );
    expect(message(PatchFlagBody, { owner: 5 })).toBe('owner: expected string or null');
  });

  it('name the body itself when it is not an object', () => {
    expect(message(CreateFlagBody, null)).toBe('body: must be object');
  });
});
