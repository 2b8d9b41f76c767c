import type { Flag, KillAllState } from '@ramp/api';
import { formatPercent, formatServing, formatTime } from './format.js';
import { renderTable, type Column } from './table.js';

const flagColumns: readonly Column[] = [
  { header: 'FLAG' },
  { header: 'ENABLED' },
  { header: 'PERCENTAGE', align: 'right' },
  { header: 'VERSION', align: 'right' },
  { header: 'LAST CHANGE' },
  { header: 'OWNER' },
];

/**
 * The server's flags as a table: key, enabled, percentage, version, last change and owner.
 *
 * @example
 * formatFlagTable(flags)
 * // 'FLAG           ENABLED  PERCENTAGE  VERSION  LAST CHANGE           OWNER\n...'
 */
export function formatFlagTable(flags: readonly Flag[]): string {
  const rows = flags.map((flag) => [
    flag.archived ? `${flag.key} (archived)` : flag.key,
    flag.enabled ? 'yes' : 'no',
    formatPercent(flag.percentage),
    String(flag.version),
    formatTime(flag.updatedAt),
    flag.owner ?? '',
  ]);
  return renderTable(flagColumns, rows);
}

/** The kill switch line shown above flag tables while it is on; empty when it is off. */
export function formatKillAllBanner(killAll: KillAllState): string {
  if (!killAll.active) return '';
  const since = killAll.since === null ? '' : ` since ${formatTime(killAll.since)}`;
  const reason = killAll.reason === null ? '' : ` (reason: ${killAll.reason})`;
  return `KILL SWITCH ON${since}: every flag is off for every session${reason}\n`;
}

const rollbackColumns: readonly Column[] = [
  { header: 'TIME' },
  { header: 'ACTOR' },
  { header: 'FROM', align: 'right' },
  { header: 'TO', align: 'right' },
  { header: 'REASON' },
];

/**
 * One flag: its settings as labelled lines, then its rollback history (oldest first).
 *
 * @example
 * formatFlag(await client.getFlag('memory_system'))
 */
export function formatFlag(flag: Flag): string {
  const lines: [string, string][] = [
    ['Flag', flag.key],
    ['Description', flag.description === '' ? '-' : flag.description],
    ['Enabled', flag.enabled ? 'yes' : 'no'],
    ['Percentage', formatPercent(flag.percentage)],
    ['Serving', formatServing(flag)],
    ['Bucket by', flag.bucketBy ?? '- (the flag key)'],
    ['Requires', flag.requires.length === 0 ? '-' : flag.requires.join(', ')],
    ['Owner', flag.owner ?? '-'],
    ['Permanent', flag.permanent ? 'yes' : 'no'],
    ['Archived', flag.archived ? 'yes' : 'no'],
    ['Version', String(flag.version)],
    ['Created', formatTime(flag.createdAt)],
    ['Last change', formatTime(flag.updatedAt)],
  ];
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  const details = lines.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}\n`).join('');
  if (flag.rollbackHistory.length === 0) return `${details}\nRollbacks: none\n`;
  const rows = flag.rollbackHistory.map((record) => [
    formatTime(record.timestamp),
    record.actor,
    formatPercent(record.from),
    record.to === 0 ? 'off' : formatPercent(record.to),
    record.reason,
  ]);
  return `${details}\nRollbacks:\n${renderTable(rollbackColumns, rows)}`;
}
