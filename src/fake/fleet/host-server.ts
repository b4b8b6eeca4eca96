// One fake Zarafa host as an SSH server (ssh2's Server) on loopback: public-key (and optionally
// password) login for one user,
// a session limit like sshd's MaxSessions, env and exec requests; no pty, no shell.
import { timingSafeEqual } from 'node:crypto';
import { createConnection } from 'node:net';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection, ParsedKey } from 'ssh2';
import type { Flavour } from '../emulator/flavour.js';
import type { StateDir } from '../host/state-dir.js';
import { runExec } from './exec.js';

export interface HostServerOptions {
  readonly name: string;
  readonly hostKey: string;
  readonly clientPublicKey: string;
  readonly user: string;
  readonly stateDir: StateDir;
  readonly flavour: Flavour;
  readonly binDir: string;
  readonly maxSessions: number;
  /** Accepted besides the key when set. */
  readonly password?: string;
  readonly port: number;
  readonly address: string;
}

export interface HostStats {
  /** SSH connections accepted since start. */
  connections: number;
  /** Exec requests served since start. */
  execs: number;
  /** Of those, how many went to a real /bin/sh (the rest ran in-process). */
  shellExecs: number;
  /** zarafa-admin calls handed to the in-process path, alone or in batch scripts (a batch that stops
   * at a failure still counts all its calls); calls through /bin/sh are not counted. */
  adminCalls: number;
}

export interface RunningHost {
  readonly name: string;
  readonly port: number;
  readonly stats: Readonly<HostStats>;
  /** Cuts every open connection of this host at once, as a dropped network would. */
  dropConnections(): void;
  close(): Promise<void>;
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startHostServer(opts: HostServerOptions): Promise<RunningHost> {
  const allowed = ssh2.utils.parseKey(opts.clientPublicKey);
  if (allowed instanceof Error) throw new Error(`${opts.name}: bad client public key: ${allowed.message}`);
  const allowedKey = (Array.isArray(allowed) ? allowed[0] : allowed) as ParsedKey;
  const abort = new AbortController();
  const clients = new Set<Connection>();
  const stats: HostStats = { connections: 0, execs: 0, shellExecs: 0, adminCalls: 0 };
  const methods: ('publickey' | 'password')[] =
    opts.password === undefined ? ['publickey'] : ['publickey', 'password'];

  const server = new ssh2.Server({ hostKeys: [opts.hostKey] }, (client) => {
    clients.add(client);
    stats.connections++;
    // Small request/response exchanges stall ~40 ms on Nagle + delayed ACK without this.
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    let openSessions = 0;
    client.on('error', () => undefined);
    client.on('close', () => clients.delete(client));
    client.on('authentication', (ctx) => {
      if (ctx.username !== opts.user) return ctx.reject(methods);
      if (ctx.method === 'password' && opts.password !== undefined) {
        const ok = sameBytes(Buffer.from(ctx.password), Buffer.from(opts.password));
        return ok ? ctx.accept() : ctx.reject(methods);
      }
      if (ctx.method !== 'publickey') return ctx.reject(methods);
      const keyMatches =
        ctx.key.algo === allowedKey.type && sameBytes(ctx.key.data, allowedKey.getPublicSSH());
      if (!keyMatches) return ctx.reject(methods);
      if (ctx.signature && ctx.blob && allowedKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) {
        return ctx.reject(methods);
      }
      ctx.accept();
    });
    client.on('ready', () => {
      // Port forwarding, so a fake host can serve as a ProxyJump host; only to loopback addresses.
      client.on('tcpip', (acceptTcp, rejectTcp, info) => {
        if (!/^(127\.|::1$|localhost$)/.test(info.destIP)) return rejectTcp();
        const upstream = createConnection({ host: info.destIP, port: info.destPort });
        upstream.once('connect', () => {
          const channel = acceptTcp();
          channel.pipe(upstream).pipe(channel);
          channel.on('error', () => upstream.destroy());
        });
        upstream.once('error', () => rejectTcp());
      });
      client.on('session', (accept, reject) => {
        if (openSessions >= opts.maxSessions) return reject();
        openSessions++;
        const session = accept();
        const env: Record<string, string> = {};
        let released = false;
        const release = (): void => {
          if (!released) openSessions--;
          released = true;
        };
        session.on('close', release);
        session.on('env', (acceptEnv, _rejectEnv, info) => {
          env[info.key] = info.val;
          acceptEnv?.();
        });
        session.on('pty', (_a, rejectPty) => rejectPty?.());
        session.on('shell', (_a, rejectShell) => rejectShell?.());
        session.on('exec', (acceptExec, _rejectExec, info) => {
          const channel = acceptExec();
          stats.execs++;
          channel.on('close', release);
          runExec(channel, info.command, {
            stateDir: opts.stateDir,
            flavour: opts.flavour,
            binDir: opts.binDir,
            sessionEnv: env,
            signal: abort.signal,
            onShell: () => void stats.shellExecs++,
            onAdminCalls: (n) => void (stats.adminCalls += n),
          });
        });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.address, () => resolve());
  });
  server.on('error', () => undefined);
  const port = (server.address() as AddressInfo).port;
  return {
    name: opts.name,
    port,
    stats,
    dropConnections: () => {
      // A cut network, not a polite goodbye: the sockets are destroyed under the sessions.
      for (const c of clients) (c as unknown as { _sock?: { destroy(): void } })._sock?.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        abort.abort();
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
}
