// Folding for fleet output, in the manner of ClusterShell's clubak: hosts that said the same thing are
// shown once, with their names compressed into ranges (mail[01-03,07],db1).

/** "mail07" -> prefix "mail", digits "07", suffix "" (the last run of digits). */
function splitName(name: string): { prefix: string; digits: string; suffix: string } | null {
  const m = /^(.*?)(\d+)(\D*)$/.exec(name);
  return m ? { prefix: m[1] as string, digits: m[2] as string, suffix: m[3] as string } : null;
}

export function foldHostNames(names: readonly string[]): string {
  const groups = new Map<string, { prefix: string; suffix: string; width: number; numbers: number[] }>();
  const plain: string[] = [];
  for (const name of names) {
    const parts = splitName(name);
    if (!parts) {
      plain.push(name);
      continue;
    }
    const width = parts.digits.length;
    const key = `${parts.prefix}\u0000${parts.suffix}\u0000${width}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { prefix: parts.prefix, suffix: parts.suffix, width, numbers: [] }));
    g.numbers.push(Number(parts.digits));
  }
  const out: string[] = [...plain];
  for (const g of groups.values()) {
    const pad = (n: number): string => String(n).padStart(g.width, '0');
    if (g.numbers.length === 1) {
      out.push(g.prefix + pad(g.numbers[0] as number) + g.suffix);
      continue;
    }
    const sorted = [...new Set(g.numbers)].sort((a, b) => a - b);
    const ranges: string[] = [];
    let start = sorted[0] as number;
    let prev = start;
    for (const n of [...sorted.slice(1), Number.NaN]) {
      if (n === prev + 1) {
        prev = n;
        continue;
      }
      ranges.push(start === prev ? pad(start) : `${pad(start)}-${pad(prev)}`);
      start = n;
      prev = n;
    }
    out.push(`${g.prefix}[${ranges.join(',')}]${g.suffix}`);
  }
  return out.join(',');
}

/** Items grouped by a key, groups in order of first appearance. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}
