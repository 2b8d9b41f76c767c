// The staleness rule lives in @ramp/api, shared with `ramp flags stale`. It is imported from
// its own subpath rather than the package root: the root also exports the TypeBox schemas,
// which would add ~44 kB to the bundle (the dashboard otherwise imports only types from it).
export {
  DEFAULT_STALE_DAYS,
  staleFlags,
  staleKind,
  type StaleCandidate,
  type StaleFlag,
  type StaleKind,
  type StaleOptions,
} from '@ramp/api/stale';
