// `zfleet ping [PATTERN]`: connect, authenticate, find the admin binary and its version, and time it.
import type { Argv, CommandModule } from 'yargs';
import { groupBy, foldHostNames } from '../../report/fold.js';
import type { HostTask } from '../../run/fan-out.js';
import type { HostOutcome } from '../../run/outcome.js';
import type { Style } from '../../report/style.js';
import type { FleetArgs } from '../fleet-options.js';
import { fleetOptions } from '../fleet-options.js';
import type { Output } from '../output.js';
import { runAndReport } from '../run-report.js';

/** The version in `-V` output: ZCP's "Product version:\t7,2,0,48204", Kopano's "kopano-admin 8.5.0". */
export function parseVersion(stdout: string): string | null {
  const m = /Product version:\s*(\S+)/.exec(stdout) ?? /^(?:kopano|zarafa)-admin (\S+)/m.exec(stdout);
  return m ? (m[1] as string) : null;
}

export const pingTask: HostTask = async (ctx) => {
  const r = await ctx.run({ argv: [ctx.host.adminPath, '-V'] });
  const version = parseVersion(r.stdout);
  // ZCP up to 7.2.1 exits 1 after printing its version; what matters is that it printed one.
  if (version === null) {
    const why =
      r.exitCode === 127
        ? `${ctx.host.adminPath} not found on the host`
        : `no version in the output of ${ctx.host.adminPath} -V (exit ${r.exitCode})`;
    return { status: 'failed', error: { code: 'remote-exit', message: `${ctx.host.name}: ${why}` } };
  }
  return {
    status: 'ok',
    facts: {
      flavour: ctx.host.flavour,
      version,
      connectMs: Math.round(ctx.session.connectMs),
      execMs: Math.round(r.durationMs),
    },
  };
};

export function renderPing(outcomes: HostOutcome[], style: Style): string {
  const ok = outcomes.filter((o) => o.status === 'ok' && o.facts);
  return groupBy(ok, (o) => `${o.facts?.['flavour']} ${o.facts?.['version']}`)
    .map((g) => {
      const f = g[0]?.facts ?? {};
      const ms = g
        .map((o) => Number(o.facts?.['connectMs'] ?? 0) + Number(o.facts?.['execMs'] ?? 0))
        .sort((a, b) => a - b);
      const median = ms[Math.floor(ms.length / 2)] ?? 0;
      return `${style.ok('ok')} ${foldHostNames(g.map((o) => o.host))} (${g.length}): ${f['flavour']} ${f['version']}, median ${median} ms (connect + -V)\n`;
    })
    .join('');
}

export function pingCommand(output: Output): CommandModule<object, FleetArgs> {
  return {
    command: 'ping [pattern]',
    describe: 'Check that every selected host answers: SSH, login, zarafa-admin and its version',
    builder: (y: Argv) => fleetOptions(y) as unknown as Argv<FleetArgs>,
    handler: async (args) => {
      const run = await runAndReport(args, output, pingTask, renderPing);
      process.exitCode = run.exitCode;
    },
  };
}
