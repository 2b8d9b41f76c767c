import type { EvaluateResult, FlagEvaluation, Snapshot } from '@ramp/api';
import {
  configFromWireFlag,
  evaluate,
  normalizeSessionId,
  type FlagConfig,
} from '@ramp/sdk/engine';
import { invalidField } from '../../http/app-error.js';

/** Longest session id the API accepts, in UTF-8 bytes. */
export const MAX_SESSION_ID_BYTES = 1024;

/**
 * Decides flags for one session with the SDK's engine, exactly as an SDK holding this
 * snapshot would. Unknown keys come back off with reason NOT_FOUND.
 */
export function evaluateSnapshot(
  snapshot: Snapshot,
  sessionId: string | null,
  keys?: readonly string[],
): EvaluateResult {
  if (sessionId !== null && Buffer.byteLength(sessionId, 'utf8') > MAX_SESSION_ID_BYTES) {
    throw invalidField('sessionId', `must be at most ${MAX_SESSION_ID_BYTES} bytes (UTF-8)`);
  }
  const configs = configsOf(snapshot);
  const lookup = (key: string) => configs.get(key);
  const session = normalizeSessionId(sessionId);
  const flags: Record<string, FlagEvaluation> = {};
  for (const key of keys ?? configs.keys()) {
    const { enabled, reason, bucket, percentage } = evaluate(configs.get(key), session, { lookup });
    flags[key] = { enabled, reason, bucket, percentage };
  }
  return { sessionId: session, revision: snapshot.revision, flags };
}

/** Engine configs per snapshot: built once, since a snapshot serves many requests. */
const compiled = new WeakMap<Snapshot, ReadonlyMap<string, FlagConfig>>();

function configsOf(snapshot: Snapshot): ReadonlyMap<string, FlagConfig> {
  let configs = compiled.get(snapshot);
  if (configs === undefined) {
    const killed = snapshot.killAll.active;
    configs = new Map(snapshot.flags.map((flag) => [flag.key, configFromWireFlag(flag, killed)]));
    compiled.set(snapshot, configs);
  }
  return configs;
}
