// `zfleet fake-fleet`: serves N fake Zarafa hosts over SSH until SIGINT/SIGTERM.
import type { Argv, CommandModule } from 'yargs';
import { loadFakeFleet } from '../load-fake-fleet.js';
import type { Output } from '../output.js';

interface FakeFleetArgs {
  hosts: number;
  dir: string;
  flavour: 'zarafa' | 'kopano';
  'max-sessions': number;
  'base-port': number;
}

export function fakeFleetCommand(output: Output): CommandModule<object, FakeFleetArgs> {
  return {
    command: 'fake-fleet',
    describe: 'Serve N fake Zarafa hosts over SSH on 127.0.0.1 (for rehearsals and tests)',
    builder: (y: Argv) =>
      y
        .option('hosts', { type: 'number', demandOption: true, describe: 'number of hosts' })
        .option('dir', {
          type: 'string',
          demandOption: true,
          describe: 'directory for keys, state, inventory.yaml, known_hosts',
        })
        .option('flavour', { choices: ['zarafa', 'kopano'] as const, default: 'zarafa' as const })
        .option('max-sessions', {
          type: 'number',
          default: 10,
          describe: 'concurrent sessions per connection (sshd MaxSessions)',
        })
        .option('base-port', {
          type: 'number',
          default: 0,
          describe: 'host i listens on base-port + i; 0 = free ports',
        })
        .check((a) => {
          if (!Number.isInteger(a.hosts) || a.hosts < 1)
            throw new Error('--hosts must be a whole number of at least 1');
          if (!Number.isInteger(a['max-sessions']) || a['max-sessions'] < 1)
            throw new Error('--max-sessions must be at least 1');
          const base = a['base-port'];
          if (!Number.isInteger(base) || base < 0 || (base > 0 && base + a.hosts > 65535)) {
            throw new Error('--base-port must leave room for every host below port 65536');
          }
          return true;
        }) as Argv<FakeFleetArgs>,
    handler: async (args) => {
      const { startFakeFleet } = await loadFakeFleet();
      const fleet = await startFakeFleet({
        hosts: args.hosts,
        dir: args.dir,
        flavour: args.flavour,
        maxSessions: args['max-sessions'],
        basePort: args['base-port'],
      });
      output.out(
        `ready ${fleet.hosts.length} ${args.flavour} hosts; inventory ${fleet.inventoryPath}; known_hosts ${fleet.knownHostsPath}`,
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await fleet.stop();
      output.out('stopped');
    },
  };
}
