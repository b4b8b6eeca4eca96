// `zfleet pull [PATTERN] -o DIR`: the actual users and groups of every selected host, one file each
// (YAML, or JSON with --json; --as-desired in the desired-state format). Deterministic bytes.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Argv, CommandModule } from 'yargs';
import { gatherHostState } from '../../run/gather.js';
import type { HostTask } from '../../run/fan-out.js';
import type { HostOutcome } from '../../run/outcome.js';
import { stateAsDesired } from '../../zarafa/state.js';
import type { HostState } from '../../zarafa/state.js';
import type { FleetArgs } from '../fleet-options.js';
import { fleetOptions } from '../fleet-options.js';
import type { Output } from '../output.js';
import { runAndReport } from '../run-report.js';

interface PullArgs extends FleetArgs {
  output: string;
  'as-desired': boolean;
  format: 'yaml' | 'json';
}

/** A host name as a file name: path separators and leading dots cannot escape the directory. */
export function hostFileName(host: string, ext: string): string {
  return `${host.replace(/[/\\\0]/g, '_').replace(/^\.+/, '_')}.${ext}`;
}

export function renderHostFile(state: HostState, asDesired: boolean, format: 'yaml' | 'json'): string {
  const data = asDesired ? stateAsDesired(state) : state;
  if (format === 'json') return JSON.stringify(data, null, 2) + '\n';
  const header = asDesired ? `# Desired state pulled from ${state.host} (zfleet pull --as-desired)\n` : '';
  return header + stringify(data, { lineWidth: 0 });
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function pullTask(dir: string, asDesired: boolean, format: 'yaml' | 'json'): HostTask {
  return async (ctx) => {
    const stats = { channels: 0, calls: 0 };
    const state = await gatherHostState(ctx.session, ctx.host, stats);
    writeAtomically(
      join(dir, hostFileName(ctx.host.name, format === 'json' ? 'json' : 'yaml')),
      renderHostFile(state, asDesired, format),
    );
    return {
      status: 'ok',
      facts: {
        users: state.users.length,
        groups: state.groups.length,
        channels: stats.channels,
        calls: stats.calls,
      },
    };
  };
}

function renderPulled(outcomes: HostOutcome[], dir: string): string {
  const ok = outcomes.filter((o) => o.status === 'ok');
  const users = ok.reduce((n, o) => n + Number(o.facts?.['users'] ?? 0), 0);
  const groups = ok.reduce((n, o) => n + Number(o.facts?.['groups'] ?? 0), 0);
  return ok.length ? `pulled ${ok.length} hosts (${users} users, ${groups} groups) into ${dir}\n` : '';
}

export function pullCommand(output: Output): CommandModule<object, PullArgs> {
  return {
    command: 'pull [pattern]',
    describe: "Write every selected host's actual users and groups to DIR, one file per host",
    builder: (y: Argv) =>
      fleetOptions(y)
        .option('output', {
          alias: 'o',
          type: 'string',
          demandOption: true,
          describe: 'directory for the host files',
        })
        .option('as-desired', {
          type: 'boolean',
          default: false,
          describe: 'write the desired-state format (to start a desired state from a server)',
        })
        .option('format', {
          choices: ['yaml', 'json'] as const,
          default: 'yaml' as const,
          describe: 'file format',
        }) as unknown as Argv<PullArgs>,
    handler: async (args) => {
      const dir = resolve(args.output);
      mkdirSync(dir, { recursive: true });
      const run = await runAndReport(args, output, pullTask(dir, args['as-desired'], args.format), (o) =>
        renderPulled(o, dir),
      );
      process.exitCode = run.exitCode;
    },
  };
}
