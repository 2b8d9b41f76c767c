// Heap bytes per flag with 10,000 flags loaded. Runs in a child process of its own per library
// (node --expose-gc bench/heap.mjs <ramp|unleash|growthbook>) so the id arrays and JIT state of
// the timing run do not blur a difference of a few megabytes. Prints one JSON object.

import {
  FEATURE,
  growthBookClient,
  growthBookFeature,
  rampFlags,
  unleashClient,
  unleashToggle,
} from './contenders.mjs';
import { FeatureFlags } from '@ramp/sdk';

export const FLAG_COUNT = 10_000;

const keep = []; // instances measured, kept reachable until the process ends

function heapUsed() {
  for (let i = 0; i < 4; i++) global.gc();
  return process.memoryUsage().heapUsed;
}

const keys = () => Array.from({ length: FLAG_COUNT }, (_, i) => `flag_${i}`);

function rampDefinitions() {
  const flags = {};
  for (const key of keys()) flags[key] = { enabled: true, percentage: 10 };
  return flags;
}

/** Bytes per flag of what `load` leaves reachable, then after each flag was evaluated once. */
async function measure(load, evaluateOnce) {
  const before = heapUsed();
  const instance = await load();
  keep.push(instance);
  const loaded = heapUsed();
  for (const key of keys()) evaluateOnce(instance, key);
  const evaluated = heapUsed();
  return {
    flags: FLAG_COUNT,
    bytesPerFlag: (loaded - before) / FLAG_COUNT,
    bytesPerFlagAfterOneEvaluationEach: (evaluated - before) / FLAG_COUNT,
  };
}

const libraries = {
  async ramp() {
    keep.push(rampFlags(10)); // load and run the constructor's code once before the baseline
    // The definitions object passed as `flags` is retained by FeatureFlags (reload() re-reads
    // it), so it is part of the cost; measure it alone as well to show the split.
    const before = heapUsed();
    keep.push(rampDefinitions());
    const definitionsBytesPerFlag = (heapUsed() - before) / FLAG_COUNT;
    keep.pop();
    const result = await measure(
      () =>
        new FeatureFlags({ env: {}, file: false, discoverEnv: false, flags: rampDefinitions() }),
      (flags, key) => flags.shouldUse(key, 'session-1'),
    );
    return { ...result, definitionsBytesPerFlag };
  },
  async unleash() {
    keep.push(await unleashClient([unleashToggle(FEATURE, 10)]));
    return measure(
      () => unleashClient(keys().map((key) => unleashToggle(key, 10))),
      (client, key) => client.isEnabled(key, { sessionId: 'session-1' }),
    );
  },
  async growthbook() {
    keep.push(growthBookClient({ [FEATURE]: growthBookFeature(10) }));
    return measure(
      () => {
        const features = {};
        for (const key of keys()) features[key] = growthBookFeature(10);
        return growthBookClient(features);
      },
      (client, key) => client.isOn(key, { attributes: { id: 'session-1' } }),
    );
  },
};

const name = process.argv[2];
if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');
if (!(name in libraries)) throw new Error(`heap.mjs: unknown library "${name}"`);
const result = await libraries[name]();
process.stdout.write(JSON.stringify(result) + '\n');
for (const instance of keep) instance.destroy?.();
