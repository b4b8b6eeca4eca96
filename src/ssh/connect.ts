// Opens one authenticated ssh2 connection: host key checked against known_hosts before anything is
// sent, keys / agent / password (from the environment only), connect timeout and keepalive.
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client, ConnectConfig } from 'ssh2';
import type { FleetError } from '../core/errors.js';
import { authMethods } from './auth-methods.js';
import type { Credentials } from './auth-methods.js';
import { classifyConnectError } from './classify.js';
import type { HostKeyStore } from './host-keys.js';

export type { Credentials } from './auth-methods.js';

export interface ConnectTarget {
  /** Inventory name, for messages. */
  readonly label: string;
  readonly address: string;
  readonly port: number;
  readonly user: string;
  readonly credentials: Credentials;
  readonly knownHostsFiles: readonly string[];
  readonly connectTimeoutMs: number;
  readonly keepaliveMs: number;
  /** A stream to tunnel through (ProxyJump), instead of a TCP connection. */
  readonly sock?: Duplex;
}

export function connectOnce(target: ConnectTarget, hostKeys: HostKeyStore): Promise<Client> {
  const where = `${target.user}@${target.address}:${target.port}`;
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let refusal: FleetError | null = null;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      client.end();
      reject(refusal ?? classifyConnectError(error, target.label, where));
    };
    client.once('ready', () => {
      settled = true;
      // Request/response traffic stalls ~40 ms on Nagle + delayed ACK without this.
      (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
      resolve(client);
    });
    client.on('error', fail);
    client.once('close', () => fail(Object.assign(new Error('connection closed'), { code: 'ECONNRESET' })));
    const config: ConnectConfig = {
      host: target.address,
      port: target.port,
      username: target.user,
      readyTimeout: target.connectTimeoutMs,
      keepaliveInterval: target.keepaliveMs,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        refusal = hostKeys.verify(target.label, target.address, target.port, key, target.knownHostsFiles);
        return refusal === null;
      },
      ...(target.sock ? { sock: target.sock } : {}),
    };
    try {
      config.authHandler = authMethods(target.credentials, target.user);
    } catch (e) {
      const error = new Error(
        `cannot use private key ${target.credentials.privateKeyFile}: ${(e as Error).message}`,
      );
      return fail(Object.assign(error, { level: 'client-authentication' }));
    }
    try {
      client.connect(config);
    } catch (e) {
      fail(
        Object.assign(e as Error, {
          level: (e as Error).message.includes('privateKey') ? 'client-authentication' : undefined,
        }),
      );
    }
  });
}
