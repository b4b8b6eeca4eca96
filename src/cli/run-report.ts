// Runs a task over the selected hosts and reports it the same way for every command: NDJSON as hosts
// finish with --json, otherwise folded output, problems and a recap; returns the exit code.
import type { HostSettings } from '../inventory/settings.js';
import type { HostTask } from '../run/fan-out.js';
import { fanOut } from '../run/fan-out.js';
import type { HostOutcome, RunSummary } from '../run/outcome.js';
import { hostJson, summaryJson } from '../report/json.js';
import { renderProblems, renderRecap } from '../report/human.js';
import { chooseStyle } from '../report/style.js';
import type { Style } from '../report/style.js';
import { runExitCode } from './exit-codes.js';
import type { FleetArgs } from './fleet-options.js';
import { hostsWithOverrides, makeTransport, selectedHosts } from './fleet-options.js';
import type { Output } from './output.js';
import { progressBar } from './progress.js';

export interface ReportedRun {
  readonly outcomes: HostOutcome[];
  readonly summary: RunSummary;
  readonly exitCode: number;
}

export async function runAndReport(
  args: FleetArgs,
  output: Output,
  task: HostTask,
  renderBody: (outcomes: HostOutcome[], style: Style) => string,
): Promise<ReportedRun> {
  const { hosts } = selectedHosts(args);
  const transport = makeTransport(args, output);
  const style = chooseStyle(Boolean(process.stdout.isTTY), process.env);
  const progress = progressBar(process.stderr, !args.json && Boolean(process.stderr.isTTY));
  try {
    const { outcomes, summary } = await fanOut(
      hostsWithOverrides(hosts, args) as HostSettings[],
      transport,
      task,
      {
        forks: args.forks,
        emit: (e) => {
          progress.sink(e);
          if (args.json && e.kind === 'host-done') output.out(hostJson(e.outcome));
        },
      },
    );
    progress.stop();
    const exitCode = runExitCode(summary);
    if (args.json) {
      output.out(summaryJson(summary, exitCode));
    } else {
      const body = renderBody(outcomes, style);
      if (body) output.out(body.replace(/\n$/, ''));
      const problems = renderProblems(outcomes, style);
      if (problems) output.err(problems.replace(/\n$/, ''));
      output.out(renderRecap(summary, style).replace(/\n$/, ''));
    }
    return { outcomes, summary, exitCode };
  } finally {
    progress.stop();
    await transport.close();
  }
}
