// The inventory as its file states it, before variables are merged: groups with hosts, children and
// vars, and host vars, each value remembering where it was written so problems can point at it.
import type { Problem } from '../core/errors.js';

export interface Sourced {
  readonly value: unknown;
  /** "FILE: path" of where the value was written. */
  readonly origin: string;
}

export type VarMap = Map<string, Sourced>;

export interface RawGroup {
  readonly name: string;
  readonly hosts: Set<string>;
  readonly children: Set<string>;
  readonly vars: VarMap;
}

export interface RawInventory {
  readonly file: string;
  readonly groups: Map<string, RawGroup>;
  readonly hostVars: Map<string, VarMap>;
  /** Hosts in the order the file first names them. */
  readonly hostOrder: string[];
  readonly problems: Problem[];
}

export function emptyRawInventory(file: string): RawInventory {
  const inv: RawInventory = { file, groups: new Map(), hostVars: new Map(), hostOrder: [], problems: [] };
  group(inv, 'all');
  group(inv, 'ungrouped');
  return inv;
}

export function group(inv: RawInventory, name: string): RawGroup {
  let g = inv.groups.get(name);
  if (!g) {
    g = { name, hosts: new Set(), children: new Set(), vars: new Map() };
    inv.groups.set(name, g);
  }
  return g;
}

export function addHost(inv: RawInventory, groupName: string, host: string): VarMap {
  group(inv, groupName).hosts.add(host);
  let vars = inv.hostVars.get(host);
  if (!vars) {
    vars = new Map();
    inv.hostVars.set(host, vars);
    inv.hostOrder.push(host);
  }
  return vars;
}

export const VALID_GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
