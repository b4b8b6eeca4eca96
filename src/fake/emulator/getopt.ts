// A GNU getopt_long work-alike: permutes, accepts unique prefixes of long options, and reports problems
// without stopping, as zarafa-admin's parser does (§1.1, §1.3). The complaint texts differ per flavour.

export type ArgSpec = 'none' | 'required';

export interface LongOption {
  readonly name: string;
  readonly arg: ArgSpec;
}

export type ParsedItem =
  | {
      readonly kind: 'option';
      readonly name: string;
      readonly value: string | null;
      /** Where the value sits: argv index and the offset of its first character there. */
      readonly valueAt: { readonly index: number; readonly offset: number } | null;
    }
  | { readonly kind: 'complaint'; readonly text: string };

export interface GetoptTexts {
  illegalShort(prog: string, option: string): string;
  missingShort(prog: string, option: string): string;
  unrecognizedLong(prog: string, option: string): string;
  missingLong(prog: string, option: string): string;
  ambiguousLong(prog: string, option: string, candidates: readonly string[]): string;
  unexpectedArgument(prog: string, option: string): string;
}

export interface GetoptResult {
  /** Options and complaints, in the order the parser met them. */
  readonly items: readonly ParsedItem[];
  /** Plain words left after the options. */
  readonly operands: readonly string[];
}

/** Parses `shortSpec` in getopt's syntax ("ab:c") and the long option table. */
export function getoptLong(
  argv: readonly string[],
  shortSpec: string,
  longOptions: readonly LongOption[],
  prog: string,
  texts: GetoptTexts,
): GetoptResult {
  const shortArgs = new Map<string, ArgSpec>();
  for (let i = 0; i < shortSpec.length; i++) {
    const ch = shortSpec[i] as string;
    shortArgs.set(ch, shortSpec[i + 1] === ':' ? 'required' : 'none');
    if (shortSpec[i + 1] === ':') i++;
  }
  const items: ParsedItem[] = [];
  const operands: string[] = [];
  let i = 0;
  const next = (): string | undefined => argv[++i];
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      parseLong(arg.slice(2));
    } else if (arg.startsWith('-') && arg.length > 1) {
      parseShortCluster(arg.slice(1));
    } else {
      operands.push(arg);
    }
  }
  return { items, operands };

  function parseLong(body: string): void {
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : null;
    const exact = longOptions.find((o) => o.name === name);
    const candidates = exact ? [exact] : longOptions.filter((o) => o.name.startsWith(name));
    if (candidates.length === 0) {
      items.push({ kind: 'complaint', text: texts.unrecognizedLong(prog, '--' + name) });
      return;
    }
    if (candidates.length > 1) {
      const names = candidates.map((c) => '--' + c.name);
      items.push({ kind: 'complaint', text: texts.ambiguousLong(prog, '--' + name, names) });
      return;
    }
    const option = candidates[0] as LongOption;
    if (option.arg === 'none') {
      if (inline !== null)
        items.push({ kind: 'complaint', text: texts.unexpectedArgument(prog, option.name) });
      else items.push({ kind: 'option', name: '--' + option.name, value: null, valueAt: null });
      return;
    }
    const start = i;
    const value = inline ?? next();
    const valueAt = inline !== null ? { index: start, offset: 2 + eq + 1 } : { index: i, offset: 0 };
    if (value === undefined) items.push({ kind: 'complaint', text: texts.missingLong(prog, option.name) });
    else items.push({ kind: 'option', name: '--' + option.name, value, valueAt });
  }

  function parseShortCluster(cluster: string): void {
    for (let j = 0; j < cluster.length; j++) {
      const ch = cluster[j] as string;
      const spec = shortArgs.get(ch);
      if (spec === undefined) {
        items.push({ kind: 'complaint', text: texts.illegalShort(prog, ch) });
        continue;
      }
      if (spec === 'none') {
        items.push({ kind: 'option', name: '-' + ch, value: null, valueAt: null });
        continue;
      }
      const rest = cluster.slice(j + 1);
      const start = i;
      const value = rest.length > 0 ? rest : next();
      const valueAt = rest.length > 0 ? { index: start, offset: j + 2 } : { index: i, offset: 0 };
      if (value === undefined) items.push({ kind: 'complaint', text: texts.missingShort(prog, ch) });
      else items.push({ kind: 'option', name: '-' + ch, value, valueAt });
      return;
    }
  }
}
