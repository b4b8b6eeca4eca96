// From a host's merged variables to the settings zfleet connects with, validated with zod. Every
// problem names the file and the place where the offending value was written.
import { z } from 'zod';
import type { Problem } from '../core/errors.js';
import type { InventoryHost } from './resolve.js';

export type Flavour = 'zarafa' | 'kopano';

export const DEFAULT_LOCK_FILE = '/var/lock/zfleet-apply.lock';

export interface HostSettings {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  /** undefined: from ~/.ssh/config, else the local user. */
  readonly user: string | undefined;
  readonly privateKeyFile: string | undefined;
  /** "[user@]host[:port]" hops, from -o ProxyJump= or -J in ansible_ssh_common_args. */
  readonly proxyJump: string | undefined;
  /** Extra known_hosts files (zfleet_known_hosts, -o UserKnownHostsFile=). */
  readonly knownHostsFiles: readonly string[];
  readonly flavour: Flavour;
  /** The admin binary on the host (default zarafa-admin or kopano-admin). */
  readonly adminPath: string;
  /** Run the admin binary through `sudo -n`. */
  readonly become: boolean;
  /** Concurrent channels on this host's one connection; keep it below sshd's MaxSessions (10). */
  readonly channels: number;
  /** undefined: ~/.ssh/config's ConnectTimeout, else 10 s. */
  readonly connectTimeoutMs: number | undefined;
  readonly commandTimeoutMs: number;
  readonly groups: readonly string[];
  /** The file `flock` holds on the host while zfleet applies changes there. */
  readonly lockFile: string;
}

const seconds = z.coerce.number().positive().max(86_400);
const bool = z.union([
  z.boolean(),
  z
    .enum(['yes', 'no', 'true', 'false', 'True', 'False', '1', '0'])
    .transform((v) => ['yes', 'true', 'True', '1'].includes(v)),
]);

/** The variables zfleet reads; anything else in the inventory is the operator's own business. */
const FIELDS = {
  ansible_host: z.string().min(1),
  ansible_port: z.coerce.number().int().min(1).max(65535),
  ansible_user: z.string().min(1),
  ansible_ssh_private_key_file: z.string().min(1),
  ansible_ssh_common_args: z.string(),
  zfleet_flavour: z.enum(['zarafa', 'kopano']),
  zfleet_admin_path: z
    .string()
    .regex(/^[A-Za-z0-9_./-]+$/, 'must be a plain path (letters, digits, _ . / -)'),
  zfleet_become: bool,
  zfleet_channels: z.coerce.number().int().min(1).max(64),
  zfleet_connect_timeout: seconds,
  zfleet_command_timeout: seconds,
  zfleet_known_hosts: z.union([z.string().min(1), z.array(z.string().min(1))]),
  zfleet_lock_file: z.string().regex(/^\/[A-Za-z0-9_./-]+$/, 'must be an absolute plain path'),
} as const;

type FieldName = keyof typeof FIELDS;
type Fields = { [K in FieldName]?: z.output<(typeof FIELDS)[K]> };

/** The -o options zfleet understands in ansible_ssh_common_args; others are ignored. */
function readCommonArgs(args: string): { proxyJump?: string; knownHosts?: string; unknown: string[] } {
  const words = args.split(/\s+/).filter(Boolean);
  const out: { proxyJump?: string; knownHosts?: string; unknown: string[] } = { unknown: [] };
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-J') {
      const hop = words[++i];
      if (hop) out.proxyJump = hop;
    } else if (w === '-o' || w.startsWith('-o')) {
      const option = w === '-o' ? (words[++i] ?? '') : w.slice(2);
      const [key, ...rest] = option.split('=');
      const value = rest.join('=');
      if (/^proxyjump$/i.test(key ?? '')) out.proxyJump = value;
      else if (/^userknownhostsfile$/i.test(key ?? '')) out.knownHosts = value;
      else out.unknown.push(option);
    }
  }
  return out;
}

export function hostSettings(host: InventoryHost, problems: Problem[]): HostSettings | null {
  const fields: Fields = {};
  let ok = true;
  for (const name of Object.keys(FIELDS) as FieldName[]) {
    const sourced = host.vars.get(name);
    if (!sourced) continue;
    const parsed = FIELDS[name].safeParse(sourced.value);
    if (parsed.success) {
      (fields as Record<string, unknown>)[name] = parsed.data;
    } else {
      ok = false;
      const [file, ...path] = sourced.origin.split(': ');
      const message = parsed.error.issues[0]?.message ?? 'invalid value';
      problems.push({
        file: file ?? '',
        path: path.join(': '),
        message: `${name} (host ${host.name}): ${message}, got ${JSON.stringify(sourced.value)}`,
      });
    }
  }
  if (!ok) return null;
  const common = readCommonArgs(fields.ansible_ssh_common_args ?? '');
  const flavour = fields.zfleet_flavour ?? 'zarafa';
  const knownHosts = fields.zfleet_known_hosts;
  return {
    name: host.name,
    address: fields.ansible_host ?? host.name,
    port: fields.ansible_port ?? 22,
    user: fields.ansible_user,
    privateKeyFile: fields.ansible_ssh_private_key_file,
    proxyJump: common.proxyJump,
    knownHostsFiles: [
      ...(Array.isArray(knownHosts) ? knownHosts : knownHosts ? [knownHosts] : []),
      ...(common.knownHosts ? [common.knownHosts] : []),
    ],
    flavour,
    adminPath: fields.zfleet_admin_path ?? (flavour === 'kopano' ? 'kopano-admin' : 'zarafa-admin'),
    become: fields.zfleet_become ?? false,
    channels: fields.zfleet_channels ?? 8,
    connectTimeoutMs:
      fields.zfleet_connect_timeout === undefined ? undefined : fields.zfleet_connect_timeout * 1000,
    commandTimeoutMs: (fields.zfleet_command_timeout ?? 60) * 1000,
    groups: host.groups,
    lockFile: fields.zfleet_lock_file ?? DEFAULT_LOCK_FILE,
  };
}
