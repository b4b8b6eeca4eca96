// The ssh2 transport: one connection per host for the whole run, settings merged from the inventory,
// ~/.ssh/config and the environment, connect retries with back-off (timeouts and dropped sockets only),
// and ProxyJump through a forwarded channel of the jump host's own connection.
import { existsSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import pRetry from 'p-retry';
import type { Client } from 'ssh2';
import { FleetError } from '../core/errors.js';
import type { HostSettings } from '../inventory/settings.js';
import { isRetryableConnectError } from './classify.js';
import { connectOnce } from './connect.js';
import type { ConnectTarget, Credentials } from './connect.js';
import { HostKeyStore } from './host-keys.js';
import { Ssh2Session } from './session.js';
import { loadSshConfig } from './ssh-config.js';
import type { SshConfigLookup } from './ssh-config.js';
import type { HostKeyPolicy, HostSession, Transport } from './types.js';

export interface Ssh2TransportOptions {
  readonly hostKeyPolicy: HostKeyPolicy;
  /** known_hosts files for every host (default ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts). */
  readonly knownHostsFiles?: readonly string[];
  /** ~/.ssh/config by default; "none" reads none. */
  readonly sshConfigPath?: string;
  /** Environment to take credentials from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Connect attempts after the first (default 2). */
  readonly connectRetries?: number;
  readonly retryBaseMs?: number;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export class Ssh2Transport implements Transport {
  private readonly sessions = new Map<string, Promise<HostSession>>();
  private readonly jumpClients = new Map<string, Promise<Client>>();
  private readonly hostKeys: HostKeyStore;
  private readonly sshConfig: SshConfigLookup;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly globalKnownHosts: readonly string[];

  constructor(private readonly options: Ssh2TransportOptions) {
    this.env = options.env ?? process.env;
    const userKnownHosts = join(homedir(), '.ssh', 'known_hosts');
    this.globalKnownHosts = options.knownHostsFiles ?? [userKnownHosts, '/etc/ssh/ssh_known_hosts'];
    this.hostKeys = new HostKeyStore(options.hostKeyPolicy, this.globalKnownHosts[0] ?? userKnownHosts);
    this.sshConfig = loadSshConfig(options.sshConfigPath);
  }

  open(host: HostSettings): Promise<HostSession> {
    let session = this.sessions.get(host.name);
    if (!session) {
      session = this.openSession(host);
      this.sessions.set(host.name, session);
      // A failed open is not cached: the next command of the run may try again.
      session.catch(() => this.sessions.delete(host.name));
    }
    return session;
  }

  async close(): Promise<void> {
    const sessions = await Promise.allSettled([...this.sessions.values()]);
    await Promise.all(sessions.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
    const jumps = await Promise.allSettled([...this.jumpClients.values()]);
    for (const j of jumps) if (j.status === 'fulfilled') j.value.end();
    this.sessions.clear();
    this.jumpClients.clear();
  }

  private credentials(privateKeyFile: string | undefined, identityFiles: readonly string[]): Credentials {
    const candidates = privateKeyFile
      ? [privateKeyFile]
      : [...identityFiles, ...DEFAULT_KEYS.map((k) => join(homedir(), '.ssh', k))];
    const keyFile = privateKeyFile ?? candidates.find((f) => existsSync(f));
    const env = this.env;
    return {
      ...(keyFile ? { privateKeyFile: keyFile } : {}),
      ...(env['ZFLEET_SSH_KEY_PASSPHRASE'] ? { passphrase: env['ZFLEET_SSH_KEY_PASSPHRASE'] } : {}),
      ...(env['SSH_AUTH_SOCK'] ? { agent: env['SSH_AUTH_SOCK'] } : {}),
      ...(env['ZFLEET_SSH_PASSWORD'] ? { password: env['ZFLEET_SSH_PASSWORD'] } : {}),
    };
  }

  /** Inventory values win over ~/.ssh/config, which wins over defaults (as with `ansible -o ...`). */
  private target(host: HostSettings): ConnectTarget & { proxyJump: string | undefined } {
    const cfg = this.sshConfig(host.address);
    return {
      label: host.name,
      address: host.address !== host.name ? host.address : (cfg.hostName ?? host.address),
      port: host.port !== 22 ? host.port : (cfg.port ?? 22),
      user: host.user ?? cfg.user ?? userInfo().username,
      credentials: this.credentials(host.privateKeyFile, cfg.identityFiles),
      knownHostsFiles: [...host.knownHostsFiles, ...this.globalKnownHosts],
      connectTimeoutMs: host.connectTimeoutMs ?? cfg.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      keepaliveMs: cfg.serverAliveIntervalMs ?? 15_000,
      proxyJump: host.proxyJump ?? cfg.proxyJump,
    };
  }

  private async openSession(host: HostSettings): Promise<HostSession> {
    const started = performance.now();
    const target = this.target(host);
    const client = await this.withRetries(host.name, async () => {
      const sock = target.proxyJump ? await this.tunnel(target.proxyJump, target, host) : undefined;
      return connectOnce({ ...target, ...(sock ? { sock } : {}) }, this.hostKeys);
    });
    return new Ssh2Session(
      client,
      {
        host: host.name,
        channels: host.channels,
        commandTimeoutMs: host.commandTimeoutMs,
        become: host.become,
      },
      performance.now() - started,
      () => this.sessions.delete(host.name),
    );
  }

  private withRetries<T>(label: string, fn: () => Promise<T>): Promise<T> {
    return pRetry(fn, {
      retries: this.options.connectRetries ?? 2,
      minTimeout: this.options.retryBaseMs ?? 250,
      factor: 2,
      randomize: true,
      shouldRetry: (error) => error instanceof FleetError && isRetryableConnectError(error),
      onFailedAttempt: () => undefined,
    }).catch((e: unknown) => {
      throw e instanceof FleetError
        ? e
        : new FleetError('internal', `${label}: ${(e as Error).message}`, { host: label, cause: e });
    });
  }

  /** A channel to the target through the last hop of "[user@]host[:port][,...]". */
  private async tunnel(spec: string, target: ConnectTarget, host: HostSettings) {
    const hops = spec.split(',');
    let client: Client | undefined;
    for (const hop of hops) client = await this.jumpClient(hop, client, host);
    return new Promise<Duplex>((resolve, reject) => {
      (client as Client).forwardOut('127.0.0.1', 0, target.address, target.port, (err, stream) => {
        if (err)
          reject(
            new FleetError(
              'unreachable',
              `${host.name}: jump host cannot reach ${target.address}:${target.port}: ${err.message}`,
              { host: host.name },
            ),
          );
        else resolve(stream);
      });
    });
  }

  private jumpClient(hop: string, via: Client | undefined, host: HostSettings): Promise<Client> {
    const key = `${hop}|${via ? 'chained' : 'direct'}`;
    let client = this.jumpClients.get(key);
    if (!client) {
      const match = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hop.trim());
      if (!match)
        return Promise.reject(
          new FleetError('config', `${host.name}: cannot read ProxyJump "${hop}"`, { host: host.name }),
        );
      const [, user, name = '', port] = match;
      const hopName = name.replace(/^\[|\]$/g, '');
      const cfg = this.sshConfig(hopName);
      const hopTarget: ConnectTarget = {
        label: `${host.name} (jump ${hopName})`,
        address: cfg.hostName ?? hopName,
        port: port ? Number(port) : (cfg.port ?? 22),
        user: user ?? cfg.user ?? userInfo().username,
        credentials: this.credentials(undefined, cfg.identityFiles),
        knownHostsFiles: [...host.knownHostsFiles, ...this.globalKnownHosts],
        connectTimeoutMs: host.connectTimeoutMs ?? cfg.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        keepaliveMs: cfg.serverAliveIntervalMs ?? 15_000,
      };
      client = this.withRetries(host.name, async () => {
        const sock = via
          ? await new Promise<Duplex>((res, rej) =>
              via.forwardOut('127.0.0.1', 0, hopTarget.address, hopTarget.port, (e, s) =>
                e ? rej(e) : res(s),
              ),
            )
          : undefined;
        return connectOnce({ ...hopTarget, ...(sock ? { sock } : {}) }, this.hostKeys);
      });
      this.jumpClients.set(key, client);
      client.catch(() => this.jumpClients.delete(key));
    }
    return client;
  }
}
