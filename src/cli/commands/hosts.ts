// `zfleet hosts [PATTERN]`: the selected hosts with the settings zfleet would connect with.
import type { Argv, CommandModule } from 'yargs';
import type { Inventory } from '../../inventory/resolve.js';
import type { HostSettings } from '../../inventory/settings.js';
import type { InventoryArgs } from '../fleet-options.js';
import { inventoryOptions, selectedHosts } from '../fleet-options.js';
import type { Output } from '../output.js';

interface HostsArgs extends InventoryArgs {
  json: boolean;
  graph: boolean;
}

export function renderHostTable(hosts: readonly HostSettings[]): string {
  const rows = hosts.map((h) => [
    h.name,
    `${h.user ?? '(ssh config)'}@${h.address}:${h.port}`,
    h.flavour,
    h.adminPath + (h.become ? ' (sudo)' : ''),
    String(h.channels),
    h.proxyJump ? `via ${h.proxyJump}` : '',
  ]);
  const header = ['HOST', 'CONNECT', 'FLAVOUR', 'ADMIN', 'CHANNELS', 'JUMP'];
  const widths = header.map((_, i) =>
    Math.max(header[i]?.length ?? 0, ...rows.map((r) => r[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + `\n${hosts.length} hosts\n`;
}

/** Like `ansible-inventory --graph`: groups and their hosts, selected hosts only. */
export function renderGraph(inv: Inventory, selected: ReadonlySet<string>): string {
  const lines: string[] = [];
  const prefix = (depth: number): string => (depth === 0 ? '' : '  ' + '|  '.repeat(depth - 1) + '|--');
  const walk = (name: string, depth: number): void => {
    const g = inv.groups.get(name);
    if (!g || !g.hosts.some((h) => selected.has(h))) return;
    lines.push(`${prefix(depth)}@${name}:`);
    for (const child of g.children) walk(child, depth + 1);
    for (const h of g.directHosts) if (selected.has(h)) lines.push(`${prefix(depth + 1)}${h}`);
  };
  walk('all', 0);
  return lines.join('\n') + '\n';
}

export function hostsCommand(output: Output): CommandModule<object, HostsArgs> {
  return {
    command: 'hosts [pattern]',
    describe: 'Show the selected hosts and how zfleet will connect to them',
    builder: (y: Argv) =>
      inventoryOptions(y)
        .option('json', { type: 'boolean', default: false, describe: 'JSON array of host settings' })
        .option('graph', {
          type: 'boolean',
          default: false,
          describe: 'group tree, like ansible-inventory --graph',
        }) as unknown as Argv<HostsArgs>,
    handler: (args) => {
      const { loaded, hosts } = selectedHosts(args);
      if (args.json) output.out(JSON.stringify(hosts, null, 2));
      else if (args.graph)
        output.out(renderGraph(loaded.inventory, new Set(hosts.map((h) => h.name))).trimEnd());
      else output.out(renderHostTable(hosts).trimEnd());
    },
  };
}
