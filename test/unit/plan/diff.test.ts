// diff() on hand-built states: what changes, what is left alone, and in which order.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import type { WantedHost, WantedUser } from '../../../src/desired/for-host.js';
import { policySchema } from '../../../src/desired/schema.js';
import type { Policy } from '../../../src/desired/schema.js';
import { diffHost } from '../../../src/plan/diff.js';
import { describeChange } from '../../../src/plan/render.js';
import type { ActualUser, HostState } from '../../../src/zarafa/state.js';

const policy = (p: Partial<Policy> = {}): Policy => ({ ...policySchema.parse({}), ...p });
const want = (name: string, extra: Partial<WantedUser> = {}): WantedUser => ({
  name,
  previousNames: [],
  fullname: name.toUpperCase(),
  email: `${name}@x.org`,
  active: true,
  admin: undefined,
  adminByRole: false,
  password: new Secret('pw'),
  quota: undefined,
  features: undefined,
  groups: [],
  sendas: [],
  ...extra,
});
const have = (name: string, extra: Partial<ActualUser> = {}): ActualUser => ({
  name,
  fullname: name.toUpperCase(),
  email: `${name}@x.org`,
  active: true,
  admin: 0,
  hidden: false,
  features: { enabled: [], disabled: ['imap', 'pop3'] },
  quota: { override: false, warn: 0, soft: 0, hard: 0 },
  groups: [],
  sendas: [],
  ...extra,
});
const state = (users: ActualUser[], groups: HostState['groups'] = []): HostState => ({
  host: 'h',
  flavour: 'zarafa',
  users,
  groups,
});

function diff(
  wanted: WantedHost,
  actual: HostState,
  p: Partial<Policy> = {},
  managed: { users?: string[]; groups?: string[] } = {},
) {
  const r = diffHost({
    wanted,
    actual,
    policy: policy(p),
    managed: { users: new Set(managed.users ?? []), groups: new Set(managed.groups ?? []) },
    passwordChanged: () => true,
    pruneUnmanaged: false,
  });
  return {
    lines: r.changes.map((c) => `${describeChange(c).sign} ${describeChange(c).text}`),
    changes: r.changes,
    unmanaged: r.unmanaged,
  };
}

describe('diffHost', () => {
  it('creates what is missing, in dependency order', () => {
    const r = diff(
      {
        users: [want('alice', { groups: ['sales'] })],
        groups: [{ name: 'sales', email: undefined, sendas: [], role: false }],
      },
      state([]),
    );
    expect(r.lines).toEqual([
      '+ group sales',
      '+ user alice (ALICE <alice@x.org>)',
      '+ member alice in sales',
    ]);
    expect(r.changes[2]?.dependsOn).toEqual(['2', '1']);
  });

  it('leaves objects it does not manage alone and lists them', () => {
    const r = diff(
      { users: [], groups: [] },
      state([have('bob')], [{ name: 'ops', email: '', members: ['bob'], sendas: [] }]),
    );
    expect(r.lines).toEqual([]);
    expect(r.unmanaged).toEqual({ users: ['bob'], groups: ['ops'] });
  });

  it.each([
    ['delete', ['- user bob']],
    ['disable', ['~ user bob: disabled (non-active, mailbox kept)']],
    ['keep', []],
  ] as const)('removes a managed user per onRemove: %s', (onRemove, expected) => {
    expect(
      diff({ users: [], groups: [] }, state([have('bob')]), { onRemove }, { users: ['BOB'] }).lines,
    ).toEqual(expected);
  });

  it('does not touch a hand-granted admin flag unless it owns admin; the admin role still grants', () => {
    expect(
      diff({ users: [want('bob', { admin: 0 })], groups: [] }, state([have('bob', { admin: 1 })])).lines,
    ).toEqual([]);
    expect(
      diff({ users: [want('bob', { admin: 0 })], groups: [] }, state([have('bob', { admin: 1 })]), {
        owns: ['admin'],
      }).lines,
    ).toEqual(['~ user bob: admin 1 -> 0']);
    expect(
      diff({ users: [want('bob', { admin: 1, adminByRole: true })], groups: [] }, state([have('bob')])).lines,
    ).toEqual(['~ user bob: admin 0 -> 1']);
  });

  it('renames with -U instead of delete and create', () => {
    const r = diff(
      { users: [want('robert', { previousNames: ['bob'], fullname: 'BOB' })], groups: [] },
      state([have('bob')]),
      {},
      { users: ['BOB'] },
    );
    expect(r.lines).toEqual([
      '~ user bob renamed to robert',
      '~ user robert: email "bob@x.org" -> "robert@x.org"',
    ]);
  });

  it('revokes memberships and send-as of managed users only', () => {
    const groups = [{ name: 'sales', email: '', members: ['alice', 'handmade'], sendas: [] }];
    const r = diff(
      { users: [want('alice')], groups: [{ name: 'sales', email: undefined, sendas: [], role: false }] },
      state(
        [have('alice', { groups: ['sales'], sendas: ['handmade'] }), have('handmade', { groups: ['sales'] })],
        groups,
      ),
      {},
      { users: ['ALICE'], groups: ['SALES'] },
    );
    expect(r.lines).toEqual(['- member alice in sales']);
  });

  it('compares case-insensitively and keeps the stored spelling', () => {
    expect(
      diff(
        { users: [want('Alice', { fullname: 'ALICE', email: 'alice@x.org' })], groups: [] },
        state([have('alice')]),
      ).lines,
    ).toEqual([]);
  });

  it('sets features and quota that differ, and passwords only when asked', () => {
    const r = diff(
      {
        users: [
          want('a', {
            features: { enabled: ['imap'], disabled: ['pop3'] },
            quota: { warnMiB: 1, softMiB: 2, hardMiB: 3 },
          }),
        ],
        groups: [],
      },
      state([have('a')]),
      { passwords: 'whenChanged' },
    );
    expect(r.lines).toEqual([
      '~ user a: quota {"override":false,"warn":0,"soft":0,"hard":0} -> {"override":true,"warn":1048576,"soft":2097152,"hard":3145728}',
      '~ user a: password (new value not shown)',
      '~ user a: feature imap on',
    ]);
  });
});
