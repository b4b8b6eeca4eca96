// `zfleet demo`: the controller's job on an embedded fleet of fake hosts, start to finish: some hosts
// have drift and hand-made objects; zfleet plans, applies and plans again against the example desired
// state in inventory/, then cleans up. Nothing to set up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { packageRoot } from '../../core/package-root.js';
import type { FakeFleet } from '../../fake/fleet/fleet.js';
import { loadFakeFleet } from '../load-fake-fleet.js';
import type { Output } from '../output.js';

interface DemoArgs {
  hosts: number;
  flavour: 'zarafa' | 'kopano';
  keep: boolean;
}

export const DEMO_DESIRED = join(packageRoot(), 'inventory', 'desired.example.yaml');

/** Drift an operator would find: a hand-made mailbox, and a user edited by hand with admin rights. */
async function addDrift(fleet: FakeFleet): Promise<void> {
  const { runOnHost, zarafa } = await loadFakeFleet();
  const run = (host: number, argv: string[]) => {
    const h = fleet.hosts[host];
    if (!h) return Promise.resolve();
    return runOnHost(h.stateDir, { argv, env: {}, flavour: zarafa, readLine: async () => null });
  };
  await run(0, [
    '-c',
    'postmaster',
    '-n',
    'yes',
    '-f',
    'Postmaster (made by hand)',
    '-e',
    'postmaster@example.org',
  ]);
  await run(1, ['-c', 'bob', '-p', 'old-password', '-f', 'Bobby J.', '-e', 'bob@example.org', '-a', '1']);
  await run(2, ['-g', 'sales']);
}

export function demoCommand(
  output: Output,
  runCli: (argv: string[]) => Promise<void>,
): CommandModule<object, DemoArgs> {
  return {
    command: 'demo',
    describe: 'Plan and apply the example desired state on an embedded fleet of fake Zarafa hosts',
    builder: (y: Argv) =>
      y
        .option('hosts', { type: 'number', default: 20, describe: 'number of fake hosts' })
        .option('flavour', { choices: ['zarafa', 'kopano'] as const, default: 'zarafa' as const })
        .option('keep', {
          type: 'boolean',
          default: false,
          describe: 'keep the fleet directory (inventory, journal, state) afterwards',
        })
        .check((a) => {
          if (!Number.isInteger(a.hosts) || a.hosts < 3 || a.hosts > 2000)
            throw new Error('--hosts must be between 3 and 2000');
          return true;
        }) as unknown as Argv<DemoArgs>,
    handler: async (args) => {
      const dir = mkdtempSync(join(tmpdir(), 'zfleet-demo-'));
      const { startFakeFleet } = await loadFakeFleet();
      const fleet = await startFakeFleet({ hosts: args.hosts, dir, flavour: args.flavour });
      // The example's passwords come from this variable; the demo supplies one if you did not.
      process.env['ZFLEET_DEMO_PASSWORD'] ??= 'demo-only-password';
      const common = ['-i', fleet.inventoryPath, '-d', DEMO_DESIRED, '--ssh-config', 'none'];
      let exitCode = 0;
      try {
        await addDrift(fleet);
        output.out(
          `Started ${args.hosts} fake ${args.flavour} hosts over SSH on 127.0.0.1 (${fleet.inventoryPath}),`,
        );
        output.out(
          'with some drift: a hand-made postmaster on mail01, a hand-edited admin bob on mail02, a group on mail03.\n',
        );
        const steps: [string, string[]][] = [
          ['zfleet ping', ['ping', '-i', fleet.inventoryPath, '--ssh-config', 'none']],
          [`zfleet plan -d ${DEMO_DESIRED}`, ['plan', ...common]],
          [
            `zfleet apply -d ${DEMO_DESIRED} --canary 1 --batch 50% --yes`,
            ['apply', ...common, '--canary', '1', '--batch', '50%', '--yes'],
          ],
          ['zfleet plan (again: nothing left to do)', ['plan', ...common]],
          [
            'zfleet exec mail02 -- --details bob   (the hand-granted admin flag is kept: zfleet does not own it)',
            ['exec', 'mail02', '-i', fleet.inventoryPath, '--ssh-config', 'none', '--', '--details', 'bob'],
          ],
        ];
        for (const [title, argv] of steps) {
          output.out(`$ ${title}`);
          process.exitCode = 0;
          await runCli(argv);
          // plan exits 2 when it finds changes: that is its report, not a failure of the demo.
          if (argv[0] !== 'plan') exitCode |= Number(process.exitCode ?? 0);
          output.out('');
        }
        output.out(
          'Journal of the run: zfleet runs -i ' +
            fleet.inventoryPath +
            (args.keep ? '' : ' (use --keep to look at it)'),
        );
      } finally {
        await fleet.stop();
        if (!args.keep) rmSync(dir, { recursive: true, force: true });
        else output.out(`Fleet directory kept: ${dir}`);
      }
      process.exitCode = exitCode;
    },
  };
}
