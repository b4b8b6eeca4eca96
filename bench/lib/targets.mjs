// The performance targets of the benchmark (from the project's performance issue), checked against a
// report: each with what was measured and whether it is met. Printed, never asserted: a benchmark
// measures; a target not met is a finding for the README, not a failure.

const MB_PER_MIB = 2 ** 20 / 1e6;

/** Every target that the report's workloads can answer, in a fixed order. */
export function checkTargets(workloads) {
  const out = [];
  const add = (target, measured, met) => out.push({ target, measured, met });
  for (const [name, w] of Object.entries(workloads)) {
    const zfleet = w.results?.find((r) => r.tool === 'zfleet');
    if (name.startsWith('W1_') && zfleet) {
      add(
        `${name}: controller CPU per host <= 12 ms (fresh connections)`,
        `${zfleet.cpuMsPerHost.toFixed(1)} ms`,
        zfleet.cpuMsPerHost <= 12,
      );
      const floor = w.ratios?.zfleet_vs_floor;
      if (floor) add(`${name}: wall <= 1.15x the ssh2 floor`, `${floor.wall}x`, floor.wall <= 1.15);
      const peers = Object.entries(w.ratios ?? {}).filter(([k]) => k !== 'zfleet_vs_floor');
      if (peers.length)
        add(
          `${name}: wall below every peer`,
          peers.map(([k, r]) => `${k.replace('zfleet_vs_', '')} ${r.wall}x`).join(', '),
          peers.every(([, r]) => r.wall < 1),
        );
    }
    if (name.startsWith('W2_') && w.ratios?.zfleet_vs_floor) {
      const { wall } = w.ratios.zfleet_vs_floor;
      add(`${name}: wall <= 1.2x the one-ssh-per-host shell script`, `${wall}x`, wall <= 1.2);
    }
    if (name.startsWith('W3_per_call') && w.cpuMsPerCall !== undefined)
      add(
        'controller CPU per zarafa-admin call on a reused connection <= 5 ms (batched, as plan runs them)',
        `${w.cpuMsPerCall} ms`,
        w.cpuMsPerCall <= 5,
      );
    if (name.startsWith('W3_per_exec') && w.cpuMsPerExec !== undefined)
      add(
        'controller CPU per separate exec on a reused connection <= 5 ms',
        `${w.cpuMsPerExec} ms`,
        w.cpuMsPerExec <= 5,
      );
    if (name === 'W3' && w.results?.length) {
      const peak = Math.max(...w.results.map((r) => r.peakRssMiB * MB_PER_MIB));
      const most = w.results.at(-1);
      add(`W3: peak RSS <= 300 MB (at ${most.hosts} hosts)`, `${peak.toFixed(0)} MB`, peak <= 300);
      const first = w.results[0];
      if (w.results.length > 1) {
        // Linear means the cost per host does not grow with the fleet; 25% slack for noise.
        const growth = most.cpuMsPerHost / first.cpuMsPerHost;
        add(
          `W3: cost linear in hosts (CPU per host at ${most.hosts} <= 1.25x at ${first.hosts})`,
          `${first.cpuMsPerHost.toFixed(1)} -> ${most.cpuMsPerHost.toFixed(1)} ms/host (${growth.toFixed(2)}x)`,
          growth <= 1.25,
        );
      }
    }
  }
  return out;
}

export function renderTargets(targets) {
  if (targets.length === 0) return '';
  let md = '## Targets\n\n| target | measured | met |\n|---|---|---|\n';
  for (const t of targets) md += `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |\n`;
  return md + '\n';
}
