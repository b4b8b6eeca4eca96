// `zfleet exec [PATTERN] -- ARGS...`: zarafa-admin ARGS on every selected host (each word quoted once);
// `--shell 'CMD'` runs a shell command instead. Identical outputs are folded into one block.
import type { Argv, CommandModule } from 'yargs';
import { renderFoldedOutput } from '../../report/human.js';
import type { HostTask } from '../../run/fan-out.js';
import type { FleetArgs } from '../fleet-options.js';
import { fleetOptions } from '../fleet-options.js';
import type { Output } from '../output.js';
import { runAndReport } from '../run-report.js';

interface ExecArgs extends FleetArgs {
  shell: string | undefined;
  '--': string[] | undefined;
}

export function adminTask(args: readonly string[] | null, shell: string | undefined): HostTask {
  return async (ctx) => {
    const command = shell !== undefined ? { script: shell } : { argv: [ctx.host.adminPath, ...(args ?? [])] };
    const r = await ctx.run(command);
    return { status: r.exitCode === 0 ? 'ok' : 'failed' };
  };
}

export function execCommand(output: Output): CommandModule<object, ExecArgs> {
  return {
    command: 'exec [pattern]',
    describe: 'Run zarafa-admin (or, with --shell, a command) on every selected host',
    builder: (y: Argv) =>
      fleetOptions(y)
        .option('shell', { type: 'string', describe: 'a POSIX sh command to run instead of zarafa-admin' })
        .parserConfiguration({ 'populate--': true })
        .example('$0 exec -i hosts.yaml -- -l', 'list the users of every host')
        .example("$0 exec mail01 --shell 'uptime'", 'run a shell command on one host')
        .check((a) => {
          const rest = (a as unknown as ExecArgs)['--'] ?? [];
          if (a.shell !== undefined && rest.length > 0)
            throw new Error('give either --shell or zarafa-admin arguments after --, not both');
          if (a.shell === undefined && rest.length === 0)
            throw new Error('nothing to run: give zarafa-admin arguments after -- (e.g. -- -l) or --shell');
          return true;
        }) as unknown as Argv<ExecArgs>,
    handler: async (args) => {
      const rest = (args['--'] ?? []).map(String);
      const run = await runAndReport(args, output, adminTask(rest, args.shell), renderFoldedOutput);
      process.exitCode = run.exitCode;
    },
  };
}
