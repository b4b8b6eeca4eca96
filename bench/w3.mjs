// W3 scale: `zfleet plan` over 100..1000 in-process fake hosts with 20 users each (25 desired, so
// every host has changes to plan). And the per-call cost on reused connections: the same plan over
// hosts with 0 and with 40 users; the CPU difference divided by the extra zarafa-admin calls.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, ZFLEET, measure, repeat, withFleet } from './lib/measure.mjs';

function seed(lib, stateDir, users) {
  const state = lib.emptyState();
  const groups = [0, 1, 2].map((g) => lib.newGroup(state, `g${g}`, ''));
  for (let i = 0; i < users; i++) {
    const u = lib.newUser(state, {
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

function writeDesired(path, users) {
  writeFileSync(
    path,
    [
      'version: 1',
      'policy: {emailDomain: example.org}',
      'groups: [{name: g0}, {name: g1}, {name: g2}]',
      `users:${users === 0 ? ' []' : ''}`,
      ...Array.from(
        { length: users },
        (_, i) => `  - {name: u${i}, fullname: User ${i}, password: {env: BENCH_PW}, groups: [g${i % 3}]}`,
      ),
      '',
    ].join('\n'),
  );
}

const plan = (fleet, desired, dir) =>
  measure(
    process.execPath,
    [ZFLEET, 'plan', '-i', fleet.inventoryPath, '-d', desired, '--ssh-config', 'none'],
    {
      HOME: dir,
      NO_COLOR: '1',
      BENCH_PW: 'bench-pw',
    },
  );

export async function w3(n, runs, lib) {
  console.log(`W3 plan over ${n} in-process hosts (20 users each)`);
  const start = (dir) => lib.startFakeFleet({ hosts: n, dir });
  return withFleet(`zfleet-bench-w3-${n}-`, start, async (fleet, dir) => {
    for (const h of fleet.hosts) seed(lib, h.stateDir, 20);
    const desired = join(dir, 'desired.yaml');
    writeDesired(desired, 25);
    return await repeat({
      label: 'zfleet plan',
      hosts: n,
      runs,
      fn: async () => {
        const r = await plan(fleet, desired, dir);
        return { ...r, ok: r.stdout.includes(`on ${n} of ${n} hosts`) };
      },
    });
  });
}

/** CPU per zarafa-admin call on reused connections, by difference of two plans over the same hosts. */
export async function perCall(n, users, runs, lib) {
  console.log(`Per-call cost: plan over ${n} in-process hosts with 0 and ${users} users`);
  const start = (dir) => lib.startFakeFleet({ hosts: n, dir });
  return withFleet(`zfleet-bench-calls-${n}-`, start, async (fleet, dir) => {
    const calls = () => fleet.hosts.reduce((sum, h) => sum + h.stats.adminCalls, 0);
    const rows = [];
    const callsPerRun = [];
    for (const count of [0, users]) {
      for (const h of fleet.hosts) seed(lib, h.stateDir, count);
      const desired = join(dir, `desired-${count}.yaml`);
      writeDesired(desired, count);
      const before = calls();
      rows.push(
        await repeat({
          label: `plan, ${count} users`,
          hosts: n,
          runs,
          fn: async () => {
            const r = await plan(fleet, desired, dir);
            return { ...r, ok: r.ok && /no changes/i.test(r.stdout) };
          },
        }),
      );
      callsPerRun.push((calls() - before) / runs);
    }
    const extraCalls = callsPerRun[1] - callsPerRun[0];
    const cpuMsPerCall = ((rows[1].cpuSeconds - rows[0].cpuSeconds) * 1000) / extraCalls;
    console.log(`  ${extraCalls} more calls: ${cpuMsPerCall.toFixed(3)} ms controller CPU per call`);
    return { results: rows, callsPerRun, extraCalls, cpuMsPerCall: +cpuMsPerCall.toFixed(3) };
  });
}

/** CPU per separate exec on reused connections (no batching): bench/per-exec.mjs with 1 and 1+extra
 * execs per host; the difference over the extra execs. */
export async function perExec(n, extra, runs, lib) {
  console.log(`Per-exec cost: ${n} in-process hosts, 1 and ${1 + extra} separate execs on each connection`);
  const start = (dir) => lib.startFakeFleet({ hosts: n, dir });
  return withFleet(`zfleet-bench-execs-${n}-`, start, async (fleet, dir) => {
    const script = join(REPO, 'bench', 'per-exec.mjs');
    const rows = [];
    for (const count of [1, 1 + extra])
      rows.push(
        await repeat({
          label: `${count} exec${count > 1 ? 's' : ''}/host`,
          hosts: n,
          runs,
          fn: () => measure(process.execPath, [script, fleet.inventoryPath, String(count)], { HOME: dir }),
        }),
      );
    const cpuMsPerExec = ((rows[1].cpuSeconds - rows[0].cpuSeconds) * 1000) / (extra * n);
    console.log(`  ${extra * n} more execs: ${cpuMsPerExec.toFixed(3)} ms controller CPU per exec`);
    return { results: rows, extraExecs: extra * n, cpuMsPerExec: +cpuMsPerExec.toFixed(3) };
  });
}
