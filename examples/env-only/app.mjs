// A small app that picks the new or the legacy code path per session.
//
//   MEMORY_SYSTEM_ENABLED=true MEMORY_ROLLOUT_PERCENTAGE=10 node app.mjs
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FeatureFlags } from '@ramp/sdk';

// Env vars, plus ramp.flags.yaml from this folder (an app would use its working directory).
const flags = new FeatureFlags({ cwd: dirname(fileURLToPath(import.meta.url)) });

function recall(sessionId) {
  return flags.shouldUse('memory_system', sessionId)
    ? `new memory system for ${sessionId}`
    : `legacy store for ${sessionId}`;
}

let newPath = 0;
const sessions = 1000;
for (let i = 1; i <= sessions; i++) {
  if (recall(`session-${i}`).startsWith('new')) newPath++;
}

console.log(recall('session-42'));
console.log(`memory_system: ${newPath}/${sessions} sessions on the new path`);
console.log(`party_mode for session-42: ${flags.shouldUse('party_mode', 'session-42')}`);

if (process.env.SIMULATE_INCIDENT === 'true') {
  flags.rollback('memory_system', 'p95 latency above 500 ms for 10 minutes');
  console.log(`after rollback: ${recall('session-42')}`);
}

console.log(JSON.stringify(flags.getAllStatus(), null, 2));
