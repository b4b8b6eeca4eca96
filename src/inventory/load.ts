// Reads an inventory file (YAML or INI, Ansible's formats), with group_vars/ and host_vars/ beside it,
// and resolves it into validated host settings. All problems are collected and thrown together.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../core/errors.js';
import type { Problem } from '../core/errors.js';
import { parseIniInventory } from './parse-ini.js';
import { parseYamlInventory } from './parse-yaml.js';
import type { RawInventory, VarMap } from './raw.js';
import { resolveInventory } from './resolve.js';
import type { Inventory } from './resolve.js';
import { PatternError, selectHosts } from './select.js';
import { hostSettings } from './settings.js';
import type { HostSettings } from './settings.js';

export const DEFAULT_INVENTORY = 'inventory/hosts.yaml';
/** Inventories are small; a huge file is a mistake or an attack. */
export const MAX_INVENTORY_BYTES = 16 * 1024 * 1024;

export function looksLikeYaml(path: string, text: string): boolean {
  if (/\.(ya?ml|json)$/i.test(path)) return true;
  if (/\.(ini|cfg)$/i.test(path)) return false;
  // Extension-less files (Ansible's "hosts"): INI has [sections] or bare host lines; YAML has "key:".
  const first = text.split('\n').find((l) => l.trim() && !l.trim().startsWith('#')) ?? '';
  return /^[A-Za-z0-9_-]+:\s*(#.*)?$/.test(first.trim()) || first.trim() === '---';
}

function readText(path: string, problems: Problem[]): string | null {
  try {
    if (statSync(path).size > MAX_INVENTORY_BYTES) {
      problems.push({ file: path, path: '', message: `larger than ${MAX_INVENTORY_BYTES} bytes` });
      return null;
    }
    return readFileSync(path, 'utf8');
  } catch (e) {
    problems.push({
      file: path,
      path: '',
      message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    });
    return null;
  }
}

/** The file names in `dir` (none if it is missing): listed once, so that a fleet of N hosts costs one
 * directory read, not 4 x N existence checks. */
function fileNames(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir));
  } catch {
    return new Set();
  }
}

/** group_vars/NAME.{yml,yaml,json} and host_vars/NAME.* next to the inventory, as Ansible reads them. */
function loadVarsFiles(raw: RawInventory, dir: string): void {
  const present = {
    group_vars: fileNames(join(dir, 'group_vars')),
    host_vars: fileNames(join(dir, 'host_vars')),
  };
  const read = (kind: 'group_vars' | 'host_vars', name: string, into: VarMap): void => {
    for (const ext of ['yml', 'yaml', 'json', '']) {
      const file = ext ? `${name}.${ext}` : name;
      if (!present[kind].has(file)) continue;
      const path = join(dir, kind, file);
      if (statSync(path).isDirectory()) continue;
      const text = readText(path, raw.problems);
      if (text === null) continue;
      let data: unknown;
      try {
        data = parse(text, { maxAliasCount: 100, uniqueKeys: true });
      } catch (e) {
        raw.problems.push({
          file: path,
          path: '',
          message: (e as Error).message.split('\n')[0] ?? 'bad YAML',
        });
        continue;
      }
      if (data === null || data === undefined) continue;
      if (typeof data !== 'object' || Array.isArray(data)) {
        raw.problems.push({ file: path, path: '', message: 'must be a mapping of variable names to values' });
        continue;
      }
      for (const [k, v] of Object.entries(data))
        if (!into.has(k) || kind === 'host_vars') into.set(k, { value: v, origin: `${path}: ${k}` });
    }
  };
  for (const g of raw.groups.values()) read('group_vars', g.name, g.vars);
  for (const [host, vars] of raw.hostVars) read('host_vars', host, vars);
}

export function parseInventory(text: string, file: string): RawInventory {
  return looksLikeYaml(file, text) ? parseYamlInventory(text, file) : parseIniInventory(text, file);
}

export interface LoadedInventory {
  readonly inventory: Inventory;
  readonly settings: ReadonlyMap<string, HostSettings>;
}

export function loadInventory(path: string): LoadedInventory {
  const problems: Problem[] = [];
  const text = readText(path, problems);
  if (text === null) throw new ConfigError(problems);
  const raw = parseInventory(text, path);
  if (raw.problems.length === 0) loadVarsFiles(raw, dirname(path));
  const { inventory, problems: resolveProblems } = resolveInventory(raw);
  problems.push(...resolveProblems);
  const settings = new Map<string, HostSettings>();
  if (problems.length === 0) {
    for (const host of inventory.hosts) {
      const s = hostSettings(host, problems);
      if (s) settings.set(host.name, s);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { inventory, settings };
}

/** Hosts chosen by a pattern and an optional --limit (another pattern, intersected). */
export function chooseHosts(loaded: LoadedInventory, pattern: string, limit?: string): HostSettings[] {
  try {
    let names = selectHosts(loaded.inventory, pattern);
    if (limit) {
      const allowed = new Set(selectHosts(loaded.inventory, limit));
      names = names.filter((n) => allowed.has(n));
    }
    return names.map((n) => loaded.settings.get(n) as HostSettings);
  } catch (e) {
    if (e instanceof PatternError)
      throw new ConfigError([{ file: loaded.inventory.file, path: '', message: e.message }]);
    throw e;
  }
}
