// Merges an inventory's variables the way Ansible does: "all" first, then groups by depth (parents before
// children), ties by name, then the host's own vars; each value keeps where it came from.
import type { Problem } from '../core/errors.js';
import type { RawInventory, Sourced } from './raw.js';

export interface InventoryHost {
  readonly name: string;
  readonly vars: ReadonlyMap<string, Sourced>;
  /** Every group the host belongs to, directly or through a child group, "all" included. */
  readonly groups: readonly string[];
}

export interface InventoryGroup {
  readonly name: string;
  readonly children: readonly string[];
  /** Hosts of the group and of all its descendants, in inventory order. */
  readonly hosts: readonly string[];
  /** Hosts named in the group itself. */
  readonly directHosts: readonly string[];
}

export interface Inventory {
  readonly file: string;
  readonly hosts: readonly InventoryHost[];
  readonly groups: ReadonlyMap<string, InventoryGroup>;
}

export function resolveInventory(raw: RawInventory): { inventory: Inventory; problems: Problem[] } {
  const problems: Problem[] = [...raw.problems];
  const depth = groupDepths(raw, problems);
  const descendants = new Map<string, Set<string>>();
  /** `path` holds the groups being expanded, so a cycle (reported by groupDepths) cannot loop forever. */
  const hostsOf = (name: string, path: Set<string> = new Set()): Set<string> => {
    const cached = descendants.get(name);
    if (cached) return cached;
    const g = raw.groups.get(name);
    const out = new Set<string>(g?.hosts ?? []);
    if (name === 'all') for (const h of raw.hostOrder) out.add(h);
    path.add(name);
    for (const child of g?.children ?? [])
      if (!path.has(child)) for (const h of hostsOf(child, path)) out.add(h);
    path.delete(name);
    descendants.set(name, out);
    return out;
  };
  // Hosts in no group of their own belong to "ungrouped", as in Ansible.
  const ungrouped = raw.groups.get('ungrouped');
  for (const host of raw.hostOrder) {
    const inSomeGroup = [...raw.groups.values()].some(
      (g) => g.name !== 'all' && g.name !== 'ungrouped' && g.hosts.has(host),
    );
    if (!inSomeGroup) ungrouped?.hosts.add(host);
  }
  const groups = new Map<string, InventoryGroup>();
  const order = new Map(raw.hostOrder.map((h, i) => [h, i]));
  for (const g of raw.groups.values()) {
    const hosts = [...hostsOf(g.name)].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    const directHosts = g.name === 'all' ? [] : hosts.filter((h) => g.hosts.has(h));
    groups.set(g.name, { name: g.name, children: [...g.children], hosts, directHosts });
  }
  const byPrecedence = [...raw.groups.values()].sort(
    (a, b) => (depth.get(a.name) ?? 0) - (depth.get(b.name) ?? 0) || a.name.localeCompare(b.name),
  );
  const hosts = raw.hostOrder.map((name): InventoryHost => {
    const vars = new Map<string, Sourced>();
    const memberOf: string[] = [];
    for (const g of byPrecedence) {
      if (!(groups.get(g.name)?.hosts.includes(name) ?? false)) continue;
      memberOf.push(g.name);
      for (const [k, v] of g.vars) vars.set(k, v);
    }
    for (const [k, v] of raw.hostVars.get(name) ?? []) vars.set(k, v);
    return { name, vars, groups: memberOf };
  });
  return { inventory: { file: raw.file, hosts, groups }, problems };
}

/** Depth of each group below "all" (the longest path), reporting cycles among children. */
function groupDepths(raw: RawInventory, problems: Problem[]): Map<string, number> {
  const depth = new Map<string, number>([['all', 0]]);
  const visiting = new Set<string>();
  const visit = (name: string, d: number, path: string[]): void => {
    if (visiting.has(name)) {
      problems.push({ file: raw.file, path: '', message: `group cycle: ${[...path, name].join(' -> ')}` });
      return;
    }
    if ((depth.get(name) ?? -1) >= d && d > 0) return;
    depth.set(name, d);
    visiting.add(name);
    for (const child of raw.groups.get(name)?.children ?? []) visit(child, d + 1, [...path, name]);
    visiting.delete(name);
  };
  visit('all', 0, []);
  for (const name of raw.groups.keys()) if (!depth.has(name)) depth.set(name, 1);
  return depth;
}
