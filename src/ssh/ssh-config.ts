// ~/.ssh/config, read with the ssh-config library: the options zfleet honours for a host name.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';

export interface SshConfigValues {
  readonly hostName?: string;
  readonly port?: number;
  readonly user?: string;
  readonly identityFiles: readonly string[];
  readonly proxyJump?: string;
  readonly connectTimeoutMs?: number;
  readonly serverAliveIntervalMs?: number;
}

export type SshConfigLookup = (host: string) => SshConfigValues;

const expandHome = (p: string): string => (p.startsWith('~/') ? join(homedir(), p.slice(2)) : p);

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function positive(v: string | undefined): number | undefined {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export function parseSshConfig(text: string): SshConfigLookup {
  const config = SSHConfig.parse(text);
  return (host) => {
    const c = config.compute(host) as Record<string, string | string[] | undefined>;
    const identity = c['IdentityFile'];
    const port = positive(first(c['Port']));
    const timeout = positive(first(c['ConnectTimeout']));
    const alive = positive(first(c['ServerAliveInterval']));
    const hostName = first(c['HostName']);
    const user = first(c['User']);
    const proxyJump = first(c['ProxyJump']);
    return {
      ...(hostName ? { hostName: hostName.replace(/%h/g, host) } : {}),
      ...(port ? { port } : {}),
      ...(user ? { user } : {}),
      identityFiles: (Array.isArray(identity) ? identity : identity ? [identity] : []).map(expandHome),
      ...(proxyJump && proxyJump !== 'none' ? { proxyJump } : {}),
      ...(timeout ? { connectTimeoutMs: timeout * 1000 } : {}),
      ...(alive ? { serverAliveIntervalMs: alive * 1000 } : {}),
    };
  };
}

/** The user's ssh config (or PATH; "none" for no config at all). */
export function loadSshConfig(path?: string): SshConfigLookup {
  if (path === 'none') return () => ({ identityFiles: [] });
  const file = path ?? join(homedir(), '.ssh', 'config');
  if (!existsSync(file)) {
    if (path) throw new Error(`ssh config ${path} does not exist`);
    return () => ({ identityFiles: [] });
  }
  return parseSshConfig(readFileSync(file, 'utf8'));
}
