// Ansible's YAML inventory format: top-level groups (usually "all") with hosts, vars and children.
import { isMap, LineCounter, parseDocument } from 'yaml';
import { addHost, emptyRawInventory, group, VALID_GROUP_NAME } from './raw.js';
import type { RawInventory, VarMap } from './raw.js';
import { expandHostName } from './ranges.js';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseYamlInventory(text: string, file: string): RawInventory {
  const inv = emptyRawInventory(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
  for (const e of doc.errors) {
    const where = `line ${lineCounter.linePos(e.pos[0]).line}`;
    inv.problems.push({ file, path: where, message: e.message.split('\n')[0] ?? e.message });
  }
  if (inv.problems.length > 0) return inv;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    inv.problems.push({ file, path: '', message: (e as Error).message });
    return inv;
  }
  if (data === null || data === undefined) return inv;
  if (!isMap(doc.contents) || !isObject(data)) {
    inv.problems.push({
      file,
      path: '',
      message: 'an inventory must be a mapping of group names (usually "all")',
    });
    return inv;
  }
  for (const [name, body] of Object.entries(data)) {
    readGroup(inv, name, body, name);
    if (name !== 'all') group(inv, 'all').children.add(name);
  }
  return inv;
}

function readVars(inv: RawInventory, into: VarMap, body: unknown, path: string): void {
  if (body === null || body === undefined) return;
  if (!isObject(body)) {
    inv.problems.push({ file: inv.file, path, message: 'vars must be a mapping of names to values' });
    return;
  }
  for (const [k, v] of Object.entries(body)) into.set(k, { value: v, origin: `${inv.file}: ${path}.${k}` });
}

function readGroup(inv: RawInventory, name: string, body: unknown, path: string): void {
  if (!VALID_GROUP_NAME.test(name)) {
    inv.problems.push({
      file: inv.file,
      path,
      message: `"${name}" is not a valid group name (letters, digits, _ and -; not starting with a digit)`,
    });
    return;
  }
  const g = group(inv, name);
  if (body === null || body === undefined) return;
  if (!isObject(body)) {
    inv.problems.push({
      file: inv.file,
      path,
      message: 'a group must be a mapping with hosts, vars and/or children',
    });
    return;
  }
  for (const key of Object.keys(body)) {
    if (!['hosts', 'vars', 'children'].includes(key)) {
      inv.problems.push({
        file: inv.file,
        path: `${path}.${key}`,
        message: `unknown group key "${key}" (expected hosts, vars or children)`,
      });
    }
  }
  const hosts = body['hosts'];
  if (hosts !== null && hosts !== undefined) {
    if (!isObject(hosts)) {
      inv.problems.push({
        file: inv.file,
        path: `${path}.hosts`,
        message: 'hosts must be a mapping of host names (to their vars or nothing)',
      });
    } else {
      for (const [pattern, vars] of Object.entries(hosts)) {
        const hostPath = `${path}.hosts.${pattern}`;
        for (const host of expandHostName(pattern, inv.file, hostPath, inv.problems)) {
          readVars(inv, addHost(inv, name, host), vars, hostPath);
        }
      }
    }
  }
  readVars(inv, g.vars, body['vars'], `${path}.vars`);
  const children = body['children'];
  if (children !== null && children !== undefined) {
    if (!isObject(children)) {
      inv.problems.push({
        file: inv.file,
        path: `${path}.children`,
        message: 'children must be a mapping of group names',
      });
    } else {
      for (const [child, childBody] of Object.entries(children)) {
        g.children.add(child);
        readGroup(inv, child, childBody, `${path}.children.${child}`);
      }
    }
  }
}
