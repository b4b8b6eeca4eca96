// Ansible host patterns: names and groups, "all"/"*", globs, "~regex", joined by ":" or "," with
// "&" (intersection) and "!" (exclusion). Unions first, then intersections, then exclusions.
import type { Inventory } from './resolve.js';

export class PatternError extends Error {}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`;
        i = end;
      }
    } else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Hosts one term names: a group's hosts, a host, or every host or group a glob/regex matches. */
function matchTerm(inv: Inventory, term: string): Set<string> {
  const out = new Set<string>();
  if (term === 'all' || term === '*') {
    for (const h of inv.hosts) out.add(h.name);
    return out;
  }
  let test: ((name: string) => boolean) | null = null;
  if (term.startsWith('~')) {
    let re: RegExp;
    try {
      re = new RegExp(term.slice(1));
    } catch (e) {
      throw new PatternError(`bad regular expression in pattern "${term}": ${(e as Error).message}`);
    }
    test = (n) => re.test(n);
  } else if (/[*?[]/.test(term)) {
    const re = globToRegExp(term);
    test = (n) => re.test(n);
  }
  if (test) {
    for (const g of inv.groups.values()) if (test(g.name)) for (const h of g.hosts) out.add(h);
    for (const h of inv.hosts) if (test(h.name)) out.add(h.name);
    return out;
  }
  const group = inv.groups.get(term);
  if (group) for (const h of group.hosts) out.add(h);
  else if (inv.hosts.some((h) => h.name === term)) out.add(term);
  else throw new PatternError(`pattern "${term}" matches no host or group in ${inv.file}`);
  return out;
}

export function splitPattern(pattern: string): string[] {
  return pattern
    .split(/[,:]/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/** The hosts a pattern selects, in inventory order. */
export function selectHosts(inv: Inventory, pattern: string): string[] {
  const terms = splitPattern(pattern);
  if (terms.length === 0) throw new PatternError('empty host pattern');
  let selected = new Set<string>();
  const intersections: Set<string>[] = [];
  const exclusions: Set<string>[] = [];
  for (const term of terms) {
    if (term.startsWith('&')) intersections.push(matchTerm(inv, term.slice(1)));
    else if (term.startsWith('!')) exclusions.push(matchTerm(inv, term.slice(1)));
    else for (const h of matchTerm(inv, term)) selected.add(h);
  }
  if (
    selected.size === 0 &&
    intersections.length + exclusions.length > 0 &&
    terms.every((t) => /^[&!]/.test(t))
  ) {
    selected = new Set(inv.hosts.map((h) => h.name));
  }
  for (const set of intersections) selected = new Set([...selected].filter((h) => set.has(h)));
  for (const set of exclusions) for (const h of set) selected.delete(h);
  return inv.hosts.map((h) => h.name).filter((h) => selected.has(h));
}
