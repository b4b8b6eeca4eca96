// A sentinel password must appear nowhere it could leak: remote argv and the invocation log, the journal
// file, plan files, stdout and stderr of every command in every format, error text, JUnit files.
import { readdirSync, readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FakeFleet } from '../../../src/fake/fleet/fleet.js';
import { REPO, requireBuild } from '../../support/paths.js';

const SENTINEL = 'S3ntinel-Pa55-Qx9';
const tmp = mkdtempSync(join(tmpdir(), 'zfleet-secrets-'));
let fleet: FakeFleet;

beforeAll(async () => {
  requireBuild();
  fleet = await startFakeFleet({ hosts: 3, dir: join(tmp, 'fleet') });
});
afterAll(async () => fleet?.stop());

describe('secret hygiene', () => {
  it('never shows the password, in any output', { timeout: 120_000 }, async () => {
    const desired = join(tmp, 'desired.yaml');
    writeFileSync(
      desired,
      'version: 1\npolicy: {emailDomain: example.org, passwords: whenChanged}\nusers:\n  - {name: alice, fullname: Alice, password: {env: ZF_PW}}\n  - {name: bob, fullname: Bob, password: {file: pw.txt}}\n',
    );
    writeFileSync(join(tmp, 'pw.txt'), `${SENTINEL}-file\n`);
    const texts: string[] = [];
    const run = async (args: string[], pw = SENTINEL) => {
      const r = await execa(process.execPath, [join(REPO, 'bin', 'zfleet.js'), ...args], {
        reject: false,
        env: { HOME: tmp, NO_COLOR: '1', ZF_PW: pw },
      });
      texts.push(r.stdout, r.stderr);
      return r;
    };
    const inv = ['-i', fleet.inventoryPath];
    await run(['plan', ...inv, '-d', desired]);
    await run(['plan', ...inv, '-d', desired, '--json', '-o', join(tmp, 'plan.json')]);
    fleet.hosts[1]?.stateDir.writeFaults({
      failWhen: {
        argvIncludes: ['-c', 'bob'],
        exitCode: 1,
        stderr: 'Unable to create user, bob not found\n',
      },
    });
    await run(['apply', ...inv, '-d', desired, '--yes', '--junit', join(tmp, 'junit.xml')]);
    fleet.hosts[1]?.stateDir.writeFaults({});
    await run(['apply', ...inv, '-d', desired, '--yes', '--json']);
    // A changed password is set again (whenChanged) and still never shown.
    await run(['apply', ...inv, '-d', desired, '--yes'], `${SENTINEL}-2`);
    await run(['runs', ...inv]);
    await run(['runs', 'show', '1', ...inv]);
    await run(['runs', 'show', '3', ...inv]);
    // Error text: a password that cannot be sent must be refused without being quoted.
    await run(['plan', ...inv, '-d', desired], `${SENTINEL}\nsecond line`);
    await run(['exec', ...inv, '--', '--details', 'alice']);
    await run(['pull', ...inv, '-o', join(tmp, 'pulled')]);

    const files = [
      join(tmp, 'plan.json'),
      join(tmp, 'junit.xml'),
      ...readdirSync(join(tmp, 'pulled')).map((f) => join(tmp, 'pulled', f)),
    ];
    for (const f of readdirSync(join(tmp, 'fleet')).filter((x) => x.startsWith('zfleet-journal')))
      files.push(join(tmp, 'fleet', f));
    for (const h of fleet.hosts)
      files.push(join(h.stateDir.dir, 'invocations.log'), join(h.stateDir.dir, 'state.json'));
    expect(files.length).toBeGreaterThan(8);
    const hits = [
      ...texts.map((t, i) => (t.includes(SENTINEL) ? `output #${i}` : null)),
      ...files.map((f) => (readFileSync(f).includes(Buffer.from(SENTINEL)) ? f : null)),
    ].filter(Boolean);
    expect(hits).toEqual([]);
    // The passwords did reach the hosts, on stdin: created, then set again when the desired one changed.
    const calls = fleet.hosts[0]?.stateDir.readInvocations() ?? [];
    expect(
      calls.filter((r) => r.argv.join(' ') === '--utf8 -u alice -P' && r.stdinRead && r.exitCode === 0),
    ).toHaveLength(1);
  });
});
