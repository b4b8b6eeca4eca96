// `zfleet demo`: the controller's job on an embedded fake fleet, start to finish, with nothing to set up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { startFakeFleet } from '../../fake/fleet/fleet.js';
import { renderFoldedOutput } from '../../report/human.js';
import type { FleetArgs } from '../fleet-options.js';
import type { Output } from '../output.js';
import { runAndReport } from '../run-report.js';
import { adminTask } from './exec.js';
import { pingTask, renderPing } from './ping.js';

interface DemoArgs {
  hosts: number;
  flavour: 'zarafa' | 'kopano';
  keep: boolean;
}

export function demoCommand(output: Output): CommandModule<object, DemoArgs> {
  return {
    command: 'demo',
    describe: 'Start an embedded fleet of fake Zarafa hosts and run zfleet against it',
    builder: (y: Argv) =>
      y
        .option('hosts', { type: 'number', default: 20, describe: 'number of fake hosts' })
        .option('flavour', { choices: ['zarafa', 'kopano'] as const, default: 'zarafa' as const })
        .option('keep', { type: 'boolean', default: false, describe: 'keep the fleet directory afterwards' })
        .check((a) => {
          if (!Number.isInteger(a.hosts) || a.hosts < 1 || a.hosts > 2000)
            throw new Error('--hosts must be between 1 and 2000');
          return true;
        }) as unknown as Argv<DemoArgs>,
    handler: async (args) => {
      const dir = mkdtempSync(join(tmpdir(), 'zfleet-demo-'));
      const fleet = await startFakeFleet({ hosts: args.hosts, dir, flavour: args.flavour });
      const fleetArgs: FleetArgs = {
        inventory: fleet.inventoryPath,
        pattern: 'all',
        limit: undefined,
        forks: 50,
        'host-key-checking': 'strict',
        'insecure-ignore-host-keys': false,
        'known-hosts': undefined,
        'ssh-config': 'none',
        timeout: undefined,
        json: false,
      };
      let exitCode = 0;
      try {
        output.out(
          `Started ${args.hosts} fake ${args.flavour} hosts over SSH on 127.0.0.1 (inventory: ${fleet.inventoryPath}).\n`,
        );
        const steps: Array<[string, Parameters<typeof runAndReport>[2], Parameters<typeof runAndReport>[3]]> =
          [
            ['$ zfleet ping', pingTask, renderPing],
            [
              "$ zfleet exec -- -c demo -P -f 'Demo User' -e demo@example.org   (password on stdin)",
              adminTask(['-c', 'demo', '-P', '-f', 'Demo User', '-e', 'demo@example.org'], undefined),
              renderFoldedOutput,
            ],
            ['$ zfleet exec -- -l', adminTask(['-l'], undefined), renderFoldedOutput],
          ];
        for (const [title, task, render] of steps) {
          output.out(title);
          const run = await runAndReport(fleetArgs, output, withDemoPassword(task), render);
          exitCode |= run.exitCode;
          output.out('');
        }
        output.out('Plan and apply of a desired state come next; see the README.');
      } finally {
        await fleet.stop();
        if (!args.keep) rmSync(dir, { recursive: true, force: true });
        else output.out(`Fleet directory kept: ${dir}`);
      }
      process.exitCode = exitCode;
    },
  };
}

/** The demo's user gets its password through -P on stdin, the way zfleet always sends passwords. */
function withDemoPassword(task: Parameters<typeof runAndReport>[2]): Parameters<typeof runAndReport>[2] {
  return (ctx) =>
    task({
      ...ctx,
      run: (command, options = {}) =>
        ctx.run(
          command,
          'argv' in command && command.argv.includes('-P')
            ? { ...options, stdin: 'demo-password\ndemo-password\n' }
            : options,
        ),
    });
}
