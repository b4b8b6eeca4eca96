// The ssh2 transport against real OpenSSH: the channel limit under MaxSessions, and hung commands
// really ended on the host by the remote timeout.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FleetError } from '../../../src/core/errors.js';
import type { HostSettings } from '../../../src/inventory/settings.js';
import { LOCK_READY, lockCommand } from '../../../src/run/converge.js';
import { sshdAvailable, startSshdFleet } from '../../../src/testing/sshd-fleet.js';
import type { SshdFleet } from '../../../src/testing/sshd-fleet.js';
import { gatherHostState } from '../../../src/run/gather.js';
import { fleetSettings, testTransport } from '../../support/fleet-settings.js';
import { seedHost } from '../../support/seed.js';
import { requireBuild } from '../../support/paths.js';
import { describeWith } from '../../support/requirements.js';

/** Processes whose environment names this state directory: the fake's own runs on that host. */
function processesUsing(stateDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`ZARAFA_STATE=${stateDir}`))
        pids.push(Number(entry));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return pids;
}

describeWith('OpenSSH sshd (/usr/sbin/sshd)', sshdAvailable(), 'ssh2 transport on real sshd', () => {
  let fleet: SshdFleet;
  let host: HostSettings;

  beforeAll(async () => {
    requireBuild();
    fleet = await startSshdFleet({
      hosts: 1,
      dir: mkdtempSync(join(tmpdir(), 'zfleet-sshd-transport-')),
      maxSessions: 10,
    });
    host = fleetSettings(fleet)[0] as HostSettings;
  });
  afterAll(async () => fleet?.stop());

  it('runs 100 concurrent commands on one host with 8 channels under MaxSessions 10', async () => {
    const transport = testTransport();
    const session = await transport.open({ ...host, channels: 8 });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        session.exec({ argv: ['zarafa-admin', '-c', `u${i}`, '-p', 'pw', '-f', `U ${i}`, '-e', `u${i}@x`] }),
      ),
    );
    await transport.close();
    expect(results.filter((r) => r.exitCode === 0)).toHaveLength(100);
    expect(fleet.hosts[0]?.stateDir.readState().objects).toHaveLength(100);
  });

  it('adapts when the server allows fewer sessions than the channel limit: 20 at once on MaxSessions 10', async () => {
    const transport = testTransport();
    const session = await transport.open({ ...host, channels: 20 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => session.exec({ argv: ['zarafa-admin', '-l'] })),
    );
    expect(results.every((r) => r.exitCode === 0)).toBe(true);
    expect((session as unknown as { channelLimit: number }).channelLimit).toBeLessThanOrEqual(10);
    await transport.close();
  });

  it('reads a 40-user host through sshd with MaxSessions 2 and the default 8 channels', async () => {
    const small = await startSshdFleet({
      hosts: 1,
      dir: mkdtempSync(join(tmpdir(), 'zfleet-sshd-max2-')),
      maxSessions: 2,
    });
    try {
      const h = fleetSettings(small)[0] as HostSettings;
      seedHost(small.hosts[0]!.stateDir, { users: 40, groups: 5, seed: 3 });
      const transport = testTransport();
      const state = await gatherHostState(await transport.open(h), h);
      await transport.close();
      expect(state.users).toHaveLength(40);
    } finally {
      await small.stop();
    }
  });

  it("holds zfleet's apply lock with the host's real flock", async () => {
    const lockFile = join(fleet.dir, 'apply.lock');
    const a = testTransport();
    const b = testTransport();
    const held = await (await a.open(host)).hold(lockCommand(lockFile), LOCK_READY);
    const refused = await (
      await b.open(host)
    )
      .hold(lockCommand(lockFile), LOCK_READY)
      .catch((e: unknown) => e as FleetError);
    expect((refused as FleetError).code).toBe('host-locked');
    await held.release();
    const again = await (await b.open(host)).hold(lockCommand(lockFile), LOCK_READY);
    await again.release();
    await a.close();
    await b.close();
  });

  it('ends a hung command on the host within the timeout plus the kill grace', async () => {
    const stateDir = fleet.hosts[0]?.stateDir;
    stateDir?.writeFaults({ hang: true });
    const transport = testTransport();
    const session = await transport.open(host);
    const started = Date.now();
    const pending = session
      .exec({ argv: ['zarafa-admin', '-l'] }, { timeoutMs: 2000 })
      .catch((e: unknown) => e as FleetError);
    await new Promise((r) => setTimeout(r, 1000));
    const whileHanging = processesUsing(stateDir?.dir ?? '');
    const error = await pending;
    const elapsed = Date.now() - started;
    stateDir?.writeFaults({});
    await transport.close();
    expect((error as FleetError).code).toBe('exec-timeout');
    expect(elapsed).toBeLessThan(2000 + 3000 + 1500);
    expect(whileHanging.length).toBeGreaterThan(0);
    expect(processesUsing(stateDir?.dir ?? '')).toEqual([]);
  });
});
