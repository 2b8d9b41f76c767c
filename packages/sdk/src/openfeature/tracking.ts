import {
  GeneralError,
  type EvaluationContext,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import type { Logger } from '../logger.js';

/**
 * One `client.track(name, context, details)` call, as the provider hands it on.
 *
 * @example
 * const onTrack = (event: TrackEvent) => metrics.record(event.name, event.value ?? 1, event.sessionId);
 */
export interface TrackEvent {
  readonly name: string;
  /** The context's targetingKey: the session the metric belongs to. */
  readonly sessionId: string | undefined;
  /** `details.value`, when it is a number. */
  readonly value: number | undefined;
  readonly details: TrackingEventDetails;
  readonly context: EvaluationContext;
}

/**
 * What the provider needs of FeatureFlags to record `client.track` (its `track` and
 * `increment`: tagged with the session's cohorts and sent to the control plane in remote
 * mode, a no-op in local mode). Optional, so a test double may leave them out.
 *
 * @example
 * const recorder: MetricsRecorder = { increment: (metric, { sessionId }) => count(metric, sessionId) };
 */
export interface MetricsRecorder {
  track?(metric: string, value: number, tags: { readonly sessionId?: string }): void;
  increment?(metric: string, tags: { readonly sessionId?: string }): void;
}

export interface TrackingOptions {
  readonly onTrack?: ((event: TrackEvent) => void) | undefined;
  readonly logger: Logger;
}

/**
 * Hands `client.track` calls to `onTrack` when given, else to FeatureFlags (`flags.track` for
 * events with a numeric value, `flags.increment` for the others). Warns once when neither
 * exists, so a missing recorder is never silent.
 */
export class Tracking {
  readonly #options: TrackingOptions;
  readonly #recorder: MetricsRecorder;
  #warned = false;

  constructor(recorder: MetricsRecorder, options: TrackingOptions) {
    this.#recorder = recorder;
    this.#options = options;
  }

  track(name: unknown, context: EvaluationContext, details: TrackingEventDetails): void {
    if (typeof name !== 'string' || name.trim() === '') {
      // The SDK catches this and logs it; nothing is recorded.
      throw new GeneralError('track: the event name must be a non-empty string');
    }
    const sessionId = typeof context.targetingKey === 'string' ? context.targetingKey : undefined;
    const value = typeof details.value === 'number' ? details.value : undefined;
    const { onTrack } = this.#options;
    if (onTrack !== undefined) {
      onTrack({ name, sessionId, value, details, context });
      return;
    }
    const tags = sessionId === undefined ? {} : { sessionId };
    const recorder = this.#recorder;
    if (value !== undefined && typeof recorder.track === 'function') {
      recorder.track(name, value, tags);
    } else if (typeof recorder.increment === 'function') {
      recorder.increment(name, tags);
    } else if (!this.#warned) {
      this.#warned = true;
      this.#options.logger.warn(
        `OpenFeature track("${name}") is dropped: pass onTrack to RampProvider ` +
          '(the flags object has no track or increment method)',
      );
    }
  }
}
