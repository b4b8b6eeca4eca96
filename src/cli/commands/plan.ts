// `zfleet plan -d FILE [PATTERN] [-o plan.json] [--json]`: what apply would change, host by host.
// Exit 0: no changes; 2: changes; 1: an error (bad input, or a host that could not be read).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { loadDesired } from '../../desired/load.js';
import { PLAN_VERSION } from '../../plan/types.js';
import type { Plan } from '../../plan/types.js';
import { renderPlan } from '../../plan/render.js';
import { renderProblems } from '../../report/human.js';
import { chooseStyle } from '../../report/style.js';
import type { ConvergeArgs } from '../converge-options.js';
import { convergeOptions, journalPath, openJournal, planAll, scopeOf } from '../converge-options.js';
import { EXIT } from '../exit-codes.js';
import { fleetOptions, makeTransport, selectedHosts } from '../fleet-options.js';
import type { Output } from '../output.js';

interface PlanArgs extends ConvergeArgs {
  out: string | undefined;
}

export function planCommand(output: Output): CommandModule<object, PlanArgs> {
  return {
    command: 'plan [pattern]',
    describe: 'Show what apply would change to make the hosts match the desired state',
    builder: (y: Argv) =>
      convergeOptions(fleetOptions(y))
        .option('out', {
          alias: 'o',
          type: 'string',
          describe: 'save the plan as JSON, for zfleet apply PLAN.json',
        })
        .demandOption('desired') as unknown as Argv<PlanArgs>,
    handler: async (args) => {
      const { loaded, hosts } = selectedHosts(args);
      const desired = await loadDesired(args.desired as string);
      const journal = openJournal(journalPath(args), false);
      const transport = makeTransport(args, output);
      try {
        const ctx = { desired, inScope: scopeOf(loaded), journal, pruneUnmanaged: args['prune-unmanaged'] };
        const { plans, outcomes } = await planAll(hosts, transport, ctx, args.forks);
        const plan: Plan = {
          version: PLAN_VERSION,
          createdAt: new Date().toISOString(),
          desiredFile: desired.file,
          hosts: hosts.map((h) => plans.get(h.name)).filter((p) => p !== undefined),
        };
        if (args.out) writeFileSync(resolve(args.out), JSON.stringify(plan, null, 2) + '\n');
        const style = chooseStyle(Boolean(process.stdout.isTTY), process.env);
        if (args.json) output.out(JSON.stringify(plan));
        else output.out(renderPlan(plan.hosts, style).trimEnd());
        const problems = renderProblems(outcomes, style);
        if (problems) output.err(problems.trimEnd());
        const broken = outcomes.some((o) => o.status === 'failed' || o.status === 'unreachable');
        process.exitCode = broken
          ? EXIT.error
          : plan.hosts.some((h) => h.changes.length > 0)
            ? EXIT.failed
            : EXIT.ok;
      } finally {
        journal?.close();
        await transport.close();
      }
    },
  };
}
