// Fake Zarafa hosts behind real OpenSSH: one `sshd -D` per host on 127.0.0.1 with its own host key,
// port, MaxSessions and state directory, the fake zarafa-admin on its PATH. Started and stopped by pid.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { FlavourName } from '../fake/emulator/flavour.js';
import { writeBinDir } from '../fake/fleet/fleet.js';
import { hostNames } from '../fake/fleet/fleet.js';
import { writeFleetFiles } from '../fake/fleet/fleet-files.js';
import { loadOrCreateKeyPair, publicKeyBody } from '../fake/fleet/keys.js';
import { StateDir } from '../fake/host/state-dir.js';

export const SSHD_PATH = '/usr/sbin/sshd';

export interface SshdFleetOptions {
  readonly hosts: number;
  readonly dir: string;
  readonly flavour?: FlavourName;
  /** sshd's MaxSessions (default 10, as sshd's own default). */
  readonly maxSessions?: number;
  readonly namePrefix?: string;
}

export interface SshdHost {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly hostPublicKey: string;
  readonly stateDir: StateDir;
  readonly pidFile: string;
  /** All sshd hosts share this machine's /var/lock, so each gets its own apply lock file. */
  readonly lockFile: string;
}

export interface SshdFleet {
  readonly dir: string;
  readonly user: string;
  readonly hosts: readonly SshdHost[];
  readonly clientKeyPath: string;
  readonly inventoryPath: string;
  readonly knownHostsPath: string;
  stop(): Promise<void>;
}

export function sshdAvailable(): boolean {
  return existsSync(SSHD_PATH);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

function sshdConfig(h: {
  port: number;
  hostDir: string;
  stateDir: string;
  binDir: string;
  flavour: FlavourName;
  maxSessions: number;
}): string {
  return [
    `Port ${h.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(h.hostDir, 'ssh_host_ed25519_key')}`,
    `PidFile ${join(h.hostDir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(h.hostDir, 'authorized_keys')}`,
    // Files live under /tmp-like directories that StrictModes would refuse.
    'StrictModes no',
    'UsePAM no',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UseDNS no',
    'PrintMotd no',
    // Bursts of parallel connects are the point of these hosts; the default 10:30:100 drops them.
    'MaxStartups 1000:30:1000',
    `MaxSessions ${h.maxSessions}`,
    // SHLVL=1 keeps root's .bashrc from running (it costs ~130 ms an exec on these machines).
    `SetEnv ZARAFA_STATE=${h.stateDir} ZARAFA_FLAVOUR=${h.flavour} PATH=${h.binDir}:/usr/bin:/bin SHLVL=1`,
    'LogLevel ERROR',
    '',
  ].join('\n');
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((res) => {
      const s = createConnection({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        res(true);
      });
      s.once('error', () => res(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`sshd on 127.0.0.1:${port} did not start listening in time`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function killByPidFile(pidFile: string, signal: NodeJS.Signals): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) return null;
  try {
    process.kill(pid, signal);
    return pid;
  } catch {
    return null;
  }
}

async function waitForExit(pid: number, deadline: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startSshdFleet(options: SshdFleetOptions): Promise<SshdFleet> {
  if (!sshdAvailable()) throw new Error(`${SSHD_PATH} not found: install Debian's openssh-server`);
  const dir = resolve(options.dir);
  const flavour = options.flavour ?? 'zarafa';
  const user = userInfo().username;
  // sshd refuses to start without its privilege separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  mkdirSync(join(dir, 'hosts'), { recursive: true });
  const clientKeyPath = join(dir, 'id_ed25519');
  const clientKey = loadOrCreateKeyPair(clientKeyPath, 'zfleet-sshd-fleet-client');
  const binDir = writeBinDir(dir, flavour);
  const hosts: SshdHost[] = [];
  const stop = async (): Promise<void> => {
    const deadline = Date.now() + 5000;
    const pids = hosts.map((h) => killByPidFile(h.pidFile, 'SIGTERM')).filter((p): p is number => p !== null);
    await Promise.all(pids.map((pid) => waitForExit(pid, deadline)));
  };
  try {
    for (const name of hostNames(options.hosts, options.namePrefix ?? 'sshd')) {
      const hostDir = join(dir, 'hosts', name);
      mkdirSync(hostDir, { recursive: true });
      const hostKey = loadOrCreateKeyPair(join(hostDir, 'ssh_host_ed25519_key'), name);
      writeFileSync(join(hostDir, 'authorized_keys'), clientKey.publicKey + '\n');
      const stateDir = new StateDir(join(hostDir, 'state'));
      stateDir.ensure();
      const port = await freePort();
      const config = join(hostDir, 'sshd_config');
      const maxSessions = options.maxSessions ?? 10;
      writeFileSync(
        config,
        sshdConfig({ port, hostDir, stateDir: stateDir.dir, binDir, flavour, maxSessions }),
      );
      const child = spawn(SSHD_PATH, ['-D', '-f', config, '-E', join(hostDir, 'sshd.log')], {
        stdio: 'ignore',
      });
      child.unref();
      const pidFile = join(hostDir, 'sshd.pid');
      hosts.push({
        name,
        address: '127.0.0.1',
        port,
        hostPublicKey: publicKeyBody(hostKey.publicKey),
        stateDir,
        pidFile,
        lockFile: join(hostDir, 'zfleet-apply.lock'),
      });
      // The pid file appears once sshd is up; until then we know the child's pid.
      writeFileSync(pidFile, `${child.pid}\n`);
    }
    const deadline = Date.now() + 30_000;
    await Promise.all(hosts.map((h) => waitForPort(h.port, deadline)));
  } catch (e) {
    await stop();
    throw e;
  }
  const { knownHostsPath, inventoryPath } = writeFleetFiles(dir, hosts, {
    user,
    clientKeyPath,
    flavour,
    group: 'sshd_zarafa',
    comment: 'Fake Zarafa hosts behind OpenSSH sshd (zfleet test harness).',
  });
  return { dir, user, hosts, clientKeyPath, inventoryPath, knownHostsPath, stop };
}
