import type { Evidence } from '../controller/evidence.js';
import type { Outcome } from '../controller/outcome.js';
import { formatDuration, formatInstant } from '../format.js';
import type { Timeline, TimelineEntry } from './simulate.js';

export interface FormatTimelineOptions {
  /** Which evidence to print under each decision: what decided it (default), all, or none. */
  readonly evidence?: 'decisive' | 'all' | 'none';
}

const MARKS: Readonly<Record<Evidence['verdict'], string>> = {
  pass: '✓',
  fail: '✗',
  inconclusive: '?',
  fired: '!',
  clear: '·',
  'no-data': '·',
  info: '·',
};

const INDENT = ' '.repeat(19);

/**
 * The timeline as text, one decision per entry with its percentage changes and evidence:
 *
 *     +03:10  ROLLBACK  rollback to enhanced_injection 0%, ...: trigger latency-p95-rollback fired ...
 *                       enhanced_injection 10% → 0%
 *                       ! trigger latency-p95-rollback: p95 injection_latency 743 ms > 500 ms ...
 */
export function formatTimeline(timeline: Timeline, options: FormatTimelineOptions = {}): string {
  const mode = options.evidence ?? 'decisive';
  const lines = [
    `plan ${timeline.plan}, scenario ${timeline.scenario}, seed ${timeline.seed}, from ${formatInstant(timeline.start)}`,
    '',
    ...timeline.entries.flatMap((entry) => formatEntry(entry, mode)),
    '',
    `${ending(timeline)} after ${formatDuration(timeline.end - timeline.start)} of simulated time ` +
      `(${timeline.sessions.toLocaleString('en-US')} sessions); final state: ${timeline.final.status}`,
  ];
  return lines.join('\n');
}

function formatEntry(entry: TimelineEntry, mode: 'decisive' | 'all' | 'none'): string[] {
  const { outcome } = entry;
  const head = `${elapsed(entry.elapsedMs).padStart(7)}  ${outcome.decision.padEnd(8)}  ${outcome.summary}`;
  const changes = outcome.actions.flatMap((a) =>
    a.kind === 'set-percentage' ? [`${a.flag} ${a.from}% → ${a.to}%`] : [],
  );
  const lines = [head];
  if (changes.length > 0) lines.push(`${INDENT}${changes.join(', ')}`);
  for (const e of shownEvidence(outcome, mode))
    lines.push(`${INDENT}${MARKS[e.verdict]} ${e.kind} ${e.name}: ${e.text}`);
  return lines;
}

function shownEvidence(outcome: Outcome, mode: 'decisive' | 'all' | 'none'): readonly Evidence[] {
  if (mode === 'none') return [];
  if (mode === 'all') return outcome.evidence;
  switch (outcome.decision) {
    case 'ROLLBACK':
    case 'PAUSE':
      return outcome.evidence.filter(
        (e) => e.verdict === 'fired' || e.verdict === 'fail' || e.verdict === 'inconclusive',
      );
    case 'GO':
    case 'HOLD':
      return outcome.evidence.filter((e) => e.kind === 'gate');
    default:
      return [];
  }
}

/** `+03:10`, `+87:00`: hours and minutes since the start. */
function elapsed(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const hh = Math.floor(minutes / 60);
  const mm = minutes % 60;
  return `+${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}

function ending(timeline: Timeline): string {
  switch (timeline.stopped) {
    case 'finished':
      return `finished (${timeline.final.status})`;
    case 'waiting-for-a-person':
      return `stopped waiting for a person (${timeline.final.status})`;
    case 'end-of-scenario':
      return 'the scenario ended';
  }
}
