// diff(wanted, actual, managed) -> the changes that make a host what the desired state says, and no
// more: only owned attributes are compared, only managed objects are ever removed (unless pruning),
// memberships and send-as rights of managed objects are revoked when no longer wanted. Pure.
import type { Attribute, Policy } from '../desired/schema.js';
import type { WantedHost, WantedUser } from '../desired/for-host.js';
import type { ActualUser, HostState } from '../zarafa/state.js';
import { PHASE } from './types.js';
import type { AttributeChange, Change } from './types.js';
import { MIB } from '../core/units.js';

export interface DiffInput {
  readonly wanted: WantedHost;
  readonly actual: HostState;
  readonly policy: Policy;
  /** Upper-cased names of users and groups zfleet created or adopted on this host (from the journal). */
  readonly managed: { readonly users: ReadonlySet<string>; readonly groups: ReadonlySet<string> };
  /** For passwords: whenChanged; true when the desired password differs from the one zfleet last set. */
  readonly passwordChanged: (user: string) => boolean;
  readonly pruneUnmanaged: boolean;
}

const up = (s: string): string => s.toUpperCase();

type ChangeBody = Change extends infer C ? (C extends Change ? Omit<C, 'id' | 'dependsOn'> : never) : never;

export function diffHost(input: DiffInput): {
  changes: Change[];
  unmanaged: { users: string[]; groups: string[] };
} {
  const { wanted, actual, policy } = input;
  const owns = (a: Attribute): boolean => policy.owns.includes(a);
  const changes: Change[] = [];
  const created = new Map<string, string>();
  const add = (body: ChangeBody, deps: (string | undefined)[] = []): string => {
    const id = `${changes.length + 1}`;
    changes.push({ ...body, id, dependsOn: deps.filter((d): d is string => d !== undefined) } as Change);
    return id;
  };
  const actualUser = new Map(actual.users.map((u) => [up(u.name), u]));
  const actualGroup = new Map(actual.groups.map((g) => [up(g.name), g]));
  const wantedUser = new Map(wanted.users.map((u) => [up(u.name), u]));
  const wantedGroup = new Map(wanted.groups.map((g) => [up(g.name), g]));

  for (const g of wanted.groups) {
    const have = actualGroup.get(up(g.name));
    if (!have) {
      created.set(
        `group:${up(g.name)}`,
        add({
          kind: 'createGroup',
          group: g.name,
          ...(g.email ? { email: g.email } : {}),
          why: g.role ? 'role in the desired state' : 'in the desired state',
        }),
      );
    } else if (owns('email') && g.email !== undefined && have.email !== g.email) {
      add({
        kind: 'updateGroup',
        group: have.name,
        changes: [{ attribute: 'email', before: have.email, after: g.email }],
        why: 'email differs',
      });
    }
  }

  /** The actual record each wanted user corresponds to, after a rename. */
  const current = new Map<string, ActualUser | undefined>();
  const renamedFrom = new Set<string>();
  for (const u of wanted.users) {
    let have = actualUser.get(up(u.name));
    if (!have) {
      const old = u.previousNames
        .map((p) => actualUser.get(up(p)))
        .find((x) => x !== undefined && !wantedUser.has(up(x.name)));
      if (old) {
        created.set(
          `user:${up(u.name)}`,
          add({ kind: 'renameUser', from: old.name, user: u.name, why: `previously named ${old.name}` }),
        );
        renamedFrom.add(up(old.name));
        have = { ...old, name: u.name };
      }
    }
    current.set(up(u.name), have);
    if (!have) {
      const admin = u.admin;
      created.set(
        `user:${up(u.name)}`,
        add({
          kind: 'createUser',
          user: u.name,
          fullname: u.fullname,
          email: u.email,
          active: u.active,
          ...(admin !== undefined && (owns('admin') || u.adminByRole) ? { admin } : {}),
          ...(u.quota && owns('quota') ? { quota: u.quota } : {}),
          why: 'in the desired state',
        }),
      );
    }
  }

  for (const u of wanted.users) {
    const have = current.get(up(u.name));
    const dep = created.get(`user:${up(u.name)}`);
    if (have) {
      const attrs = attributeChanges(u, have, owns);
      if (attrs.length)
        add(
          {
            kind: 'updateUser',
            user: u.name,
            changes: attrs,
            why: attrs.map((a) => a.attribute).join(', ') + ' differ',
          },
          [dep],
        );
      if (
        owns('password') &&
        u.active &&
        u.password &&
        policy.passwords === 'whenChanged' &&
        input.passwordChanged(u.name)
      ) {
        add({ kind: 'setPassword', user: u.name, why: 'the desired password changed' }, [dep]);
      }
    }
    if (owns('features') && u.features) {
      const enabled = new Set(have?.features.enabled ?? []);
      const disabled = new Set(have?.features.disabled ?? []);
      for (const f of u.features.enabled)
        if (!enabled.has(f))
          add(
            { kind: 'setFeature', user: u.name, feature: f, enabled: true, why: `feature ${f} wanted on` },
            [dep],
          );
      for (const f of u.features.disabled)
        if (!disabled.has(f) || !have)
          add(
            { kind: 'setFeature', user: u.name, feature: f, enabled: false, why: `feature ${f} wanted off` },
            [dep],
          );
    }
  }

  if (owns('groups')) {
    for (const u of wanted.users) {
      const have = current.get(up(u.name));
      const memberOf = new Set((have?.groups ?? []).map(up));
      for (const g of u.groups) {
        if (memberOf.has(up(g))) continue;
        add({ kind: 'addMember', user: u.name, group: g, why: 'wanted member' }, [
          created.get(`user:${up(u.name)}`),
          created.get(`group:${up(g)}`),
        ]);
      }
    }
    for (const g of actual.groups) {
      const gm = up(g.name);
      if (!wantedGroup.has(gm) && !input.managed.groups.has(gm)) continue;
      for (const m of g.members) {
        const w = wantedUser.get(up(m));
        const managedUser = input.managed.users.has(up(m)) || w !== undefined;
        if (!managedUser) continue;
        if (w && w.groups.some((x) => up(x) === gm)) continue;
        if (!w && policy.onRemove === 'delete' && input.managed.users.has(up(m))) continue;
        add({
          kind: 'removeMember',
          user: m,
          group: g.name,
          why: 'membership no longer in the desired state',
        });
      }
    }
  }

  if (owns('sendas')) {
    const owners = [
      ...wanted.users.map((u) => ({
        kind: 'user' as const,
        name: u.name,
        want: u.sendas,
        have: current.get(up(u.name))?.sendas ?? [],
      })),
      ...wanted.groups.map((g) => ({
        kind: 'group' as const,
        name: g.name,
        want: g.sendas,
        have: actualGroup.get(up(g.name))?.sendas ?? [],
      })),
    ];
    for (const o of owners) {
      const have = new Set(o.have.map(up));
      const want = new Set(o.want.map(up));
      const ownerDep = created.get(`${o.kind}:${up(o.name)}`);
      for (const s of o.want)
        if (!have.has(up(s)))
          add({ kind: 'addSendas', ownerKind: o.kind, owner: o.name, sender: s, why: 'wanted send-as' }, [
            ownerDep,
            created.get(`user:${up(s)}`),
          ]);
      for (const s of o.have) {
        if (want.has(up(s)) || !(input.managed.users.has(up(s)) || wantedUser.has(up(s)))) continue;
        add({
          kind: 'removeSendas',
          ownerKind: o.kind,
          owner: o.name,
          sender: s,
          why: 'send-as no longer in the desired state',
        });
      }
    }
  }

  const unmanaged = { users: [] as string[], groups: [] as string[] };
  for (const u of actual.users) {
    const key = up(u.name);
    if (wantedUser.has(key) || renamedFrom.has(key)) continue;
    const managed = input.managed.users.has(key);
    if (!managed && !input.pruneUnmanaged) {
      unmanaged.users.push(u.name);
      continue;
    }
    if (policy.onRemove === 'delete')
      add({
        kind: 'deleteUser',
        user: u.name,
        why: managed ? 'managed, no longer desired (onRemove: delete)' : 'unmanaged, pruned',
      });
    else if (policy.onRemove === 'disable' && u.active)
      add({ kind: 'disableUser', user: u.name, why: 'managed, no longer desired (onRemove: disable)' });
  }
  for (const g of actual.groups) {
    const key = up(g.name);
    if (wantedGroup.has(key)) continue;
    const managed = input.managed.groups.has(key);
    if (!managed && !input.pruneUnmanaged) {
      unmanaged.groups.push(g.name);
      continue;
    }
    if (policy.onRemove !== 'keep')
      add({
        kind: 'deleteGroup',
        group: g.name,
        why: managed ? 'managed, no longer desired' : 'unmanaged, pruned',
      });
  }
  return { changes: orderChanges(changes), unmanaged };
}

function attributeChanges(
  u: WantedUser,
  have: ActualUser,
  owns: (a: Attribute) => boolean,
): AttributeChange[] {
  const out: AttributeChange[] = [];
  if (owns('fullname') && have.fullname !== u.fullname)
    out.push({ attribute: 'fullname', before: have.fullname, after: u.fullname });
  if (owns('email') && have.email !== u.email)
    out.push({ attribute: 'email', before: have.email, after: u.email });
  if (owns('active') && have.active !== u.active)
    out.push({ attribute: 'active', before: have.active, after: u.active });
  // A hand-granted admin flag is left alone unless zfleet owns admin; the admin role still grants.
  if (
    u.admin !== undefined &&
    have.admin !== u.admin &&
    (owns('admin') || (u.adminByRole && have.admin === 0))
  ) {
    out.push({ attribute: 'admin', before: have.admin, after: u.admin });
  }
  if (owns('quota')) {
    const want = u.quota
      ? {
          override: true,
          warn: u.quota.warnMiB * MIB,
          soft: u.quota.softMiB * MIB,
          hard: u.quota.hardMiB * MIB,
        }
      : { override: false, warn: 0, soft: 0, hard: 0 };
    const same = u.quota ? JSON.stringify(want) === JSON.stringify(have.quota) : !have.quota.override;
    if (!same) out.push({ attribute: 'quota', before: have.quota, after: want });
  }
  return out;
}

/** Stable order by phase; ids are renumbered so they read in order, dependencies follow. */
function orderChanges(changes: Change[]): Change[] {
  const sorted = [...changes].sort((a, b) => PHASE[a.kind] - PHASE[b.kind] || Number(a.id) - Number(b.id));
  const renumber = new Map(sorted.map((c, i) => [c.id, String(i + 1)]));
  return sorted.map((c) => ({
    ...c,
    id: renumber.get(c.id) as string,
    dependsOn: c.dependsOn.map((d) => renumber.get(d) as string),
  }));
}
