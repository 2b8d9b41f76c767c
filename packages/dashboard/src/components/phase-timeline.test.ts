import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PhaseTimeline } from './phase-timeline.js';

describe('PhaseTimeline', () => {
  it('lists phases in order with their percentages, marking the current one', () => {
    const html = renderToStaticMarkup(
      createElement(PhaseTimeline, {
        label: 'memory-system rollout',
        phases: [
          { name: 'canary', status: 'completed', percentages: { memory_system: 1 } },
          {
            name: 'early',
            status: 'held',
            percentages: { memory_system: 10, memory_cache: 0 },
            decision: 'HOLD: 312 more sessions needed',
          },
          { name: 'everyone', status: 'pending', percentages: { memory_system: 100 } },
        ],
      }),
    );
    expect(html).toContain('aria-label="memory-system rollout"');
    expect(html.indexOf('canary')).toBeLessThan(html.indexOf('everyone'));
    expect(html.match(/aria-current="step"/g)).toHaveLength(1);
    expect(html).toMatch(/aria-current="step"[^>]*>.*early.*Held/);
    expect(html).toContain('HOLD: 312 more sessions needed');
    expect(html).toContain('<code>memory_cache</code> 0%');
  });

  it('says when a plan has no phases', () => {
    const html = renderToStaticMarkup(createElement(PhaseTimeline, { label: 'x', phases: [] }));
    expect(html).toContain('no phases');
  });
});
