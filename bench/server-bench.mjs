// node bench/server-bench.mjs [--clients 1000] [--changes 20] [--duration 20] [--json]
//
// The control plane under load, on loopback: the server (startServer from @ramp/server, SQLite
// in a temp dir) runs in a child process; this process is the load generator.
//
//   1. memory: the child's RSS idle after start, after creating 100 flags, and the largest
//      sample (every 100 ms) during each load phase;
//   2. propagation: --clients SSE streams with an sdk token; once all have their snapshot,
//      --changes admin PATCHes one at a time (250 ms apart), each timed from the moment the
//      request is sent to the moment each stream reads its `change` event;
//   3. throughput: autocannon against POST /api/v1/evaluate for --duration seconds, once
//      evaluating every flag and once evaluating one, each request with its own sessionId.
//
// Prints markdown (or the raw figures with --json). Not a test: nothing here fails a build.
// Extra options: --connections 50 (autocannon), --gap 250 (ms between changes), --flags 100,
// --profile (runs the server with --cpu-prof and prints where its CPU time went; the profiler
// slows it down, so do not quote figures from a profiled run).

import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { closeAgent, ok } from './server/http.mjs';
import { cpuMeter, peakRssBytes, rssBytes, sampleRss } from './server/proc.mjs';
import { profileText, summarizeProfile } from './server/profile.mjs';
import { markdown } from './server/report.mjs';
import { openStreams, waitFor } from './server/sse-clients.mjs';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    changes: { type: 'string', default: '20' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    gap: { type: 'string', default: '250' },
    flags: { type: 'string', default: '100' },
    json: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});
const positive = (name, max) => {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    console.error(`bench: --${name} must be an integer from 1 to ${max}`);
    process.exit(2);
  }
  return value;
};
const options = {
  clients: positive('clients', 20_000),
  changes: positive('changes', 1_000),
  duration: positive('duration', 300),
  connections: positive('connections', 1_000),
  gapMs: positive('gap', 10_000),
  flags: positive('flags', 10_000),
};
const json = args.json;
const log = (message) => process.stderr.write(message + '\n');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const WARMUP_CHANGES = 2;
const WARMUP_SECONDS = 2;

if (process.platform !== 'linux') {
  console.error('bench: reads the server’s memory from /proc; Linux only');
  process.exit(1);
}
if (!existsSync(new URL('../packages/server/dist/index.js', import.meta.url))) {
  console.error('bench: packages/server/dist is missing; run `npx tsc -b` first');
  process.exit(1);
}

const loadAtStart = os.loadavg();
const machine = {
  cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
  cores: os.cpus().length,
  os: `Linux ${os.release()} ${process.arch}`,
  node: process.version,
  date: new Date().toISOString(),
  loadAtStart,
};
log(`# Control plane benchmark`);
log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}`);
log(`date: ${machine.date}`);
log(`load average: ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`);
if (loadAtStart[0] > 1) {
  log('warning: load average > 1 — the machine is shared with other work; figures will suffer');
}

// ---------------------------------------------------------------------------------------------
// The server, in a child process.

const dataDir = mkdtempSync(join(os.tmpdir(), 'ramp-server-bench-'));
const adminToken = `bench_admin_${randomBytes(16).toString('hex')}`;
const runner = fileURLToPath(new URL('./server/runner.mjs', import.meta.url));
const profileDir = args.profile ? join(dataDir, 'profile') : undefined;
const nodeFlags = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
const child = spawn(
  process.execPath,
  [...nodeFlags, runner, JSON.stringify({ dataDir, adminToken })],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
let childExited = false;
child.on('exit', () => (childExited = true));

// A run that hangs must not outlive its budget.
const budgetMs = (options.duration * 2 + WARMUP_SECONDS * 2 + 120) * 1000;
const watchdog = setTimeout(() => {
  log(`bench: still running after ${budgetMs / 1000} s; giving up`);
  child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}, budgetMs);
watchdog.unref();

async function stopServer() {
  if (childExited) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

const { url, pid } = await new Promise((resolve, reject) => {
  let text = '';
  const timer = setTimeout(() => reject(new Error('server did not start in 30 s')), 30_000);
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    text += chunk;
    const end = text.indexOf('\n');
    if (end !== -1) {
      clearTimeout(timer);
      resolve(JSON.parse(text.slice(0, end)));
    }
  });
  child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
});
log(`server: ${url} (pid ${pid})`);

let result;
try {
  result = await run(url, pid);
} finally {
  closeAgent();
  await stopServer();
  if (profileDir !== undefined && result !== undefined) {
    result.profile = summarizeProfile(profileDir);
    if (result.profile !== undefined) log(profileText(result.profile));
  }
  rmSync(dataDir, { recursive: true, force: true });
}
if (result !== undefined) result.baseline = await measureBaseline();

if (json) {
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} else {
  process.stdout.write('\n' + markdown(result) + '\n');
}

// ---------------------------------------------------------------------------------------------

async function run(url, pid) {
  const memory = {};
  await sleep(1000);
  memory.idleBytes = rssBytes(pid);

  const sdkToken = (
    await ok(url, 'POST', '/api/v1/tokens', {
      token: adminToken,
      body: { name: 'server-bench', scope: 'sdk' },
    })
  ).token;

  const keys = Array.from(
    { length: options.flags },
    (_, i) => `bench_flag_${String(i).padStart(4, '0')}`,
  );
  const createMs = [];
  for (const key of keys) {
    const sent = performance.now();
    await ok(url, 'POST', '/api/v1/flags', {
      token: adminToken,
      body: { key, enabled: true, percentage: 10, description: 'server benchmark flag' },
    });
    createMs.push(performance.now() - sent);
  }
  await sleep(1000);
  memory.afterFlagsBytes = rssBytes(pid);
  log(`created ${keys.length} flags (median ${median(createMs).toFixed(2)} ms each)`);

  const propagation = await measurePropagation(url, pid, sdkToken, keys[0], memory);

  const evaluate = [];
  const sampler = sampleRss(pid);
  evaluate.push(await measureEvaluate(url, pid, sdkToken, { label: `all ${keys.length} flags` }));
  evaluate.push(await measureEvaluate(url, pid, sdkToken, { label: 'one flag', flags: [keys[1]] }));
  memory.evaluateMaxBytes = sampler.stop().maxBytes;
  memory.peakBytes = peakRssBytes(pid);

  return {
    machine,
    options: { ...options, warmupChanges: WARMUP_CHANGES, warmupSeconds: WARMUP_SECONDS },
    flagCreateMedianMs: median(createMs),
    memory,
    propagation,
    evaluate,
  };
}

async function measurePropagation(url, pid, sdkToken, key, memory) {
  const sampler = sampleRss(pid);
  const connectStart = performance.now();
  const clients = await openStreams({ url, token: sdkToken, count: options.clients });
  const connectMs = performance.now() - connectStart;
  const open = clients.filter((c) => c.error === undefined && c.snapshot !== undefined);
  const errors = new Map();
  for (const c of clients) {
    if (c.error !== undefined) errors.set(c.error, (errors.get(c.error) ?? 0) + 1);
  }
  const openErrors = [...errors].map(([error, n]) => `${n}× ${error}`);
  log(
    `streams: ${open.length} of ${options.clients} have their snapshot after ${(connectMs / 1000).toFixed(1)} s` +
      (openErrors.length > 0 ? ` (errors: ${openErrors.join(', ')})` : ''),
  );
  if (open.length === 0) throw new Error('no stream could be opened');
  const revisions = new Set(open.map((c) => c.snapshot.revision));
  if (revisions.size !== 1) log(`warning: snapshots at different revisions: ${[...revisions]}`);
  let revision = Math.max(...revisions);

  let flag = await ok(url, 'GET', `/api/v1/flags/${key}`, { token: adminToken });
  let percentage = flag.percentage;
  const change = async () => {
    percentage = percentage >= 90 ? 11 : percentage + 1;
    const sent = performance.now();
    flag = await ok(url, 'PATCH', `/api/v1/flags/${key}`, {
      token: adminToken,
      body: { percentage, version: flag.version },
    });
    const replied = performance.now();
    revision++;
    return { revision, sent, replied, percentage };
  };
  const allHave = (rev) => () => open.every((c) => c.closed || c.changes.has(rev));

  // Warm-up changes, not counted: the first broadcast pays for JIT and lazy paths.
  for (let i = 0; i < WARMUP_CHANGES; i++) {
    const { revision: rev } = await change();
    await waitFor(allHave(rev), 5000);
    await sleep(options.gapMs);
  }

  const lagBefore = await propagationLag(url);
  const cpu = cpuMeter(pid);
  const sends = [];
  for (let i = 0; i < options.changes; i++) {
    sends.push(await change());
    await sleep(options.gapMs);
  }
  await waitFor(allHave(revision), 5000);
  const cpuUse = cpu.stop();
  memory.streamsMaxBytes = sampler.stop().maxBytes;
  const lagAfter = await propagationLag(url);
  // The server's own histogram: commit → the frame written to every open stream.
  const serverLag =
    lagBefore === undefined || lagAfter === undefined || lagAfter.count === lagBefore.count
      ? undefined
      : {
          count: lagAfter.count - lagBefore.count,
          meanMs: ((lagAfter.sum - lagBefore.sum) / (lagAfter.count - lagBefore.count)) * 1000,
        };

  // Every stream × change: arrival − send.
  const latencies = [];
  let missed = 0;
  const perChange = sends.map(({ revision: rev, sent, replied }) => {
    let first = Infinity;
    let last = -Infinity;
    for (const c of open) {
      const at = c.changes.get(rev);
      if (at === undefined) {
        missed++;
        continue;
      }
      latencies.push(at - sent);
      first = Math.min(first, at);
      last = Math.max(last, at);
    }
    return { commitMs: replied - sent, firstMs: first - sent, lastMs: last - sent };
  });
  // The payloads one stream received must be the changes made, in order.
  let wrongPayloads = 0;
  const checker = open[0];
  for (const { revision: rev, percentage: pct } of sends) {
    const data = checker.payloads.get(rev);
    if (data === undefined) continue;
    const event = JSON.parse(data);
    const changed = event.flags?.[0];
    if (event.revision !== rev || changed?.key !== key || changed?.percentage !== pct) {
      wrongPayloads++;
    }
  }
  const duplicates = open.reduce((n, c) => n + c.unexpected, 0);
  const stillOpen = open.filter((c) => !c.closed).length;
  for (const c of clients) c.close();

  latencies.sort((a, b) => a - b);
  const result = {
    opened: open.length,
    openErrors,
    connectMs,
    stillOpenAtEnd: stillOpen,
    samples: latencies.length,
    missed,
    duplicates,
    wrongPayloads,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    maxMs: latencies.at(-1),
    meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    breakdown: {
      commitMs: median(perChange.map((c) => c.commitMs)),
      firstMs: median(perChange.map((c) => c.firstMs)),
      lastMs: median(perChange.map((c) => c.lastMs)),
      worstLastMs: Math.max(...perChange.map((c) => c.lastMs)),
      serverCommitToWrittenMeanMs: serverLag?.meanMs,
      serverLagSamples: serverLag?.count,
      // CPU time per change over the measured changes: the server's (PATCH, commit, broadcast)
      // and this process's (the PATCH, and reading the event on every stream).
      serverCpuMsPerChange: (cpuUse.serverCores * cpuUse.wallSeconds * 1000) / options.changes,
      loadGeneratorCpuMsPerChange:
        (cpuUse.loadGeneratorCores * cpuUse.wallSeconds * 1000) / options.changes,
    },
    perChange,
    cpu: cpuUse,
  };
  log(
    `propagation: p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ` +
      `max ${result.maxMs.toFixed(2)} ms over ${latencies.length} arrivals; missed ${missed}`,
  );
  await sleep(500);
  return result;
}

async function measureEvaluate(url, pid, sdkToken, { label, flags }) {
  // One request by hand first: the answer must have the flags asked for.
  const probe = await ok(url, 'POST', '/api/v1/evaluate', {
    token: sdkToken,
    body: flags === undefined ? { sessionId: 'probe' } : { sessionId: 'probe', flags },
  });
  const answered = Object.keys(probe.flags ?? {}).length;
  const expected = flags === undefined ? options.flags : flags.length;
  if (answered !== expected) {
    throw new Error(`evaluate (${label}): expected ${expected} flags, got ${answered}`);
  }

  // Distinct session ids, made before timing; each request takes the next one.
  const ids = Array.from({ length: 1 << 16 }, () => randomUUID());
  let next = 0;
  const body = (sessionId) =>
    JSON.stringify(flags === undefined ? { sessionId } : { sessionId, flags });
  const cannon = (duration) =>
    autocannon({
      url,
      connections: options.connections,
      duration,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/evaluate',
          headers: { authorization: `Bearer ${sdkToken}`, 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: body(ids[next++ & 0xffff]) }),
        },
      ],
    });

  await cannon(WARMUP_SECONDS);
  const cpu = cpuMeter(pid);
  const r = await cannon(options.duration);
  const cpuUse = cpu.stop();
  const serverCpuSeconds = cpuUse.serverCores * cpuUse.wallSeconds;
  const result = {
    label,
    connections: options.connections,
    durationSeconds: options.duration,
    bodyNote:
      `POST /api/v1/evaluate with ${flags === undefined ? 'no `flags` (every flag)' : `\`flags: [one key]\``}` +
      `, a fresh \`sessionId\` per request (autocannon \`setupRequest\`, ${ids.length.toLocaleString('en-US')} pre-made UUIDs cycled)` +
      `, ${options.connections} connections, ${options.duration} s after a ${WARMUP_SECONDS} s warm-up`,
    requestsPerSec: r.requests.average,
    total: r.requests.total,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMaxMs: r.latency.max,
    latencyMeanMs: r.latency.average,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes: r.statusCodeStats,
    throughputBytesPerSec: r.throughput.average,
    // Load-independent figures: the server's CPU time per request, and the rate one fully
    // busy core would sustain at that cost (comparable with a peer's "per core" figure).
    serverCpuMsPerRequest: (serverCpuSeconds * 1000) / r.requests.total,
    requestsPerServerCoreSecond: r.requests.total / serverCpuSeconds,
    cpu: cpuUse,
  };
  log(
    `evaluate (${label}): ${Math.round(result.requestsPerSec)} req/s, p50 ${result.latencyP50Ms} ms, ` +
      `p99 ${result.latencyP99Ms} ms, errors ${result.errors}, non-2xx ${result.non2xx}, ` +
      `server ${cpuUse.serverCores.toFixed(2)} cores, generator ${cpuUse.loadGeneratorCores.toFixed(2)} cores`,
  );
  return result;
}

/**
 * The same load against a bare Fastify route in its own process (bench/server/baseline-runner.mjs):
 * the ceiling the framework, the sockets and the load generator leave on this machine.
 */
async function measureBaseline() {
  const baselineRunner = fileURLToPath(new URL('./server/baseline-runner.mjs', import.meta.url));
  const baseline = spawn(process.execPath, [baselineRunner], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const { url: baseUrl } = await new Promise((resolve, reject) => {
    baseline.stdout.setEncoding('utf8');
    baseline.stdout.once('data', (line) => resolve(JSON.parse(line)));
    baseline.once('exit', (code) =>
      reject(new Error(`baseline exited (${code}) before listening`)),
    );
  });
  const cannon = (duration) =>
    autocannon({
      url: baseUrl,
      connections: options.connections,
      duration,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/evaluate',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ sessionId: 'baseline', flags: ['bench_flag_0001'] }),
        },
      ],
    });
  try {
    await cannon(WARMUP_SECONDS);
    const r = await cannon(options.duration);
    const result = {
      requestsPerSec: r.requests.average,
      latencyP50Ms: r.latency.p50,
      latencyP99Ms: r.latency.p99,
      errors: r.errors + r.non2xx + r.timeouts,
    };
    log(
      `baseline (bare Fastify route, no work): ${Math.round(result.requestsPerSec)} req/s, ` +
        `p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms`,
    );
    return result;
  } finally {
    const exited = new Promise((resolve) => baseline.once('exit', resolve));
    baseline.kill('SIGTERM');
    await exited;
  }
}

/** The server's ramp_propagation_lag_seconds histogram (sum and count), from /metrics. */
async function propagationLag(url) {
  try {
    const text = await ok(url, 'GET', '/metrics', { token: adminToken });
    const sum = /^ramp_propagation_lag_seconds_sum(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1];
    const count = /^ramp_propagation_lag_seconds_count(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1];
    return sum === undefined || count === undefined
      ? undefined
      : { sum: Number(sum), count: Number(count) };
  } catch {
    return undefined;
  }
}

function median(values) {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Nearest-rank quantile of sorted values. */
function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
