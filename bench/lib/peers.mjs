// The tools zfleet is compared with, from Debian's packages, and how OpenSSH-based ones are pinned.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TIME, have } from './measure.mjs';

export const PEERS = [
  ['parallel-ssh', 'pssh'],
  ['clush', 'clustershell'],
  ['ansible', 'ansible-core'],
  [TIME, 'time'],
  // Not a peer: the real sshd fake hosts of W1 and W2 need it.
  ['/usr/sbin/sshd', 'openssh-server'],
];

/** Installs missing peers (and sshd) with apt-get when asked (--install, as root), else says how. */
export function ensurePeers(install) {
  const missing = PEERS.filter(([cmd]) => !have(cmd));
  if (missing.length === 0) return;
  const pkgs = missing.map(([, pkg]) => pkg);
  if (install && process.getuid?.() === 0) {
    // A fresh machine may have no package lists yet.
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } else {
    console.error(
      `missing peers: ${pkgs.join(' ')}; install them with: apt-get install -y ${pkgs.join(' ')} (or run with --install as root)`,
    );
  }
}

/** One ssh_config for the OpenSSH-based tools: the fleet's key and known_hosts, strict checking, and
 * KexAlgorithms curve25519-sha256 (what ssh2 negotiates) so tools, not key exchanges, are compared. */
export function writeSshConfig(dir, fleet) {
  const path = join(dir, 'ssh_config');
  writeFileSync(
    path,
    fleet.hosts
      .map(
        (h) =>
          `Host ${h.name}\n  HostName 127.0.0.1\n  Port ${h.port}\n  User ${fleet.user}\n  IdentityFile ${fleet.clientKeyPath}\n  UserKnownHostsFile ${fleet.knownHostsPath}\n  StrictHostKeyChecking yes\n  BatchMode yes\n  KexAlgorithms curve25519-sha256\n`,
      )
      .join(''),
  );
  return path;
}

/** Environment for ansible: strict host keys, the same key exchange, its temp files in `dir`. */
export function ansibleEnv(dir, sshArgs) {
  return {
    HOME: dir,
    NO_COLOR: '1',
    ANSIBLE_SSH_ARGS: sshArgs,
    ANSIBLE_HOST_KEY_CHECKING: 'True',
    ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-tmp'),
    ANSIBLE_NOCOLOR: '1',
  };
}
