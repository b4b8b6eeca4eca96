// Human views of a run: folded command output, per-host problems and the recap line.
import type { HostOutcome, HostStatus, RunSummary } from '../run/outcome.js';
import { foldHostNames, groupBy } from './fold.js';
import type { Style } from './style.js';

const RULE = '-'.repeat(15);

export function statusWord(status: HostStatus, style: Style): string {
  return style[status === 'skipped' ? 'dim' : status](status);
}

/** Hosts whose last command printed the same thing share one block (clubak-style). */
export function renderFoldedOutput(outcomes: readonly HostOutcome[], style: Style): string {
  const ran = outcomes.filter((o) => o.commands.length > 0 && !o.error);
  const blocks = groupBy(ran, (o) => {
    const c = o.commands.at(-1);
    return JSON.stringify([c?.exitCode, c?.stdout, c?.stderr]);
  });
  let out = '';
  for (const block of blocks) {
    const c = block[0]?.commands.at(-1);
    if (!c) continue;
    const names = foldHostNames(block.map((o) => o.host));
    const exit = c.exitCode === 0 ? style.ok('exit 0') : style.failed(`exit ${c.exitCode}`);
    out += `${RULE}\n${style.bold(names)} (${block.length}) ${exit}\n${RULE}\n`;
    if (c.stdout) out += c.stdout.endsWith('\n') ? c.stdout : c.stdout + '\n';
    if (c.stderr) out += style.dim(c.stderr.endsWith('\n') ? c.stderr : c.stderr + '\n');
  }
  return out;
}

/** One line per host that did not end well, grouped by what went wrong. */
export function renderProblems(outcomes: readonly HostOutcome[], style: Style): string {
  const bad = outcomes.filter((o) => o.error);
  const groups = groupBy(bad, (o) => `${o.status}\u0000${o.error?.code}`);
  let out = '';
  for (const g of groups) {
    const first = g[0] as HostOutcome;
    out += `${statusWord(first.status, style)} ${style.dim(`[${first.error?.code}]`)} ${foldHostNames(g.map((o) => o.host))}\n`;
    for (const o of g) out += `  ${o.host}: ${o.error?.message}\n`;
  }
  return out;
}

export function renderRecap(summary: RunSummary, style: Style): string {
  const part = (n: number, status: HostStatus): string =>
    (n > 0 ? statusWord(status, style) : status) + `=${n}`;
  return (
    `${summary.hosts} hosts: ${part(summary.ok, 'ok')} ${part(summary.changed, 'changed')} ` +
    `${part(summary.failed, 'failed')} ${part(summary.unreachable, 'unreachable')}` +
    (summary.skipped ? ` ${part(summary.skipped, 'skipped')}` : '') +
    ` in ${(summary.durationMs / 1000).toFixed(2)} s\n`
  );
}
