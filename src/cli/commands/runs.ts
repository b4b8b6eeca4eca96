// `zfleet runs` and `zfleet runs show ID`: what the journal recorded.
import type { Argv, CommandModule } from 'yargs';
import { FleetError } from '../../core/errors.js';
import { DEFAULT_INVENTORY } from '../../inventory/load.js';
import { describeChange } from '../../plan/render.js';
import type { Change } from '../../plan/types.js';
import { journalPath, openJournal } from '../converge-options.js';
import type { InventoryArgs } from '../fleet-options.js';
import type { Output } from '../output.js';

interface RunsArgs {
  action: string | undefined;
  id: number | undefined;
  inventory: string;
  journal: string | undefined;
}

export function runsCommand(output: Output): CommandModule<object, RunsArgs> {
  return {
    command: 'runs [action] [id]',
    describe: 'List the runs in the journal, or show one: zfleet runs show ID',
    builder: (y: Argv) =>
      y
        .positional('action', { choices: ['list', 'show'] as const })
        .positional('id', { type: 'number' })
        .option('inventory', {
          alias: 'i',
          type: 'string',
          default: process.env['ZFLEET_INVENTORY'] ?? DEFAULT_INVENTORY,
        })
        .option('journal', { type: 'string' }) as unknown as Argv<RunsArgs>,
    handler: (args) => {
      const path = journalPath(args as Pick<RunsArgs, 'journal'> & Pick<InventoryArgs, 'inventory'>);
      const journal = openJournal(path, false);
      if (!journal) throw new FleetError('usage', `no journal at ${path}`);
      try {
        if (args.action === 'show') {
          if (args.id === undefined) throw new FleetError('usage', 'zfleet runs show needs a run id');
          const run = journal.run(args.id);
          if (!run) throw new FleetError('usage', `no run ${args.id} in ${path}`);
          output.out(
            `run ${run.id}: ${run.command} ${run.status} (${run.startedAt} - ${run.finishedAt ?? 'unfinished'}) ${run.desiredFile}`,
          );
          for (const [host, status] of journal.hostStatuses(run.id)) output.out(`  host ${host}: ${status}`);
          for (const s of journal.steps(run.id)) {
            const d = describeChange(JSON.parse(s.change) as Change);
            const err = s.state === 'failed' && s.stderr ? `: ${s.stderr.trim().split('\n')[0]}` : '';
            output.out(`  ${s.host} ${s.state.padEnd(7)} ${d.sign} ${d.text}${err}`);
          }
        } else {
          for (const r of journal.runs())
            output.out(
              `${String(r.id).padStart(4)}  ${r.status.padEnd(11)} ${r.startedAt}  ${r.command}  ${r.desiredFile}`,
            );
        }
      } finally {
        journal.close();
      }
    },
  };
}
