// Turns the raw figures of a run into the markdown printed by `npm run bench`.

export const TARGETS = {
  distinctRatio: 1.1, // Ramp ns/call ≤ 1.1 × the reference, distinct ids
  hotNs: 50, // Ramp ns/call, hot ids
  heapBytesPerFlag: 150, // Ramp, 10,000 flags loaded
};

/** Above this wall/CPU ratio the run shared its cores with other work. */
const BUSY = 1.1;

const ns = (value) => (value === undefined ? 'n/a' : value.toFixed(value < 100 ? 1 : 0));
const pct = (share) => (share === undefined ? 'n/a' : `${(share * 100).toFixed(2)} %`);
const met = (ok) => (ok ? 'met' : '**not met**');
const bytes = (value) => (value === undefined ? 'n/a' : value.toFixed(0));

function row(cells) {
  return `| ${cells.join(' | ')} |`;
}

function table(header, rows) {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

/** Whether Ramp meets its target in a scenario, and the target as text. */
export function verdict(scenario, figure = 'nsPerCall') {
  const ramp = scenario.results.ramp[figure];
  if (scenario.ids === 'distinct') {
    const ratio = ramp / scenario.results.reference[figure];
    return { target: `≤ ${TARGETS.distinctRatio}× reference`, ok: ratio <= TARGETS.distinctRatio };
  }
  return { target: `≤ ${TARGETS.hotNs} ns`, ok: ramp <= TARGETS.hotNs };
}

export function timingTable(scenarios) {
  const header = [
    'scenario',
    'Ramp ns/call',
    'reference ns/call',
    'Ramp/reference',
    'unleash ns/call',
    'growthbook ns/call',
    'target (Ramp)',
    'met?',
  ];
  const rows = scenarios.map((s) => {
    const r = s.results;
    const { target, ok } = verdict(s);
    const ratio = r.ramp.nsPerCall / r.reference.nsPerCall;
    return [
      s.name,
      ns(r.ramp.nsPerCall),
      ns(r.reference.nsPerCall),
      `${ratio.toFixed(2)}×`,
      ns(r.unleash?.nsPerCall),
      ns(r.growthbook?.nsPerCall),
      target,
      met(ok),
    ];
  });
  return table(header, rows);
}

export function shareTable(scenarios) {
  const rows = scenarios.map((s) => [
    s.name,
    pct(s.results.ramp.share),
    pct(s.results.reference.share),
    pct(s.results.unleash?.share),
    pct(s.results.growthbook?.share),
  ]);
  return table(
    ['scenario (share of calls on)', 'Ramp', 'reference', 'unleash', 'growthbook'],
    rows,
  );
}

/** CPU ns per call (process.cpuUsage, all threads): less sensitive to other processes. */
export function cpuTable(scenarios) {
  const rows = scenarios.map((s) => {
    const r = s.results;
    return [
      s.name,
      ns(r.ramp.cpuNsPerCall),
      ns(r.reference.cpuNsPerCall),
      `${(r.ramp.cpuNsPerCall / r.reference.cpuNsPerCall).toFixed(2)}×`,
      ns(r.unleash?.cpuNsPerCall),
      ns(r.growthbook?.cpuNsPerCall),
      met(verdict(s, 'cpuNsPerCall').ok),
    ];
  });
  const header = ['scenario (CPU time)', 'Ramp', 'reference', 'Ramp/reference'];
  return table([...header, 'unleash', 'growthbook', 'met? (CPU)'], rows);
}

export function heapTable(heap) {
  const ok = heap.ramp.bytesPerFlag <= TARGETS.heapBytesPerFlag;
  const rows = [
    [
      `heap bytes per flag, ${heap.ramp.flags.toLocaleString('en-US')} flags loaded`,
      bytes(heap.ramp.bytesPerFlag),
      bytes(heap.unleash?.bytesPerFlag),
      bytes(heap.growthbook?.bytesPerFlag),
      `≤ ${TARGETS.heapBytesPerFlag}`,
      met(ok),
    ],
    [
      '… after every flag was evaluated once',
      bytes(heap.ramp.bytesPerFlagAfterOneEvaluationEach),
      bytes(heap.unleash?.bytesPerFlagAfterOneEvaluationEach),
      bytes(heap.growthbook?.bytesPerFlagAfterOneEvaluationEach),
      '',
      '',
    ],
  ];
  return table(['memory', 'Ramp', 'unleash', 'growthbook', 'target (Ramp)', 'met?'], rows);
}

/** The whole report: machine, date, the three tables and how they were measured. */
export function markdown(run) {
  const spread = Math.max(
    ...run.scenarios.flatMap((s) => Object.values(s.results).map((r) => r.spread)),
  );
  return [
    `## SDK evaluation (${run.quick ? 'quick run, ' : ''}${run.calls.toLocaleString('en-US')} calls per measurement)`,
    '',
    `- Machine: ${run.machine.cpu}, ${run.machine.cores} cores, ${run.machine.os}, Node ${run.machine.node}`,
    `- Date: ${run.date}`,
    `- SDK: packages/sdk/dist ${run.sdk.digest} built ${run.sdk.builtAt}, git ${run.sdk.git}${run.sdk.rebuiltDuringRun ? ' (rebuilt during the run: the heap figures may come from another build)' : ''}`,
    `- Median of ${run.repeats} runs per cell (${run.peerRepeats} for unleash and growthbook); largest spread (max − min) / median: ${(spread * 100).toFixed(0)} %`,
    `- Wall time / CPU time over the timed runs: ${run.wallOverCpu.toFixed(2)}${run.wallOverCpu > BUSY ? ' — the machine was busy: wall-clock figures are inflated, see the CPU-time table' : ' (the benchmark had a core to itself)'}`,
    `- Reference: parseInt(${run.referenceHash} sha256 hex .slice(0, 8), 16) % 100 < pct`,
    `- Ramp agrees with the reference on ${run.agreement.same.toLocaleString('en-US')} of ${run.agreement.checked.toLocaleString('en-US')} decisions checked`,
    '',
    timingTable(run.scenarios),
    '',
    shareTable(run.scenarios),
    '',
    ...(run.wallOverCpu > BUSY ? [cpuTable(run.scenarios), ''] : []),
    heapTable(run.heap),
    '',
    `Of Ramp's figure, the \`flags\` definitions object passed to the constructor still held: ${bytes(run.heap.ramp.definitionsBytesPerFlag)} bytes per flag (0 when it is not kept).`,
  ].join('\n');
}
