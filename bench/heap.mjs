// Heap bytes per flag with 10,000 flags loaded. Runs in a child process of its own per library
// (node --expose-gc bench/heap.mjs <ramp|unleash|growthbook>) so the id arrays and JIT state of
// the timing run do not blur a difference of a few megabytes. Prints one JSON object.
//
// Compiled code is left out of the figures: it is a per-process cost, not a per-flag one, and
// whether the optimising compiler happens to finish a function while the 10,000 flags load
// moved the figure by about 25 bytes per flag from one run to the next (code space grew by
// 40 KB in most runs and by 270 KB in some, for the same build).

import {
  FEATURE,
  growthBookClient,
  growthBookFeature,
  rampFlags,
  unleashClient,
  unleashToggle,
} from './contenders.mjs';
import { FeatureFlags } from '@ramp/sdk';
import v8 from 'node:v8';

export const FLAG_COUNT = 10_000;

const keep = []; // instances measured, kept reachable until the process ends

/** Heap used after full collections, compiled code (code space) not counted. */
function heapUsed() {
  for (let i = 0; i < 4; i++) global.gc();
  let code = 0;
  for (const space of v8.getHeapSpaceStatistics()) {
    if (space.space_name.startsWith('code_')) code += space.space_used_size;
  }
  return process.memoryUsage().heapUsed - code;
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
    // Whatever FeatureFlags keeps of the definitions object passed as `flags` is part of its
    // cost. Measure the object alone, and see whether FeatureFlags keeps it (a
    // FinalizationRegistry, which unlike a WeakRef does not hold its target for the rest of
    // the job): definitionsBytesPerFlag is the part of bytesPerFlag that is that object, 0
    // when it was let go.
    const before = heapUsed();
    keep.push(rampDefinitions());
    const definitionsAloneBytesPerFlag = (heapUsed() - before) / FLAG_COUNT;
    keep.pop();
    let collected = false;
    const registry = new FinalizationRegistry(() => (collected = true));
    const result = await measure(
      () => {
        const flags = rampDefinitions();
        registry.register(flags, 'definitions');
        return new FeatureFlags({ env: {}, file: false, discoverEnv: false, flags });
      },
      (flags, key) => flags.shouldUse(key, 'session-1'),
    );
    // Finalization callbacks run in a later task: give them a few chances.
    for (let i = 0; i < 10 && !collected; i++) {
      heapUsed();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return {
      ...result,
      definitionsRetained: !collected,
      definitionsAloneBytesPerFlag,
      definitionsBytesPerFlag: collected ? 0 : definitionsAloneBytesPerFlag,
    };
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
