// The four ways of answering "is this session in the rollout?" that the benchmark times.
// Each contender has its own timing loop: one shared loop calling four different functions
// would go megamorphic and slow every contender down by the same unrelated amount.

import crypto from 'node:crypto';
import { FeatureFlags } from '@ramp/sdk';
import { GrowthBookClient } from '@growthbook/growthbook';
import { InMemStorageProvider, Unleash } from 'unleash-client';

export const FEATURE = 'memory_system';

// node:crypto `hash` (one-shot) exists from Node 20.12; older Nodes fall back to createHash.
const sha256Hex =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text)
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

export const REFERENCE_HASH =
  typeof crypto.hash === 'function' ? 'crypto.hash' : 'crypto.createHash (no crypto.hash)';

/** Ramp: the built SDK, flags declared in code, no file, no env. */
export function rampFlags(percentage) {
  return new FeatureFlags({
    env: {},
    file: false,
    discoverEnv: false,
    flags: { [FEATURE]: { enabled: true, percentage } },
  });
}

function runRamp(flags, ids) {
  let on = 0;
  for (let i = 0; i < ids.length; i++) if (flags.shouldUse(FEATURE, ids[i])) on++;
  return on;
}

/** The plain reference: DESIGN.md §2 written out with node:crypto. */
export function referenceDecision(percentage, id) {
  return parseInt(sha256Hex(FEATURE + ':' + id).slice(0, 8), 16) % 100 < percentage;
}

function runReference(percentage, ids) {
  let on = 0;
  for (let i = 0; i < ids.length; i++) {
    if (parseInt(sha256Hex(FEATURE + ':' + ids[i]).slice(0, 8), 16) % 100 < percentage) on++;
  }
  return on;
}

/** An Unleash toggle with a gradual rollout on the session id (the built-in flexibleRollout). */
export function unleashToggle(name, percentage) {
  return {
    name,
    enabled: true,
    type: 'release',
    project: 'default',
    strategies: [
      {
        name: 'flexibleRollout',
        constraints: [],
        parameters: { rollout: String(percentage), stickiness: 'sessionId', groupId: name },
      },
    ],
  };
}

/**
 * Unleash offline: bootstrapped toggles, in-memory storage (no backup file), refreshInterval 0
 * (its poller returns before any request) and no metrics, so it never opens a connection.
 */
export async function unleashClient(toggles) {
  const client = new Unleash({
    url: 'http://127.0.0.1:1/',
    appName: 'bench',
    disableMetrics: true,
    refreshInterval: 0,
    skipInstanceCountWarning: true,
    bootstrap: { data: toggles },
    storageProvider: new InMemStorageProvider(),
  });
  await new Promise((resolve, reject) => {
    const fail = (err) => {
      clearTimeout(timer);
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error('unleash: not synchronized after 10 s')), 10e3);
    client.once('error', fail);
    client.once('synchronized', () => {
      clearTimeout(timer);
      client.off('error', fail);
      resolve();
    });
  });
  if (!client.isSynchronized()) throw new Error('unleash: not synchronized');
  // isEnabled answers the fallback until the repository is ready; it is by now.
  if (!client.ready) await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

function runUnleash(client, ids) {
  let on = 0;
  for (let i = 0; i < ids.length; i++) {
    if (client.isEnabled(FEATURE, { sessionId: ids[i] })) on++;
  }
  return on;
}

/** A GrowthBook feature with one rollout rule (force true for `coverage` of users by id). */
export function growthBookFeature(percentage) {
  return {
    defaultValue: false,
    rules: [{ force: true, coverage: percentage / 100, hashAttribute: 'id' }],
  };
}

/**
 * GrowthBook's multi-user client (one instance for the process, a user context per call): the
 * fastest per-request way in @growthbook/growthbook 1.x, faster than the single-user
 * GrowthBook's setAttributes() + isOn().
 */
export function growthBookClient(features) {
  return new GrowthBookClient({}).initSync({ payload: { features } });
}

function runGrowthBook(client, ids) {
  let on = 0;
  for (let i = 0; i < ids.length; i++) {
    if (client.isOn(FEATURE, { attributes: { id: ids[i] } })) on++;
  }
  return on;
}

/** Builds each contender's subject for a percentage; `run(subject, ids)` returns how many are on. */
export const contenders = [
  { key: 'ramp', label: 'Ramp', setup: async (p) => rampFlags(p), run: runRamp },
  { key: 'reference', label: 'reference', setup: async (p) => p, run: runReference },
  {
    key: 'unleash',
    label: 'unleash',
    setup: (p) => unleashClient([unleashToggle(FEATURE, p)]),
    run: runUnleash,
    peer: true,
    close: (client) => client.destroy(),
  },
  {
    key: 'growthbook',
    label: 'growthbook',
    setup: async (p) => growthBookClient({ [FEATURE]: growthBookFeature(p) }),
    run: runGrowthBook,
    peer: true,
    close: (client) => client.destroy(),
  },
];
