// The zfleet command line: one yargs instance, built by a factory so tests can drive it in-process.
import yargs from 'yargs';
import { ConfigError, FleetError, formatProblem } from '../core/errors.js';
import { packageVersion } from '../core/package-root.js';
import type { Argv } from 'yargs';
import { demoCommand } from './commands/demo.js';
import { execCommand } from './commands/exec.js';
import { fakeFleetCommand } from './commands/fake-fleet.js';
import { hostsCommand } from './commands/hosts.js';
import { pingCommand } from './commands/ping.js';
import { pullCommand } from './commands/pull.js';
import { planCommand } from './commands/plan.js';
import { applyCommand } from './commands/apply.js';
import { runsCommand } from './commands/runs.js';
import { EXIT } from './exit-codes.js';
import { processOutput } from './output.js';
import type { Output } from './output.js';

/** The one yargs internal zfleet touches (not in yargs' type definitions). */
interface YargsInternals {
  getInternalMethods(): { getUsageInstance(): { cacheHelpMessage: () => void } };
}

export function buildCli(argv: readonly string[], output: Output = processOutput): Argv {
  const cli = yargs([...argv]);
  // yargs renders a command's whole help text after starting its handler, in case the handler later
  // asks for it; zfleet's handlers never do, and that render sat between the start of a fan-out and
  // its first connection (~9 ms on every run). --help and usage errors render help as before.
  (cli as unknown as YargsInternals).getInternalMethods().getUsageInstance().cacheHelpMessage = () =>
    undefined;
  return cli
    .scriptName('zfleet')
    .usage('$0 <command> [options]')
    .command(
      demoCommand(output, (a) =>
        buildCli(a, output)
          .parseAsync()
          .then(() => undefined),
      ),
    )
    .command(hostsCommand(output))
    .command(pingCommand(output))
    .command(execCommand(output))
    .command(pullCommand(output))
    .command(planCommand(output))
    .command(applyCommand(output))
    .command(runsCommand(output))
    .command(fakeFleetCommand(output))
    .demandCommand(1, 'Name a command; see zfleet --help')
    .strict()
    .help()
    .version(packageVersion())
    .fail((message, error) => {
      // zfleet's own errors go to main() as they are. A failed .check() arrives with its message as
      // `message` too: that is bad input, as are yargs' own complaints. Anything else is a bug.
      if (error instanceof FleetError) throw error;
      if (!error || message === error.message)
        throw new FleetError('usage', `${message} (see zfleet --help)`);
      throw error;
    });
}

export async function main(argv: readonly string[], output: Output = processOutput): Promise<void> {
  try {
    await buildCli(argv, output).parseAsync();
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) output.err(`zfleet: ${formatProblem(p)}`);
    } else if (e instanceof FleetError && e.code === 'empty-shard') {
      output.err(`zfleet: ${e.message}`);
      return;
    } else if (e instanceof FleetError) {
      output.err(`zfleet: ${e.message}`);
    } else {
      output.err(`zfleet: internal error: ${(e as Error).stack ?? String(e)}`);
    }
    process.exitCode = EXIT.error;
  }
}
