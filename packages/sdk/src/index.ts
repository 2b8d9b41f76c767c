export { FeatureFlags } from './feature-flags.js';
export type { FeatureFlagsOptions } from './options.js';
export type { FlagStatus, RollbackRecord, RemoteFlag } from './flag-state.js';
export type { Logger } from './logger.js';
export type { EventOptions, IncrementOptions, TrackOptions } from './metrics/metrics-reporter.js';
export type {
  ConfigOrigin,
  ConnectionState,
  FlagsEvent,
  FlagsListener,
  ReadyResult,
} from './remote/events.js';
export type { BackoffOptions } from './remote/backoff.js';
export type { Scheduler } from './remote/scheduler.js';
export { envKey, envNames, type FlagDefinition, type FlagsFile } from './config/definition.js';
export { readFlagsFile, findFlagsFile } from './config/flags-file.js';
export * from './engine/index.js';
