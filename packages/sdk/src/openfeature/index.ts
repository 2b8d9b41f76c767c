/**
 * `@ramp/sdk/openfeature`: Ramp as an OpenFeature server provider. Needs the app's own
 * `@openfeature/server-sdk` (an optional peer dependency of @ramp/sdk); the main entry of
 * the SDK never loads it.
 *
 * @example
 * import { OpenFeature } from '@openfeature/server-sdk';
 * import { FeatureFlags } from '@ramp/sdk';
 * import { RampProvider } from '@ramp/sdk/openfeature';
 *
 * await OpenFeature.setProviderAndWait(new RampProvider(new FeatureFlags()));
 */
export { RampProvider, type RampFlags, type RampProviderOptions } from './ramp-provider.js';
export type { MetricsRecorder, TrackEvent } from './tracking.js';
export {
  Variant,
  openFeatureReason,
  rampMetadata,
  toBooleanResolution,
  type OpenFeatureReason,
  type ResolveInput,
} from './resolution.js';
