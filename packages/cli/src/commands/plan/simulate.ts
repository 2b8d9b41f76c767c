import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { rollouts } from '@ramp/server';
import type { Command } from 'commander';
import { parseWholeNumber } from '../../arguments.js';
import type { CliCommand, CommandContext } from '../../context.js';
import { addExamples } from '../../output/help.js';
import { writeJson } from '../../output/json.js';
import { invalidFile, loadPlan, readInputFile, writePathErrors } from './validate.js';

/** The seed when none is given, so two plain runs print the same timeline. */
export const DEFAULT_SEED = 1;
/** The simulator reads a seed as an unsigned 32-bit number. */
const MAX_SEED = 2 ** 32 - 1;

interface RawOptions {
  readonly scenario: string;
  readonly seed: string;
  readonly json?: boolean;
  readonly evidence?: boolean;
}

interface SimulationInput {
  readonly plan: rollouts.Plan;
  readonly scenario: rollouts.Scenario;
  readonly seed: number;
}

function loadScenario(context: CommandContext, file: string): rollouts.Scenario {
  const result = rollouts.parseScenario(readInputFile(context, file, 'scenario'));
  if (result.ok) return result.value;
  writePathErrors(context.io.stderr, result.errors);
  throw invalidFile(file, result.errors);
}

async function run(context: CommandContext, file: string, raw: RawOptions): Promise<void> {
  const seed = parseWholeNumber(raw.seed, '--seed', { min: 0, max: MAX_SEED });
  const input = {
    plan: loadPlan(context, file),
    scenario: loadScenario(context, raw.scenario),
    seed,
  };
  const { io } = context;
  // A day of simulated traffic takes seconds; on a terminal a spinner shows it is working.
  const timeline = io.isTTY
    ? await withSpinner(context, spinnerLabel(input), simulateInWorker(input))
    : rollouts.simulate(input.plan, input.scenario, { seed });
  if (raw.json === true) return writeJson(io.stdout, timeline);
  const evidence = raw.evidence === true ? 'all' : 'decisive';
  io.stdout.write(`${rollouts.formatTimeline(timeline, { evidence })}\n`);
}

function spinnerLabel({ plan, scenario, seed }: SimulationInput): string {
  return `simulating plan ${plan.name}, scenario ${scenario.name}, seed ${seed}`;
}

// `simulate` is synchronous, so a spinner drawn by this thread would freeze: the run goes to a
// worker, which imports the same built @ramp/server the CLI runs (plans, scenarios and
// timelines are plain data, so they cross as structured clones).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.server).then(({ rollouts }) => {
  const { plan, scenario, seed } = workerData;
  parentPort.postMessage(rollouts.simulate(plan, scenario, { seed }));
});
`;

function simulateInWorker(input: SimulationInput): Promise<rollouts.Timeline> {
  const server = pathToFileURL(createRequire(import.meta.url).resolve('@ramp/server')).href;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ...input, server } });
    worker.once('message', (timeline: rollouts.Timeline) => resolve(timeline));
    worker.once('error', reject);
    // After a message this is a no-op; before one, the worker died without a reply.
    worker.once('exit', (code) => reject(new Error(`the simulation stopped (exit ${code})`)));
  });
}

const FRAMES = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

/** Draws `⠋ label 2.3 s` on stderr, redrawn in place, until `work` settles; then erases it. */
async function withSpinner<T>(
  context: CommandContext,
  label: string,
  work: Promise<T>,
): Promise<T> {
  const { stderr } = context.io;
  const started = context.now();
  let frame = 0;
  const draw = (): void => {
    const seconds = ((context.now() - started) / 1000).toFixed(1);
    stderr.write(`\r${FRAMES.charAt(frame++ % FRAMES.length)} ${label} ${seconds} s`);
  };
  draw();
  const timer = setInterval(draw, 100);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    // ESC[2K clears the line, \r returns to its start.
    stderr.write('\r\u001b[2K');
  }
}

const examples = [
  'ramp plan simulate examples/memory-system-rollout.yaml --scenario examples/scenarios/healthy.yaml',
  'ramp plan simulate plan.yaml --scenario scenario.yaml --seed 7 --evidence',
  'ramp plan simulate plan.yaml --scenario scenario.yaml --json',
];

/** `ramp plan simulate PLAN --scenario SCENARIO`: the plan's decisions on synthetic traffic. */
export const simulateCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('simulate')
      .description('Run a plan against simulated traffic and print the timeline of decisions')
      .argument('<plan>', 'the plan file (YAML or JSON)')
      .requiredOption('--scenario <file>', 'the scenario file (docs/plans.md, "Scenario files")')
      .option(
        '--seed <n>',
        `the random seed, a whole number from 0 to ${MAX_SEED}`,
        String(DEFAULT_SEED),
      )
      .option(
        '--evidence',
        'print every gate and trigger under each decision, not only the decisive ones',
      )
      .option('--json', 'print the timeline as JSON (times in epoch ms, all evidence)')
      .action((file: string, raw: RawOptions) => run(context, file, raw))
      .addHelpText(
        'after',
        '\nThe run is in virtual time; the same seed gives the same timeline.\n' +
          'Exit status: 0 whatever the rollout decided; 1 a file is invalid, its errors on stderr\n' +
          'as "path: expected …"; 2 a bad option, or a file that cannot be read.',
      );
    return addExamples(command, examples);
  },
};
