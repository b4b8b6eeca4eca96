#!/usr/bin/env node
// zfleet benchmarks (not part of npm test): `npm run bench` (full) or `npm run bench -- --quick`.
//   W1 fan-out: `zarafa-admin -l` on N real sshd fake hosts: zfleet vs parallel-ssh, clush, ansible
//      (raw) and a bare ssh2 floor, all at parallelism N, OpenSSH-based tools pinned to
//      KexAlgorithms curve25519-sha256 so the comparison is of tools, not key exchanges.
//   W3 scale: `zfleet plan` over 100..1000 in-process fake hosts with 20 users each.
// Every figure is the median of several runs; the report goes to bench/results/ as JSON and Markdown.
// Peers come from Debian: apt-get install -y pssh clustershell ansible-core time (or pass --install).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, freemem, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const RUNS = QUICK ? 3 : 5;
const W1_SIZES = QUICK ? [50] : [50, 200];
const W3_SIZES = QUICK ? [100, 300] : [100, 300, 1000];
const TIME = '/usr/bin/time';

const { startSshdFleet, sshdAvailable } = await import(join(REPO, 'dist', 'testing', 'sshd-fleet.js'));
const { startFakeFleet } = await import(join(REPO, 'dist', 'fake', 'fleet', 'fleet.js'));
const { emptyState, newUser, newGroup } = await import(join(REPO, 'dist', 'fake', 'emulator', 'model.js'));

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function ensurePeers() {
  const missing = [
    ['parallel-ssh', 'pssh'],
    ['clush', 'clustershell'],
    ['ansible', 'ansible-core'],
    [TIME, 'time'],
  ].filter(([cmd]) => !have(cmd));
  if (missing.length === 0) return;
  const pkgs = missing.map(([, pkg]) => pkg);
  if (args.has('--install') && process.getuid?.() === 0) {
    execFileSync('apt-get', ['install', '-y', '-qq', ...pkgs], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } else {
    console.error(
      `missing peers: ${pkgs.join(' ')}; install them with: apt-get install -y ${pkgs.join(' ')} (or run with --install as root)`,
    );
  }
}

function version(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  return ((r.stdout || r.stderr || '').split('\n').find(Boolean) ?? 'unknown').trim();
}

/** Runs a command under GNU time: wall seconds, user+sys CPU seconds, peak RSS in KiB. Asynchronous, so
 * an in-process fake fleet in this very process keeps serving while the command runs. */
function measure(cmd, argv, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ['-f', 'ZFLEET_TIME %e %U %S %M', cmd, ...argv], {
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => {
      const m = /ZFLEET_TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (!m) return reject(new Error(`${cmd} gave no timing: ${stderr.slice(-500)}`));
      resolve({
        ok: status === 0,
        wall: Number(m[1]),
        cpu: Number(m[2]) + Number(m[3]),
        rssKiB: Number(m[4]),
        stdout,
      });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function repeat(label, hosts, fn) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await fn());
  const okRuns = runs.filter((r) => r.ok).length;
  const res = {
    tool: label,
    hosts,
    runs: RUNS,
    okRuns,
    wallSeconds: median(runs.map((r) => r.wall)),
    cpuMsPerHost: (median(runs.map((r) => r.cpu)) * 1000) / hosts,
    peakRssMiB: median(runs.map((r) => r.rssKiB)) / 1024,
  };
  console.log(
    `  ${label.padEnd(12)} ${res.wallSeconds.toFixed(2)} s wall, ${res.cpuMsPerHost.toFixed(1)} ms CPU/host, ${res.peakRssMiB.toFixed(0)} MiB${okRuns < RUNS ? `  (${RUNS - okRuns} runs failed)` : ''}`,
  );
  return res;
}

async function w1(n) {
  console.log(`W1 fan-out, ${n} sshd hosts`);
  const dir = mkdtempSync(join(tmpdir(), `zfleet-bench-w1-${n}-`));
  const fleet = await startSshdFleet({ hosts: n, dir, maxSessions: 10 });
  try {
    const key = fleet.clientKeyPath;
    const kh = fleet.knownHostsPath;
    const sshOpts = [
      '-i',
      key,
      '-F',
      '/dev/null',
      '-o',
      `UserKnownHostsFile=${kh}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'KexAlgorithms=curve25519-sha256',
    ];
    writeFileSync(join(dir, 'pssh-hosts'), fleet.hosts.map((h) => `127.0.0.1:${h.port}`).join('\n') + '\n');
    writeFileSync(
      join(dir, 'ssh_config'),
      fleet.hosts
        .map(
          (h) =>
            `Host ${h.name}\n  HostName 127.0.0.1\n  Port ${h.port}\n  User ${fleet.user}\n  IdentityFile ${key}\n  UserKnownHostsFile ${kh}\n  StrictHostKeyChecking yes\n  BatchMode yes\n  KexAlgorithms curve25519-sha256\n`,
        )
        .join(''),
    );
    writeFileSync(
      join(dir, 'floor.json'),
      JSON.stringify({
        key,
        hosts: fleet.hosts.map((h) => ({ address: h.address, port: h.port, hostKey: h.hostPublicKey })),
      }),
    );
    const nodeset = `${fleet.hosts[0].name.replace(/\d+$/, '')}[${fleet.hosts[0].name.match(/\d+$/)[0]}-${fleet.hosts.at(-1).name.match(/\d+$/)[0]}]`;
    const env = { HOME: dir, NO_COLOR: '1' };
    const results = [];
    results.push(
      await repeat('floor', n, () =>
        measure(process.execPath, [
          join(REPO, 'bench', 'floor.mjs'),
          join(dir, 'floor.json'),
          'zarafa-admin -l',
        ]),
      ),
    );
    results.push(
      await repeat('zfleet', n, () =>
        measure(
          process.execPath,
          [
            join(REPO, 'bin', 'zfleet.js'),
            'exec',
            '-i',
            fleet.inventoryPath,
            '-f',
            String(n),
            '--ssh-config',
            'none',
            '--',
            '-l',
          ],
          env,
        ),
      ),
    );
    if (have('parallel-ssh')) {
      results.push(
        await repeat('pssh', n, () =>
          measure(
            'parallel-ssh',
            [
              '-h',
              join(dir, 'pssh-hosts'),
              '-p',
              String(n),
              '-l',
              fleet.user,
              ...sshOpts.flatMap((o) => ['-x', o]),
              '-i',
              'zarafa-admin -l',
            ],
            env,
          ),
        ),
      );
    }
    if (have('clush')) {
      results.push(
        await repeat('clush', n, () =>
          measure(
            'clush',
            ['-f', String(n), '-o', `-F ${join(dir, 'ssh_config')}`, '-w', nodeset, 'zarafa-admin -l'],
            env,
          ),
        ),
      );
    }
    if (have('ansible')) {
      const aenv = {
        ...env,
        ANSIBLE_SSH_ARGS: '-o KexAlgorithms=curve25519-sha256 -o ControlMaster=no',
        ANSIBLE_HOST_KEY_CHECKING: 'True',
        ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-tmp'),
        ANSIBLE_NOCOLOR: '1',
      };
      results.push(
        await repeat('ansible', n, () =>
          measure(
            'ansible',
            ['all', '-i', fleet.inventoryPath, '-m', 'raw', '-a', 'zarafa-admin -l', '-f', String(n)],
            aenv,
          ),
        ),
      );
    }
    return results;
  } finally {
    await fleet.stop();
  }
}

function seed(stateDir, users) {
  const state = emptyState();
  const groups = [0, 1, 2].map((g) => newGroup(state, `g${g}`, ''));
  for (let i = 0; i < users; i++) {
    const u = newUser(state, {
      name: `u${i}`,
      fullname: `User ${i}`,
      email: `u${i}@example.org`,
      passwordSha256: null,
      active: true,
      admin: 0,
      enabledFeatures: [],
      disabledFeatures: [],
      quota: { override: false, warn: 0, soft: 0, hard: 0 },
      autoAccept: false,
      declineConflict: false,
      declineRecurring: false,
      sendas: [],
    });
    groups[i % 3].members.push(u.id);
  }
  stateDir.ensure();
  stateDir.writeState(state);
}

async function w3(n) {
  console.log(`W3 plan over ${n} in-process hosts (20 users each)`);
  const dir = mkdtempSync(join(tmpdir(), `zfleet-bench-w3-${n}-`));
  const fleet = await startFakeFleet({ hosts: n, dir });
  try {
    for (const h of fleet.hosts) seed(h.stateDir, 20);
    const desired = join(dir, 'desired.yaml');
    const users = Array.from(
      { length: 25 },
      (_, i) => `  - {name: u${i}, fullname: User ${i}, password: {env: BENCH_PW}, groups: [g${i % 3}]}`,
    );
    writeFileSync(
      desired,
      [
        'version: 1',
        'policy: {emailDomain: example.org}',
        'groups: [{name: g0}, {name: g1}, {name: g2}]',
        'users:',
        ...users,
        '',
      ].join('\n'),
    );
    return [
      await repeat('zfleet plan', n, async () => {
        const r = await measure(
          process.execPath,
          [
            join(REPO, 'bin', 'zfleet.js'),
            'plan',
            '-i',
            fleet.inventoryPath,
            '-d',
            desired,
            '--ssh-config',
            'none',
          ],
          { HOME: dir, NO_COLOR: '1', BENCH_PW: 'bench-pw' },
        );
        return { ...r, ok: r.stdout.includes(`on ${n} of ${n} hosts`) };
      }),
    ];
  } finally {
    await fleet.stop();
  }
}

ensurePeers();
if (!sshdAvailable()) console.error('no /usr/sbin/sshd: W1 needs openssh-server');
const facts = {
  date: new Date().toISOString(),
  mode: QUICK ? 'quick' : 'full',
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memGiB: +(totalmem() / 2 ** 30).toFixed(1),
    freeMemGiB: +(freemem() / 2 ** 30).toFixed(1),
  },
  versions: {
    node: process.version,
    zfleet: JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version,
    openssh: version('ssh', ['-V']),
    pssh: have('parallel-ssh') ? version('parallel-ssh', ['--version']) : null,
    clush: have('clush') ? version('clush', ['--version']) : null,
    ansible: have('ansible') ? version('ansible', ['--version']) : null,
  },
};
const report = { ...facts, workloads: {} };
if (sshdAvailable() && !args.has('--w3-only')) {
  for (const n of W1_SIZES) {
    const rows = await w1(n);
    const by = Object.fromEntries(rows.map((r) => [r.tool, r]));
    const ratios = {};
    for (const peer of ['floor', 'pssh', 'clush', 'ansible']) {
      if (by[peer] && by.zfleet)
        ratios[`zfleet_vs_${peer}`] = {
          wall: +(by.zfleet.wallSeconds / by[peer].wallSeconds).toFixed(3),
          cpu: +(by.zfleet.cpuMsPerHost / by[peer].cpuMsPerHost).toFixed(3),
        };
    }
    report.workloads[`W1_${n}`] = { results: rows, ratios };
  }
}
const w3rows = [];
for (const n of W3_SIZES) w3rows.push(...(await w3(n)));
report.workloads.W3 = {
  results: w3rows,
  growth: w3rows.map((r) => ({
    hosts: r.hosts,
    cpuMsPerHost: +r.cpuMsPerHost.toFixed(2),
    peakRssMiB: +r.peakRssMiB.toFixed(0),
  })),
};

const stamp = report.date.replace(/[:.]/g, '-').slice(0, 16);
mkdirSync(join(REPO, 'bench', 'results'), { recursive: true });
writeFileSync(join(REPO, 'bench', 'results', `${stamp}.json`), JSON.stringify(report, null, 2) + '\n');
let md = `# zfleet benchmark, ${report.date} (${report.mode})\n\n${facts.machine.cpus} CPUs (${facts.machine.cpuModel}), ${facts.machine.memGiB} GiB; Node ${facts.versions.node}; ${facts.versions.openssh}\n\n`;
for (const [name, w] of Object.entries(report.workloads)) {
  md += `## ${name}\n\n| tool | hosts | wall s | CPU ms/host | peak RSS MiB | ok runs |\n|---|---|---|---|---|---|\n`;
  for (const r of w.results)
    md += `| ${r.tool} | ${r.hosts} | ${r.wallSeconds.toFixed(2)} | ${r.cpuMsPerHost.toFixed(1)} | ${r.peakRssMiB.toFixed(0)} | ${r.okRuns}/${r.runs} |\n`;
  if (w.ratios)
    md += `\nRatios (zfleet / peer): ${Object.entries(w.ratios)
      .map(([k, v]) => `${k} wall ${v.wall}, CPU ${v.cpu}`)
      .join('; ')}\n`;
  md += '\n';
}
writeFileSync(join(REPO, 'bench', 'results', `${stamp}.md`), md);
writeFileSync(join(REPO, 'bench', 'results', 'latest.md'), md);
console.log(`\nreport: bench/results/${stamp}.md and .json`);
if (!existsSync(join(REPO, 'dist'))) console.error('build first: npm run build');
