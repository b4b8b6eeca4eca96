// W1 fan-out: `zarafa-admin -l` once on each of N real sshd fake hosts, all at parallelism N: zfleet vs
// parallel-ssh, clush, ansible (raw) and the bare ssh2 floor (floor.mjs).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, ZFLEET, have, interleave, measure, ratiosOf, withFleet } from './lib/measure.mjs';
import { ansibleEnv, writeSshConfig } from './lib/peers.mjs';

export async function w1(n, runs, { startSshdFleet }) {
  console.log(`W1 fan-out, ${n} sshd hosts`);
  const start = (dir) => startSshdFleet({ hosts: n, dir, maxSessions: 10 });
  return withFleet(`zfleet-bench-w1-${n}-`, start, async (fleet, dir) => {
    const sshConfig = writeSshConfig(dir, fleet);
    writeFileSync(join(dir, 'pssh-hosts'), fleet.hosts.map((h) => h.name).join('\n') + '\n');
    writeFileSync(
      join(dir, 'floor.json'),
      JSON.stringify({
        key: fleet.clientKeyPath,
        hosts: fleet.hosts.map((h) => ({ address: h.address, port: h.port, hostKey: h.hostPublicKey })),
      }),
    );
    const first = fleet.hosts[0].name;
    const nodeset = `${first.replace(/\d+$/, '')}[${first.match(/\d+$/)[0]}-${fleet.hosts.at(-1).name.match(/\d+$/)[0]}]`;
    const env = { HOME: dir, NO_COLOR: '1' };
    const row = (label, cmd, argv, e = env) => ({ label, hosts: n, fn: () => measure(cmd, argv, e) });
    const specs = [
      row('floor', process.execPath, [
        join(REPO, 'bench', 'floor.mjs'),
        join(dir, 'floor.json'),
        'zarafa-admin -l',
      ]),
      row('zfleet', process.execPath, [
        ZFLEET,
        'exec',
        '-i',
        fleet.inventoryPath,
        '-f',
        String(n),
        '--ssh-config',
        'none',
        '--',
        '-l',
      ]),
    ];
    if (have('parallel-ssh'))
      specs.push(
        row('pssh', 'parallel-ssh', [
          '-h',
          join(dir, 'pssh-hosts'),
          '-p',
          String(n),
          '-x',
          `-F ${sshConfig}`,
          '-i',
          'zarafa-admin -l',
        ]),
      );
    if (have('clush'))
      specs.push(
        row('clush', 'clush', ['-f', String(n), '-o', `-F ${sshConfig}`, '-w', nodeset, 'zarafa-admin -l']),
      );
    if (have('ansible'))
      specs.push(
        row(
          'ansible',
          'ansible',
          ['all', '-i', fleet.inventoryPath, '-m', 'raw', '-a', 'zarafa-admin -l', '-f', String(n)],
          ansibleEnv(dir, '-o KexAlgorithms=curve25519-sha256 -o ControlMaster=no'),
        ),
      );
    // One thrown-away round first: the first sshd forks and a cold page cache are nobody's cost.
    const rows = await interleave(specs, { runs, warmup: 1 });
    return { results: rows, ratios: ratiosOf(rows, ['floor', 'pssh', 'clush', 'ansible']) };
  });
}
