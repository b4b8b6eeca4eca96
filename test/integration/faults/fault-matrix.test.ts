// One apply across a fleet where almost every host misbehaves in its own way. Each host gets its
// documented outcome, the healthy hosts finish, nothing hangs past its timeout, and the journal
// records what happened (README, "Guarantees").
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FakeFleet } from '../../../src/fake/fleet/fleet.js';
import { loadOrCreateKeyPair } from '../../../src/fake/fleet/keys.js';
import { REPO, requireBuild } from '../../support/paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'zfleet-faults-'));
const ROLES = [
  'ok1',
  'ok2',
  'hung',
  'midbatch',
  'garbage',
  'slow',
  'serverdown',
  'drop',
  'unknownkey',
  'changedkey',
  'authfail',
] as const;
let fleet: FakeFleet;
let blackHole: Server;
const sockets: Socket[] = [];
let inventory: string;
let desired: string;

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

beforeAll(async () => {
  requireBuild();
  fleet = await startFakeFleet({ hosts: ROLES.length, dir: join(tmp, 'fleet') });
  blackHole = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', () => r()));
  const wrongKey = join(tmp, 'wrong_key');
  loadOrCreateKeyPair(wrongKey, 'wrong');
  writeFileSync(join(tmp, 'empty_known_hosts'), '');
  const other = fleet.hosts[0]?.hostPublicKey ?? '';
  const byRole = Object.fromEntries(ROLES.map((r, i) => [r, fleet.hosts[i]]));
  writeFileSync(join(tmp, 'changed_known_hosts'), `[127.0.0.1]:${byRole['changedkey']?.port} ${other}\n`);
  const hosts: Record<string, Record<string, unknown>> = {};
  for (const role of ROLES) hosts[role] = { ansible_host: '127.0.0.1', ansible_port: byRole[role]?.port };
  hosts['refused'] = { ansible_host: '127.0.0.1', ansible_port: await closedPort() };
  hosts['blackhole'] = { ansible_host: '127.0.0.1', ansible_port: (blackHole.address() as AddressInfo).port };
  (hosts['hung'] as Record<string, unknown>)['zfleet_command_timeout'] = 2;
  (hosts['unknownkey'] as Record<string, unknown>)['zfleet_known_hosts'] = join(tmp, 'empty_known_hosts');
  (hosts['changedkey'] as Record<string, unknown>)['zfleet_known_hosts'] = join(tmp, 'changed_known_hosts');
  (hosts['authfail'] as Record<string, unknown>)['ansible_ssh_private_key_file'] = wrongKey;
  inventory = join(tmp, 'inventory.yaml');
  writeFileSync(
    inventory,
    stringify({
      all: {
        vars: {
          ansible_user: 'root',
          ansible_ssh_private_key_file: fleet.clientKeyPath,
          zfleet_known_hosts: fleet.knownHostsPath,
          zfleet_connect_timeout: 2,
        },
        hosts,
      },
    }),
  );
  desired = join(tmp, 'desired.yaml');
  writeFileSync(
    desired,
    'version: 1\npolicy: {emailDomain: example.org}\ngroups: [{name: staff}]\nusers:\n' +
      ['alice', 'bob', 'carol']
        .map((u) => `  - {name: ${u}, fullname: ${u}, password: {env: ZF_PW}, groups: [staff]}\n`)
        .join(''),
  );
  byRole['hung']?.stateDir.writeFaults({ hang: true });
  byRole['midbatch']?.stateDir.writeFaults({
    failWhen: {
      argvIncludes: ['-c', 'bob'],
      exitCode: 1,
      stderr: 'Unable to create user, please check your license\n',
    },
  });
  byRole['garbage']?.stateDir.writeFaults({ garbage: 'replace' });
  byRole['slow']?.stateDir.writeFaults({ latencyMs: 150 });
  byRole['serverdown']?.stateDir.writeFaults({ serverDown: 'network' });
  byRole['drop']?.stateDir.writeFaults({ latencyMs: 400 });
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  blackHole?.close();
  await fleet?.stop();
});

describe('fault matrix', () => {
  it(
    'gives every misbehaving host its own outcome while the others converge',
    { timeout: 120_000 },
    async () => {
      const started = Date.now();
      const child = execa(
        process.execPath,
        [
          join(REPO, 'bin', 'zfleet.js'),
          'apply',
          '-i',
          inventory,
          '-d',
          desired,
          '--yes',
          '--json',
          '--timeout',
          '20',
        ],
        {
          reject: false,
          env: { HOME: tmp, NO_COLOR: '1', ZF_PW: 'Fault-Pw-1' },
        },
      );
      // Cut the network of "drop" while its (slow) apply is under way.
      const drop = fleet.hosts[ROLES.indexOf('drop')];
      const cut = setInterval(() => {
        if ((drop?.stats.execs ?? 0) >= 2) {
          drop?.dropConnections();
          clearInterval(cut);
        }
      }, 50);
      const r = await child;
      clearInterval(cut);
      const elapsed = Date.now() - started;
      const lines = r.stdout
        .split('\n')
        .filter(Boolean)
        .map(
          (l) =>
            JSON.parse(l) as {
              event: string;
              host: string;
              status: string;
              error?: { code: string; message: string };
            },
        );
      const outcome = Object.fromEntries(
        lines
          .filter((l) => l.event === 'host')
          .map((l) => [l.host, `${l.status}${l.error ? ` ${l.error.code}` : ''}`]),
      );
      expect(outcome).toEqual({
        ok1: 'changed',
        ok2: 'changed',
        slow: 'changed',
        hung: 'failed exec-timeout',
        midbatch: 'failed remote-exit',
        garbage: 'failed remote-exit',
        serverdown: 'failed remote-exit',
        drop: 'failed disconnected',
        unknownkey: 'unreachable host-key-unknown',
        changedkey: 'unreachable host-key-changed',
        authfail: 'unreachable auth-failed',
        refused: 'unreachable unreachable',
        blackhole: 'unreachable unreachable',
      });
      expect(lines.at(-1)).toMatchObject({ event: 'summary', hosts: 13, changed: 3 });
      expect(r.exitCode).toBe(2 | 4);
      // The hung host ends with its 2 s command timeout; the black hole with its 2 s connect timeout
      // (and two retries); nothing waits for the 20 s default.
      expect(elapsed).toBeLessThan(20_000);
      const messages = Object.fromEntries(
        lines.filter((l) => l.error).map((l) => [l.host, l.error?.message ?? '']),
      );
      expect(messages['garbage']).toMatch(/cannot read zarafa-admin output: user list \(-l\): line 1/);
      expect(messages['serverdown']).toMatch(/Unable to open Admin session/);
      expect(messages['changedkey']).toMatch(/HOST KEY CHANGED .* SHA256:/);

      const runs = await execa(
        process.execPath,
        [join(REPO, 'bin', 'zfleet.js'), 'runs', 'show', '1', '-i', inventory],
        { reject: false },
      );
      expect(runs.stdout).toContain('host ok1: changed');
      expect(runs.stdout).toContain('host refused: unreachable');
      expect(runs.stdout).toContain('midbatch ok      + user alice');
      expect(runs.stdout).toContain(
        'midbatch failed  + user bob (bob <bob@example.org>): Unable to create user, please check your license',
      );
      expect(runs.stdout).toContain('midbatch skipped + member bob in staff');
      expect(runs.stdout).toContain('midbatch ok      + member carol in staff');
      expect(readFileSync(join(tmp, 'zfleet-journal.sqlite')).includes(Buffer.from('Fault-Pw-1'))).toBe(
        false,
      );
    },
  );
});
