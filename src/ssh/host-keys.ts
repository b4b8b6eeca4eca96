// Host key verification for one run: known_hosts files read once, verdicts per policy, and new keys
// recorded (accept-new) in one file without duplicates.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FleetError } from '../core/errors.js';
import { checkHostKey, fingerprint, keyTypeOf, knownHostsName, parseKnownHosts } from './known-hosts.js';
import type { KnownHostEntry } from './known-hosts.js';
import type { HostKeyPolicy } from './types.js';

export class HostKeyStore {
  private readonly cache = new Map<string, KnownHostEntry[]>();

  constructor(
    readonly policy: HostKeyPolicy,
    /** Where accept-new records keys. */
    readonly recordFile: string,
  ) {}

  private entries(files: readonly string[]): KnownHostEntry[] {
    return files.flatMap((file) => {
      let entries = this.cache.get(file);
      if (!entries) {
        entries = existsSync(file) ? parseKnownHosts(readFileSync(file, 'utf8'), file) : [];
        this.cache.set(file, entries);
      }
      return entries;
    });
  }

  /** Returns null when the key may be used, else the error that refuses it. */
  verify(
    hostLabel: string,
    address: string,
    port: number,
    keyBlob: Buffer,
    files: readonly string[],
  ): FleetError | null {
    if (this.policy === 'off') return null;
    const name = knownHostsName(address, port);
    const verdict = checkHostKey(this.entries([...files, this.recordFile]), name, keyBlob);
    const fp = `${keyTypeOf(keyBlob)} ${fingerprint(keyBlob)}`;
    switch (verdict.kind) {
      case 'known':
        return null;
      case 'revoked':
        return new FleetError(
          'host-key-revoked',
          `host key ${fp} of ${name} is marked @revoked (${verdict.where})`,
          { host: hostLabel },
        );
      case 'changed':
        return new FleetError(
          'host-key-changed',
          `HOST KEY CHANGED for ${name}: it offered ${fp}, which does not match ${verdict.where}; refusing to connect`,
          { host: hostLabel },
        );
      case 'unknown':
        if (this.policy === 'accept-new') {
          this.record(name, keyBlob);
          return null;
        }
        return new FleetError(
          'host-key-unknown',
          `host key of ${name} is not in known_hosts (it offered ${fp}); add it, or use --host-key-checking accept-new`,
          { host: hostLabel },
        );
    }
  }

  private record(name: string, keyBlob: Buffer): void {
    const line = `${name} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}\n`;
    mkdirSync(dirname(this.recordFile), { recursive: true, mode: 0o700 });
    appendFileSync(this.recordFile, line, { mode: 0o600 });
    const entries = this.cache.get(this.recordFile) ?? [];
    entries.push(...parseKnownHosts(line, this.recordFile));
    this.cache.set(this.recordFile, entries);
  }
}
