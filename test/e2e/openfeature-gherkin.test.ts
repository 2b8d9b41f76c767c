import { fileURLToPath } from 'node:url';
import type { Pickle } from '@cucumber/messages';
import { describe, expect, it } from 'vitest';
import { notApplicable } from '../openfeature-spec/applicability.js';
import { loadFeatures, tableOf } from '../openfeature-spec/gherkin.js';
import { runStep } from '../openfeature-spec/steps.js';
import { World } from '../openfeature-spec/world.js';

// The OpenFeature specification's Gherkin suites (vendored in test/openfeature-spec, see its
// README), parsed with @cucumber/gherkin and run against RampProvider with our own steps.

const FEATURES = fileURLToPath(new URL('../openfeature-spec/features', import.meta.url));
const features = loadFeatures(FEATURES);

/** A title that tells the rows of an outline apart. */
function title(pickle: Pickle, index: number): string {
  const detail = pickle.steps
    .map((step) => step.text)
    .find(
      (text) => /flag with key|provider$|event name/.test(text) && !/stable provider/.test(text),
    );
  return `${index + 1}. ${pickle.name}${detail === undefined ? '' : ` — ${detail}`}`;
}

describe('OpenFeature specification (Gherkin)', () => {
  it('finds the vendored suites, each with scenarios that apply', () => {
    expect(features.map((feature) => feature.file)).toEqual([
      'evaluation_v2.feature',
      'events.feature',
      'hooks.feature',
      'tracking.feature',
    ]);
    for (const feature of features) {
      const applicable = feature.pickles.filter((pickle) => notApplicable(pickle) === undefined);
      expect(applicable.length, feature.file).toBeGreaterThan(0);
    }
  });

  it('gives a reason for every scenario it does not run', () => {
    const reasons = features.flatMap((feature) =>
      feature.pickles.map(notApplicable).filter((reason) => reason !== undefined),
    );
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.trim()).not.toBe('');
  });

  for (const feature of features) {
    describe(feature.name, () => {
      feature.pickles.forEach((pickle, index) => {
        // Scenarios Ramp cannot express (see the README) are listed, not run.
        if (notApplicable(pickle) !== undefined) return;
        it(title(pickle, index), async () => {
          const world = new World();
          try {
            for (const step of pickle.steps) await runStep(world, step.text, tableOf(step));
          } finally {
            await world.close();
          }
        });
      });
    });
  }
});
