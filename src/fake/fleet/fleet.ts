// An in-process fleet of fake Zarafa hosts on 127.0.0.1, with the files a controller needs to reach it:
// an Ansible YAML inventory, an OpenSSH known_hosts and the client key.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fakeLauncherPath } from '../bundle-path.js';
import { flavours } from '../emulator/flavour.js';
import type { FlavourName } from '../emulator/flavour.js';
import { StateDir } from '../host/state-dir.js';
import { startHostServer } from './host-server.js';
import type { HostStats, RunningHost } from './host-server.js';
import { writeFleetFiles } from './fleet-files.js';
import { loadOrCreateKeyPair, publicKeyBody } from './keys.js';

export interface FakeFleetOptions {
  readonly hosts: number;
  readonly dir: string;
  readonly flavour?: FlavourName;
  /** Concurrent sessions per connection, like sshd's MaxSessions (default 10). */
  readonly maxSessions?: number;
  /** First port; host i listens on basePort + i. 0 (default) = any free port. */
  readonly basePort?: number;
  readonly user?: string;
  /** Also accept this password for the user (default: keys only, like the sshd fake hosts). */
  readonly password?: string;
  /** Host names are PREFIX + a zero-padded number (default "mail"). */
  readonly namePrefix?: string;
}

export interface FakeFleetHost {
  readonly name: string;
  /** Connections and execs this host has served. */
  readonly stats: Readonly<HostStats>;
  /** Cuts this host's open connections (fault tests). */
  dropConnections(): void;
  /** "ssh-ed25519 AAAA..." */
  readonly hostPublicKey: string;
  readonly address: string;
  readonly port: number;
  readonly stateDir: StateDir;
}

export interface FakeFleet {
  readonly dir: string;
  readonly hosts: readonly FakeFleetHost[];
  readonly inventoryPath: string;
  readonly knownHostsPath: string;
  readonly clientKeyPath: string;
  readonly user: string;
  stop(): Promise<void>;
}

const ADDRESS = '127.0.0.1';

export function hostNames(count: number, prefix: string): string[] {
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(width, '0')}`);
}

/** A directory with the flavour's admin binary, for the shell path. */
export function writeBinDir(dir: string, flavour: FlavourName): string {
  const binDir = join(dir, 'bin', flavour);
  mkdirSync(binDir, { recursive: true });
  const script = join(binDir, flavours[flavour].binary);
  writeFileSync(script, `#!/bin/sh\nexec '${process.execPath}' '${fakeLauncherPath()}' "$@"\n`);
  chmodSync(script, 0o755);
  return binDir;
}

export async function startFakeFleet(options: FakeFleetOptions): Promise<FakeFleet> {
  const dir = resolve(options.dir);
  const flavourName = options.flavour ?? 'zarafa';
  const flavour = flavours[flavourName];
  const user = options.user ?? 'root';
  mkdirSync(join(dir, 'hosts'), { recursive: true });
  const clientKeyPath = join(dir, 'id_ed25519');
  const clientKey = loadOrCreateKeyPair(clientKeyPath, 'zfleet-fake-fleet-client');
  const binDir = writeBinDir(dir, flavourName);
  const names = hostNames(options.hosts, options.namePrefix ?? 'mail');
  const running: RunningHost[] = [];
  const hosts: (FakeFleetHost & { hostPublicKey: string })[] = [];
  try {
    for (const [i, name] of names.entries()) {
      const hostDir = join(dir, 'hosts', name);
      mkdirSync(hostDir, { recursive: true });
      const hostKey = loadOrCreateKeyPair(join(hostDir, 'ssh_host_ed25519_key'), name);
      const stateDir = new StateDir(join(hostDir, 'state'));
      stateDir.ensure();
      const host = await startHostServer({
        name,
        hostKey: hostKey.privateKey,
        clientPublicKey: clientKey.publicKey,
        user,
        stateDir,
        flavour,
        binDir,
        maxSessions: options.maxSessions ?? 10,
        ...(options.password !== undefined ? { password: options.password } : {}),
        port: options.basePort ? options.basePort + i : 0,
        address: ADDRESS,
      });
      running.push(host);
      hosts.push({
        name,
        stats: host.stats,
        dropConnections: () => host.dropConnections(),
        address: ADDRESS,
        port: host.port,
        stateDir,
        hostPublicKey: publicKeyBody(hostKey.publicKey),
      });
    }
  } catch (e) {
    await Promise.all(running.map((h) => h.close()));
    throw e;
  }
  const { knownHostsPath, inventoryPath } = writeFleetFiles(dir, hosts, {
    user,
    clientKeyPath,
    flavour: flavourName,
    group: 'fake_zarafa',
    comment: 'Written by `zfleet fake-fleet`: an in-process fleet of fake Zarafa hosts.',
  });
  return {
    dir,
    hosts,
    inventoryPath,
    knownHostsPath,
    clientKeyPath,
    user,
    stop: async () => {
      await Promise.all(running.map((h) => h.close()));
    },
  };
}
