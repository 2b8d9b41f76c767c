import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPathError } from '../plan/schema-check.js';
import { eventsAt, modelAt, parseScenario, scenarioFromObject } from './scenario.js';

const example = (name: string): string =>
  readFileSync(
    fileURLToPath(new URL(`../../../../../../examples/scenarios/${name}.yaml`, import.meta.url)),
    'utf8',
  );

const errorsOf = (value: unknown): string[] => {
  const result = scenarioFromObject(value);
  return result.ok ? [] : result.errors.map(formatPathError);
};

const base = {
  name: 's',
  duration: '1d',
  sessionsPerMinute: 100,
  metrics: { latency_ms: { lognormal: { median: 100, sigma: 0.3 }, on: { median: 110 } } },
};

describe('scenarios', () => {
  it.each(['healthy', 'latency-regression', 'alert-burst'])(
    'examples/scenarios/%s.yaml is valid',
    (name) => {
      const result = parseScenario(example(name));
      expect(result.ok ? [] : result.errors.map(formatPathError)).toEqual([]);
    },
  );

  it('changes apply from their time on, ON overrides on top of the base', () => {
    const result = parseScenario(example('latency-regression'));
    if (!result.ok) throw new Error('invalid');
    const latency = (ms: number) =>
      modelAt(result.value, ms).metrics.find((m) => m.name === 'injection_latency_ms');
    expect(latency(0)).toMatchObject({
      off: { median: 100, sigma: 0.3 },
      on: { median: 101, sigma: 0.3 },
    });
    expect(latency(3 * 3_600_000)).toMatchObject({
      off: { median: 100 },
      on: { median: 450, sigma: 0.3 },
    });
  });

  it('scheduled events fall in their minute', () => {
    const result = parseScenario(example('alert-burst'));
    if (!result.ok) throw new Error('invalid');
    expect(eventsAt(result.value, 6 * 3_600_000)).toEqual([
      { atMs: 6 * 3_600_000, metric: 'critical_alerts', count: 1 },
    ]);
    expect(eventsAt(result.value, 6 * 3_600_000 + 60_000)).toEqual([]);
  });

  it('errors name the path', () => {
    expect(errorsOf({ ...base, duration: 'a day' })).toEqual([
      'duration: expected a duration like 10m',
    ]);
    expect(errorsOf({ ...base, metrics: { e: { bernoulli: { p: 2 } } } })).toEqual([
      'metrics.e.bernoulli.p: expected a probability from 0 to 1',
    ]);
    expect(errorsOf({ ...base, metrics: { e: { bernoulli: {} } } })).toEqual([
      'metrics.e.bernoulli.p: required for bernoulli',
    ]);
    expect(
      errorsOf({ ...base, metrics: { e: { bernoulli: { p: 0.1 }, normal: { mean: 1, sd: 1 } } } }),
    ).toEqual([
      'metrics.e: expected exactly one of perSession, bernoulli, lognormal, normal, poisson',
    ]);
    expect(
      errorsOf({ ...base, metrics: { a: { poisson: { perHour: 1 }, scope: 'cohort' } } }),
    ).toEqual(['metrics.a.scope: poisson events are global']);
    expect(
      errorsOf({
        ...base,
        changes: [
          { at: '1h', metrics: { latency_ms: { bernoulli: { p: 0.1 } }, other: { on: { p: 1 } } } },
        ],
      }),
    ).toEqual([
      'changes[0].metrics.latency_ms.bernoulli: latency_ms is drawn from lognormal, not bernoulli',
      'changes[0].metrics.other: unknown metric',
    ]);
  });
});
