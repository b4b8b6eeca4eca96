// The console table renderer every zarafa-admin listing shares (ConsoleTable.cpp): TAB-aligned columns,
// a hyphen rule under the header, and a trailing TAB on every row. Scripts in the wild depend on it.

/** Characters, not bytes and not UTF-16 units: the C++ code measures wide-character strings. */
function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** One row: a leading TAB, each cell followed by a TAB, and padding TABs after every column but the last. */
function renderRow(cells: readonly string[], widths: readonly number[]): string {
  let line = '\t';
  cells.forEach((cell, i) => {
    line += cell + '\t';
    if (i < cells.length - 1) {
      const pad = Math.floor((widths[i] ?? 0) / 8) + 1 - (Math.floor(charLength(cell) / 8) + 1);
      line += '\t'.repeat(Math.max(0, pad));
    }
  });
  return line + '\n';
}

export function renderTable(header: readonly string[] | null, rows: readonly (readonly string[])[]): string {
  const columns = header?.length ?? rows[0]?.length ?? 0;
  const widths: number[] = [];
  for (let i = 0; i < columns; i++) {
    let w = header ? charLength(header[i] ?? '') : 0;
    for (const row of rows) w = Math.max(w, charLength(row[i] ?? ''));
    widths.push(w);
  }
  let out = '';
  if (header) {
    out += renderRow(header, widths);
    out += '\t' + '-'.repeat(widths.reduce((a, b) => a + b, 0) + (columns - 1) * 8) + '\n';
  }
  for (const row of rows) out += renderRow(row, widths);
  return out;
}
