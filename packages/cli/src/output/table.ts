/** A table column: its header and which side its cells line up on. */
export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

/**
 * Renders rows as a plain-text table with a header row, columns separated by two spaces and
 * no trailing spaces. Every row must have one cell per column.
 *
 * @example
 * renderTable([{ header: 'FLAG' }, { header: '%', align: 'right' }], [['memory_system', '10']])
 * // 'FLAG            %\nmemory_system  10\n'
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const headers = columns.map((column) => column.header);
  return [headers, ...rows].map((cells) => `${line(cells)}\n`).join('');
}
