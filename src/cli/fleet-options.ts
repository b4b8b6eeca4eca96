// Options shared by every command that reaches hosts, and what they turn into.
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { ConfigError, FleetError } from '../core/errors.js';
import { chooseHosts, DEFAULT_INVENTORY, loadInventory } from '../inventory/load.js';
import { inShard, parseShard } from '../inventory/shard.js';
import type { LoadedInventory } from '../inventory/load.js';
import type { HostSettings } from '../inventory/settings.js';
import { Ssh2Transport } from '../ssh/transport.js';
import type { HostKeyPolicy, Transport } from '../ssh/types.js';
import type { Output } from './output.js';

export interface InventoryArgs {
  inventory: string;
  limit: string | undefined;
  pattern: string;
  shard?: string | undefined;
}

export interface FleetArgs extends InventoryArgs {
  forks: number;
  'host-key-checking': 'strict' | 'accept-new';
  'insecure-ignore-host-keys': boolean;
  'known-hosts': string[] | undefined;
  'ssh-config': string | undefined;
  timeout: number | undefined;
  json: boolean;
}

export function inventoryOptions<T>(y: Argv<T>): Argv<T & InventoryArgs> {
  return y
    .positional('pattern', {
      type: 'string',
      default: 'all',
      describe: 'host pattern (names, groups, a:b, a:&b, a:!b, globs, ~regex)',
    })
    .option('inventory', {
      alias: 'i',
      type: 'string',
      default: process.env['ZFLEET_INVENTORY'] ?? DEFAULT_INVENTORY,
      describe: 'Ansible inventory, YAML or INI (env ZFLEET_INVENTORY)',
    })
    .option('limit', {
      alias: 'l',
      type: 'string',
      describe: 'further limit the selected hosts to this pattern',
    })
    .option('shard', {
      type: 'string',
      describe: 'K/N: only the stable K-th of N shards of the selected hosts',
    })
    .check((a) => {
      if (a.shard !== undefined) parseShard(a.shard);
      return true;
    }) as unknown as Argv<T & InventoryArgs>;
}

export function fleetOptions<T>(y: Argv<T>): Argv<T & FleetArgs> {
  return inventoryOptions(y)
    .option('forks', {
      alias: 'f',
      type: 'number',
      default: 50,
      describe: 'hosts worked on at the same time',
    })
    .option('host-key-checking', {
      choices: ['strict', 'accept-new'] as const,
      default: 'strict' as const,
      describe:
        'strict: unknown or changed keys are refused; accept-new: record unknown keys, refuse changed ones',
    })
    .option('insecure-ignore-host-keys', {
      type: 'boolean',
      default: false,
      describe: 'DANGEROUS: accept any host key',
    })
    .option('known-hosts', {
      type: 'string',
      array: true,
      describe: 'known_hosts file(s), instead of ~/.ssh/known_hosts',
    })
    .option('ssh-config', {
      type: 'string',
      describe: 'ssh config file (default ~/.ssh/config; "none" for none)',
    })
    .option('timeout', {
      type: 'number',
      describe: 'command timeout in seconds (default: zfleet_command_timeout or 60)',
    })
    .option('json', { type: 'boolean', default: false, describe: 'newline-delimited JSON on stdout' })
    .check((a) => {
      if (!Number.isInteger(a.forks) || a.forks < 1)
        throw new Error('--forks must be a whole number of at least 1');
      if (a.timeout !== undefined && !(a.timeout > 0))
        throw new Error('--timeout must be a positive number of seconds');
      return true;
    }) as unknown as Argv<T & FleetArgs>;
}

export function selectedHosts(args: InventoryArgs): { loaded: LoadedInventory; hosts: HostSettings[] } {
  const loaded = loadInventory(resolve(args.inventory));
  const chosen = chooseHosts(loaded, args.pattern, args.limit);
  const shard = args.shard === undefined ? null : parseShard(args.shard);
  const hosts = shard ? chosen.filter((h) => inShard(h.name, shard)) : chosen;
  // A scheduler runs every shard; on a small fleet some are empty, which must not fail that job.
  if (hosts.length === 0 && chosen.length > 0)
    throw new FleetError(
      'empty-shard',
      `shard ${args.shard} holds none of the ${chosen.length} selected hosts; nothing to do`,
    );
  if (hosts.length === 0) {
    throw new ConfigError([
      {
        file: loaded.inventory.file,
        path: '',
        message: `pattern "${args.pattern}"${args.limit ? ` limited to "${args.limit}"` : ''} selects no hosts`,
      },
    ]);
  }
  return { loaded, hosts };
}

export function hostsWithOverrides(hosts: readonly HostSettings[], args: FleetArgs): HostSettings[] {
  return args.timeout === undefined
    ? [...hosts]
    : hosts.map((h) => ({ ...h, commandTimeoutMs: (args.timeout as number) * 1000 }));
}

export function makeTransport(args: FleetArgs, output: Output): Transport {
  let policy: HostKeyPolicy = args['host-key-checking'];
  if (args['insecure-ignore-host-keys']) {
    policy = 'off';
    output.err(
      'WARNING: --insecure-ignore-host-keys: host keys are NOT checked. Anyone between you and these hosts',
    );
    output.err(
      'WARNING: can impersonate them and read every password and command sent. Never use this in production.',
    );
  }
  return new Ssh2Transport({
    hostKeyPolicy: policy,
    ...(args['known-hosts'] ? { knownHostsFiles: args['known-hosts'].map((f) => resolve(f)) } : {}),
    ...(args['ssh-config'] ? { sshConfigPath: args['ssh-config'] } : {}),
  });
}
