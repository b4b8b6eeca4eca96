// zfleet apply against several fake hosts behind real sshd, through the CLI as a user runs it: the
// real flock lock command and /bin/sh batch scripts. The hosts share one machine, so the harness gives
// each its own lock file; with one shared /var/lock path all but one host would report host-locked.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sshdAvailable, startSshdFleet } from '../../../src/testing/sshd-fleet.js';
import type { SshdFleet } from '../../../src/testing/sshd-fleet.js';
import { ZFLEET_BIN, requireBuild } from '../../support/paths.js';
import { describeWith } from '../../support/requirements.js';

describeWith('OpenSSH sshd (/usr/sbin/sshd)', sshdAvailable(), 'apply on sshd hosts', () => {
  let fleet: SshdFleet;
  let dir: string;

  beforeAll(async () => {
    requireBuild();
    dir = mkdtempSync(join(tmpdir(), 'zfleet-sshd-apply-'));
    fleet = await startSshdFleet({ hosts: 3, dir });
  });
  afterAll(async () => fleet?.stop());

  it('creates the desired users on every host, each under its own lock', async () => {
    const desired = join(dir, 'desired.yaml');
    writeFileSync(
      desired,
      [
        'version: 1',
        'policy: {emailDomain: example.org}',
        'groups: [{name: staff}]',
        'users:',
        '  - {name: ann, fullname: Ann Example, password: {env: PW}, groups: [staff]}',
        '  - {name: ben, fullname: Ben Example, password: {env: PW}}',
        '',
      ].join('\n'),
    );
    const zfleet = (...args: string[]) =>
      execa(process.execPath, [ZFLEET_BIN, ...args, '-i', fleet.inventoryPath, '-d', desired], {
        env: { HOME: dir, PW: 'sshd-apply-pw', NO_COLOR: '1' },
        reject: false,
      });
    const apply = await zfleet('apply', '--yes');
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toContain('changed=3 failed=0');
    expect(apply.exitCode).toBe(0);
    for (const h of fleet.hosts) {
      const names = h.stateDir
        .readState()
        .objects.map((o) => `${o.kind}:${o.name}`)
        .sort();
      expect(names, h.name).toEqual(['group:staff', 'user:ann', 'user:ben']);
    }
    const again = await zfleet('plan');
    expect(again.stdout).toContain('Plan: 0 changes on 0 of 3 hosts.');
    expect(again.exitCode).toBe(0);
  }, 120_000);
});
