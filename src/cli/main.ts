// The zfleet command line: one yargs instance, built by a factory so tests can drive it in-process.
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { fakeFleetCommand } from './commands/fake-fleet.js';
import { EXIT } from './exit-codes.js';
import { processOutput } from './output.js';
import type { Output } from './output.js';

export function buildCli(argv: readonly string[], output: Output = processOutput): Argv {
  return yargs([...argv])
    .scriptName('zfleet')
    .usage('$0 <command> [options]')
    .command(fakeFleetCommand(output))
    .demandCommand(1, 'Name a command; see zfleet --help')
    .strict()
    .help()
    .version()
    .fail((message, error) => {
      const text = error ? error.message : message;
      output.err(`zfleet: ${text}`);
      process.exit(error && !message ? EXIT.failed : EXIT.usage);
    });
}

export async function main(argv: readonly string[]): Promise<void> {
  await buildCli(argv).parseAsync();
}
