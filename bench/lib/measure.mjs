// Measuring commands for the benchmarks: GNU time around each run, medians over several runs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TIME = '/usr/bin/time';
export const ZFLEET = join(REPO, 'bin', 'zfleet.js');

export function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

export function version(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  return ((r.stdout || r.stderr || '').split('\n').find(Boolean) ?? 'unknown').trim();
}

/** Runs a command under GNU time: wall seconds, user+sys CPU seconds (children included), peak RSS
 * in KiB. Asynchronous, so an in-process fake fleet in this very process keeps serving meanwhile. */
export function measure(cmd, argv, env = {}, stdinText) {
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ['-f', 'ZFLEET_TIME %e %U %S %M', cmd, ...argv], {
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(stdinText ?? '');
    child.on('close', (status) => {
      const m = /ZFLEET_TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (!m) return reject(new Error(`${cmd} gave no timing: ${stderr.slice(-500)}`));
      resolve({
        ok: status === 0,
        wall: Number(m[1]),
        cpu: Number(m[2]) + Number(m[3]),
        rssKiB: Number(m[4]),
        stdout,
        stderr: stderr.replace(/ZFLEET_TIME.*\n?/, ''),
      });
    });
  });
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs each spec `runs` times, round-robin (run 1 of every tool, then run 2 of every tool...), so that
 * a machine that slows down or speeds up during the benchmark weighs on every tool alike. A spec's
 * before() runs un-timed ahead of each of its runs (e.g. to reset hosts); `warmup` extra first rounds
 * are run and thrown away (cold page cache, first sshd forks). Reports medians per spec.
 */
export async function interleave(specs, { runs, warmup = 0 }) {
  const results = specs.map(() => []);
  for (let round = 0; round < warmup + runs; round++) {
    for (const [i, spec] of specs.entries()) {
      if (spec.before) await spec.before();
      const r = await spec.fn();
      if (round >= warmup) results[i].push(r);
    }
  }
  return specs.map((spec, i) => summarise(spec, results[i]));
}

/** One spec, `runs` times in a row: for workloads with a single tool. */
export async function repeat({ runs, ...spec }) {
  const [row] = await interleave([spec], { runs });
  return row;
}

function summarise({ label, hosts }, results) {
  const runs = results.length;
  const okRuns = results.filter((r) => r.ok).length;
  const failed = results.find((r) => !r.ok);
  const cpuSeconds = median(results.map((r) => r.cpu));
  const row = {
    tool: label,
    hosts,
    runs,
    okRuns,
    wallSeconds: median(results.map((r) => r.wall)),
    cpuSeconds,
    cpuMsPerHost: (cpuSeconds * 1000) / hosts,
    peakRssMiB: median(results.map((r) => r.rssKiB)) / 1024,
    // Every run, for a reader who doubts a median.
    wallEach: results.map((r) => r.wall),
  };
  console.log(
    `  ${label.padEnd(14)} ${row.wallSeconds.toFixed(2)} s wall, ${row.cpuMsPerHost.toFixed(1)} ms CPU/host, ${row.peakRssMiB.toFixed(0)} MiB${okRuns < runs ? `  (${runs - okRuns} runs failed: ${(failed.why ?? failed.stderr ?? '').trim().slice(-300)})` : ''}`,
  );
  return row;
}

/** zfleet against each peer: wall and CPU ratios (below 1 means zfleet is cheaper). */
export function ratiosOf(rows, peers) {
  const by = Object.fromEntries(rows.map((r) => [r.tool, r]));
  const ratios = {};
  for (const peer of peers) {
    if (by[peer] && by.zfleet)
      ratios[`zfleet_vs_${peer}`] = {
        wall: +(by.zfleet.wallSeconds / by[peer].wallSeconds).toFixed(3),
        cpu: +(by.zfleet.cpuSeconds / by[peer].cpuSeconds).toFixed(3),
      };
  }
  return ratios;
}

/**
 * Runs body(fleet, dir) on a fleet that start(dir) starts in a fresh scratch directory; afterwards the
 * fleet is stopped and the directory removed, whatever happened (a failed start included).
 */
export async function withFleet(prefix, start, body) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    const fleet = await start(dir);
    try {
      return await body(fleet, dir);
    } finally {
      await fleet.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
