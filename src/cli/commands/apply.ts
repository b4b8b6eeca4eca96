// `zfleet apply [PATTERN] -d FILE` or `zfleet apply PLAN.json`: plan, confirm (unless --yes), then roll
// the changes out (canary, batches, max-fail), journaling every step; `--resume ID` finishes an
// interrupted run by planning its unfinished hosts afresh.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Argv, CommandModule } from 'yargs';
import { ConfigError, FleetError } from '../../core/errors.js';
import { loadDesired } from '../../desired/load.js';
import type { Journal } from '../../journal/journal.js';
import { countChanges, describeChange, renderPlan } from '../../plan/render.js';
import type { Change, HostPlan, Plan } from '../../plan/types.js';
import { parsePlan } from '../../plan/schema.js';
import { applyHost } from '../../run/converge.js';
import type { ConvergeContext } from '../../run/converge.js';
import { fanOut } from '../../run/fan-out.js';
import { summarize } from '../../run/outcome.js';
import type { HostOutcome } from '../../run/outcome.js';
import { rollout } from '../../run/rollout.js';
import { hostJson, summaryJson } from '../../report/json.js';
import { renderJunit } from '../../report/junit.js';
import { renderProblems, renderRecap } from '../../report/human.js';
import { chooseStyle } from '../../report/style.js';
import type { ConvergeArgs } from '../converge-options.js';
import { convergeOptions, journalPath, openJournal, planAll, scopeOf } from '../converge-options.js';
import { EXIT, runExitCode } from '../exit-codes.js';
import { fleetOptions, makeTransport, selectedHosts } from '../fleet-options.js';
import type { Output } from '../output.js';

interface ApplyArgs extends ConvergeArgs {
  yes: boolean;
  canary: number;
  batch: string | undefined;
  'max-fail': number;
  resume: number | undefined;
  junit: string | undefined;
}

/** Plan files are small; anything larger is a mistake. */
const MAX_PLAN_BYTES = 64 * 1024 * 1024;

function readPlanFile(path: string): Plan {
  let data: unknown;
  try {
    if (statSync(path).size > MAX_PLAN_BYTES) throw new Error(`larger than ${MAX_PLAN_BYTES} bytes`);
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError([{ file: path, path: '', message: `not a plan file: ${(e as Error).message}` }]);
  }
  const parsed = parsePlan(data);
  if ('issues' in parsed) throw new ConfigError(parsed.issues.map((i) => ({ file: path, ...i })));
  return parsed.plan;
}

async function confirm(output: Output, question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export function applyCommand(output: Output): CommandModule<object, ApplyArgs> {
  return {
    command: 'apply [pattern]',
    describe: 'Make the hosts match the desired state (or a saved plan: zfleet apply PLAN.json)',
    builder: (y: Argv) =>
      convergeOptions(fleetOptions(y))
        .option('yes', {
          alias: 'y',
          type: 'boolean',
          default: false,
          describe: 'do not ask for confirmation',
        })
        .option('canary', {
          type: 'number',
          default: 0,
          describe: 'apply to the first N hosts alone first; stop if any fails',
        })
        .option('batch', { type: 'string', describe: 'hosts per wave after the canary: N or P%' })
        .option('max-fail', {
          type: 'number',
          default: 100,
          describe: 'stop when more than P% of hosts failed or were unreachable',
        })
        .option('resume', { type: 'number', describe: 'finish the interrupted run ID from the journal' })
        .option('junit', {
          type: 'string',
          describe: 'write a JUnit XML report (one test case per host and step)',
        })
        .check((a) => {
          if (!Number.isInteger(a.canary) || a.canary < 0) throw new Error('--canary must be a whole number');
          if (!(a['max-fail'] >= 0 && a['max-fail'] <= 100))
            throw new Error('--max-fail must be between 0 and 100');
          return true;
        }) as unknown as Argv<ApplyArgs>,
    handler: async (args) => {
      const planFile = args.pattern.endsWith('.json') ? args.pattern : undefined;
      if (planFile && !existsSync(planFile))
        throw new ConfigError([{ file: planFile, path: '', message: 'plan file does not exist' }]);
      const saved = planFile ? readPlanFile(planFile) : undefined;
      const journal = openJournal(journalPath(args), true) as Journal;
      const transport = makeTransport(args, output);
      let runId: number | undefined;
      try {
        const resumed = args.resume !== undefined ? journal.run(args.resume) : undefined;
        if (args.resume !== undefined && !resumed)
          throw new FleetError('usage', `journal ${journal.path} has no run ${args.resume}`);
        const desiredFile = args.desired ?? saved?.desiredFile ?? resumed?.desiredFile;
        if (!desiredFile)
          throw new FleetError('usage', 'say what to apply: -d FILE, a plan file, or --resume ID');
        const { loaded, hosts: selected } = selectedHosts({
          ...args,
          pattern: planFile ? 'all' : args.pattern,
        });
        const desired = await loadDesired(desiredFile);
        const done = resumed ? journal.hostStatuses(resumed.id) : new Map<string, string>();
        let hosts = selected.filter((h) => !['ok', 'changed'].includes(done.get(h.name) ?? ''));
        if (saved) hosts = hosts.filter((h) => saved.hosts.some((p) => p.host === h.name));
        const ctx: ConvergeContext = {
          desired,
          inScope: scopeOf(loaded),
          journal,
          pruneUnmanaged: args['prune-unmanaged'],
        };
        const style = chooseStyle(Boolean(process.stdout.isTTY), process.env);

        let plans: Map<string, HostPlan>;
        let planFailures: HostOutcome[] = [];
        if (saved) plans = new Map(saved.hosts.map((p) => [p.host, p]));
        else {
          const planned = await planAll(hosts, transport, ctx, args.forks);
          plans = planned.plans;
          // Hosts that could not even be planned are not applied to: the operator never saw their changes.
          planFailures = planned.outcomes.filter((o) => o.status === 'failed' || o.status === 'unreachable');
        }
        const shown = hosts.map((h) => plans.get(h.name)).filter((p): p is HostPlan => p !== undefined);
        if (!args.json) output.out(renderPlan(shown, style).trimEnd());
        const total = shown.reduce((n, p) => n + p.changes.length, 0);
        if (total === 0 && !resumed) {
          if (!args.json) output.out('Nothing to apply.');
          process.exitCode = shown.length < hosts.length ? EXIT.error : EXIT.ok;
          return;
        }
        const counts = countChanges(shown.flatMap((p) => p.changes));
        if (
          !args.yes &&
          !(await confirm(
            output,
            `Apply ${counts.add} additions, ${counts.change} changes, ${counts.remove} removals to ${shown.length} hosts?`,
          ))
        ) {
          output.err(
            process.stdin.isTTY
              ? 'zfleet: not applied.'
              : 'zfleet: not applied: confirm with --yes when there is no terminal.',
          );
          process.exitCode = EXIT.error;
          return;
        }
        runId = journal.startRun(resumed ? `apply --resume ${resumed.id}` : 'apply', desired.file, {
          canary: args.canary,
          batch: args.batch,
          maxFail: args['max-fail'],
        });
        const id = runId;
        for (const h of hosts) journal.hostStatus(id, h.name, 'pending');
        const started = performance.now();
        const toApply = resumed ? hosts : hosts.filter((h) => plans.has(h.name));
        for (const f of planFailures) {
          journal.hostStatus(id, f.host, f.status, f.error?.message);
          if (args.json) output.out(hostJson(f));
        }
        const rolled = await rollout(
          toApply,
          {
            canary: args.canary,
            batch: args.batch,
            maxFailPercent: args['max-fail'],
            stopIf: () => (journal.broken ? `${journal.broken.message}; no more hosts are changed` : null),
          },
          async (wave) => {
            const r = await fanOut(
              wave,
              transport,
              async (hctx) => {
                const savedPlan = resumed ? undefined : plans.get(hctx.host.name);
                const result = await applyHost(ctx, hctx.session, hctx.host, {
                  runId: id,
                  journal,
                  ...(savedPlan ? { saved: savedPlan } : {}),
                });
                return result;
              },
              {
                forks: args.forks,
                emit: (e) => {
                  if (e.kind !== 'host-done') return;
                  if (args.json) output.out(hostJson(e.outcome));
                  try {
                    journal.hostStatus(id, e.outcome.host, e.outcome.status, e.outcome.error?.message);
                  } catch {
                    /* journal.broken stops the rollout after this wave */
                  }
                },
              },
            );
            return r.outcomes;
          },
          planFailures,
        );
        const { stoppedBecause } = rolled;
        const outcomes = [...planFailures, ...rolled.outcomes];
        const summary = summarize(outcomes, performance.now() - started);
        const exitCode = runExitCode(summary) | (stoppedBecause ? EXIT.failed : 0);
        if (journal.broken) {
          const problems = renderProblems(outcomes, style);
          if (problems) output.err(problems.trimEnd());
          throw new FleetError(
            'journal',
            `${journal.broken.message}. Stopped: hosts being changed at that moment may hold changes the journal does not show; make the journal writable and run zfleet apply again, which re-reads every host.`,
          );
        }
        for (const o of outcomes)
          if (o.status === 'skipped') journal.hostStatus(id, o.host, 'skipped', stoppedBecause ?? undefined);
        journal.finishRun(id, stoppedBecause ? 'stopped' : exitCode === 0 ? 'ok' : 'failed');
        if (args.junit) {
          const steps = journal.steps(id).map((st) => ({
            host: st.host,
            name: `${describeChange(JSON.parse(st.change) as Change).sign} ${describeChange(JSON.parse(st.change) as Change).text}`,
            state: st.state,
            ...(st.state === 'failed' ? { message: `exit ${st.exitCode}: ${(st.stderr ?? '').trim()}` } : {}),
          }));
          writeFileSync(resolve(args.junit), renderJunit(`zfleet apply run ${id}`, outcomes, steps));
        }
        if (args.json) output.out(summaryJson(summary, exitCode));
        else {
          const problems = renderProblems(outcomes, style);
          if (problems) output.err(problems.trimEnd());
          if (stoppedBecause)
            output.err(`zfleet: rollout stopped: ${stoppedBecause}; ${summary.skipped} hosts not started`);
          output.out(`run ${id}: ` + renderRecap(summary, style).trimEnd());
        }
        process.exitCode = exitCode;
      } finally {
        journal.close();
        await transport.close();
      }
    },
  };
}
