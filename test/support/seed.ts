// A big fake host, written straight into its state directory (fast), with varied attributes.
import { newGroup, newUser } from '../../src/fake/emulator/model.js';
import { emptyState } from '../../src/fake/emulator/model.js';
import type { StateDir } from '../../src/fake/host/state-dir.js';

/** A small deterministic generator, so every run seeds the same hosts. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function seedHost(stateDir: StateDir, opts: { users: number; groups: number; seed: number }): void {
  const rand = rng(opts.seed);
  const state = emptyState();
  const MIB = 1024 * 1024;
  const users = Array.from({ length: opts.users }, (_, i) =>
    newUser(state, {
      name: `user${String(i).padStart(4, '0')}${i % 7 === 0 ? 'ü' : ''}`,
      fullname: `User ${i}${i % 11 === 0 ? ' Jürgen-Müller' : ''}`,
      email: `user${i}@example.org`,
      passwordSha256: null,
      active: i % 13 !== 0,
      admin: i % 97 === 0 ? 2 : i % 17 === 0 ? 1 : 0,
      enabledFeatures: i % 5 === 0 ? ['imap'] : [],
      disabledFeatures: i % 9 === 0 ? ['pop3'] : [],
      quota:
        i % 4 === 0
          ? { override: true, warn: 100 * MIB, soft: 200 * MIB, hard: 300 * MIB }
          : { override: false, warn: 0, soft: 0, hard: 0 },
      autoAccept: false,
      declineConflict: false,
      declineRecurring: false,
      sendas: [],
    }),
  );
  const groups = Array.from({ length: opts.groups }, (_, g) =>
    newGroup(state, `group${String(g).padStart(2, '0')}`, g % 3 === 0 ? `group${g}@example.org` : ''),
  );
  for (const u of users) {
    for (const g of groups) if (rand() < 0.04) g.members.push(u.id);
    if (rand() < 0.05) u.sendas.push((users[Math.floor(rand() * users.length)] ?? u).id);
  }
  for (const g of groups)
    if (rand() < 0.3) g.sendas.push((users[Math.floor(rand() * users.length)] ?? users[0])?.id ?? 0);
  stateDir.ensure();
  stateDir.writeState(state);
}
