// The Markdown form of a benchmark report: the targets, then one table per workload with ratios under it.
import { renderTargets } from './targets.mjs';

export function renderMarkdown(report) {
  const { machine: m, versions: v } = report;
  let md = `# zfleet benchmark, ${report.date} (${report.mode})\n\n`;
  md += `Reproduce: \`${report.command}\`${v.commit ? ` (measured at commit ${v.commit})` : ''}\n\n`;
  md += `${m.cpus} CPUs (${m.cpuModel}), ${m.memGiB} GiB; Node ${v.node}; ${v.openssh}; pssh ${v.pssh}; clush ${v.clush}; ${v.ansible}\n\n`;
  md += renderTargets(report.targets ?? []);
  for (const [name, w] of Object.entries(report.workloads)) {
    md += `## ${name}\n\n| tool | hosts | wall s | CPU s | CPU ms/host | peak RSS MiB | ok runs |\n|---|---|---|---|---|---|---|\n`;
    for (const r of w.results)
      md += `| ${r.tool} | ${r.hosts} | ${r.wallSeconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${r.cpuMsPerHost.toFixed(1)} | ${r.peakRssMiB.toFixed(0)} | ${r.okRuns}/${r.runs} |\n`;
    const peers = Object.entries(w.ratios ?? {}).filter(([k]) => k.startsWith('zfleet_vs_'));
    if (peers.length)
      md += `\nRatios (zfleet / peer): ${peers.map(([k, r]) => `${k} wall ${r.wall}, CPU ${r.cpu}`).join('; ')}\n`;
    for (const [k, r] of Object.entries(w.ratios ?? {}).filter(([k]) => k.startsWith('hosts_')))
      md += `\nGrowth (${k}): ${r.hosts}x the hosts, ${r.wall}x the wall time, ${r.cpu}x the CPU, ${r.peakRss}x the peak RSS.\n`;
    if (w.cpuMsPerCall !== undefined)
      md += `\n${w.extraCalls} more zarafa-admin calls on reused connections: ${w.cpuMsPerCall} ms controller CPU per call.\n`;
    if (w.cpuMsPerExec !== undefined)
      md += `\n${w.extraExecs} more separate execs on reused connections: ${w.cpuMsPerExec} ms controller CPU per exec.\n`;
    md += '\n';
  }
  return md;
}
