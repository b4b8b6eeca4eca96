// Ansible's INI inventory format: [group], [group:vars], [group:children], "host key=value ...".
import { addHost, emptyRawInventory, group, VALID_GROUP_NAME } from './raw.js';
import type { RawInventory } from './raw.js';
import { expandHostName } from './ranges.js';

/** Splits "host a=1 b='x y'" the way Ansible's shlex-based INI parser does. */
function splitLine(line: string): string[] | null {
  const words: string[] = [];
  let current = '';
  let quote: string | null = null;
  let inWord = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === ' ' || ch === '\t') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else if (ch === '#' && !inWord) {
      break;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) return null;
  if (inWord) words.push(current);
  return words;
}

/** INI host-line values are Python literals when they look like one (numbers, booleans), else strings. */
function literal(text: string): unknown {
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^-?\d+\.\d+$/.test(text)) return Number(text);
  if (text === 'True' || text === 'true') return true;
  if (text === 'False' || text === 'false') return false;
  return text;
}

export function parseIniInventory(text: string, file: string): RawInventory {
  const inv = emptyRawInventory(file);
  let section: { group: string; kind: 'hosts' | 'vars' | 'children' } = { group: 'ungrouped', kind: 'hosts' };
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    const where = `line ${index + 1}`;
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const [name, kind = 'hosts'] = (header[1] as string).split(':') as [string, string?];
      if (!VALID_GROUP_NAME.test(name)) {
        inv.problems.push({ file, path: where, message: `"${name}" is not a valid group name` });
      } else if (!['hosts', 'vars', 'children'].includes(kind)) {
        inv.problems.push({
          file,
          path: where,
          message: `unknown section kind ":${kind}" (expected :vars or :children)`,
        });
      }
      section = { group: name, kind: kind as 'hosts' | 'vars' | 'children' };
      group(inv, name);
      if (name !== 'all') group(inv, 'all').children.add(name);
      return;
    }
    if (section.kind === 'vars') {
      const eq = line.indexOf('=');
      if (eq <= 0)
        return void inv.problems.push({
          file,
          path: where,
          message: `expected "name=value" in [${section.group}:vars]`,
        });
      const key = line.slice(0, eq).trim();
      const words = splitLine(line.slice(eq + 1).trim());
      if (words === null) return void inv.problems.push({ file, path: where, message: 'unterminated quote' });
      const value = words.join(' ');
      group(inv, section.group).vars.set(key, { value: literal(value), origin: `${file}: ${where}` });
      return;
    }
    if (section.kind === 'children') {
      if (!VALID_GROUP_NAME.test(line))
        return void inv.problems.push({ file, path: where, message: `"${line}" is not a valid group name` });
      group(inv, section.group).children.add(line);
      group(inv, line);
      return;
    }
    const words = splitLine(line);
    if (words === null || words.length === 0)
      return void inv.problems.push({ file, path: where, message: 'unterminated quote' });
    const [pattern, ...assignments] = words as [string, ...string[]];
    for (const host of expandHostName(pattern, file, where, inv.problems)) {
      const vars = addHost(inv, section.group, host);
      for (const a of assignments) {
        const eq = a.indexOf('=');
        if (eq <= 0) {
          inv.problems.push({
            file,
            path: where,
            message: `expected "name=value" after the host name, got "${a}"`,
          });
          continue;
        }
        vars.set(a.slice(0, eq), { value: literal(a.slice(eq + 1)), origin: `${file}: ${where}` });
      }
    }
  });
  return inv;
}
