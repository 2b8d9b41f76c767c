import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { planJsonSchema } from './plan-json-schema.js';

const SCHEMA_FILE = fileURLToPath(
  new URL('../../../../../../docs/plan.schema.json', import.meta.url),
);

describe('docs/plan.schema.json', () => {
  it('is the plan schema (run with UPDATE_PLAN_SCHEMA=1 to rewrite it)', async () => {
    const options = (await resolveConfig(SCHEMA_FILE)) ?? {};
    const expected = await format(JSON.stringify(planJsonSchema()), { ...options, parser: 'json' });
    if (process.env['UPDATE_PLAN_SCHEMA'] === '1') writeFileSync(SCHEMA_FILE, expected);
    const actual = readFileSync(SCHEMA_FILE, 'utf8');
    expect(
      actual,
      'docs/plan.schema.json is out of date: UPDATE_PLAN_SCHEMA=1 npx vitest run plan-schema',
    ).toBe(expected);
  });
});
