// A minimal ssh2 client for tests: one connection, host key pinned, exec with stdin, no pty.
// (The product's transport lives in src/ssh; tests of the fake host must not depend on it.)
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { Outcome } from './transcript.js';

export interface SshEndpoint {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privateKeyPath: string;
  /** The host's public key as "ssh-ed25519 AAAA..."; anything else is refused. */
  readonly hostPublicKey: string;
}

export interface SshSession {
  exec(command: string, stdin?: string): Promise<Outcome>;
  close(): void;
}

export function hostKeyBlob(publicKey: string): Buffer {
  return Buffer.from(publicKey.trim().split(/\s+/)[1] ?? '', 'base64');
}

export async function openSsh(endpoint: SshEndpoint): Promise<SshSession> {
  const client = new ssh2.Client();
  const expected = hostKeyBlob(endpoint.hostPublicKey);
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', reject);
    client.connect({
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.user,
      privateKey: readFileSync(endpoint.privateKeyPath),
      hostVerifier: (key: Buffer) => key.equals(expected),
      readyTimeout: 20_000,
    });
  });
  client.on('error', () => undefined);
  client.setNoDelay(true);
  return {
    exec: (command, stdin = '') =>
      new Promise<Outcome>((resolve, reject) => {
        client.exec(command, (err, channel) => {
          if (err) return reject(err);
          const out: Buffer[] = [];
          const errOut: Buffer[] = [];
          let exitCode = -1;
          channel.on('data', (d: Buffer) => out.push(d));
          channel.stderr.on('data', (d: Buffer) => errOut.push(d));
          channel.on('exit', (code: number | null) => (exitCode = code ?? -1));
          channel.on('close', () =>
            resolve({
              stdout: Buffer.concat(out).toString('utf8'),
              stderr: Buffer.concat(errOut).toString('utf8'),
              exitCode,
            }),
          );
          channel.end(stdin);
        });
      }),
    close: () => client.end(),
  };
}
