// The known_hosts index must give exactly the verdicts of matching every line in order; a property
// test compares it with that plain reading over random files of literal, wildcard and negated lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KnownHostIndex, patternsMatch } from '../../../src/ssh/known-hosts.js';
import type { KnownHostEntry } from '../../../src/ssh/known-hosts.js';

const NAMES = ['mail1', 'MAIL2', '[127.0.0.1]:2201', 'mx.example.org', 'bad.example.org'];
const PATTERNS = [...NAMES, '*.example.org', '!bad.example.org', 'mail?', '*', '[127.0.0.1]:22*'];
const KEYS = [Buffer.from('key-a'), Buffer.from('key-b'), Buffer.from('key-c')];

const entryArb = fc.record({
  marker: fc.constantFrom(null, null, null, 'revoked' as const, 'cert-authority' as const),
  patterns: fc
    .uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 3 })
    .map((p) => p.join(',')),
  key: fc.nat({ max: KEYS.length - 1 }),
});

function plainVerdict(entries: readonly KnownHostEntry[], name: string, keyBlob: Buffer): string {
  const revoked = entries.find((e) => e.marker === 'revoked' && e.keyBlob.equals(keyBlob));
  if (revoked) return `revoked ${revoked.where}`;
  const forHost = entries.filter((e) => e.marker === null && patternsMatch(e.patterns, name));
  const same = forHost.find((e) => e.keyBlob.equals(keyBlob));
  if (same) return `known ${same.where}`;
  return forHost[0] ? `changed ${forHost[0].where}` : 'unknown';
}

describe('KnownHostIndex', () => {
  it('agrees with matching every line in file order', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 12 }),
        fc.constantFrom(...NAMES, 'other.example.org', 'mail3'),
        fc.nat({ max: KEYS.length - 1 }),
        (raw, name, key) => {
          const entries: KnownHostEntry[] = raw.map((r, i) => ({
            marker: r.marker,
            patterns: r.patterns,
            keyType: 'ssh-ed25519',
            keyBlob: KEYS[r.key]!,
            where: `kh:${i + 1}`,
          }));
          const v = new KnownHostIndex(entries).check(name, KEYS[key]!);
          const shown = v.kind === 'unknown' ? 'unknown' : `${v.kind} ${v.where}`;
          expect(shown).toBe(plainVerdict(entries, name, KEYS[key]!));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('sees entries added after it was built, in order', () => {
    const e = (patterns: string, key: Buffer, where: string): KnownHostEntry => ({
      marker: null,
      patterns,
      keyType: 'ssh-ed25519',
      keyBlob: key,
      where,
    });
    const index = new KnownHostIndex([e('*.example.org', KEYS[0]!, 'kh:1')]);
    expect(index.check('mx.example.org', KEYS[1]!)).toEqual({ kind: 'changed', where: 'kh:1' });
    index.add(e('mx.example.org', KEYS[1]!, 'new:1'));
    expect(index.check('MX.example.org', KEYS[1]!)).toEqual({ kind: 'known', where: 'new:1' });
  });
});
