import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OpenFeatureAPI,
  type Client,
  type EvaluationContext,
  type EvaluationDetails,
  type EventDetails,
  type FlagEvaluationOptions,
  type FlagValue,
  type Hook,
} from '@openfeature/server-sdk';
import { FeatureFlags, type FlagDefinition } from '@ramp/sdk';
import { RampProvider, type TrackEvent } from '@ramp/sdk/openfeature';

/**
 * The spec's test flags that Ramp can express (test-flags.json in open-feature/spec):
 * boolean-flag (on for everyone: STATIC, variant on), boolean-zero-flag (off for everyone:
 * enabled at 0 %, STATIC), boolean-disabled-flag (switched off: DISABLED), and the flag the
 * events suite modifies.
 */
export const SPEC_FLAGS: Readonly<Record<string, FlagDefinition>> = {
  'boolean-flag': { enabled: true },
  'boolean-zero-flag': { enabled: true, percentage: 0 },
  'boolean-disabled-flag': { enabled: false },
  'changing-flag': { enabled: true, percentage: 50 },
};

export type FlagType = 'boolean' | 'string' | 'integer' | 'float' | 'object';

/** The kinds of provider the suites ask for, each a real RampProvider in that state. */
export type ProviderKind = 'stable' | 'not ready' | 'error' | 'stale';

const quiet = { warn: () => undefined, info: () => undefined };
const silentLogger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };
const UNREACHABLE = 'http://127.0.0.1:9';

/** What one scenario builds up, step by step. Owns everything it starts; `close()` ends it. */
export class World {
  readonly api = new (OpenFeatureAPI as unknown as new () => OpenFeatureAPI)();
  readonly tracked: TrackEvent[] = [];
  readonly trackingErrors: unknown[] = [];
  readonly hookCalls: { hook: string; stage: string; details?: EvaluationDetails<FlagValue> }[] =
    [];
  readonly events = new Map<string, EventDetails[]>();
  flags: FeatureFlags | undefined;
  flag: { type: FlagType; key: string; defaultValue: FlagValue } | undefined;
  context: EvaluationContext = {};
  contextBefore: EvaluationContext | undefined;
  options: FlagEvaluationOptions = {};
  details: EvaluationDetails<FlagValue> | undefined;
  pending: Promise<EvaluationDetails<FlagValue>> | undefined;
  readonly #cleanups: (() => void)[] = [];

  constructor() {
    this.api.setLogger(silentLogger);
  }

  get client(): Client {
    const client = this.api.getClient();
    client.setLogger({
      ...silentLogger,
      debug: (_message, error) => this.trackingErrors.push(error),
    });
    return client;
  }

  /** Sets a RampProvider in the given state; resolves once the SDK reports that state. */
  async useProvider(kind: ProviderKind): Promise<RampProvider> {
    const flags = this.#flagsFor(kind);
    this.flags = flags;
    const provider = new RampProvider(flags, {
      closeFlags: true,
      onTrack: (event) => this.tracked.push(event),
    });
    if (kind === 'not ready') {
      this.api.setProvider(provider);
    } else {
      // An unreachable control plane rejects initialization: that is the ERROR state.
      await this.api.setProviderAndWait(provider).catch(() => undefined);
    }
    return provider;
  }

  /** Evaluates the flag of the scenario with the typed method its type calls for. */
  evaluate(): Promise<EvaluationDetails<FlagValue>> {
    const flag = this.flag;
    if (flag === undefined) throw new Error('no flag given to evaluate');
    const { key, defaultValue } = flag;
    const client = this.client;
    switch (flag.type) {
      case 'boolean':
        return client.getBooleanDetails(key, defaultValue as boolean, this.context, this.options);
      case 'string':
        return client.getStringDetails(key, defaultValue as string, this.context, this.options);
      case 'integer':
      case 'float':
        return client.getNumberDetails(key, defaultValue as number, this.context, this.options);
      case 'object':
        return client.getObjectDetails(
          key,
          defaultValue as Record<string, never>,
          this.context,
          this.options,
        );
    }
  }

  /** A hook that records each stage it sees, under `name`. */
  recordingHook(name: string): Hook {
    const record = (stage: string, details?: EvaluationDetails<FlagValue>) =>
      this.hookCalls.push(
        details === undefined ? { hook: name, stage } : { hook: name, stage, details },
      );
    return {
      before: () => void record('before'),
      after: (_context, details) => void record('after', details),
      error: () => void record('error'),
      finally: (_context, details) => void record('finally', details),
    };
  }

  async close(): Promise<void> {
    await this.api.close();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  #flagsFor(kind: ProviderKind): FeatureFlags {
    const local = { file: false as const, env: {}, logger: quiet };
    switch (kind) {
      case 'stable':
        return new FeatureFlags({ ...local, flags: SPEC_FLAGS });
      case 'not ready':
        // The control plane never answers: the first configuration never comes.
        return this.#remote({ fetch: hangingFetch, readyTimeoutMs: 60_000 });
      case 'error':
        // Nothing to serve: no server, no cache file.
        return this.#remote({ fetch: refusedFetch, readyTimeoutMs: 20 });
      case 'stale':
        // The last configuration, from the cache file, while the server is unreachable.
        return this.#remote({ fetch: refusedFetch, cacheFile: this.#cacheFile() });
    }
  }

  #remote(options: {
    fetch: typeof fetch;
    readyTimeoutMs?: number;
    cacheFile?: string;
  }): FeatureFlags {
    return new FeatureFlags({
      file: false,
      env: {},
      logger: quiet,
      url: UNREACHABLE,
      token: 'ramp_spec-sdk-token',
      reconnect: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      pollIntervalMs: 60_000,
      ...options,
    });
  }

  /** A cache file as the SDK writes it (format ramp-sdk-cache/1) with the spec's flags. */
  #cacheFile(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ramp-spec-'));
    this.#cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const flags = Object.entries(SPEC_FLAGS).map(([key, definition]) => ({
      key,
      enabled: definition.enabled === true,
      percentage: definition.percentage ?? 100,
    }));
    const killAll = { active: false, reason: null, since: null };
    const snapshot = { revision: 1, killAll, flags };
    const path = join(dir, 'ramp-cache.json');
    writeFileSync(path, JSON.stringify({ format: 'ramp-sdk-cache/1', url: UNREACHABLE, snapshot }));
    return path;
  }
}

const refusedFetch: typeof fetch = () =>
  Promise.reject(new TypeError('fetch failed: ECONNREFUSED'));

/** Never answers; gives up only when the SDK aborts the request (on close). */
const hangingFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
  });
