import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { chooseHosts, loadInventory } from '../../../src/inventory/load.js';
import { expandHostRange } from '../../../src/inventory/ranges.js';
import { REPO } from '../../support/paths.js';

const example = (name: string) => join(REPO, 'inventory', 'examples', name);

function writeInventory(name: string, text: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'zfleet-inv-'));
  for (const [rel, content] of Object.entries(extra)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('host ranges', () => {
  it('expands numeric ranges with their width, steps and letters', () => {
    expect(expandHostRange('www[01:03].example.com')).toEqual([
      'www01.example.com',
      'www02.example.com',
      'www03.example.com',
    ]);
    expect(expandHostRange('www[1:5:2]')).toEqual(['www1', 'www3', 'www5']);
    expect(expandHostRange('db-[a:c]')).toEqual(['db-a', 'db-b', 'db-c']);
    expect(expandHostRange('r[1:2]-[a:b]')).toEqual(['r1-a', 'r1-b', 'r2-a', 'r2-b']);
  });
});

describe('YAML inventory (Ansible guide example)', () => {
  const loaded = loadInventory(example('ansible-docs.yaml'));

  it('reads groups, children and hosts in file order', () => {
    expect(loaded.inventory.hosts.map((h) => h.name)).toEqual([
      'mail.example.com',
      'foo.example.com',
      'bar.example.com',
      'one.example.com',
      'two.example.com',
      'three.example.com',
    ]);
    expect(loaded.inventory.groups.get('prod')?.hosts).toEqual([
      'foo.example.com',
      'one.example.com',
      'two.example.com',
    ]);
    expect(loaded.inventory.groups.get('ungrouped')?.hosts).toEqual(['mail.example.com']);
  });

  it('merges vars with host vars over child groups over parents', () => {
    const s = loaded.settings;
    expect(s.get('one.example.com')).toMatchObject({
      port: 2222,
      flavour: 'kopano',
      address: 'one.example.com',
    });
    expect(s.get('three.example.com')).toMatchObject({
      port: 5555,
      address: '192.0.2.50',
      flavour: 'zarafa',
    });
    expect(s.get('mail.example.com')).toMatchObject({ port: 22, channels: 8, adminPath: 'zarafa-admin' });
    expect(s.get('foo.example.com')?.adminPath).toBe('kopano-admin');
  });

  it.each([
    ['all', 6],
    ['webservers', 2],
    ['webservers:dbservers', 5],
    ['webservers,dbservers', 5],
    ['webservers:&east', 1],
    ['all:!prod', 3],
    ['dbservers:&prod:!two.example.com', 1],
    ['*.example.com', 6],
    ['t*', 3],
    ['~(one|two)\\.example', 2],
    ['prod:test', 5],
  ])('pattern %s selects %i hosts', (pattern, count) => {
    expect(chooseHosts(loaded, pattern)).toHaveLength(count);
  });

  it('applies --limit as an intersection', () => {
    expect(chooseHosts(loaded, 'all', 'west').map((h) => h.name)).toEqual([
      'bar.example.com',
      'three.example.com',
    ]);
  });

  it('refuses a name that matches nothing', () => {
    expect(() => chooseHosts(loaded, 'webservrs')).toThrow(/pattern "webservrs" matches no host or group/);
  });
});

describe('INI inventory (Ansible guide examples)', () => {
  const loaded = loadInventory(example('ansible-docs.ini'));

  it('reads ungrouped hosts, ranges, host vars, group vars and children', () => {
    expect(loaded.inventory.hosts.map((h) => h.name)).toEqual([
      'mail.example.com',
      'foo.example.com',
      'bar.example.com',
      'www01.example.com',
      'www02.example.com',
      'www03.example.com',
      'one.example.com',
      'two.example.com',
      'db-a.example.com',
      'db-b.example.com',
      'db-c.example.com',
      'host1',
      'host2',
      'host3',
    ]);
    expect(loaded.settings.get('one.example.com')?.port).toBe(2222);
    expect(loaded.settings.get('two.example.com')).toMatchObject({
      address: '192.0.2.2',
      user: 'mail admin',
    });
    // atlanta (child) beats southeast (parent) for ansible_user; southeast's channel limit reaches host3.
    expect(loaded.settings.get('host1')).toMatchObject({ user: 'atl', channels: 4 });
    expect(loaded.settings.get('host3')).toMatchObject({ user: 'se', channels: 4 });
    expect(chooseHosts(loaded, 'southeast').map((h) => h.name)).toEqual(['host1', 'host2', 'host3']);
  });
});

describe('inventory problems', () => {
  it('reports every bad value at once with file and path', () => {
    const path = writeInventory(
      'bad.yaml',
      'all:\n  hosts:\n    a:\n      ansible_port: http\n    b:\n      zfleet_flavour: exchange\n  vars:\n    zfleet_channels: 0\n',
    );
    const problems = problemsOf(() => loadInventory(path));
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toContain(`${path}: all.hosts.a.ansible_port: ansible_port (host a)`);
    expect(problems.join('\n')).toContain(`${path}: all.hosts.b.zfleet_flavour: zfleet_flavour (host b)`);
    expect(problems.join('\n')).toContain(`${path}: all.vars.zfleet_channels: zfleet_channels (host a)`);
  });

  it.each([
    ['not a mapping', '- a\n- b\n', /an inventory must be a mapping/],
    ['unknown key', 'all:\n  host:\n    a:\n', /all\.host: unknown group key "host"/],
    ['bad YAML', 'all:\n  hosts: [\n', /bad\.yaml: line \d+:/],
    ['duplicate keys', 'all:\n  hosts:\n    a:\n    a:\n', /Map keys must be unique/],
    ['bad range', 'all:\n  hosts:\n    w[5:1]:\n', /runs backwards/],
    [
      'alias bomb',
      'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
      /alias/i,
    ],
  ])('%s', (_name, text, expected) => {
    const path = writeInventory('bad.yaml', text);
    expect(problemsOf(() => loadInventory(path)).join('\n')).toMatch(expected);
  });

  it('names a missing file', () => {
    expect(problemsOf(() => loadInventory('/nonexistent/hosts.yaml'))).toEqual([
      '/nonexistent/hosts.yaml: cannot read: ENOENT',
    ]);
  });

  it('reads group_vars and host_vars beside the inventory', () => {
    const path = writeInventory('hosts', '[mail]\nm1\nm2\n', {
      'group_vars/mail.yml': 'ansible_user: zadmin\nzfleet_flavour: kopano\n',
      'host_vars/m2.yaml': 'ansible_port: 2200\n',
    });
    const loaded = loadInventory(path);
    expect(loaded.settings.get('m1')).toMatchObject({ user: 'zadmin', flavour: 'kopano', port: 22 });
    expect(loaded.settings.get('m2')).toMatchObject({ user: 'zadmin', port: 2200 });
  });

  it('reads ProxyJump and known_hosts from ansible_ssh_common_args', () => {
    const path = writeInventory(
      'h.yaml',
      "all:\n  hosts:\n    a:\n      ansible_ssh_common_args: '-o ProxyJump=jump@bastion:2222 -o UserKnownHostsFile=/k'\n",
    );
    expect(loadInventory(path).settings.get('a')).toMatchObject({
      proxyJump: 'jump@bastion:2222',
      knownHostsFiles: ['/k'],
    });
  });
});
