import { describe, expect, it } from 'vitest';
import { latest, toChartData } from './chart-data.js';

describe('toChartData', () => {
  it('gives uPlot aligned columns and refuses ragged or unordered series', () => {
    expect(toChartData({ times: [1, 2], on: [5, null], off: [4, 3] })).toEqual([
      [1, 2],
      [5, null],
      [4, 3],
    ]);
    expect(() => toChartData({ times: [1, 2], on: [5], off: [4, 3] })).toThrow(/2 points/);
    expect(() => toChartData({ times: [2, 1], on: [5, 5], off: [4, 3] })).toThrow(/ascending/);
  });

  it('finds the latest reading', () => {
    expect(latest([1, 2, null])).toBe(2);
    expect(latest([null])).toBeNull();
  });
});
