// node bench/load-test.mjs [--replicas 1] [--duration 300] [--clients 1000] [--json]
//
// The control plane under sustained mixed load, on loopback, for a bounded time:
//
//   - --replicas server processes (startServer from @ramp/server): one replica uses SQLite in a
//     temp dir; more share one PostgreSQL (DATABASE_URL, else the local test database) in a
//     fresh schema dropped afterwards;
//   - --clients SSE streams with an sdk token, spread evenly over the replicas;
//   - for --duration seconds, at the same time: evaluate requests (--evaluate-rate per second
//     in all, a fresh sessionId each), metric batches (--metrics-rate per second, 20 items
//     each), and a flag change every --change-every seconds, written to the replicas in turn;
//     each change is timed from the PATCH being sent to its event arriving on every stream.
//
// Reports errors of every kind (they must be 0), p50/p99 latencies per kind of request,
// propagation p50/p99 over every stream and change, and each replica's RSS (idle and the
// largest sample). Prints markdown, or the raw figures with --json. A watchdog ends a run that
// goes past its budget. Not a test: nothing here fails a build.

import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { closeAgent, ok } from './server/http.mjs';
import { rssBytes, sampleRss } from './server/proc.mjs';
import { openStreams, waitFor } from './server/sse-clients.mjs';

const { values: args } = parseArgs({
  options: {
    replicas: { type: 'string', default: '1' },
    duration: { type: 'string', default: '300' },
    clients: { type: 'string', default: '1000' },
    'evaluate-rate': { type: 'string', default: '500' },
    'metrics-rate': { type: 'string', default: '50' },
    'change-every': { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const integer = (name, min, max) => {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`load-test: --${name} must be an integer from ${min} to ${max}`);
    process.exit(2);
  }
  return value;
};
const options = {
  replicas: integer('replicas', 1, 5),
  duration: integer('duration', 10, 600),
  clients: integer('clients', 1, 10_000),
  evaluateRate: integer('evaluate-rate', 1, 20_000),
  metricsRate: integer('metrics-rate', 1, 2_000),
  changeEvery: integer('change-every', 1, 60),
};
const log = (message) => process.stderr.write(message + '\n');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const FLAGS = 20;

if (process.platform !== 'linux') {
  console.error('load-test: reads the servers’ memory from /proc; Linux only');
  process.exit(1);
}
if (!existsSync(new URL('../packages/server/dist/index.js', import.meta.url))) {
  console.error('load-test: packages/server/dist is missing; run `npx tsc -b` first');
  process.exit(1);
}

const machine = {
  cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
  cores: os.cpus().length,
  node: process.version,
  date: new Date().toISOString(),
  loadAtStart: os.loadavg(),
};
log(
  `# Load test: ${options.replicas} replica(s), ${options.clients} streams, ${options.duration} s`,
);
log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);

// ---------------------------------------------------------------------------------------------
// The replicas, each in its own process, and where they keep their data.

const adminToken = `load_admin_${randomBytes(16).toString('hex')}`;
const dataDir = mkdtempSync(join(os.tmpdir(), 'ramp-load-'));
const postgresUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = options.replicas > 1 ? `ramp_load_${randomBytes(4).toString('hex')}` : undefined;
const children = [];

const budgetMs = (options.duration + 180) * 1000;
const watchdog = setTimeout(() => {
  log(`load-test: still running after ${budgetMs / 1000} s; giving up`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
}, budgetMs);
watchdog.unref();

async function adminQuery(text) {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function startReplica() {
  const runner = fileURLToPath(new URL('./server/runner.mjs', import.meta.url));
  const config = { dataDir, adminToken };
  if (schema !== undefined) {
    const separator = postgresUrl.includes('?') ? '&' : '?';
    config.databaseUrl = `${postgresUrl}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }
  const child = spawn(process.execPath, [runner, JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end !== -1) resolve({ ...JSON.parse(text.slice(0, end)), child });
    });
    child.on('exit', (code) => reject(new Error(`replica exited (${code}) before listening`)));
  });
}

async function stopReplicas() {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }),
  );
}

let result;
try {
  if (schema !== undefined) await adminQuery(`create schema ${schema}`);
  // The first replica migrates; the others start together after it.
  const first = await startReplica();
  const replicas = [
    first,
    ...(await Promise.all(Array.from({ length: options.replicas - 1 }, startReplica))),
  ];
  log(`replicas: ${replicas.map((r) => `${r.url} (pid ${r.pid})`).join(', ')}`);
  result = await run(replicas);
} finally {
  closeAgent();
  await stopReplicas();
  if (schema !== undefined) await adminQuery(`drop schema if exists ${schema} cascade`);
  rmSync(dataDir, { recursive: true, force: true });
}

if (args.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
else process.stdout.write('\n' + markdown(result) + '\n');

// ---------------------------------------------------------------------------------------------

async function run(replicas) {
  const urls = replicas.map((r) => r.url);
  await sleep(1000);
  const idleRss = replicas.map((r) => rssBytes(r.pid));
  const sdkToken = (
    await ok(urls[0], 'POST', '/api/v1/tokens', {
      token: adminToken,
      body: { name: 'load-test', scope: 'sdk' },
    })
  ).token;
  const keys = Array.from({ length: FLAGS }, (_, i) => `load_flag_${i}`);
  for (const key of keys) {
    await ok(urls[0], 'POST', '/api/v1/flags', {
      token: adminToken,
      body: { key, enabled: true, percentage: 50 },
    });
  }

  // Streams, spread over the replicas.
  const connectStart = performance.now();
  const perReplica = urls.map(
    (_, i) =>
      Math.floor(options.clients / urls.length) + (i < options.clients % urls.length ? 1 : 0),
  );
  const clients = (
    await Promise.all(
      urls.map((url, i) => openStreams({ url, token: sdkToken, count: perReplica[i] })),
    )
  ).flat();
  const open = clients.filter((c) => c.error === undefined && c.snapshot !== undefined);
  const connectSeconds = (performance.now() - connectStart) / 1000;
  log(`streams: ${open.length} of ${options.clients} open in ${connectSeconds.toFixed(1)} s`);

  const samplers = replicas.map((r) => sampleRss(r.pid, 500));
  const started = performance.now();
  const [evaluate, metrics, changes] = await Promise.all([
    cannons(urls, 'evaluate', options.evaluateRate, (cycle) => ({
      method: 'POST',
      path: '/api/v1/evaluate',
      headers: { authorization: `Bearer ${sdkToken}`, 'content-type': 'application/json' },
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify({ sessionId: cycle() }),
      }),
    })),
    cannons(urls, 'metrics', options.metricsRate, () => ({
      method: 'POST',
      path: '/api/v1/metrics',
      headers: { authorization: `Bearer ${sdkToken}`, 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: JSON.stringify(metricBatch()) }),
    })),
    changeLoop(urls, keys[0], open),
  ]);
  const wallSeconds = (performance.now() - started) / 1000;
  const maxRss = samplers.map((s) => s.stop().maxBytes);

  // Every stream must have every change, exactly once and in order.
  let missed = 0;
  const latencies = [];
  for (const change of changes.sent) {
    for (const client of open) {
      const at = client.changes.get(change.revision);
      if (at === undefined) missed++;
      else latencies.push(at - change.sentAt);
    }
  }
  latencies.sort((a, b) => a - b);
  const dropped = open.filter((c) => c.closed).length;
  const outOfOrder = open.reduce((n, c) => n + c.unexpected, 0);
  for (const client of clients) client.close();

  return {
    machine,
    options,
    wallSeconds,
    streams: {
      opened: open.length,
      connectSeconds,
      openErrors: clients.length - open.length,
      droppedDuringRun: dropped,
    },
    evaluate,
    metrics,
    changes: {
      count: changes.sent.length,
      errors: changes.errors,
      patchP99Ms: quantile(
        changes.sent.map((c) => c.replyMs).sort((a, b) => a - b),
        0.99,
      ),
    },
    propagation: {
      arrivals: latencies.length,
      missed,
      outOfOrder,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      maxMs: latencies.at(-1),
    },
    rss: replicas.map((r, i) => ({ pid: r.pid, idleBytes: idleRss[i], maxBytes: maxRss[i] })),
  };
}

/** One rate-limited autocannon per replica, sharing `rate`; summed results. */
async function cannons(urls, label, rate, request) {
  const ids = Array.from({ length: 1 << 14 }, () => randomUUID());
  let next = 0;
  const cycle = () => ids[next++ & 0x3fff];
  const runs = await Promise.all(
    urls.map((url) =>
      autocannon({
        url,
        connections: 32,
        duration: options.duration,
        overallRate: Math.max(1, Math.round(rate / urls.length)),
        requests: [request(cycle)],
      }),
    ),
  );
  const sum = (f) => runs.reduce((n, r) => n + f(r), 0);
  const total = sum((r) => r.requests.total);
  const summary = {
    total,
    perSecond: total / options.duration,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    // The worst replica's percentile (autocannon keeps one histogram per run).
    p50Ms: Math.max(...runs.map((r) => r.latency.p50)),
    p99Ms: Math.max(...runs.map((r) => r.latency.p99)),
    maxMs: Math.max(...runs.map((r) => r.latency.max)),
  };
  log(
    `${label}: ${Math.round(summary.perSecond)}/s, p99 ${summary.p99Ms} ms, errors ` +
      `${summary.errors + summary.timeouts + summary.non2xx}`,
  );
  return summary;
}

/** A batch as an SDK sends it: latencies per cohort, a counter, exposures. */
function metricBatch() {
  const at = Date.now();
  const observations = Array.from({ length: 16 }, (_, i) => ({
    metric: 'latency_ms',
    value: 20 + ((i * 37) % 200),
    at,
    cohorts: { load_flag_0: i % 2 === 0 ? 'on' : 'off' },
  }));
  return {
    sentAt: at,
    observations,
    counters: [
      { metric: 'requests', count: 16, at, cohorts: { load_flag_0: 'on' } },
      { metric: 'errors', count: 1, at, cohorts: { load_flag_0: 'off' } },
    ],
    exposures: [
      { flag: 'load_flag_0', cohort: 'on', count: 8, at },
      { flag: 'load_flag_0', cohort: 'off', count: 8, at },
    ],
  };
}

/** A change every --change-every seconds, on the replicas in turn, until the time is up. */
async function changeLoop(urls, key, open) {
  const sent = [];
  let errors = 0;
  let percentage = 50;
  const end = performance.now() + options.duration * 1000;
  for (let i = 0; performance.now() < end; i++) {
    await sleep(options.changeEvery * 1000);
    const url = urls[i % urls.length];
    percentage = percentage >= 90 ? 11 : percentage + 1;
    const sentAt = performance.now();
    try {
      await ok(url, 'PATCH', `/api/v1/flags/${key}`, {
        token: adminToken,
        body: { percentage },
      }).catch(async () => {
        // Without a version the server asks for one (428): read it, then write.
        const current = await ok(url, 'GET', `/api/v1/flags/${key}`, { token: adminToken });
        return ok(url, 'PATCH', `/api/v1/flags/${key}`, {
          token: adminToken,
          body: { percentage, version: current.version },
        });
      });
      const replyMs = performance.now() - sentAt;
      const revision = await revisionOf(url);
      sent.push({ revision, sentAt, replyMs });
    } catch (error) {
      errors++;
      log(`change failed: ${error.message}`);
    }
  }
  const last = sent.at(-1)?.revision;
  if (last !== undefined) {
    await waitFor(() => open.every((c) => c.closed || c.changes.has(last)), 5000);
  }
  return { sent, errors };
}

async function revisionOf(url) {
  const snapshot = await ok(url, 'GET', '/api/v1/snapshot', { token: adminToken });
  return snapshot.revision;
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function markdown(r) {
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const ms = (v) => (v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(v < 10 ? 2 : 1));
  const errors = (s) => s.errors + s.timeouts + s.non2xx;
  const storage = r.options.replicas === 1 ? 'SQLite' : 'PostgreSQL';
  const lines = [
    `- ${r.options.replicas} replica(s) on ${storage}; ${r.options.clients} SSE streams; ` +
      `${r.options.duration} s; ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}; ` +
      `load average at start ${r.machine.loadAtStart.map((l) => l.toFixed(2)).join(', ')}; ${r.machine.date}`,
    `- Command: \`node bench/load-test.mjs --replicas ${r.options.replicas} --duration ${r.options.duration} ` +
      `--clients ${r.options.clients} --evaluate-rate ${r.options.evaluateRate} --metrics-rate ${r.options.metricsRate}\``,
    '',
    '| Traffic | Rate | Errors | p50 | p99 | max |',
    '| --- | --- | --- | --- | --- | --- |',
    `| POST /api/v1/evaluate | ${r.evaluate.perSecond.toFixed(0)}/s | ${errors(r.evaluate)} | ${ms(r.evaluate.p50Ms)} ms | ${ms(r.evaluate.p99Ms)} ms | ${ms(r.evaluate.maxMs)} ms |`,
    `| POST /api/v1/metrics (20 items) | ${r.metrics.perSecond.toFixed(0)}/s | ${errors(r.metrics)} | ${ms(r.metrics.p50Ms)} ms | ${ms(r.metrics.p99Ms)} ms | ${ms(r.metrics.maxMs)} ms |`,
    `| PATCH a flag | every ${r.options.changeEvery} s (${r.changes.count}) | ${r.changes.errors} | | ${ms(r.changes.patchP99Ms)} ms | |`,
    `| Propagation to every stream | ${r.propagation.arrivals} arrivals | ${r.propagation.missed} missed, ${r.propagation.outOfOrder} out of order | ${ms(r.propagation.p50Ms)} ms | ${ms(r.propagation.p99Ms)} ms | ${ms(r.propagation.maxMs)} ms |`,
    `| SSE streams | ${r.streams.opened} open in ${r.streams.connectSeconds.toFixed(1)} s | ${r.streams.openErrors} failed to open, ${r.streams.droppedDuringRun} dropped | | | |`,
    '',
    `Server RSS per replica (idle → largest sample): ${r.rss.map((x) => `${mib(x.idleBytes)} → ${mib(x.maxBytes)}`).join('; ')}`,
  ];
  return lines.join('\n');
}
