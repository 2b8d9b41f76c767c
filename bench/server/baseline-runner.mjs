// A floor for the evaluate figures: a bare Fastify route that answers POST /api/v1/evaluate
// with a fixed reply of the same shape and does no work (no auth, no validation, no
// evaluation), in its own process like the real server. Under the same load it shows how much
// of the evaluate figure is the framework, the sockets and the load generator on this machine.
// Prints one JSON line { url, pid } once listening; closes on SIGTERM or when stdin ends.

import Fastify from 'fastify';

const reply = {
  sessionId: 'baseline',
  revision: 1,
  flags: { bench_flag_0001: { enabled: false, reason: 'ROLLOUT_OUT', bucket: 57, percentage: 10 } },
};
const app = Fastify({ logger: false });
app.post('/api/v1/evaluate', () => reply);
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(JSON.stringify({ url, pid: process.pid }) + '\n');

const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
