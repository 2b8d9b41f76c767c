// npm run bench [-- --quick] [-- --json]
//
// Times one decision, flags.shouldUse(feature, sessionId), in the built @ramp/sdk against the
// plain node:crypto reference of DESIGN.md §2 and against unleash-client and GrowthBook running
// offline, over the same ids at the same percentages; then heap bytes per flag with 10,000
// flags loaded. Prints markdown (or JSON with --json). Not a test: nothing here fails a build.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { cycle, makeIds } from './ids.mjs';
import { markdown, TARGETS, verdict } from './report.mjs';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const json = args.has('--json');
const self = fileURLToPath(import.meta.url);

// gc() between measurements keeps one contender's garbage from being collected on another's
// clock; re-run this script with --expose-gc when it was started without it.
if (typeof global.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', self, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}

if (!existsSync(new URL('../packages/sdk/dist/esm/index.js', import.meta.url))) {
  console.error('bench: packages/sdk/dist is missing; run `npm run build` first');
  process.exit(1);
}

const { contenders, referenceDecision, rampFlags, REFERENCE_HASH } =
  await import('./contenders.mjs');

const CALLS = quick ? 100_000 : 1_000_000;
const HOT_IDS = 1_000;
const REPEATS = 5; // Ramp and the reference: the figures the targets are about
const PEER_REPEATS = 3; // unleash and growthbook: context, and the slowest ~1.5 µs a call
const PERCENTAGES = [10, 50];

const log = (message) => {
  if (!json) process.stderr.write(message + '\n');
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One timed pass over `ids`: wall-clock ns per call (the figure reported), CPU ns per call (to
 * tell a slow contender from a busy machine) and the share of calls that were on.
 */
function timeOnce(contender, subject, ids) {
  global.gc();
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const on = contender.run(subject, ids);
  const elapsed = process.hrtime.bigint() - start;
  const cpu = process.cpuUsage(cpuStart);
  return {
    ns: Number(elapsed) / ids.length,
    cpuNs: ((cpu.user + cpu.system) * 1000) / ids.length,
    share: on / ids.length,
  };
}

/** Wall time over CPU time of every timed pass: about 1 when the benchmark had a core to itself. */
function wallOverCpu(scenarios) {
  let wall = 0;
  let cpu = 0;
  for (const s of scenarios) {
    for (const r of Object.values(s.results)) {
      for (const ns of r.samples) wall += ns;
      for (const ns of r.cpuSamples) cpu += ns;
    }
  }
  return wall / cpu;
}

/** Which build was measured: the SDK is under active change, figures belong to one build. */
function sdkBuild() {
  const dist = new URL('../packages/sdk/dist/esm/', import.meta.url);
  const files = readdirSync(dist, { recursive: true })
    .filter((file) => file.endsWith('.js'))
    .sort();
  const digest = createHash('sha256');
  let newest = 0;
  for (const file of files) {
    digest.update(file).update(readFileSync(new URL(file, dist)));
    newest = Math.max(newest, statSync(new URL(file, dist)).mtimeMs);
  }
  let git = 'unknown';
  try {
    const run = (...argv) => execFileSync('git', argv, { encoding: 'utf8' }).trim();
    const dirty = run('status', '--porcelain', '--', 'packages/sdk/src') !== '';
    git = run('rev-parse', '--short', 'HEAD') + (dirty ? ' + uncommitted SDK changes' : '');
  } catch {
    // not a git checkout: the build time alone identifies the build
  }
  return {
    git,
    builtAt: new Date(newest).toISOString(),
    digest: digest.digest('hex').slice(0, 12),
  };
}

function heapFigures() {
  const heap = {};
  for (const library of ['ramp', 'unleash', 'growthbook']) {
    const script = fileURLToPath(new URL('./heap.mjs', import.meta.url));
    const out = execFileSync(process.execPath, ['--expose-gc', script, library], {
      encoding: 'utf8',
    });
    heap[library] = JSON.parse(out);
  }
  return heap;
}

/** Ramp must give the reference's answer for every id; checked outside the timing. */
function agreement(ids) {
  let same = 0;
  let checked = 0;
  for (const p of PERCENTAGES) {
    const flags = rampFlags(p);
    for (const id of ids) {
      checked++;
      if (flags.shouldUse('memory_system', id) === referenceDecision(p, id)) same++;
    }
  }
  return { same, checked };
}

async function main() {
  const started = Date.now();
  const sdk = sdkBuild();
  log('heap: 10,000 flags per library, each in a child process …');
  const heap = heapFigures();

  log(`ids: ${CALLS.toLocaleString('en-US')} distinct, ${HOT_IDS} hot …`);
  const distinct = makeIds(CALLS, 1);
  const hotSet = makeIds(HOT_IDS, 2);
  const hot = cycle(hotSet, CALLS);
  const warm = makeIds(CALLS / 10, 3);
  const hotPrelude = cycle(hotSet, 2 * HOT_IDS);

  const scenarios = [];
  for (const [ids, list, label] of [
    ['distinct', distinct, `distinct ids (${CALLS.toLocaleString('en-US')})`],
    ['hot', hot, `hot ids (${HOT_IDS.toLocaleString('en-US')} cycled)`],
  ]) {
    for (const p of PERCENTAGES) {
      scenarios.push({ name: `${label}, ${p} %`, ids, percentage: p, list, samples: {} });
    }
  }

  const subjects = new Map();
  for (const c of contenders) {
    for (const p of PERCENTAGES) subjects.set(`${c.key}:${p}`, await c.setup(p));
  }

  log('warm-up …');
  for (const c of contenders) {
    for (const p of PERCENTAGES) {
      const subject = subjects.get(`${c.key}:${p}`);
      c.run(subject, warm);
      c.run(subject, hot.slice(0, warm.length));
    }
  }

  // Rounds interleave contenders and scenarios, so a slow moment of the machine (another
  // process, a thermal dip) lands on everybody rather than on one column.
  for (let round = 1; round <= REPEATS; round++) {
    log(`round ${round}/${REPEATS} …`);
    for (const s of scenarios) {
      for (const c of contenders) {
        if (c.peer && round > PEER_REPEATS) continue;
        const subject = subjects.get(`${c.key}:${s.percentage}`);
        if (s.ids === 'hot') c.run(subject, hotPrelude); // the hot ids are hot when timing starts
        (s.samples[c.key] ??= []).push(timeOnce(c, subject, s.list));
      }
    }
  }

  for (const c of contenders) {
    for (const p of PERCENTAGES) c.close?.(subjects.get(`${c.key}:${p}`));
  }

  const run = {
    quick,
    calls: CALLS,
    hotIds: HOT_IDS,
    repeats: REPEATS,
    peerRepeats: PEER_REPEATS,
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
    },
    sdk: { ...sdk, rebuiltDuringRun: sdkBuild().digest !== sdk.digest },
    referenceHash: REFERENCE_HASH,
    agreement: agreement(distinct.slice(0, 10_000)),
    scenarios: scenarios.map(({ name, ids, percentage, samples }) => {
      const results = {};
      for (const [key, list] of Object.entries(samples)) {
        const values = list.map((x) => x.ns);
        const mid = median(values);
        results[key] = {
          nsPerCall: mid,
          cpuNsPerCall: median(list.map((x) => x.cpuNs)),
          share: list[0].share,
          spread: (Math.max(...values) - Math.min(...values)) / mid,
          samples: values,
          cpuSamples: list.map((x) => x.cpuNs),
        };
      }
      return { name, ids, percentage, results };
    }),
    heap,
    seconds: (Date.now() - started) / 1000,
  };
  for (const s of run.scenarios) {
    s.target = verdict(s);
    s.targetCpu = verdict(s, 'cpuNsPerCall');
  }
  run.wallOverCpu = wallOverCpu(run.scenarios);
  run.heap.ramp.targetMet = run.heap.ramp.bytesPerFlag <= TARGETS.heapBytesPerFlag;

  if (json) {
    process.stdout.write(JSON.stringify(run, null, 2) + '\n');
  } else {
    process.stdout.write(markdown(run) + '\n');
    log(`(${run.seconds.toFixed(0)} s)`);
  }
}

await main();
