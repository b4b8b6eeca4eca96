// The ssh2 transport against the in-process fleet: reuse, host keys, auth, unreachable hosts, timeouts.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetError } from '../../../src/core/errors.js';
import { startFakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FakeFleet } from '../../../src/fake/fleet/fleet.js';
import { loadOrCreateKeyPair } from '../../../src/fake/fleet/keys.js';
import type { HostSettings } from '../../../src/inventory/settings.js';
import { fanOut } from '../../../src/run/fan-out.js';
import { fingerprint } from '../../../src/ssh/known-hosts.js';
import { fleetSettings, testTransport } from '../../support/fleet-settings.js';
import { requireBuild } from '../../support/paths.js';

let fleet: FakeFleet;
let hosts: HostSettings[];
const tmp = mkdtempSync(join(tmpdir(), 'zfleet-transport-'));

beforeAll(async () => {
  requireBuild();
  fleet = await startFakeFleet({ hosts: 3, dir: join(tmp, 'fleet') });
  hosts = fleetSettings(fleet);
});
afterAll(async () => fleet.stop());

async function openError(host: HostSettings, transport = testTransport()): Promise<FleetError> {
  try {
    await transport.open(host);
  } catch (e) {
    return e as FleetError;
  } finally {
    await transport.close();
  }
  throw new Error('expected the open to fail');
}

describe('ssh2 transport on the in-process fleet', () => {
  it('reuses one connection per host for every command', async () => {
    const before = fleet.hosts.map((h) => h.stats.connections);
    const transport = testTransport();
    for (const h of hosts) {
      const session = await transport.open(h);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => session.exec({ argv: [h.adminPath, '-l'] })),
      );
      expect(results.every((r) => r.exitCode === 0 && r.stdout.startsWith('User list for Default(1):'))).toBe(
        true,
      );
      expect(await transport.open(h)).toBe(session);
    }
    await transport.close();
    expect(fleet.hosts.map((h, i) => h.stats.connections - (before[i] ?? 0))).toEqual([1, 1, 1]);
  });

  it('passes stdin and reports exit codes and both streams', async () => {
    const transport = testTransport();
    const s = await transport.open(hosts[0] as HostSettings);
    const created = await s.exec(
      { argv: ['zarafa-admin', '-c', "o'brien; id", '-P', '-f', 'Miles $(id)', '-e', 'ob@x'] },
      { stdin: 'pw\npw\n' },
    );
    expect(created).toMatchObject({
      exitCode: 0,
      stdout: 'User created.\n',
      stderr: 'Type password:Retype password:',
    });
    const again = await s.exec({
      argv: ['zarafa-admin', '-c', "o'brien; id", '-p', 'x', '-f', 'M', '-e', 'e'],
    });
    expect(again).toMatchObject({
      exitCode: 1,
      stderr: "Unable to create user, o'brien; id already exists\n",
    });
    const log = fleet.hosts[0]?.stateDir.readInvocations().at(-2);
    expect(log?.argv).toEqual(['-c', "o'brien; id", '-P', '-f', 'Miles $(id)', '-e', 'ob@x']);
    await transport.close();
  });

  it('refuses an unknown host key in strict mode, naming its fingerprint', async () => {
    const e = await openError(
      { ...(hosts[0] as HostSettings), knownHostsFiles: [] },
      testTransport({ knownHostsFiles: [join(tmp, 'empty_known_hosts')] }),
    );
    const host = fleet.hosts[0];
    const blob = Buffer.from(host?.hostPublicKey.split(' ')[1] ?? '', 'base64');
    expect(e.code).toBe('host-key-unknown');
    expect(e.message).toContain(fingerprint(blob));
  });

  it('records a new key with accept-new and then trusts it, strictly', async () => {
    const file = join(tmp, 'accept_new_known_hosts');
    const h = { ...(hosts[1] as HostSettings), knownHostsFiles: [] };
    const t1 = testTransport({ hostKeyPolicy: 'accept-new', knownHostsFiles: [file] });
    await t1.open(h);
    await t1.close();
    expect(readFileSync(file, 'utf8')).toBe(
      `[127.0.0.1]:${fleet.hosts[1]?.port} ${fleet.hosts[1]?.hostPublicKey}\n`,
    );
    const t2 = testTransport({ knownHostsFiles: [file] });
    await t2.open(h);
    await t2.close();
  });

  it('refuses a changed key while the other hosts go on', async () => {
    const file = join(tmp, 'changed_known_hosts');
    const other = fleet.hosts[2]?.hostPublicKey ?? '';
    const lines = readFileSync(fleet.knownHostsPath, 'utf8').split('\n');
    lines[0] = `[127.0.0.1]:${fleet.hosts[0]?.port} ${other}`;
    writeFileSync(file, lines.join('\n'));
    const settings = hosts.map((h) => ({ ...h, knownHostsFiles: [file] }));
    const { outcomes } = await fanOut(
      settings,
      testTransport(),
      async (ctx) => {
        await ctx.run({ argv: ['zarafa-admin', '-l'] });
        return { status: 'ok' };
      },
      { forks: 3 },
    );
    expect(outcomes.map((o) => o.status)).toEqual(['unreachable', 'ok', 'ok']);
    expect(outcomes[0]?.error?.code).toBe('host-key-changed');
    const offered = Buffer.from(fleet.hosts[0]?.hostPublicKey.split(' ')[1] ?? '', 'base64');
    expect(outcomes[0]?.error?.message).toContain(fingerprint(offered));
  });

  it('reports a wrong key as auth-failed, without retrying', async () => {
    const wrongKey = join(tmp, 'wrong_key');
    loadOrCreateKeyPair(wrongKey, 'wrong');
    const before = fleet.hosts[0]?.stats.connections ?? 0;
    const e = await openError({ ...(hosts[0] as HostSettings), privateKeyFile: wrongKey });
    expect(e.code).toBe('auth-failed');
    expect((fleet.hosts[0]?.stats.connections ?? 0) - before).toBe(1);
  });

  it('reports a closed port as unreachable (refused)', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const e = await openError({ ...(hosts[0] as HostSettings), port });
    expect(e.code).toBe('unreachable');
    expect(e.message).toBe(`root@127.0.0.1:${port}: connection refused`);
  });

  it('times out on a black hole (a local listener that never speaks), retrying only that', async () => {
    const sockets: Socket[] = [];
    let accepted = 0;
    const blackHole: Server = createServer((s) => {
      accepted++;
      sockets.push(s);
    });
    await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', () => r()));
    const port = (blackHole.address() as AddressInfo).port;
    const started = Date.now();
    const e = await openError(
      { ...(hosts[0] as HostSettings), port, connectTimeoutMs: 500 },
      testTransport({ connectRetries: 2 }),
    );
    const elapsed = Date.now() - started;
    for (const s of sockets) s.destroy();
    blackHole.close();
    expect(e.code).toBe('unreachable');
    expect(e.message).toMatch(/timed out/);
    expect(accepted).toBe(3);
    expect(elapsed).toBeLessThan(5000);
  });

  it('ends a hung call with the remote timeout and reports exec-timeout', async () => {
    const h = hosts[2] as HostSettings;
    fleet.hosts[2]?.stateDir.writeFaults({ hang: true });
    const transport = testTransport();
    const session = await transport.open(h);
    const started = Date.now();
    const error = await session
      .exec({ argv: ['zarafa-admin', '-l'] }, { timeoutMs: 1000 })
      .catch((e: unknown) => e as FleetError);
    fleet.hosts[2]?.stateDir.writeFaults({});
    expect(error).toBeInstanceOf(FleetError);
    expect((error as FleetError).code).toBe('exec-timeout');
    expect(Date.now() - started).toBeLessThan(4000);
    // The connection is still good for the next command.
    expect((await session.exec({ argv: ['zarafa-admin', '-l'] })).exitCode).toBe(0);
    await transport.close();
  });
});

describe('ProxyJump', () => {
  it('reaches a host through a jump host named in ansible_ssh_common_args', async () => {
    const jump = fleet.hosts[0];
    const target = { ...(hosts[1] as HostSettings), proxyJump: `root@127.0.0.1:${jump?.port}` };
    const sshConfig = join(tmp, 'ssh_config');
    writeFileSync(sshConfig, `Host 127.0.0.1\n  IdentityFile ${fleet.clientKeyPath}\n`);
    const before = [jump?.stats.connections ?? 0, fleet.hosts[1]?.stats.connections ?? 0];
    const transport = testTransport({ sshConfigPath: sshConfig, knownHostsFiles: [fleet.knownHostsPath] });
    const session = await transport.open(target);
    const r = await session.exec({ argv: ['zarafa-admin', '-V'] });
    await transport.close();
    expect(r.stdout).toContain('Product version');
    expect([
      (jump?.stats.connections ?? 0) - (before[0] ?? 0),
      (fleet.hosts[1]?.stats.connections ?? 0) - (before[1] ?? 0),
    ]).toEqual([1, 1]);
  });
});

describe('credentials from the environment', () => {
  it('opens an encrypted key with ZFLEET_SSH_KEY_PASSPHRASE, and says so when it is missing', async () => {
    const encrypted = join(tmp, 'encrypted_key');
    copyFileSync(fleet.clientKeyPath, encrypted);
    chmodSync(encrypted, 0o600);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'Key-Pass-9', '-f', encrypted]);
    const h = { ...(hosts[0] as HostSettings), privateKeyFile: encrypted };
    const ok = testTransport({ env: { ZFLEET_SSH_KEY_PASSPHRASE: 'Key-Pass-9' } });
    expect((await (await ok.open(h)).exec({ argv: ['zarafa-admin', '-l'] })).exitCode).toBe(0);
    await ok.close();
    const e = await openError(h, testTransport({ env: {} }));
    expect(e.code).toBe('auth-failed');
    expect(e.message).toMatch(/encrypted|passphrase/i);
  });

  it('logs in with ZFLEET_SSH_PASSWORD, and a wrong one fails as auth-failed without naming it', async () => {
    const dir = join(tmp, 'password-fleet');
    const withPassword = await startFakeFleet({ hosts: 1, dir, password: 'Ssh-Pass-7' });
    try {
      // No key file: any default key under ~/.ssh is not this fleet's, so only the password can work.
      const h = { ...(fleetSettings(withPassword)[0] as HostSettings), privateKeyFile: undefined };
      const ok = testTransport({ env: { ZFLEET_SSH_PASSWORD: 'Ssh-Pass-7' } });
      expect((await (await ok.open(h)).exec({ argv: ['zarafa-admin', '-l'] })).exitCode).toBe(0);
      await ok.close();
      const e = await openError(h, testTransport({ env: { ZFLEET_SSH_PASSWORD: 'Not-The-Pass-3' } }));
      expect(e.code).toBe('auth-failed');
      expect(`${e.message} ${String(e.cause ?? '')}`).not.toContain('Not-The-Pass-3');
      expect((await openError(h, testTransport({ env: {} }))).code).toBe('auth-failed');
    } finally {
      await withPassword.stop();
    }
  });

  it('authenticates through ssh-agent at SSH_AUTH_SOCK', async () => {
    const sock = join(tmp, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
      execFileSync('ssh-add', [fleet.clientKeyPath], { env: { SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const t = testTransport({ env: { SSH_AUTH_SOCK: sock } });
      const h = { ...(hosts[0] as HostSettings), privateKeyFile: undefined };
      expect((await (await t.open(h)).exec({ argv: ['zarafa-admin', '-l'] })).exitCode).toBe(0);
      await t.close();
    } finally {
      agent.kill();
    }
  });
});
