// Soak: 500 in-process hosts, 5% of them misbehaving at random in each of three plan/apply rounds.
// Every host is either converged or reported every round, nothing is lost, and once the faults stop
// one more apply converges the whole fleet. ZFLEET_SOAK_HOSTS / ZFLEET_SOAK_ROUNDS make it longer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FaultsInput } from '../../../src/fake/host/faults.js';
import { REPO, requireBuild } from '../../support/paths.js';

const HOSTS = Number(process.env['ZFLEET_SOAK_HOSTS'] ?? 500);
const ROUNDS = Number(process.env['ZFLEET_SOAK_ROUNDS'] ?? 3);
const tmp = mkdtempSync(join(tmpdir(), 'zfleet-soak-'));
const env = { HOME: tmp, NO_COLOR: '1', ZF_PW: 'Soak-Pw-1' };
let fleet: FakeFleet;

function desired(round: number): string {
  const path = join(tmp, `desired-${round}.yaml`);
  const users = ['ann', 'ben', 'cat', 'dan', 'eve'].map(
    (u, i) =>
      `  - {name: ${u}, fullname: ${u} r${round}, password: {env: ZF_PW}, groups: [${i % 2 ? 'odd' : 'even'}]}`,
  );
  writeFileSync(
    path,
    [
      'version: 1',
      'policy: {emailDomain: example.org}',
      'groups: [{name: odd}, {name: even}]',
      'users:',
      ...users,
      '',
    ].join('\n'),
  );
  return path;
}

const FAULTS: FaultsInput[] = [
  { latencyMs: 150 },
  {
    failWhen: {
      argvIncludes: ['-u'],
      exitCode: 1,
      stderr: 'Unable to update user information, call failed (0x80004005)\n',
    },
  },
  { failNext: { count: 3, exitCode: 1, stderr: 'Unable to open Admin session.\n' } },
  { serverDown: 'network' },
  { garbage: 'truncate' },
];

beforeAll(async () => {
  requireBuild();
  fleet = await startFakeFleet({ hosts: HOSTS, dir: join(tmp, 'fleet') });
});
afterAll(async () => fleet?.stop());

describe(`soak: ${HOSTS} hosts, ${ROUNDS} rounds with 5% faults`, () => {
  it('reports every host every round and converges once the faults stop', { timeout: 900_000 }, async () => {
    const bin = join(REPO, 'bin', 'zfleet.js');
    for (let round = 0; round < ROUNDS; round++) {
      const picks = fc.sample(
        fc.tuple(fc.integer({ min: 0, max: HOSTS - 1 }), fc.integer({ min: 0, max: FAULTS.length })),
        { numRuns: Math.ceil(HOSTS * 0.05), seed: 77 + round },
      );
      for (const h of fleet.hosts) h.stateDir.writeFaults({});
      const dropping: number[] = [];
      for (const [host, kind] of picks) {
        if (kind === FAULTS.length) dropping.push(host);
        else fleet.hosts[host]?.stateDir.writeFaults(FAULTS[kind] as FaultsInput);
      }
      const started = Date.now();
      const child = execa(
        process.execPath,
        [bin, 'apply', '-i', fleet.inventoryPath, '-d', desired(round), '--yes', '--json'],
        { reject: false, env },
      );
      // Network cuts at random moments of the run.
      const cuts = dropping.map((host, k) =>
        setTimeout(() => fleet.hosts[host]?.dropConnections(), 200 + k * 150),
      );
      const r = await child;
      cuts.forEach(clearTimeout);
      const lines = r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { event: string; host: string; status: string });
      const hosts = lines.filter((l) => l.event === 'host');
      const summary = lines.at(-1) as unknown as {
        event: string;
        hosts: number;
        changed: number;
        failed: number;
        unreachable: number;
      };
      console.log(
        `round ${round}: ${((Date.now() - started) / 1000).toFixed(1)} s, ${JSON.stringify(summary)}`,
      );
      expect(new Set(hosts.map((h) => h.host)).size).toBe(HOSTS);
      expect(hosts).toHaveLength(HOSTS);
      expect(summary).toMatchObject({ event: 'summary', hosts: HOSTS });
      expect(summary.changed + summary.failed + summary.unreachable).toBe(HOSTS);
      expect(summary.failed + summary.unreachable).toBeLessThanOrEqual(Math.ceil(HOSTS * 0.05));
    }
    for (const h of fleet.hosts) h.stateDir.writeFaults({});
    const last = desired(ROUNDS - 1);
    const final = await execa(
      process.execPath,
      [bin, 'apply', '-i', fleet.inventoryPath, '-d', last, '--yes'],
      { reject: false, env },
    );
    expect(final.exitCode, final.stderr.slice(0, 2000)).toBe(0);
    const plan = await execa(process.execPath, [bin, 'plan', '-i', fleet.inventoryPath, '-d', last], {
      reject: false,
      env,
    });
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain(`Plan: 0 changes on 0 of ${HOSTS} hosts.`);
  });
});
