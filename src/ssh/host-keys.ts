// Host key verification for one run: known_hosts files read once, verdicts per policy, and new keys
// recorded (accept-new) in one file without duplicates.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FleetError } from '../core/errors.js';
import { KnownHostIndex, fingerprint, keyTypeOf, knownHostsName, parseKnownHosts } from './known-hosts.js';
import type { KnownHostEntry } from './known-hosts.js';
import type { HostKeyPolicy } from './types.js';

export class HostKeyStore {
  private readonly cache = new Map<string, KnownHostEntry[]>();
  /** One index per list of files (hosts usually share one list), built on first use. */
  private readonly indexes = new Map<string, KnownHostIndex>();

  constructor(
    readonly policy: HostKeyPolicy,
    /** Where accept-new records keys. */
    readonly recordFile: string,
  ) {}

  private fileEntries(file: string): KnownHostEntry[] {
    let entries = this.cache.get(file);
    if (!entries) {
      entries = existsSync(file) ? parseKnownHosts(readFileSync(file, 'utf8'), file) : [];
      this.cache.set(file, entries);
    }
    return entries;
  }

  private index(files: readonly string[]): KnownHostIndex {
    const key = files.join('\0');
    let index = this.indexes.get(key);
    if (!index) {
      index = new KnownHostIndex(files.flatMap((f) => this.fileEntries(f)));
      this.indexes.set(key, index);
    }
    return index;
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
    const verdict = this.index([...files, this.recordFile]).check(name, keyBlob);
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
    const recorded = this.fileEntries(this.recordFile); // read before appending, not after
    mkdirSync(dirname(this.recordFile), { recursive: true, mode: 0o700 });
    appendFileSync(this.recordFile, line, { mode: 0o600 });
    // The record file is last in every list, so appending to each index keeps file order.
    const [entry] = parseKnownHosts(line, this.recordFile);
    if (!entry) return;
    recorded.push(entry);
    for (const index of this.indexes.values()) index.add(entry);
  }
}
