// OpenSSH known_hosts: plain and hashed (|1|salt|hash) host patterns, [host]:port, wildcards and
// negation, @revoked (refused) and @cert-authority (ignored: zfleet does not do host certificates).
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostEntry {
  readonly marker: 'revoked' | 'cert-authority' | null;
  readonly patterns: string;
  readonly keyType: string;
  readonly keyBlob: Buffer;
  /** "FILE:LINE", for messages. */
  readonly where: string;
}

export type HostKeyVerdict =
  | { readonly kind: 'known'; readonly where: string }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'changed'; readonly where: string }
  | { readonly kind: 'revoked'; readonly where: string };

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority';
      fields.shift();
    }
    const [patterns, keyType, b64] = fields;
    if (!patterns || !keyType || !b64) return;
    out.push({ marker, patterns, keyType, keyBlob: Buffer.from(b64, 'base64'), where: `${file}:${i + 1}` });
  });
  return out;
}

/** How known_hosts names a host: the bare name on port 22, "[name]:port" otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

// Compiled once per pattern: a fleet checks the same few wildcard lines against every host.
const wildcardCache = new Map<string, RegExp>();

function wildcardMatch(pattern: string, name: string): boolean {
  let re = wildcardCache.get(pattern);
  if (!re) {
    re = new RegExp(
      '^' +
        pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.') +
        '$',
      'i',
    );
    wildcardCache.set(pattern, re);
  }
  return re.test(name);
}

function hashedMatch(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

export function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedMatch(patterns, name);
  let matched = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (wildcardMatch(p.slice(1), name)) return false;
    } else if (wildcardMatch(p, name)) matched = true;
  }
  return matched;
}

/** Plain names (no wildcard, negation or hash): they can be looked up instead of matched. */
function literalNames(patterns: string): string[] | null {
  if (patterns.startsWith('|') || /[*?!]/.test(patterns)) return null;
  return patterns.split(',').map((p) => p.toLowerCase());
}

/**
 * known_hosts entries ready for many look-ups: plain host names go in a map, the rest (wildcards,
 * negations, hashed names) are matched one by one. A 1000-host known_hosts checked for 1000 hosts
 * would otherwise cost a million pattern matches.
 */
export class KnownHostIndex {
  private readonly entries: KnownHostEntry[] = [];
  private readonly byName = new Map<string, number[]>();
  private readonly patterned: number[] = [];
  private readonly revoked: KnownHostEntry[] = [];

  constructor(entries: readonly KnownHostEntry[] = []) {
    for (const e of entries) this.add(e);
  }

  add(entry: KnownHostEntry): void {
    const at = this.entries.push(entry) - 1;
    if (entry.marker === 'revoked') this.revoked.push(entry);
    if (entry.marker !== null) return;
    const names = literalNames(entry.patterns);
    if (!names) {
      this.patterned.push(at);
      return;
    }
    for (const n of new Set(names)) {
      const list = this.byName.get(n);
      if (list) list.push(at);
      else this.byName.set(n, [at]);
    }
  }

  /** Unmarked entries naming this host, in file order (the first one is what OpenSSH reports). */
  forHost(name: string): KnownHostEntry[] {
    const hits = [
      ...(this.byName.get(name.toLowerCase()) ?? []),
      ...this.patterned.filter((i) => patternsMatch(this.entries[i]!.patterns, name)),
    ];
    return hits.sort((a, b) => a - b).map((i) => this.entries[i]!);
  }

  /** Judges a presented host key, as OpenSSH's StrictHostKeyChecking does. */
  check(name: string, keyBlob: Buffer): HostKeyVerdict {
    const revoked = this.revoked.find((e) => e.keyBlob.equals(keyBlob));
    if (revoked) return { kind: 'revoked', where: revoked.where };
    const forHost = this.forHost(name);
    const same = forHost.find((e) => e.keyBlob.equals(keyBlob));
    if (same) return { kind: 'known', where: same.where };
    const other = forHost[0];
    return other ? { kind: 'changed', where: other.where } : { kind: 'unknown' };
  }
}

/** Judges a presented host key against known_hosts entries, as OpenSSH's StrictHostKeyChecking does. */
export function checkHostKey(
  entries: readonly KnownHostEntry[],
  name: string,
  keyBlob: Buffer,
): HostKeyVerdict {
  return new KnownHostIndex(entries).check(name, keyBlob);
}

/** "SHA256:..." as ssh-keygen -l prints it. */
export function fingerprint(keyBlob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + len).toString('ascii');
}
