#!/usr/bin/env node
// zfleet benchmarks (not part of npm test): `npm run bench` (full) or `npm run bench -- --quick`.
// Workloads (see each file): W1 fan-out (w1.mjs), W2 many commands per host (w2.mjs), W3 scale and
// the per-call cost on reused connections (w3.mjs). Every figure is a median of several runs; the
// report goes to bench/results/ as JSON and Markdown, and bench/results/latest.md.
// Options: --quick (small sizes, 3 runs), --only W1,W2,W3 (a subset), --install (apt-get the peers,
// as root). Peers come from Debian: apt-get install -y pssh clustershell ansible-core time (and openssh-server).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO, TIME, have, version } from './lib/measure.mjs';
import { ensurePeers } from './lib/peers.mjs';
import { renderMarkdown } from './lib/report.mjs';
import { checkTargets } from './lib/targets.mjs';
import { w1 } from './w1.mjs';
import { w2 } from './w2.mjs';
import { perCall, perExec, w3 } from './w3.mjs';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const onlyAt = argv.indexOf('--only');
const ONLY = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').toUpperCase().split(',')) : null;
const wanted = (w) => !ONLY || ONLY.has(w);
const unknown = [...(ONLY ?? [])].filter((w) => !['W1', 'W2', 'W3'].includes(w));
if (unknown.length || ONLY?.size === 0) {
  console.error(`--only takes W1, W2 and/or W3, comma-separated (got "${argv[onlyAt + 1] ?? ''}")`);
  process.exit(1);
}
const SIZES = QUICK
  ? {
      runs: 3,
      w1: [50],
      w2: { hosts: 5, users: 40, runs: 3 },
      w3: [100, 300],
      perCall: [50, 40],
      perExec: [50, 20],
    }
  : {
      runs: 5,
      w1: [50, 200],
      w2: { hosts: 20, users: 200, runs: 3 },
      w3: [100, 300, 1000],
      perCall: [100, 40],
      perExec: [100, 20],
    };

const lib = {
  ...(await import(join(REPO, 'dist', 'testing', 'sshd-fleet.js'))),
  ...(await import(join(REPO, 'dist', 'fake', 'fleet', 'fleet.js'))),
  ...(await import(join(REPO, 'dist', 'fake', 'emulator', 'model.js'))),
};

ensurePeers(argv.includes('--install'));
if (!have(TIME)) {
  console.error(
    `${TIME} (GNU time, Debian package "time") is needed to measure anything; install it or pass --install`,
  );
  process.exit(1);
}
const sshd = lib.sshdAvailable();
if (!sshd)
  console.error('no /usr/sbin/sshd: W1 and W2 need openssh-server (apt-get install -y openssh-server)');

function gitCommit() {
  const git = (args) => spawnSync('git', ['-C', REPO, ...args], { encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (!head) return null;
  return git(['status', '--porcelain', '--', '.', ':!bench/results']) ? `${head}+changes` : head;
}

const report = {
  date: new Date().toISOString(),
  mode: QUICK ? 'quick' : 'full',
  command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memGiB: +(totalmem() / 2 ** 30).toFixed(1),
    freeMemGiB: +(freemem() / 2 ** 30).toFixed(1),
    // Anything else running skews wall times: the 1-minute load average when the run began.
    loadAverage: +loadavg()[0].toFixed(2),
  },
  versions: {
    node: process.version,
    zfleet: JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version,
    // The commit measured, with "+changes" when the work tree differed from it (results aside).
    commit: gitCommit(),
    openssh: version('ssh', ['-V']),
    pssh: have('parallel-ssh') ? version('parallel-ssh', ['--version']) : null,
    clush: have('clush') ? version('clush', ['--version']) : null,
    ansible: have('ansible') ? version('ansible', ['--version']) : null,
  },
  workloads: {},
};

if (sshd && wanted('W1'))
  for (const n of SIZES.w1) report.workloads[`W1_${n}`] = await w1(n, SIZES.runs, lib);
if (sshd && wanted('W2')) {
  const { hosts, users, runs } = SIZES.w2;
  report.workloads[`W2_${hosts}x${users}`] = await w2(hosts, users, runs, lib);
}
if (wanted('W3')) {
  const rows = [];
  for (const n of SIZES.w3) rows.push(await w3(n, SIZES.runs, lib));
  const [first, last] = [rows[0], rows.at(-1)];
  report.workloads.W3 = {
    results: rows,
    growth: rows.map((r) => ({
      hosts: r.hosts,
      wallMsPerHost: +((r.wallSeconds * 1000) / r.hosts).toFixed(2),
      cpuMsPerHost: +r.cpuMsPerHost.toFixed(2),
      peakRssMiB: +r.peakRssMiB.toFixed(0),
    })),
    // How the largest fleet compares with the smallest: linear cost means wall and CPU grow like hosts.
    ratios: {
      [`hosts_${last.hosts}_vs_${first.hosts}`]: {
        hosts: +(last.hosts / first.hosts).toFixed(2),
        wall: +(last.wallSeconds / first.wallSeconds).toFixed(3),
        cpu: +(last.cpuSeconds / first.cpuSeconds).toFixed(3),
        peakRss: +(last.peakRssMiB / first.peakRssMiB).toFixed(3),
      },
    },
  };
  const [n, users] = SIZES.perCall;
  report.workloads[`W3_per_call_${n}`] = await perCall(n, users, SIZES.runs, lib);
  const [hosts, extra] = SIZES.perExec;
  report.workloads[`W3_per_exec_${hosts}`] = await perExec(hosts, extra, SIZES.runs, lib);
}

report.targets = checkTargets(report.workloads);
for (const t of report.targets)
  console.log(`target ${t.met ? 'met    ' : 'NOT MET'}  ${t.target}: ${t.measured}`);

const stamp = report.date.replace(/[:.]/g, '-').slice(0, 16);
const out = join(REPO, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, `${stamp}.json`), JSON.stringify(report, null, 2) + '\n');
const md = renderMarkdown(report);
writeFileSync(join(out, `${stamp}.md`), md);
writeFileSync(join(out, 'latest.md'), md);
console.log(`\nreport: bench/results/${stamp}.md and .json`);
