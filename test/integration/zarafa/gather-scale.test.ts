// Gather at scale: a host with 1000 users and 50 groups read through a handful of channels, and
// `zfleet pull` on a fleet of such hosts round-tripping byte for byte through a rebuild.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import pLimit from 'p-limit';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FakeFleet } from '../../../src/fake/fleet/fleet.js';
import { gatherHostState } from '../../../src/run/gather.js';
import type { HostState } from '../../../src/zarafa/state.js';
import { fleetSettings, testTransport } from '../../support/fleet-settings.js';
import { REPO, requireBuild } from '../../support/paths.js';
import { pushState } from '../../support/push-state.js';
import { seedHost } from '../../support/seed.js';

const HOSTS = Number(process.env['ZFLEET_SCALE_HOSTS'] ?? 50);
const USERS = 1000;
const GROUPS = 50;
const tmp = mkdtempSync(join(tmpdir(), 'zfleet-scale-'));
const fleets: FakeFleet[] = [];

const pull = (inventory: string, out: string) =>
  execa(process.execPath, [join(REPO, 'bin', 'zfleet.js'), 'pull', '-i', inventory, '-o', out], {
    reject: false,
    env: { HOME: tmp, NO_COLOR: '1' },
  });

beforeAll(async () => {
  requireBuild();
  const source = await startFakeFleet({ hosts: HOSTS, dir: join(tmp, 'source') });
  fleets.push(source);
  source.hosts.forEach((h, i) => seedHost(h.stateDir, { users: USERS, groups: GROUPS, seed: i + 1 }));
});
afterAll(async () => Promise.all(fleets.map((f) => f.stop())));

describe(`gather and pull at scale (${HOSTS} hosts x ${USERS} users, ${GROUPS} groups)`, () => {
  it(
    'reads a 1000-user host through a small, constant number of channels',
    { timeout: 120_000 },
    async () => {
      const source = fleets[0] as FakeFleet;
      const host = fleetSettings(source, 'mail01')[0];
      if (!host) throw new Error('no host');
      const before = source.hosts[0]?.stats.execs ?? 0;
      const transport = testTransport();
      const started = performance.now();
      const stats = { channels: 0, calls: 0 };
      const state = await gatherHostState(await transport.open(host), host, stats);
      const ms = performance.now() - started;
      await transport.close();
      const channels = (source.hosts[0]?.stats.execs ?? 0) - before;
      console.log(
        `gather of one host: ${state.users.length} users, ${state.groups.length} groups, ${stats.calls} calls, ${channels} channels, ${ms.toFixed(0)} ms`,
      );
      expect(state.users).toHaveLength(USERS);
      expect(state.groups).toHaveLength(GROUPS);
      expect(channels).toBe(stats.channels);
      expect(channels).toBeLessThanOrEqual(1 + host.channels);
    },
  );

  it('pulls the fleet deterministically and round-trips through a rebuilt fleet', async () => {
    const source = fleets[0] as FakeFleet;
    const first = join(tmp, 'pull-1');
    const again = join(tmp, 'pull-1-again');
    let started = performance.now();
    const r1 = await pull(source.inventoryPath, first);
    console.log(`zfleet pull of ${HOSTS} hosts: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(r1.exitCode, r1.stderr).toBe(0);
    expect((await pull(source.inventoryPath, again)).exitCode).toBe(0);
    const files = readdirSync(first).sort();
    expect(files).toHaveLength(HOSTS);
    for (const f of files)
      expect(readFileSync(join(again, f), 'utf8')).toBe(readFileSync(join(first, f), 'utf8'));

    const target = await startFakeFleet({ hosts: HOSTS, dir: join(tmp, 'target') });
    fleets.push(target);
    const transport = testTransport();
    started = performance.now();
    const limit = pLimit(8);
    await Promise.all(
      fleetSettings(target).map((h) =>
        limit(async () =>
          pushState(
            await transport.open(h),
            h,
            parse(readFileSync(join(first, `${h.name}.yaml`), 'utf8')) as HostState,
          ),
        ),
      ),
    );
    await transport.close();
    console.log(
      `recreating ${HOSTS * USERS} users through batches: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const second = join(tmp, 'pull-2');
    expect((await pull(target.inventoryPath, second)).exitCode).toBe(0);
    for (const f of files)
      expect(readFileSync(join(second, f), 'utf8'), f).toBe(readFileSync(join(first, f), 'utf8'));
  }, 900_000);
});
