import {
  ErrorCode,
  GeneralError,
  OpenFeatureEventEmitter,
  ProviderEvents,
  type EvaluationContext,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import { Reason } from '../engine/evaluate.js';
import type { FeatureFlags } from '../feature-flags.js';
import { consoleLogger, type Logger } from '../logger.js';
import type { ConnectionState, FlagsEvent } from '../remote/events.js';
import { failure, flagNotFound, toBooleanResolution } from './resolution.js';
import { Tracking, type MetricsRecorder, type TrackEvent } from './tracking.js';

/**
 * What the provider needs of FeatureFlags (a FeatureFlags, or a test double).
 *
 * @example
 * const flags: RampFlags = new FeatureFlags({ flags: { checkout: { enabled: true } } });
 */
export type RampFlags = Pick<FeatureFlags, 'evaluate' | 'subscribe' | 'ready' | 'getStatus'> &
  Partial<Pick<FeatureFlags, 'close'>> &
  MetricsRecorder;

/**
 * Options of `new RampProvider(flags, options)`.
 *
 * @example
 * new RampProvider(flags, { closeFlags: true, onTrack: (event) => metrics.record(event) });
 */
export interface RampProviderOptions {
  /**
   * Receives every `client.track(name, context, details)` (an event name, the session and an
   * optional numeric value). Without it, tracking goes to FeatureFlags: `flags.track(name,
   * details.value, { sessionId })` when the value is a number, else `flags.increment(name,
   * { sessionId })` — tagged with the session's cohorts and sent in remote mode (FeatureFlags
   * records nothing in local mode).
   */
  readonly onTrack?: (event: TrackEvent) => void;
  /** Close the FeatureFlags when OpenFeature closes the provider (default false). */
  readonly closeFlags?: boolean;
  /** Where the dropped-tracking warning goes; defaults to the console. */
  readonly logger?: Logger;
}

type Status = 'not-ready' | 'ready' | 'stale' | 'error';

/**
 * An OpenFeature server provider over Ramp's FeatureFlags, in local or remote mode. Boolean
 * flags are decided by Ramp's engine with the context's `targetingKey` as the session id;
 * other types answer the caller's default with TYPE_MISMATCH. Emits READY, STALE and ERROR
 * as the control plane stream goes up and down, and CONFIGURATION_CHANGED with the changed
 * keys on every change.
 *
 * @example
 * import { OpenFeature } from '@openfeature/server-sdk';
 * import { FeatureFlags } from '@ramp/sdk';
 * import { RampProvider } from '@ramp/sdk/openfeature';
 *
 * const flags = new FeatureFlags({ url: 'https://ramp.internal', token });
 * await OpenFeature.setProviderAndWait(new RampProvider(flags, { closeFlags: true }));
 * const client = OpenFeature.getClient();
 * if (await client.getBooleanValue('checkout', false, { targetingKey: sessionId })) newCheckout();
 */
export class RampProvider implements Provider {
  readonly metadata = { name: 'ramp' } as const;
  readonly runsOn = 'server';
  readonly events = new OpenFeatureEventEmitter();
  readonly #flags: RampFlags;
  readonly #closeFlags: boolean;
  readonly #tracking: Tracking;
  #unsubscribe: (() => void) | undefined;
  #initialized = false;
  #status: Status = 'not-ready';
  #connection: ConnectionState = 'connecting';
  #connectionError: string | undefined;
  #pendingStale: ReturnType<typeof setTimeout> | undefined;

  constructor(flags: RampFlags, options: RampProviderOptions = {}) {
    if (typeof flags?.evaluate !== 'function' || typeof flags.subscribe !== 'function') {
      throw new TypeError('RampProvider: flags must be a FeatureFlags instance');
    }
    this.#flags = flags;
    this.#closeFlags = options.closeFlags ?? false;
    this.#tracking = new Tracking(flags, {
      onTrack: options.onTrack,
      logger: options.logger ?? consoleLogger,
    });
  }

  /**
   * Waits for FeatureFlags' start-up configuration. Rejects (status ERROR, evaluations go on
   * with local values) when remote mode got no configuration at all; READY follows as soon as
   * the control plane answers. Started from the cache file with the server unreachable, it is
   * READY and then STALE.
   */
  async initialize(): Promise<void> {
    this.#unsubscribe ??= this.#flags.subscribe((event) => this.#onFlagsEvent(event));
    const result = await this.#flags.ready();
    this.#initialized = true;
    if (result.source === 'local' && result.error !== undefined) {
      this.#status = 'error';
      throw new GeneralError(`no configuration from the control plane (${result.error})`);
    }
    this.#status = 'ready';
    if (this.#connection === 'stale') {
      // The SDK marks the provider READY once this promise settles; STALE must come after.
      this.#pendingStale = setTimeout(() => this.#onConnection(this.#connection), 0);
    }
  }

  onClose(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearTimeout(this.#pendingStale);
    if (this.#closeFlags) this.#flags.close?.();
    return Promise.resolve();
  }

  resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    return Promise.resolve(this.#resolveBoolean(flagKey, defaultValue, context));
  }

  resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
  ): Promise<ResolutionDetails<string>> {
    return Promise.resolve(this.#typeMismatch(flagKey, defaultValue, 'string'));
  }

  resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
  ): Promise<ResolutionDetails<number>> {
    return Promise.resolve(this.#typeMismatch(flagKey, defaultValue, 'number'));
  }

  resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
  ): Promise<ResolutionDetails<T>> {
    return Promise.resolve(this.#typeMismatch(flagKey, defaultValue, 'object'));
  }

  /** `client.track(name, context, details)`: see RampProviderOptions.onTrack. */
  track(name: string, context: EvaluationContext, details: TrackingEventDetails): void {
    this.#tracking.track(name, context, details);
  }

  #resolveBoolean(
    key: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): ResolutionDetails<boolean> {
    const targetingKey: unknown = context.targetingKey;
    if (targetingKey !== undefined && typeof targetingKey !== 'string') {
      const message = `targetingKey must be a string (the session id), not ${typeof targetingKey}`;
      return failure(defaultValue, ErrorCode.INVALID_CONTEXT, message);
    }
    const evaluation = this.#flags.evaluate(key, targetingKey);
    const configError =
      evaluation.reason === Reason.ERROR ? this.#flags.getStatus(key).error : undefined;
    return toBooleanResolution({
      key,
      evaluation,
      defaultValue,
      hasTargetingKey: targetingKey !== undefined && targetingKey.trim() !== '',
      configError,
    });
  }

  #typeMismatch<T>(key: string, defaultValue: T, type: string): ResolutionDetails<T> {
    if (this.#flags.evaluate(key).reason === Reason.NOT_FOUND) {
      return flagNotFound(key, defaultValue);
    }
    const message = `flag ${key} is a boolean flag, not a ${type}: Ramp flags are on or off`;
    return failure(defaultValue, ErrorCode.TYPE_MISMATCH, message);
  }

  #onFlagsEvent(event: FlagsEvent): void {
    if (event.type === 'connection') {
      this.#connectionError = event.error;
      this.#onConnection(event.state);
      return;
    }
    if (!this.#initialized) return; // the start-up configuration is not a change
    this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: [...event.keys] });
    // A stream that opened before the ready timeout may bring its first snapshot after it.
    if (this.#status === 'error' && event.origin === 'remote' && this.#connection === 'connected') {
      this.#setStatus('ready');
    }
  }

  #onConnection(state: ConnectionState): void {
    this.#connection = state;
    if (!this.#initialized || state === 'connecting') return;
    this.#setStatus(state === 'connected' ? 'ready' : state);
  }

  #setStatus(status: Exclude<Status, 'not-ready'>): void {
    if (status === this.#status) return;
    this.#status = status;
    const message = this.#connectionError;
    switch (status) {
      case 'ready':
        this.events.emit(ProviderEvents.Ready);
        return;
      case 'stale':
        this.events.emit(ProviderEvents.Stale, message === undefined ? {} : { message });
        return;
      case 'error':
        this.events.emit(ProviderEvents.Error, message === undefined ? {} : { message });
        return;
    }
  }
}
