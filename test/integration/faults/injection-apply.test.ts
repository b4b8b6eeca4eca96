// 10,000 generated users with hostile names and full names go through plan and apply on two fake
// hosts; each host's invocation log must show exactly the intended zarafa-admin argv, and nothing else.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FakeFleet } from '../../../src/fake/fleet/fleet.js';
import { valueProblem } from '../../../src/zarafa/names.js';
import { REPO, requireBuild } from '../../support/paths.js';

const COUNT = Number(process.env['ZFLEET_FUZZ_USERS'] ?? 10_000);
const tmp = mkdtempSync(join(tmpdir(), 'zfleet-fuzz-'));
let fleet: FakeFleet;

const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }),
  fc.string({
    unit: fc.constantFrom(...`'"\`$\\;|&<>(){}[]*?!#~ -=%@:,.`.split(''), 'x', 'ß', '山', '😀'),
    minLength: 1,
    maxLength: 12,
  }),
  fc.constantFrom('-d', '--help', '-p', '--', '-', '$(reboot)', '`id`', "'; rm -rf / #", '--utf8', '-V'),
);

beforeAll(async () => {
  requireBuild();
  fleet = await startFakeFleet({ hosts: 2, dir: join(tmp, 'fleet') });
});
afterAll(async () => fleet?.stop());

describe(`injection through plan and apply (${COUNT} users)`, () => {
  it('sends every name and full name as exactly one argv word', { timeout: 600_000 }, async () => {
    const seen = new Set<string>();
    const users: { name: string; fullname: string }[] = [];
    let seed = 1;
    while (users.length < COUNT) {
      for (const [name, fullname] of fc.sample(fc.tuple(nasty, nasty), { numRuns: 2000, seed: seed++ })) {
        const n = `${name}${users.length}`;
        if (valueProblem('user name', n) || valueProblem('full name', fullname) || seen.has(n.toUpperCase()))
          continue;
        seen.add(n.toUpperCase());
        users.push({ name: n, fullname });
        if (users.length === COUNT) break;
      }
    }
    const desired = join(tmp, 'desired.json');
    writeFileSync(
      desired,
      JSON.stringify({
        version: 1,
        policy: { emailDomain: 'example.org' },
        users: users.map((u) => ({ ...u, password: { env: 'ZF_PW' } })),
      }),
    );
    const env = { HOME: tmp, NO_COLOR: '1', ZF_PW: 'Fuzz-Pw-1' };
    const bin = join(REPO, 'bin', 'zfleet.js');
    const apply = await execa(
      process.execPath,
      [bin, 'apply', '-i', fleet.inventoryPath, '-d', desired, '--yes'],
      { reject: false, env },
    );
    expect(apply.exitCode, apply.stderr.slice(0, 2000)).toBe(0);
    const plan = await execa(process.execPath, [bin, 'plan', '-i', fleet.inventoryPath, '-d', desired], {
      reject: false,
      env,
    });
    expect(plan.exitCode, plan.stdout.slice(0, 2000)).toBe(0);

    const expected = users.map((u) =>
      JSON.stringify(['--utf8', '-c', u.name, '-f', u.fullname, '-e', `${u.name}@example.org`, '-P']),
    );
    for (const h of fleet.hosts) {
      const log = h.stateDir.readInvocations();
      const creates = log.filter((r) => r.argv[1] === '-c');
      expect(creates.map((r) => JSON.stringify(r.argv))).toEqual(expected);
      expect(creates.every((r) => r.exitCode === 0 && r.stdinRead)).toBe(true);
      const kinds = new Set(log.map((r) => r.argv.filter((a) => a.startsWith('-') && a !== '--utf8')[0]));
      expect([...kinds].sort()).toEqual(['--details', '--list-sendas', '-L', '-c', '-l']);
      expect(JSON.stringify(log)).not.toContain('Fuzz-Pw-1');
      // Every batch ran in-process: a batch line the fleet could not read would have gone to /bin/sh.
      expect(h.stats.shellExecs).toBe(0);
    }
  });
});
