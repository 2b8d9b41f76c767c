import { FLAG_KEY_DESCRIPTION, FLAG_KEY_PATTERN } from '@ramp/api';
import { Type } from 'typebox';
import { DURATION_EXPECTED, DURATION_PATTERN } from './duration.js';

/**
 * The building blocks of the plan schema: durations, names, percentages, thresholds and the
 * small enumerations. Every leaf carries an `errorMessage` (the ajv-errors convention), so a
 * validation error can say what was expected.
 */

export const opt = Type.Optional;

export const Duration = Type.String({
  pattern: DURATION_PATTERN,
  errorMessage: DURATION_EXPECTED,
  description: 'A duration: digits and a unit (ms, s, m, h, d), e.g. 30s, 10m, 1h30m, 2d.',
});

/** At most 128 characters, as flag keys: names are keys in the store and in URLs. */
export const Name = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$',
  errorMessage: 'expected a name of letters, digits, "_", "." and "-" (at most 128)',
});

export const Text = Type.String({ minLength: 1, errorMessage: 'expected a non-empty text' });

export const FlagKey = Type.String({
  pattern: FLAG_KEY_PATTERN,
  errorMessage: `expected a flag key (${FLAG_KEY_DESCRIPTION})`,
});

export const Percentage = Type.Number({
  minimum: 0,
  maximum: 100,
  errorMessage: 'expected a percentage from 0 to 100',
});

export const Percentages = Type.Record(FlagKey, Percentage, {
  additionalProperties: false,
  errorMessage: 'expected a map of flag key to percentage, like { my_flag: 10 }',
});

/** A threshold: a number in the metric's unit, or a percentage string for rates (`0.5%`). */
export const Threshold = Type.Union(
  [Type.Number(), Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?%$' })],
  {
    errorMessage: 'expected a number or a percentage like 0.5%',
  },
);

export function oneOfWords<W extends string[]>(words: readonly [...W], description: string) {
  return Type.Enum(words, { errorMessage: `expected one of ${words.join(', ')}`, description });
}

export const Stat = oneOfWords(
  ['p50', 'p90', 'p95', 'p99', 'mean', 'min', 'max', 'count', 'sum', 'rate', 'value'],
  'The statistic of the metric over the window.',
);
export const Cohort = oneOfWords(
  ['on', 'off', 'all'],
  'Which cohort of the flag to read (default on).',
);
export const Action = oneOfWords(
  ['rollback', 'pause'],
  'rollback: automatic; pause: notify and wait for a person.',
);
export const Better = oneOfWords(['lower', 'higher'], 'Which direction is better (default lower).');
export const Scope = oneOfWords(
  ['cohort', 'global'],
  'cohort: recorded per flag and cohort; global: one series.',
);

export const Window = Type.Union([Type.Literal('bake'), Type.Literal('phase'), Duration], {
  errorMessage: 'expected bake, phase or a duration like 1h',
  description: 'The data a gate judges: the bake (default), the whole phase, or the last duration.',
});

export const Alpha = Type.Number({
  exclusiveMinimum: 0,
  exclusiveMaximum: 0.5,
  errorMessage: 'expected a significance level between 0 and 0.5, like 0.05',
});

export const Count = Type.Integer({
  minimum: 0,
  errorMessage: 'expected a whole number, 0 or more',
});

export const RollbackTarget = Type.Union([Type.Literal('previous'), Percentage], {
  errorMessage: 'expected previous or a percentage from 0 to 100',
  description:
    'Where a rollback lands: 0 (default), the previous phase, or at most this percentage.',
});

export const Margin = Type.Object(
  { relative: opt(Threshold), absolute: opt(Threshold) },
  {
    additionalProperties: false,
    errorMessage: 'expected { relative: 5% } or { absolute: 0.1% }',
    description: 'How much worse than OFF the ON cohort may be: relative to OFF, or absolute.',
  },
);
