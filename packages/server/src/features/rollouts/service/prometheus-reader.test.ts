import { describe, expect, it } from 'vitest';
import { MemoryMetricStore } from '../metrics/memory-metric-store.js';
import { PrometheusReader, scalarOf, withPrometheus } from './prometheus-reader.js';

const vector = (...values: string[]) => ({
  status: 'success',
  data: { resultType: 'vector', result: values.map((v) => ({ metric: {}, value: [1, v] })) },
});

describe('PrometheusReader', () => {
  it('takes a scalar or a one-series vector, and nothing else', () => {
    expect(
      scalarOf({ status: 'success', data: { resultType: 'scalar', result: [1, '2.5'] } }),
    ).toBe(2.5);
    expect(scalarOf(vector('7'))).toBe(7);
    expect(scalarOf(vector())).toBeNull();
    expect(scalarOf(vector('1', '2'))).toBeNull();
    expect(scalarOf(vector('NaN'))).toBeNull();
    expect(scalarOf({ status: 'error', error: 'bad query' })).toBeNull();
  });

  it('queries each URL at each time once, and reads failures as no data', async () => {
    const asked: string[] = [];
    const reader = new PrometheusReader({
      defaultUrl: 'http://prometheus:9090',
      fetch: (input) => {
        const url = new URL(input instanceof Request ? input.url : input);
        asked.push(url.toString());
        if (url.host === 'down:9090') return Promise.reject(new Error('ECONNREFUSED'));
        return Promise.resolve(Response.json(vector(url.searchParams.get('time') ?? '')));
      },
    });
    const up = { query: 'up', url: null, at: 1_700_000_000_000 };
    const down = { query: 'up', url: 'http://down:9090', at: 1_700_000_000_000 };
    const answers = await reader.load([up, up, down]);
    expect(asked).toEqual([
      'http://prometheus:9090/api/v1/query?query=up&time=1700000000.000',
      'http://down:9090/api/v1/query?query=up&time=1700000000.000',
    ]);
    const readings = withPrometheus(new MemoryMetricStore(), answers);
    expect(readings.prometheus?.(up)).toBe(1_700_000_000);
    expect(readings.prometheus?.(down)).toBeNull();
    expect(readings.prometheus?.({ ...up, at: 0 })).toBeNull();
  });

  it('has no data without a URL', async () => {
    const answers = await new PrometheusReader().load([{ query: 'up', url: null, at: 0 }]);
    expect([...answers.values()]).toEqual([null]);
  });
});
