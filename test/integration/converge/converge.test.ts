// Plan and apply as an operator runs them, on 20 fake hosts: converge, re-plan to nothing, change the
// desired state and see exactly those changes, saved plans refused for moved hosts, canary and
// max-fail, kill -9 and resume, and no password anywhere it must not be.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FakeUser } from '../../../src/fake/emulator/model.js';
import { LOCK_READY, lockCommand } from '../../../src/run/converge.js';
import { fleetSettings, testTransport } from '../../support/fleet-settings.js';
import { REPO, requireBuild } from '../../support/paths.js';

const SENTINEL = 'Sentinel-Pw-7731';
const tmp = mkdtempSync(join(tmpdir(), 'zfleet-converge-'));
let fleet: FakeFleet;
let inventory: string;
const outputs: string[] = [];

function desired(opts: { dave: boolean; carolAuditor: boolean; bobName: string }): string {
  const path = join(tmp, 'desired.yaml');
  writeFileSync(
    path,
    [
      'version: 1',
      'policy: {emailDomain: example.org, adminRole: mail-admins, onRemove: delete, passwords: onCreate}',
      'groups: [{name: sales, email: sales@example.org}]',
      'roles: [{name: mail-admins}, {name: auditors}]',
      'users:',
      '  - {name: alice, fullname: Alice, password: {env: ZF_PW}, roles: [mail-admins], groups: [sales]}',
      `  - {name: bob, fullname: "${opts.bobName}", password: {env: ZF_PW}, groups: [sales]}`,
      `  - {name: carol, fullname: Carol, email: carol@corp.example, password: {env: ZF_PW}, roles: [${opts.carolAuditor ? 'auditors' : ''}]}`,
      '  - {name: erin, fullname: Erin (no email), password: {env: ZF_PW}}',
      ...(opts.dave ? ["  - {name: dave, fullname: Dave, password: {env: ZF_PW}, hosts: 'mail0[1-5]'}"] : []),
      '',
    ].join('\n'),
  );
  return path;
}

async function zfleet(args: string[], env: Record<string, string> = {}) {
  const r = await execa(process.execPath, [join(REPO, 'bin', 'zfleet.js'), ...args], {
    reject: false,
    env: { HOME: tmp, NO_COLOR: '1', ZF_PW: SENTINEL, ...env },
  });
  outputs.push(r.stdout, r.stderr);
  return r;
}

const admin = (host: number, ...args: string[]) => {
  const h = fleet.hosts[host];
  if (!h) throw new Error('host');
  return execa(join(REPO, 'bin', 'fake-zarafa-admin'), ['--utf8', ...args], {
    reject: false,
    env: { ZARAFA_STATE: h.stateDir.dir },
  });
};
const userOf = (host: number, name: string): FakeUser | undefined =>
  fleet.hosts[host]?.stateDir
    .readState()
    .objects.find((o): o is FakeUser => o.kind === 'user' && o.name === name);

beforeAll(async () => {
  requireBuild();
  fleet = await startFakeFleet({ hosts: 20, dir: join(tmp, 'fleet') });
  inventory = fleet.inventoryPath;
  // Drift and hand-made objects before zfleet ever ran.
  await admin(0, '-c', 'handmade', '-p', 'x', '-f', 'Hand Made', '-e', 'h@x');
  await admin(1, '-c', 'bob', '-p', 'x', '-f', 'Bobby', '-e', 'bob@example.org', '-a', '1');
});
afterAll(async () => fleet.stop());

describe('plan and apply on 20 hosts', () => {
  it('converges, then plans no changes', async () => {
    const d = desired({ dave: true, carolAuditor: true, bobName: 'Bob' });
    const p1 = await zfleet(['plan', '-i', inventory, '-d', d]);
    expect(p1.exitCode).toBe(2);
    expect(p1.stdout).toContain('~ user bob: fullname "Bobby" -> "Bob"');
    expect(p1.stdout).toContain('= unmanaged, left alone: user handmade');
    expect(p1.stdout).toContain('+ user erin (Erin (no email) <erin@example.org>)');
    const a = await zfleet(['apply', '-i', inventory, '-d', d, '--yes']);
    expect(a.exitCode, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/run \d+: 20 hosts: ok=0 changed=20 failed=0 unreachable=0/);
    const p2 = await zfleet(['plan', '-i', inventory, '-d', d]);
    expect(p2.exitCode).toBe(0);
    expect(p2.stdout).toContain(
      'mail01: no changes\n  = unmanaged, left alone: user handmade\nmail[02-20]: no changes',
    );
    expect(userOf(0, 'handmade')).toBeDefined();
    expect(userOf(1, 'bob')?.admin).toBe(1);
    expect(userOf(2, 'alice')?.admin).toBe(1);
    expect(userOf(7, 'dave')).toBeUndefined();
    expect(userOf(3, 'dave')).toBeDefined();
  });

  it('removing a user, revoking a role and renaming a fullname give exactly those changes', async () => {
    const d = desired({ dave: false, carolAuditor: false, bobName: 'Robert Jones' });
    const p = await zfleet(['plan', '-i', inventory, '-d', d]);
    expect(p.exitCode).toBe(2);
    const five = p.stdout.split('\n').filter((l) => /^mail/.test(l) || l.startsWith('  '));
    const onDaveHosts = [
      '  ~ user bob: fullname "Bob" -> "Robert Jones"  # fullname differ',
      '  - member carol in role-auditors  # membership no longer in the desired state',
      '  - user dave  # managed, no longer desired (onRemove: delete)',
    ];
    expect(five).toEqual([
      'mail01: 0 to add, 1 to change, 2 to remove',
      ...onDaveHosts,
      '  = unmanaged, left alone: user handmade',
      'mail[02-05]: 0 to add, 1 to change, 2 to remove',
      ...onDaveHosts,
      'mail[06-20]: 0 to add, 1 to change, 1 to remove',
      '  ~ user bob: fullname "Bob" -> "Robert Jones"  # fullname differ',
      '  - member carol in role-auditors  # membership no longer in the desired state',
    ]);
    expect((await zfleet(['apply', '-i', inventory, '-d', d, '--yes'])).exitCode).toBe(0);
    expect((await zfleet(['plan', '-i', inventory, '-d', d])).exitCode).toBe(0);
    const state = fleet.hosts[0]?.stateDir.readState();
    const carol = userOf(0, 'carol');
    expect(
      state?.objects.find(
        (o) => o.kind === 'group' && o.name === 'role-auditors' && o.members.includes(carol?.id ?? -1),
      ),
    ).toBeUndefined();
    expect(userOf(0, 'dave')).toBeUndefined();
    expect(userOf(0, 'bob')?.fullname).toBe('Robert Jones');
    expect(userOf(1, 'bob')?.admin).toBe(1);
  });

  it('refuses a saved plan for a host changed behind its back and applies it to the others', async () => {
    const d = desired({ dave: false, carolAuditor: true, bobName: 'Robert Jones' });
    const planFile = join(tmp, 'plan.json');
    expect((await zfleet(['plan', '-i', inventory, '-d', d, '-o', planFile])).exitCode).toBe(2);
    expect(readFileSync(planFile, 'utf8')).not.toContain(SENTINEL);
    await admin(2, '-u', 'alice', '-f', 'Changed By Hand');
    const a = await zfleet(['apply', planFile, '-i', inventory, '--yes']);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toContain('[stale-plan] mail03');
    expect(a.stdout).toMatch(/19 hosts|changed=19/);
    const carol3 = userOf(2, 'carol');
    const carol4 = userOf(3, 'carol');
    const memberIn = (host: number, id: number | undefined) =>
      fleet.hosts[host]?.stateDir
        .readState()
        .objects.some(
          (o) => o.kind === 'group' && o.name === 'role-auditors' && o.members.includes(id ?? -1),
        );
    expect(memberIn(2, carol3?.id)).toBe(false);
    expect(memberIn(3, carol4?.id)).toBe(true);
  });

  it('stops at a failing canary, and counts unreachable hosts for --max-fail', async () => {
    const d = desired({ dave: false, carolAuditor: true, bobName: 'Bob Canary' });
    fleet.hosts[0]?.stateDir.writeFaults({
      failWhen: {
        argvIncludes: ['-f', 'Bob Canary'],
        exitCode: 1,
        stderr: 'Unable to update user information, call failed (0x80004005)\n',
      },
    });
    const c = await zfleet(['apply', '-i', inventory, '-d', d, '--yes', '--canary', '1']);
    fleet.hosts[0]?.stateDir.writeFaults({});
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toContain('rollout stopped: canary failed on mail01');
    expect(userOf(5, 'bob')?.fullname).toBe('Robert Jones');

    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const closed = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const inv2 = join(tmp, 'with-dead.yaml');
    writeFileSync(
      inv2,
      readFileSync(inventory, 'utf8').replace(
        '      hosts:\n',
        `      hosts:\n        dead01:\n          ansible_host: 127.0.0.1\n          ansible_port: ${closed}\n`,
      ),
    );
    const m = await zfleet([
      'apply',
      '-i',
      inv2,
      '-d',
      d,
      '--yes',
      '--batch',
      '5',
      '--max-fail',
      '10',
      '--journal',
      join(tmp, 'fleet', 'zfleet-journal.sqlite'),
    ]);
    expect(m.stderr).toContain(
      'rollout stopped: 1 of 6 hosts failed or were unreachable, more than --max-fail 10%',
    );
    expect(m.stdout).toContain('unreachable=1');
    expect(m.exitCode).toBe(2 | 4);
  });

  it('resumes a run killed with SIGKILL and converges', async () => {
    const d = desired({ dave: true, carolAuditor: true, bobName: 'Bob After Kill' });
    for (const h of fleet.hosts) h.stateDir.writeFaults({ latencyMs: 40 });
    const child = execa(
      process.execPath,
      [join(REPO, 'bin', 'zfleet.js'), 'apply', '-i', inventory, '-d', d, '--yes', '--forks', '4'],
      {
        reject: false,
        env: { HOME: tmp, NO_COLOR: '1', ZF_PW: SENTINEL },
      },
    );
    // Kill it once the apply itself (not the planning before it) is under way.
    for (let i = 0; i < 200; i++) {
      const list = await execa(process.execPath, [join(REPO, 'bin', 'zfleet.js'), 'runs', '-i', inventory], {
        reject: false,
      });
      if (/\brunning\b/.test(list.stdout)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 400));
    child.kill('SIGKILL');
    await child;
    for (const h of fleet.hosts) h.stateDir.writeFaults({});
    const runs = await zfleet(['runs', '-i', inventory]);
    const interrupted = /^\s*(\d+)\s+running/m.exec(runs.stdout)?.[1];
    expect(interrupted, runs.stdout).toBeDefined();
    const shown = await zfleet(['runs', 'show', String(interrupted), '-i', inventory]);
    expect(shown.stdout).toMatch(/host mail\d+: (pending|changed)/);
    const r = await zfleet(['apply', '-i', inventory, '--resume', String(interrupted), '--yes']);
    expect(r.exitCode, r.stderr).toBe(0);
    const p = await zfleet(['plan', '-i', inventory, '-d', d]);
    expect(p.exitCode).toBe(0);
  });

  it('never lets two controllers change one host at once', async () => {
    const d = desired({ dave: true, carolAuditor: true, bobName: 'Bob Locked' });
    // Another controller holds the apply lock of mail01-03, exactly as zfleet takes it.
    const other = testTransport();
    const hosts = fleetSettings(fleet, 'mail0[1-3]');
    const locks = await Promise.all(
      hosts.map(async (h) => (await other.open(h)).hold(lockCommand(h.lockFile), LOCK_READY)),
    );
    const blocked = await zfleet([
      'apply',
      'mail0[1-4]',
      '-i',
      inventory,
      '-d',
      d,
      '--yes',
      '--journal',
      join(tmp, 'other-journal.sqlite'),
      '--junit',
      join(tmp, 'junit.xml'),
    ]);
    expect(blocked.exitCode).toBe(2);
    expect(blocked.stderr).toContain('failed [host-locked] mail[01-03]');
    expect(userOf(0, 'bob')?.fullname).not.toBe('Bob Locked');
    expect(userOf(3, 'bob')?.fullname).toBe('Bob Locked');
    const junit = readFileSync(join(tmp, 'junit.xml'), 'utf8');
    outputs.push(junit);
    expect(junit).toContain('<testsuite name="mail01" tests="1" failures="1"');
    expect(junit).toContain('another zfleet holds /var/lock/zfleet-apply.lock on this host');
    await Promise.all(locks.map((l) => l.release()));
    await other.close();
    const after = await zfleet(['apply', 'mail0[1-3]', '-i', inventory, '-d', d, '--yes']);
    expect(after.exitCode, after.stderr).toBe(0);
    expect(userOf(0, 'bob')?.fullname).toBe('Bob Locked');
  });

  it('skips the steps that depend on a failed one, and journals all of them', async () => {
    const d = desired({ dave: true, carolAuditor: true, bobName: 'Bob Locked' });
    const withGroup = readFileSync(d, 'utf8')
      .replace(
        'groups: [{name: sales, email: sales@example.org}]',
        'groups: [{name: sales, email: sales@example.org}, {name: projects}]',
      )
      .replace('roles: [mail-admins], groups: [sales]', 'roles: [mail-admins], groups: [sales, projects]');
    writeFileSync(d, withGroup);
    fleet.hosts[9]?.stateDir.writeFaults({
      failWhen: {
        argvIncludes: ['-g', 'projects'],
        exitCode: 1,
        stderr: 'Unable to create group, projects not found\n',
      },
    });
    const a = await zfleet(['apply', 'mail10', '-i', inventory, '-d', d, '--yes']);
    expect(a.exitCode).toBe(2);
    const run = /run (\d+):/.exec(a.stdout)?.[1];
    const shown = await zfleet(['runs', 'show', String(run), '-i', inventory]);
    expect(shown.stdout).toContain(
      'mail10 failed  + group projects: Unable to create group, projects not found',
    );
    expect(shown.stdout).toContain('mail10 skipped + member alice in projects');
    fleet.hosts[9]?.stateDir.writeFaults({});
    expect((await zfleet(['apply', 'mail10', '-i', inventory, '-d', d, '--yes'])).exitCode).toBe(0);
  });

  it('allows one apply per journal at a time', async () => {
    const { Journal } = await import('../../../src/journal/journal.js');
    const journal = new Journal(join(tmp, 'fleet', 'zfleet-journal.sqlite'));
    const id = journal.startRun('apply', 'elsewhere', {});
    try {
      const d = desired({ dave: true, carolAuditor: true, bobName: 'Bob Busy' });
      const r = await zfleet(['apply', 'mail11', '-i', inventory, '-d', d, '--yes']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`is in use by run ${id} (pid ${process.pid}); only one apply at a time`);
    } finally {
      journal.finishRun(id, 'ok');
      journal.close();
    }
  });

  it('never lets the password reach argv, the journal, plans or output', () => {
    for (const h of fleet.hosts)
      expect(readFileSync(join(h.stateDir.dir, 'invocations.log'), 'utf8')).not.toContain(SENTINEL);
    for (const f of readdirSync(join(tmp, 'fleet')).filter((x) => x.startsWith('zfleet-journal'))) {
      copyFileSync(join(tmp, 'fleet', f), join(tmp, `copy-${f}`));
      expect(readFileSync(join(tmp, `copy-${f}`)).includes(Buffer.from(SENTINEL))).toBe(false);
    }
    for (const o of outputs) expect(o).not.toContain(SENTINEL);
  });
});
