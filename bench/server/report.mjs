// Turns the raw figures of a control-plane run into the markdown printed by server-bench.mjs.

export const TARGETS = {
  propagationP99Ms: 100,
  evaluateReqPerSec: 20_000,
  evaluateP99Ms: 10,
};

export const PEERS = {
  unleashFrontendReqPerSecPerCore: 2_000,
  unleashIdleRssMiB: 143,
};

const mib = (bytes) => (bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
const ms = (value) =>
  value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(value < 10 ? 2 : 1);
const int = (value) => (value === undefined ? 'n/a' : Math.round(value).toLocaleString('en-US'));
const met = (ok) => (ok ? 'met' : '**not met**');

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function evaluateOk(run) {
  return (
    run.requestsPerSec >= TARGETS.evaluateReqPerSec &&
    run.latencyP99Ms < TARGETS.evaluateP99Ms &&
    run.errors + run.non2xx + run.timeouts === 0
  );
}

export function markdown(result) {
  const { machine, options, propagation: p, evaluate, memory } = result;
  const out = [];
  out.push(
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}`,
  );
  out.push(`- Date: ${machine.date}`);
  out.push(
    `- Load average at start: ${machine.loadAtStart.map((l) => l.toFixed(2)).join(', ')}` +
      (machine.loadAtStart[0] > 1 ? ' — **the machine was busy; figures may be pessimistic**' : ''),
  );
  out.push(
    `- Command: \`node bench/server-bench.mjs --clients ${options.clients} --changes ${options.changes} --duration ${options.duration}\`` +
      ` (${options.flags} flags in the store, SQLite in a temp dir, server in a child process)`,
  );
  out.push('');

  const streamsOk = p.opened === options.clients;
  const propOk = p.p99Ms < TARGETS.propagationP99Ms;
  const missedOk = p.missed === 0 && p.wrongPayloads === 0 && p.duplicates === 0;
  const rows = [
    [
      'SSE streams open with their snapshot',
      `${int(p.opened)} of ${int(options.clients)}` +
        (p.openErrors.length > 0 ? ` (errors: ${p.openErrors.join(', ')})` : '') +
        ` in ${(p.connectMs / 1000).toFixed(1)} s`,
      `${int(options.clients)}`,
      met(streamsOk),
      '',
    ],
    [
      `change → SSE arrival, p50 / p99 / max (${int(p.samples)} = streams × changes)`,
      `${ms(p.p50Ms)} / ${ms(p.p99Ms)} / ${ms(p.maxMs)} ms`,
      `p99 < ${TARGETS.propagationP99Ms} ms`,
      met(propOk),
      '',
    ],
    [
      'change events missed (+ duplicated, wrong payload)',
      `${int(p.missed)} (+ ${int(p.duplicates)}, ${int(p.wrongPayloads)})`,
      '0',
      met(missedOk),
      '',
    ],
  ];
  for (const run of evaluate) {
    const ok = evaluateOk(run);
    rows.push(
      [
        `evaluate, ${run.label}: req/s`,
        int(run.requestsPerSec),
        `≥ ${int(TARGETS.evaluateReqPerSec)}`,
        met(ok && run.requestsPerSec >= TARGETS.evaluateReqPerSec),
        `Unleash frontend API ~${int(PEERS.unleashFrontendReqPerSecPerCore)} req/s per core (quoted, not measured)`,
      ],
      [
        `evaluate, ${run.label}: latency p50 / p99 / max`,
        `${ms(run.latencyP50Ms)} / ${ms(run.latencyP99Ms)} / ${ms(run.latencyMaxMs)} ms`,
        `p99 < ${TARGETS.evaluateP99Ms} ms`,
        met(run.latencyP99Ms < TARGETS.evaluateP99Ms),
        '',
      ],
      [
        `evaluate, ${run.label}: server CPU per request (→ req/s per busy core)`,
        `${ms(run.serverCpuMsPerRequest)} ms (→ ${int(run.requestsPerServerCoreSecond)})`,
        '',
        '',
        `Unleash ~${int(PEERS.unleashFrontendReqPerSecPerCore)} req/s per core`,
      ],
      [
        `evaluate, ${run.label}: errors / non-2xx / timeouts`,
        `${int(run.errors)} / ${int(run.non2xx)} / ${int(run.timeouts)} of ${int(run.total)}`,
        '0',
        met(run.errors + run.non2xx + run.timeouts === 0),
        '',
      ],
    );
  }
  if (result.baseline !== undefined) {
    const b = result.baseline;
    rows.push([
      'baseline: a bare Fastify route doing no work, same load: req/s, p50 / p99',
      `${int(b.requestsPerSec)}, ${ms(b.latencyP50Ms)} / ${ms(b.latencyP99Ms)} ms`,
      '',
      '',
      'the ceiling of the framework, sockets and load generator here',
    ]);
  }
  rows.push(
    [
      'server RSS, idle after start',
      mib(memory.idleBytes),
      '',
      '',
      `Unleash ~${PEERS.unleashIdleRssMiB} MiB idle (quoted, not measured)`,
    ],
    [`server RSS, after creating ${options.flags} flags`, mib(memory.afterFlagsBytes), '', '', ''],
    [
      `server RSS, max with ${int(p.opened)} streams open and changes going out`,
      mib(memory.streamsMaxBytes),
      '',
      '',
      '',
    ],
    ['server RSS, max under evaluate load', mib(memory.evaluateMaxBytes), '', '', ''],
    ['server RSS, peak over the run (VmHWM)', mib(memory.peakBytes), '', '', ''],
  );
  out.push(table(['figure', 'Ramp', 'target', 'met?', 'peer'], rows));
  out.push('');

  out.push(
    table(
      ['where a change’s time goes (median over changes)', 'ms'],
      [
        ['PATCH sent → reply (commit with audit)', ms(p.breakdown.commitMs)],
        ['PATCH sent → first stream has the event', ms(p.breakdown.firstMs)],
        ['PATCH sent → last stream has the event', ms(p.breakdown.lastMs)],
        [
          'commit → frame written to every stream (server’s ramp_propagation_lag_seconds, mean)',
          ms(p.breakdown.serverCommitToWrittenMeanMs),
        ],
        ['worst change: PATCH sent → last stream', ms(p.breakdown.worstLastMs)],
        [
          'server CPU per change (all its CPU in the phase ÷ changes)',
          ms(p.breakdown.serverCpuMsPerChange),
        ],
        [
          `load generator CPU per change (the PATCH, reading ${int(p.opened)} events)`,
          ms(p.breakdown.loadGeneratorCpuMsPerChange),
        ],
      ],
    ),
  );
  out.push('');

  const cpuRows = [
    [
      `${int(p.opened)} streams, ${options.changes} changes`,
      p.cpu.serverCores.toFixed(2),
      p.cpu.loadGeneratorCores.toFixed(2),
    ],
    ...evaluate.map((run) => [
      `evaluate, ${run.label}, ${run.connections} connections`,
      run.cpu.serverCores.toFixed(2),
      run.cpu.loadGeneratorCores.toFixed(2),
    ]),
  ];
  out.push(table(['CPU (cores busy)', 'server', 'load generator'], cpuRows));
  out.push('');
  for (const run of evaluate) {
    out.push(`- evaluate, ${run.label}: ${run.bodyNote}`);
  }
  return out.join('\n');
}
