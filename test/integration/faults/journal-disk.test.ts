// The journal's disk fails: read-only before the run, full in the middle of it. zfleet stops changing
// hosts, says so plainly (exit 1, no stack trace), and a later apply converges from the hosts' real state.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FakeFleet } from '../../../src/fake/fleet/fleet.js';
import { REPO, requireBuild } from '../../support/paths.js';
import { describeWith } from '../../support/requirements.js';

const isRoot = process.getuid?.() === 0;

describeWith('root (to mount a small tmpfs for the journal)', isRoot, 'journal on a failing disk', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'zfleet-journal-disk-'));
  const disk = join(tmp, 'disk');
  let fleet: FakeFleet;
  let desired: string;
  const zfleet = (args: string[]) =>
    execa(process.execPath, [join(REPO, 'bin', 'zfleet.js'), ...args], {
      reject: false,
      env: { HOME: tmp, NO_COLOR: '1', ZF_PW: 'Disk-Pw-1' },
    });
  const mutations = () =>
    fleet.hosts
      .flatMap((h) => h.stateDir.readInvocations())
      .filter((r) => ['-c', '-g', '-b'].includes(r.argv[1] ?? '')).length;

  beforeAll(async () => {
    requireBuild();
    fleet = await startFakeFleet({ hosts: 6, dir: join(tmp, 'fleet') });
    desired = join(tmp, 'desired.yaml');
    const users = Array.from(
      { length: 150 },
      (_, i) => `  - {name: user${i}, fullname: User ${i}, password: {env: ZF_PW}, groups: [staff]}`,
    );
    writeFileSync(
      desired,
      [
        'version: 1',
        'policy: {emailDomain: example.org}',
        'groups: [{name: staff}]',
        'users:',
        ...users,
        '',
      ].join('\n'),
    );
    mkdirSync(disk, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk]);
  });

  afterAll(async () => {
    try {
      execFileSync('umount', ['-l', disk]);
    } catch {
      /* not mounted */
    }
    await fleet?.stop();
  });

  it('refuses to start on a read-only journal and changes nothing', async () => {
    execFileSync('mount', ['-o', 'remount,ro', disk]);
    try {
      const r = await zfleet([
        'apply',
        '-i',
        fleet.inventoryPath,
        '-d',
        desired,
        '--yes',
        '--journal',
        join(disk, 'journal.sqlite'),
      ]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/journal .*journal\.sqlite/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(mutations()).toBe(0);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', disk]);
    }
  });

  it('stops when the journal fills up, and converges once it has room', { timeout: 120_000 }, async () => {
    const journal = join(disk, 'journal.sqlite');
    const ok = await zfleet(['plan', '-i', fleet.inventoryPath, '-d', desired, '--journal', journal]);
    expect(ok.exitCode).toBe(2);
    // Leave the journal a little room: enough to start, not enough for 6 x 301 steps with their output.
    writeFileSync(join(disk, 'filler'), Buffer.alloc(8 * 1024 * 1024 - 400 * 1024));
    const r = await zfleet([
      'apply',
      '-i',
      fleet.inventoryPath,
      '-d',
      desired,
      '--yes',
      '--journal',
      journal,
      '--forks',
      '2',
    ]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/journal .* cannot be written .*Stopped/s);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    rmSync(join(disk, 'filler'));
    const again = await zfleet([
      'apply',
      '-i',
      fleet.inventoryPath,
      '-d',
      desired,
      '--yes',
      '--journal',
      journal,
    ]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(
      (await zfleet(['plan', '-i', fleet.inventoryPath, '-d', desired, '--journal', journal])).exitCode,
    ).toBe(0);
  });
});
