// A corpus of broken and hostile inputs: every one ends with exit 1, names the file (and the field
// where there is one), and shows no stack trace.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO, requireBuild } from '../../support/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'zfleet-bad-'));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const goodInventory = file(
  'good.yaml',
  'all:\n  hosts:\n    h1: {ansible_host: 127.0.0.1, ansible_port: 1}\n',
);
const goodDesired = file('good-desired.yaml', 'version: 1\n');
const BOMB =
  'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';

const inventories: [string, string | Buffer, RegExp][] = [
  ['truncated', 'all:\n  hosts:\n    h1: {ansible_port: 2', /line \d+/],
  ['wrong type', 'all:\n  hosts: [h1, h2]\n', /all\.hosts: hosts must be a mapping/],
  ['bad port', 'all:\n  hosts:\n    h1: {ansible_port: -5}\n', /all\.hosts\.h1\.ansible_port/],
  [
    'shell in a var',
    "all:\n  hosts:\n    h1: {zfleet_admin_path: 'zarafa-admin; rm -rf /'}\n",
    /zfleet_admin_path \(host h1\): must be a plain path/,
  ],
  ['alias bomb', BOMB, /alias/i],
  ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81]), /bad-inv/],
  [
    'huge',
    'all:\n  hosts:\n' + '    h: {}\n'.repeat(1) + '#'.repeat(17 * 1024 * 1024),
    /larger than 16777216 bytes/,
  ],
  ['empty range', 'all:\n  hosts:\n    w[9:1]:\n', /runs backwards/],
  ['huge range', 'all:\n  hosts:\n    w[1:99999999]:\n', /larger than 100000 hosts/],
  ['group cycle', 'all:\n  children:\n    a: {children: {b: {children: {a: {}}}}}\n', /group cycle/],
];

const desireds: [string, string, RegExp][] = [
  ['truncated', 'version: 1\nusers:\n  - {name: a', /bad-desired\.yaml/],
  ['wrong version', 'version: 2\n', /version: Invalid input: expected 1/],
  ['alias bomb', BOMB, /alias/i],
  [
    'hostile names',
    'version: 1\npolicy: {emailDomain: x.org}\nusers: [{name: "a\\nb", password: {env: HOME}}]\n',
    /users\[0\]\.name: user name "a\\nb" holds a control/,
  ],
  ['wrong types', 'version: 1\nusers: {alice: {}}\n', /users: Invalid input: expected array/],
];

const plans: [string, string, RegExp][] = [
  ['truncated', '{"version": 1, "hosts": [', /not a plan file: /],
  ['not a plan', '{"hello": "world"}', /version: Invalid input: expected 1/],
  [
    'unknown change kind',
    JSON.stringify({
      version: 1,
      createdAt: 'x',
      desiredFile: goodDesired,
      hosts: [
        {
          host: 'h1',
          stateFingerprint: 'a'.repeat(64),
          changes: [{ id: '1', why: '', dependsOn: [], kind: 'formatDisk' }],
          unmanaged: { users: [], groups: [] },
        },
      ],
    }),
    /hosts\[0\]\.changes\[0\]\.kind/,
  ],
  [
    'smuggled field',
    JSON.stringify({
      version: 1,
      createdAt: 'x',
      desiredFile: goodDesired,
      hosts: [
        {
          host: 'h1',
          stateFingerprint: 'a'.repeat(64),
          changes: [{ id: '1', why: '', dependsOn: [], kind: 'deleteUser', user: 'bob', shell: 'rm -rf /' }],
          unmanaged: { users: [], groups: [] },
        },
      ],
    }),
    /hosts\[0\]\.changes\[0\]: Unrecognized key: "shell"/,
  ],
];

async function zfleet(args: string[]) {
  return execa(process.execPath, [join(REPO, 'bin', 'zfleet.js'), ...args], {
    reject: false,
    env: { HOME: dir, NO_COLOR: '1' },
  });
}

function expectClean(r: { exitCode?: number; stderr: string }, path: string, expected: RegExp): void {
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toContain(path);
  expect(r.stderr).toMatch(expected);
  expect(r.stderr).not.toMatch(/\n\s+at .*\(/);
  expect(r.stderr).not.toMatch(/internal error/);
}

describe('bad input', () => {
  it.each(inventories)('inventory: %s', async (_name, content, expected) => {
    requireBuild();
    const p = file('bad-inv.yaml', content);
    expectClean(await zfleet(['hosts', '-i', p]), p, expected);
  });

  it.each(desireds)('desired state: %s', async (_name, content, expected) => {
    const p = file('bad-desired.yaml', content);
    expectClean(await zfleet(['plan', '-i', goodInventory, '-d', p]), p, expected);
  });

  it.each(plans)('plan file: %s', async (_name, content, expected) => {
    const p = file('bad-plan.json', content);
    expectClean(await zfleet(['apply', p, '-i', goodInventory, '--yes']), p, expected);
  });

  it('names a plan file that does not exist', async () => {
    expectClean(
      await zfleet(['apply', join(dir, 'nope.json'), '-i', goodInventory]),
      'nope.json',
      /plan file does not exist/,
    );
  });
});
