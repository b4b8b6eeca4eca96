// --shard K/N: a stable 1/N of the selected hosts, so several controllers can split a fleet; a host
// always lands in the same shard, whatever else is in the inventory.
import { createHash } from 'node:crypto';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count)
    throw new Error(`--shard must be K/N with 1 <= K <= N, not "${text}"`);
  return { index, count };
}

export function inShard(host: string, shard: Shard): boolean {
  const n = createHash('sha256').update(host).digest().readUInt32BE(0);
  return n % shard.count === shard.index - 1;
}
