import { describe, expect, it } from 'vitest';
import { inShard, parseShard } from '../../../src/inventory/shard.js';

describe('--shard', () => {
  const hosts = Array.from({ length: 3000 }, (_, i) => `mail${i}.example.org`);

  it('puts every host in exactly one shard, in roughly equal parts', () => {
    const shards = [1, 2, 3, 4].map((k) => hosts.filter((h) => inShard(h, { index: k, count: 4 })));
    expect(shards.reduce((n, s) => n + s.length, 0)).toBe(3000);
    for (const s of shards) expect(s.length).toBeGreaterThan(650);
    expect(new Set(shards.flat()).size).toBe(3000);
  });

  it('keeps a host in its shard whatever else is selected', () => {
    const k = [1, 2, 3].find((i) => inShard('mail42.example.org', { index: i, count: 3 }));
    expect(inShard('mail42.example.org', { index: k as number, count: 3 })).toBe(true);
  });

  it.each(['0/3', '4/3', '1/0', 'a/b', '1'])('refuses %s', (text) => {
    expect(() => parseShard(text)).toThrow(/--shard must be K\/N/);
  });
});
