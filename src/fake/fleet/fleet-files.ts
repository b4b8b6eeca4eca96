// The files that let a controller reach a fake fleet: an Ansible YAML inventory and OpenSSH known_hosts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { FlavourName } from '../emulator/flavour.js';

export interface ListedHost {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  /** "ssh-ed25519 AAAA..." */
  readonly hostPublicKey: string;
  /** zfleet's apply lock on this host, when hosts share one machine's /var/lock (sshd fakes). */
  readonly lockFile?: string;
}

export function renderKnownHosts(hosts: readonly ListedHost[]): string {
  return hosts.map((h) => `[${h.address}]:${h.port} ${h.hostPublicKey}\n`).join('');
}

export function renderInventory(
  hosts: readonly ListedHost[],
  vars: {
    user: string;
    clientKeyPath: string;
    knownHostsPath: string;
    flavour: FlavourName;
    group: string;
    comment: string;
  },
): string {
  const inventory = {
    all: {
      vars: {
        ansible_user: vars.user,
        ansible_ssh_private_key_file: vars.clientKeyPath,
        ansible_ssh_common_args: `-o UserKnownHostsFile=${vars.knownHostsPath} -o StrictHostKeyChecking=yes`,
        zfleet_flavour: vars.flavour,
        zfleet_known_hosts: vars.knownHostsPath,
      },
      children: {
        [vars.group]: {
          hosts: Object.fromEntries(
            hosts.map((h) => [
              h.name,
              {
                ansible_host: h.address,
                ansible_port: h.port,
                ...(h.lockFile ? { zfleet_lock_file: h.lockFile } : {}),
              },
            ]),
          ),
        },
      },
    },
  };
  return `# ${vars.comment}\n` + stringify(inventory);
}

/** Writes DIR/known_hosts and DIR/inventory.yaml for a fleet; returns their paths. */
export function writeFleetFiles(
  dir: string,
  hosts: readonly ListedHost[],
  vars: { user: string; clientKeyPath: string; flavour: FlavourName; group: string; comment: string },
): { knownHostsPath: string; inventoryPath: string } {
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, renderKnownHosts(hosts));
  const inventoryPath = join(dir, 'inventory.yaml');
  writeFileSync(inventoryPath, renderInventory(hosts, { ...vars, knownHostsPath }));
  return { knownHostsPath, inventoryPath };
}
