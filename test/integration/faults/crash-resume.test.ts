// Kill -9 the controller at 20 random points of applies across several hosts, resume each time, and
// check that the fleet converges, the journal stays consistent, and no change was made twice.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FakeFleet } from '../../../src/fake/fleet/fleet.js';
import { REPO, requireBuild } from '../../support/paths.js';

const ROUNDS = Number(process.env['ZFLEET_CRASH_ROUNDS'] ?? 20);
const tmp = mkdtempSync(join(tmpdir(), 'zfleet-crash-'));
let fleet: FakeFleet;
const zfleetArgs = (args: string[]) => [join(REPO, 'bin', 'zfleet.js'), ...args];
const env = { HOME: tmp, NO_COLOR: '1', ZF_PW: 'Crash-Pw-1' };

/** Round k wants users k*4 .. k*4+11: every round creates four and deletes four on every host. */
function desiredFor(k: number): string {
  const path = join(tmp, `desired-${k}.yaml`);
  const users = Array.from({ length: 12 }, (_, i) => k * 4 + i).map(
    (n) => `  - {name: u${n}, fullname: User ${n} round ${k}, password: {env: ZF_PW}, groups: [g${n % 3}]}`,
  );
  writeFileSync(
    path,
    [
      'version: 1',
      'policy: {emailDomain: example.org, onRemove: delete}',
      'groups: [{name: g0}, {name: g1}, {name: g2}]',
      'users:',
      ...users,
      '',
    ].join('\n'),
  );
  return path;
}

beforeAll(async () => {
  requireBuild();
  fleet = await startFakeFleet({ hosts: 4, dir: join(tmp, 'fleet') });
  for (const h of fleet.hosts) h.stateDir.writeFaults({ latencyMs: 15 });
});
afterAll(async () => fleet?.stop());

describe('crash and resume', () => {
  it(`converges after ${ROUNDS} kills at random points`, { timeout: 600_000 }, async () => {
    const delays = fc.sample(fc.integer({ min: 300, max: 2500 }), { numRuns: ROUNDS, seed: 20261203 });
    const inventory = fleet.inventoryPath;
    for (const [k, delay] of delays.entries()) {
      const desired = desiredFor(k);
      const child = execa(
        process.execPath,
        zfleetArgs(['apply', '-i', inventory, '-d', desired, '--yes', '--forks', '2']),
        { reject: false, env },
      );
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      const killed = await child;
      const runs = await execa(process.execPath, zfleetArgs(['runs', '-i', inventory]), {
        reject: false,
        env,
      });
      const latest = /^\s*(\d+)\s+(\w+)/m.exec(runs.stdout);
      if (latest && latest[2] === 'running') {
        const resumed = await execa(
          process.execPath,
          zfleetArgs(['apply', '-i', inventory, '--resume', latest[1] as string, '--yes']),
          { reject: false, env },
        );
        expect(resumed.exitCode, resumed.stderr).toBe(0);
      } else if (killed.exitCode !== 0) {
        // Killed before the run started (still planning): a plain apply finishes the round.
        const again = await execa(
          process.execPath,
          zfleetArgs(['apply', '-i', inventory, '-d', desired, '--yes']),
          { reject: false, env },
        );
        expect(again.exitCode, again.stderr).toBe(0);
      }
      const plan = await execa(process.execPath, zfleetArgs(['plan', '-i', inventory, '-d', desired]), {
        reject: false,
        env,
      });
      expect(plan.exitCode, `round ${k} (killed after ${delay} ms): ${plan.stdout}`).toBe(0);
    }

    // The journal: every step has an outcome, except in runs that were killed.
    const db = new Database(join(tmp, 'fleet', 'zfleet-journal.sqlite'), { readonly: true });
    const runs = db.prepare('SELECT id, status FROM runs').all() as { id: number; status: string }[];
    const statusOf = new Map(runs.map((r) => [r.id, r.status]));
    const steps = db.prepare('SELECT run_id AS runId, state FROM steps').all() as {
      runId: number;
      state: string;
    }[];
    db.close();
    expect(runs.every((r) => ['ok', 'interrupted', 'running'].includes(r.status))).toBe(true);
    for (const s of steps) {
      expect(['ok', 'failed', 'skipped', 'pending']).toContain(s.state);
      if (s.state === 'pending') expect(['interrupted', 'running']).toContain(statusOf.get(s.runId));
      expect(s.state).not.toBe('failed');
    }
    expect(steps.length).toBeGreaterThan(ROUNDS * 4 * 8);

    // No change made twice: every successful create of a user follows its deletion (or comes first).
    for (const h of fleet.hosts) {
      const exists = new Set<string>();
      for (const inv of h.stateDir.readInvocations()) {
        if (inv.exitCode !== 0) continue;
        const [, action, name] = inv.argv;
        if (action === '-c') {
          expect(exists.has(name as string), `${h.name}: ${name} created twice`).toBe(false);
          exists.add(name as string);
        }
        if (action === '-d') exists.delete(name as string);
      }
    }
  });
});
