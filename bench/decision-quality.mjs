// node bench/decision-quality.mjs [--runs 1000] [--seed 1] [--json]
//
// How good the rollout controller's automatic decisions are, by simulation, with the built
// @ramp/server (`npx tsc -b` first): `rollouts.decisionQuality({ runs, seed })` runs `runs` A/A
// rollouts (ON = OFF, 1% errors, each to completion) and `runs` regressions (ON 2% vs OFF 1%
// errors at 10% exposure, 1,000 sessions a minute), and this prints the figures against their
// targets as markdown (or JSON with --json). The figures depend only on --runs and --seed, not on
// the machine; the machine only sets how long it takes (about a minute for 1,000 runs).
// Not a test: nothing here fails a build. See docs/BENCHMARKS.md, "Rollout decision quality".

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

if (!existsSync(new URL('../packages/server/dist/index.js', import.meta.url))) {
  console.error('bench: packages/server/dist is missing; run `npx tsc -b` first');
  process.exit(1);
}
const { rollouts } = await import('@ramp/server');

async function main() {
  const options = readOptions(process.argv.slice(2));
  const started = Date.now();
  // decisionQuality is synchronous: on a terminal it runs in a worker so a spinner can turn.
  const quality = process.stderr.isTTY
    ? await withSpinner(`${options.runs.toLocaleString('en-US')} runs, seed ${options.seed}`, () =>
        inWorker(options),
      )
    : rollouts.decisionQuality(options);
  const report = { ...describeRun(options, Date.now() - started), quality, met: verdicts(quality) };
  console.log(options.json ? JSON.stringify(report, null, 2) : markdown(report));
}

function readOptions(argv) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        runs: { type: 'string', default: '1000' },
        seed: { type: 'string', default: '1' },
        json: { type: 'boolean', default: false },
      },
    });
    return {
      runs: wholeNumber(values.runs, '--runs', 1, 1_000_000),
      seed: wholeNumber(values.seed, '--seed', 0, 2 ** 32 - 1),
      json: values.json,
    };
  } catch (err) {
    console.error(`bench: ${err.message}`);
    process.exit(2);
  }
}

function wholeNumber(text, option, min, max) {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`${option} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function inWorker(options) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { runs: options.runs, seed: options.seed },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker stopped (exit ${code})`)));
  });
}

async function withSpinner(label, work) {
  const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
  const started = Date.now();
  let frame = 0;
  const draw = () => {
    const seconds = Math.round((Date.now() - started) / 1000);
    process.stderr.write(
      `\r${frames[frame++ % frames.length]} decision quality: ${label}, ${seconds} s`,
    );
  };
  draw();
  const timer = setInterval(draw, 250);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    process.stderr.write('\r\u001b[2K');
  }
}

function describeRun(options, elapsedMs) {
  const cpus = os.cpus();
  return {
    command: ['node bench/decision-quality.mjs', ...process.argv.slice(2)].join(' '),
    date: new Date().toISOString(),
    machine: `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`,
    git: gitRevision(),
    runs: options.runs,
    seed: options.seed,
    elapsedMs,
  };
}

function gitRevision() {
  try {
    const git = (...argv) => execFileSync('git', argv, { encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', 'packages/server/src/features/rollouts') !== '';
    return git('rev-parse', '--short', 'HEAD') + (dirty ? ' + uncommitted rollout changes' : '');
  } catch {
    return 'unknown'; // not a git checkout
  }
}

function verdicts(q) {
  return {
    falseRollback: q.falseRollback.rate <= q.falseRollback.target,
    detection: q.detection.rate >= q.detection.target,
  };
}

const count = (n) => n.toLocaleString('en-US');
const percent = (share) => `${Number((share * 100).toFixed(2))}%`;

function markdown({ quality: q, met, ...run }) {
  const { falseRollback: f, detection: d } = q;
  const median = d.medianMinutes === null ? 'none detected' : `median ${d.medianMinutes} min`;
  const rows = [
    ['measure', 'target', `${count(q.runs)} runs, seed ${run.seed}`, 'met?'],
    ['---', '---', '---', '---'],
    [
      'false rollbacks in A/A rollouts (ON = OFF, 1% errors, each to completion)',
      `≤ ${percent(f.target)}`,
      `${percent(f.rate)} (${count(f.rollbacks)} of ${count(q.runs)}; ${count(f.completed)} completed)`,
      met.falseRollback ? 'met' : '**not met**',
    ],
    [
      'ON 2% vs OFF 1% errors at 10% exposure, 1,000 sessions/min: rolled back within 60 min',
      `≥ ${percent(d.target)}`,
      `${percent(d.rate)} (${count(d.detected)} of ${count(q.runs)}; ${median})`,
      met.detection ? 'met' : '**not met**',
    ],
  ];
  return [
    `- Command: \`${run.command}\``,
    `- Machine: ${run.machine}`,
    `- Date: ${run.date}`,
    `- Build: git ${run.git}`,
    `- Took: ${(run.elapsedMs / 1000).toFixed(1)} s`,
    '',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
}

// Last, so every helper above is initialised. On a terminal this file is its own worker too.
if (isMainThread) await main();
else parentPort.postMessage(rollouts.decisionQuality(workerData));
