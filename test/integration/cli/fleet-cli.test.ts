// zfleet as an operator runs it (the built CLI in a subprocess) against an in-process fleet.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFleet } from '../../../src/fake/fleet/fleet.js';
import { inShard, parseShard } from '../../../src/inventory/shard.js';
import type { FakeFleet } from '../../../src/fake/fleet/fleet.js';
import { loadOrCreateKeyPair } from '../../../src/fake/fleet/keys.js';
import { REPO } from '../../support/paths.js';

const ZFLEET = join(REPO, 'bin', 'zfleet.js');
const tmp = mkdtempSync(join(tmpdir(), 'zfleet-cli-'));
let fleet: FakeFleet;

function zfleet(args: string[]) {
  return execa(process.execPath, [ZFLEET, ...args], {
    reject: false,
    env: { NO_COLOR: '1', HOME: tmp },
    extendEnv: true,
  });
}

beforeAll(async () => {
  fleet = await startFakeFleet({ hosts: 200, dir: join(tmp, 'fleet') });
});
afterAll(async () => fleet.stop());

describe('zfleet exec', () => {
  it('runs zarafa-admin -l on 200 hosts and folds the identical answers into one block', async () => {
    const r = await zfleet(['exec', '-i', fleet.inventoryPath, '--', '-l']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.match(/^-{15}$/gm)).toHaveLength(2);
    expect(r.stdout).toContain('mail[001-200] (200) exit 0');
    expect(r.stdout).toContain('User list for Default(1):');
    expect(r.stdout).toMatch(/^200 hosts: ok=200 changed=0 failed=0 unreachable=0 in [\d.]+ s$/m);
  });

  it('gives 200 host results and a summary with --json', async () => {
    const r = await zfleet(['exec', '-i', fleet.inventoryPath, '--json', '--', '-l']);
    const lines = r.stdout.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l['event'] === 'host' && l['status'] === 'ok')).toHaveLength(200);
    expect(lines.at(-1)).toMatchObject({ event: 'summary', hosts: 200, ok: 200, exitCode: 0 });
    expect(r.exitCode).toBe(0);
  });

  it('reports failed, refused and auth-failed hosts apart, exits 2|4, and finishes the rest', async () => {
    const server = createServer();
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
    const closedPort = (server.address() as AddressInfo).port;
    await new Promise<void>((res) => server.close(() => res()));
    const wrongKey = join(tmp, 'wrong_key');
    loadOrCreateKeyPair(wrongKey, 'wrong');
    const [a, b, c] = fleet.hosts;
    b?.stateDir.writeFaults({
      failNext: { count: 1, exitCode: 1, stderr: 'Unable to open Admin session.\n' },
    });
    const inventory = join(tmp, 'mixed.yaml');
    writeFileSync(
      inventory,
      [
        'all:',
        '  vars:',
        `    ansible_user: root`,
        `    ansible_ssh_private_key_file: ${fleet.clientKeyPath}`,
        `    zfleet_known_hosts: ${fleet.knownHostsPath}`,
        '    zfleet_connect_timeout: 2',
        '  hosts:',
        `    good: {ansible_host: 127.0.0.1, ansible_port: ${a?.port}}`,
        `    failing: {ansible_host: 127.0.0.1, ansible_port: ${b?.port}}`,
        `    refused: {ansible_host: 127.0.0.1, ansible_port: ${closedPort}}`,
        `    badkey: {ansible_host: 127.0.0.1, ansible_port: ${c?.port}, ansible_ssh_private_key_file: ${wrongKey}}`,
        '',
      ].join('\n'),
    );
    const r = await zfleet(['exec', '-i', inventory, '--', '-l']);
    expect(r.exitCode).toBe(6);
    expect(r.stdout).toContain('good (1) exit 0');
    expect(r.stdout).toContain('failing (1) exit 1');
    expect(r.stderr).toContain('unreachable [unreachable] refused');
    expect(r.stderr).toContain(`refused: root@127.0.0.1:${closedPort}: connection refused`);
    expect(r.stderr).toContain('unreachable [auth-failed] badkey');
    expect(r.stdout).toMatch(/^4 hosts: ok=1 changed=0 failed=1 unreachable=2/m);
  });

  it('runs a shell command with --shell, and refuses to run nothing', async () => {
    const r = await zfleet([
      'exec',
      'mail00[1-3]',
      '-i',
      fleet.inventoryPath,
      '--shell',
      'echo hi; zarafa-admin -V',
    ]);
    expect(r.stdout).toContain('mail[001-003] (3) exit 1');
    expect(r.stdout).toContain('hi\nProduct version:\t7,2,0,48204');
    const none = await zfleet(['exec', '-i', fleet.inventoryPath]);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toBe(
      'zfleet: nothing to run: give zarafa-admin arguments after -- (e.g. -- -l) or --shell (see zfleet --help)',
    );
    const shard = await zfleet(['hosts', '-i', fleet.inventoryPath, '--shard', '4/3']);
    expect([shard.exitCode, shard.stderr]).toEqual([
      1,
      'zfleet: --shard must be K/N with 1 <= K <= N, not "4/3" (see zfleet --help)',
    ]);
    // A shard with none of the selected hosts is a job with nothing to do, not a failed one.
    const emptyK = [1, 2, 3].find((k) => !inShard('mail001', parseShard(`${k}/3`)));
    const empty = await zfleet([
      'exec',
      'mail001',
      '-i',
      fleet.inventoryPath,
      '--shard',
      `${emptyK}/3`,
      '--',
      '-l',
    ]);
    expect([empty.exitCode, empty.stdout, empty.stderr]).toEqual([
      0,
      '',
      `zfleet: shard ${emptyK}/3 holds none of the 1 selected hosts; nothing to do`,
    ]);
  });
});

describe('zfleet ping and hosts', () => {
  it('pings with version and latency', async () => {
    const r = await zfleet(['ping', '-i', fleet.inventoryPath, '-l', 'mail00*']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^ok mail\[001-009\] \(9\): zarafa 7,2,0,48204, median \d+ ms/m);
  });

  it('lists hosts as JSON and as a graph', async () => {
    const json = await zfleet(['hosts', '-i', fleet.inventoryPath, 'mail001', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        name: 'mail001',
        address: '127.0.0.1',
        port: fleet.hosts[0]?.port,
        flavour: 'zarafa',
      }),
    ]);
    const graph = await zfleet(['hosts', '-i', fleet.inventoryPath, 'mail00[12]', '--graph']);
    expect(graph.stdout).toBe('@all:\n  |--@fake_zarafa:\n  |  |--mail001\n  |  |--mail002');
  });

  it('reports inventory problems with file and path, exit 1, no stack trace', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'all:\n  hosts:\n    a: {ansible_port: http}\n    b: {zfleet_channels: -1}\n');
    const r = await zfleet(['hosts', '-i', bad]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toContain(`${bad}: all.hosts.a.ansible_port:`);
    expect(r.stderr).toContain(`${bad}: all.hosts.b.zfleet_channels:`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(bad, 'utf8')).toContain('http');
  });

  it('refuses a pattern that selects nothing', async () => {
    const r = await zfleet(['ping', 'nosuchgroup', '-i', fleet.inventoryPath]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('pattern "nosuchgroup" matches no host or group');
  });
});

describe('zfleet demo', () => {
  it('plans, applies and re-plans the example on an embedded fleet, and cleans up after itself', async () => {
    const r = await zfleet(['demo', '--hosts', '6']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('ok mail[01-06] (6): zarafa 7,2,0,48204');
    expect(r.stdout).toMatch(/run 1: 6 hosts: ok=0 changed=6 failed=0 unreachable=0/);
    expect(r.stdout).toContain(
      'mail01: no changes\n  = unmanaged, left alone: user postmaster\nmail[02-06]: no changes',
    );
    expect(r.stdout).toContain('Administrator:\t\tyes');
    const dir = /\((\/[^)]*)\/inventory\.yaml\)/.exec(r.stdout)?.[1] ?? '';
    expect(dir).not.toBe('');
    expect(() => readFileSync(join(dir, 'inventory.yaml'))).toThrow();
  });
});
