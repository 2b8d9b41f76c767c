// The control plane under test, in its own process (its RSS is its own, and the load
// generator does not share its event loop). Started by bench/server-bench.mjs with one JSON
// argument { dataDir, adminToken, databaseUrl?, leaderPollMs? }; prints one JSON line { url, pid } once listening, and
// closes on SIGTERM/SIGINT or when its stdin ends (the parent went away).

import { startServer } from '@ramp/server';

const { dataDir, adminToken, databaseUrl, leaderPollMs } = JSON.parse(process.argv[2] ?? '{}');
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  databaseUrl,
  leaderPollMs,
  adminToken,
  logger: false,
  env: {},
});
process.stdout.write(JSON.stringify({ url: server.url, pid: process.pid }) + '\n');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  try {
    await server.close();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
