export { sha256First32 } from './sha256.js';
export { DEFAULT_SESSION_ID, normalizeSessionId } from './session.js';
export {
  BASIS_POINTS,
  isValidPercentage,
  parseBoolean,
  parsePercentage,
  toBasisPoints,
} from './percentage.js';
export { bucketOf, hashBucket, hashValue, positionOf } from './bucket.js';
export {
  Reason,
  evaluate,
  type EvaluateOptions,
  type Evaluation,
  type FlagConfig,
  type FlagLookup,
  type FlagSource,
} from './evaluate.js';
export { configFromWireFlag, type WireFlag } from './wire-flag.js';
