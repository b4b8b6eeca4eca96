import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { loadDesired } from '../../../src/desired/load.js';
import { wantedOnHost } from '../../../src/desired/for-host.js';
import { REPO } from '../../support/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'zfleet-desired-'));
const write = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

async function problems(text: string, env: Record<string, string> = { PW: 'secret-1' }): Promise<string[]> {
  try {
    await loadDesired(write('d.yaml', text), env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('desired state', () => {
  it('loads the example and resolves what each host wants', async () => {
    const d = await loadDesired(join(REPO, 'inventory', 'desired.example.yaml'), {
      ZFLEET_DEMO_PASSWORD: 'x',
    });
    const onMail07 = wantedOnHost(d, (pattern) => pattern === 'all');
    expect(onMail07.users.map((u) => u.name)).toEqual(['alice', 'bob', 'carol', 'shared-info']);
    const alice = onMail07.users[0];
    expect(alice).toMatchObject({
      email: 'alice@example.org',
      admin: 1,
      adminByRole: true,
      groups: ['sales', 'role-mail-admins'],
    });
    expect(onMail07.users[3]).toMatchObject({ active: false, password: undefined });
    expect(String(alice?.password)).toBe('[redacted]');
    expect(JSON.stringify(alice)).not.toContain('"x"');
    expect(onMail07.groups.map((g) => g.name)).toEqual([
      'sales',
      'support',
      'role-mail-admins',
      'role-auditors',
    ]);
  });

  it.each([
    [
      'no email and no emailDomain',
      'version: 1\nusers: [{name: a, password: {env: PW}}]\n',
      'users[0].email: no email and no policy.emailDomain',
    ],
    [
      'names differing in case',
      'version: 1\npolicy: {emailDomain: x.org}\nusers: [{name: Al, password: {env: PW}}, {name: aL, password: {env: PW}}]\n',
      'users[1].name: "aL" differs only in case',
    ],
    [
      'SYSTEM',
      'version: 1\npolicy: {emailDomain: x.org}\nusers: [{name: system, password: {env: PW}}]\n',
      'users[0].name: user name "system" is reserved',
    ],
    [
      'Everyone as a group',
      'version: 1\ngroups: [{name: Everyone}]\n',
      'groups[0].name: group name "Everyone" is reserved',
    ],
    [
      'a literal password',
      'version: 1\npolicy: {emailDomain: x.org}\nusers: [{name: a, password: hunter2}]\n',
      'users[0].password: a literal password in the file is refused',
    ],
    [
      'role clashing with a group',
      'version: 1\npolicy: {rolePrefix: ""}\ngroups: [{name: admins}]\nroles: [{name: admins}]\n',
      'roles[0].name: role "admins" becomes group "admins", which clashes',
    ],
    [
      'an undefined group',
      'version: 1\npolicy: {emailDomain: x.org}\nusers: [{name: a, password: {env: PW}, groups: [nope]}]\n',
      'users[0].groups[0]: group "nope" is not defined',
    ],
    [
      'an undefined admin role',
      'version: 1\npolicy: {adminRole: boss}\n',
      'policy.adminRole: role "boss" is not defined',
    ],
    [
      'a missing password variable',
      'version: 1\npolicy: {emailDomain: x.org}\nusers: [{name: a, password: {env: NOPE}}]\n',
      'users[0].password: environment variable NOPE is not set',
    ],
    [
      'an active user without password',
      'version: 1\npolicy: {emailDomain: x.org}\nusers: [{name: a}]\n',
      'users[0].password: an active user needs a password',
    ],
    [
      'an unknown key',
      'version: 1\nusers: [{name: a, pasword: {env: PW}}]\n',
      'users[0]: Unrecognized key: "pasword"',
    ],
    [
      'a control character',
      'version: 1\npolicy: {emailDomain: x.org}\nusers: [{name: "a\\tb", password: {env: PW}}]\n',
      'users[0].name: user name "a\\tb" holds a control',
    ],
    [
      'a wrong type',
      'version: 1\nusers: [{name: 5}]\n',
      'users[0].name: Invalid input: expected string, received number',
    ],
    [
      'a YAML alias bomb',
      'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
      ': Excessive alias count',
    ],
  ])('refuses %s, naming the path', async (_what, text, expected) => {
    expect((await problems(text)).join('\n')).toContain(expected);
  });

  it('never puts a password in a problem message', async () => {
    const long = 'p'.repeat(100);
    const found = await problems(
      'version: 1\npolicy: {emailDomain: x.org}\nusers: [{name: a, password: {env: PW}}]\n',
      { PW: long },
    );
    expect(found).toEqual(['users[0].password: must be one line of at most 79 bytes']);
  });

  it('maps source records with JSONata expressions', async () => {
    write(
      'people.csv',
      'uid,givenName,sn,disabled,roles\njdoe,Jane,Doe,false,admins;staff\nrroe,Rick,Roe,true,\nguest,Guest,,false,\n',
    );
    const d = await loadDesired(
      write(
        'src.yaml',
        [
          'version: 1',
          'policy: {emailDomain: corp.example}',
          'roles: [{name: admins}, {name: staff}]',
          'sources:',
          '  - file: people.csv',
          "    filter: uid != 'guest'",
          '    password: {env: PW}',
          '    map:',
          '      name: uid',
          "      fullname: givenName & ' ' & sn",
          "      active: disabled != 'true'",
          "      roles: \"roles = '' ? [] : $split(roles, ';')\"",
          '',
        ].join('\n'),
      ),
      { PW: 'initial-1' },
    );
    expect(d.spec.users.map((u) => [u.name, u.fullname, u.active, u.roles])).toEqual([
      ['jdoe', 'Jane Doe', true, ['admins', 'staff']],
      ['rroe', 'Rick Roe', false, []],
    ]);
  });

  it('reports bad expressions and bad records with their place', async () => {
    write('p.json', JSON.stringify([{ id: 1 }, { id: 'ok' }]));
    const found = await problems(
      'version: 1\npolicy: {emailDomain: x.org}\nsources:\n  - {file: p.json, map: {name: id, fullname: "((("}}\n',
    );
    expect(found.join('\n')).toContain('sources[0].map.fullname: bad expression');
    const found2 = await problems(
      'version: 1\npolicy: {emailDomain: x.org}\nsources:\n  - {file: p.json, map: {name: id}}\n',
    );
    expect(found2.join('\n')).toContain('sources[0] record 1.name: the name expression gave 1, not a name');
  });
});
