import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { mutated } from '../../../testing/hostile-values.js';
import { parsePlan, planFromObject, type ParseResult } from './parse-plan.js';
import type { Plan } from './plan.js';
import { formatPathError } from './schema-check.js';

const EXAMPLE = readFileSync(
  fileURLToPath(new URL('../../../../../../examples/memory-system-rollout.yaml', import.meta.url)),
  'utf8',
);
const EXAMPLE_OBJECT = parseYaml(EXAMPLE) as unknown;

/**
 * The validator's contract, whatever the input: it returns a result and never throws; a
 * refusal lists at least one error; every error is one line (the CLI prints one per line); and
 * once the file is a mapping, every error names the path of the field it is about.
 */
function expectWellFormed(result: ParseResult<Plan>, rootIsMapping: boolean): void {
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(error.message.trim()).not.toBe('');
    expect(formatPathError(error)).not.toMatch(/[\r\n\u2028\u2029]/);
    if (rootIsMapping) expect(error.path, formatPathError(error)).not.toBe('');
  }
}

const isMapping = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** YAML that parsers trip on: aliases, tags, directives, odd scalars, deep nesting. */
const trickyYaml = fc.constantFrom(
  '',
  '---\n---\n',
  '%YAML 1.1\n---\nname: a\n',
  '\uFEFFname: a',
  'a: &a [*a, *a]\n',
  `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 12 }, (_, i) => `b${i}: &b${i} [${`*${i === 0 ? 'a' : `b${i - 1}`},`.repeat(9)}]`).join('\n')}\n`,
  'name: !!binary aGVsbG8=\n',
  'name: !!set { a, b }\nphases: !!omap [ a: 1 ]\n',
  'name: !!js/function "function(){}"\n',
  'name: !custom x\n',
  'base: &base { name: a }\n<<: *base\n',
  'name: .nan\nflags: .inf\n',
  'phases: [{ name: p, percentages: { a: 1e400 }, bake: 99999999999999999999999d }]\n',
  'startAt: 275760-09-14T00:00:00Z\n',
  '\tname: a\n',
  'name: a\nname: b\n',
  '? [a, b]\n: c\n',
  '['.repeat(5_000),
  `${'- '.repeat(2_000)}a`,
);

/** The example with lines deleted, repeated, swapped or cut, and junk inserted. */
const brokenExample = fc
  .array(
    fc.record({
      kind: fc.constantFrom('delete', 'repeat', 'swap', 'cut', 'insert'),
      at: fc.nat(),
      other: fc.nat(),
      text: fc.oneof(fc.string(), fc.constantFrom(':', '- ', '  ', '{', '&a', '*a', '#', '"')),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) => {
    const lines = EXAMPLE.split('\n');
    for (const { kind, at, other, text } of edits) {
      const i = at % lines.length;
      const line = lines[i] ?? '';
      if (kind === 'delete') lines.splice(i, 1);
      else if (kind === 'repeat') lines.splice(i, 0, line);
      else if (kind === 'swap')
        [lines[i], lines[other % lines.length]] = [lines[other % lines.length] ?? '', line];
      else if (kind === 'cut') lines[i] = line.slice(0, other % (line.length + 1));
      else
        lines[i] =
          line.slice(0, other % (line.length + 1)) + text + line.slice(other % (line.length + 1));
    }
    return lines.join('\n');
  });

describe('the plan validator, on any input', () => {
  it('reads any text without throwing', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.jsonValue().map((v) => stringifyYaml(v)),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      trickyYaml,
      brokenExample,
    );
    fc.assert(
      fc.property(text, (source) => {
        const result = parsePlan(source);
        let document: unknown;
        try {
          document = parseYaml(source, { logLevel: 'error' });
        } catch {
          document = undefined;
        }
        expectWellFormed(result, isMapping(document) && !source.includes('\u0000'));
      }),
      { numRuns: 300 },
    );
  });

  it('checks almost valid plans without throwing, naming the path of every error', () => {
    fc.assert(
      fc.property(mutated(EXAMPLE_OBJECT, 4), (value) => {
        expectWellFormed(planFromObject(value), isMapping(value));
      }),
      { numRuns: 300 },
    );
  });

  it('reads almost valid plans written as YAML the same way', () => {
    fc.assert(
      fc.property(mutated(EXAMPLE_OBJECT, 4), (value) => {
        const text = stringifyYaml(value);
        expectWellFormed(parsePlan(text), isMapping(value));
      }),
      { numRuns: 100 },
    );
  });
});

describe('the plan validator, on what the fuzzer found', () => {
  it('refuses text with a NUL, which the server could not store', () => {
    expect(parsePlan(`${EXAMPLE}\n# \u0000`)).toEqual({
      ok: false,
      errors: [{ path: '', message: 'not a text file: it contains NUL' }],
    });
  });

  it('names the field that holds a NUL or an unpaired surrogate', () => {
    const plan = structuredClone(EXAMPLE_OBJECT) as { readiness: { item: string }[] };
    (plan.readiness[1] as { item: string }).item = 'a\ud800';
    expect(planFromObject(plan)).toMatchObject({
      ok: false,
      errors: [
        { path: 'readiness[1].item', message: expect.stringMatching(/^must not contain NUL/) },
      ],
    });
  });

  it('refuses a "__proto__" key, which YAML makes an own property', () => {
    const text = EXAMPLE.replace('metrics:\n', 'metrics:\n  __proto__: 0\n');
    expect(text).not.toBe(EXAMPLE);
    expect(parsePlan(text)).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([
        { path: 'metrics.__proto__', message: '"__proto__" is not allowed as a key' },
      ]) as unknown,
    });
  });

  it('ends on a value that contains itself (a YAML alias to its own anchor)', () => {
    expect(parsePlan('name: a\nloop: &a [*a, *a]\n')).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([{ path: 'loop', message: expect.any(String) }]),
    });
  });

  it('quotes a key that would not read as one in the path', () => {
    const errors = (text: string) => {
      const result = parsePlan(text);
      return result.ok ? [] : result.errors.map((e) => e.path);
    };
    expect(errors('"": 1\n')).toContain('[""]');
    expect(errors('phases: [{ "a\\nb": 1 }]\n')).toContain('phases[0]["a\\nb"]');
  });

  it('refuses names over 128 characters', () => {
    const plan = { ...(EXAMPLE_OBJECT as object), name: 'n'.repeat(129) };
    expect(planFromObject(plan)).toMatchObject({ ok: false, errors: [{ path: 'name' }] });
    expect(planFromObject({ ...plan, name: 'n'.repeat(128) })).toMatchObject({ ok: true });
  });
});
