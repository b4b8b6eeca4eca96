// What the desired state wants on one host: its users and groups after host scoping, defaults, roles
// (as prefixed groups) and the admin role are applied.
import type { Secret } from '../core/secret.js';
import type { DesiredState } from './load.js';

export interface WantedUser {
  readonly name: string;
  readonly previousNames: readonly string[];
  readonly fullname: string;
  readonly email: string;
  readonly active: boolean;
  /** undefined: the file says nothing (and no admin role applies). */
  readonly admin: 0 | 1 | 2 | undefined;
  /** The admin level comes from policy.adminRole: granted even when zfleet does not own admin flags. */
  readonly adminByRole: boolean;
  readonly password: Secret | undefined;
  readonly quota:
    { readonly warnMiB: number; readonly softMiB: number; readonly hardMiB: number } | undefined;
  readonly features:
    { readonly enabled: readonly string[]; readonly disabled: readonly string[] } | undefined;
  /** Zarafa groups: its groups and its roles' groups, those wanted on this host. */
  readonly groups: readonly string[];
  readonly sendas: readonly string[];
}

export interface WantedGroup {
  readonly name: string;
  readonly email: string | undefined;
  readonly sendas: readonly string[];
  readonly role: boolean;
}

export interface WantedHost {
  readonly users: readonly WantedUser[];
  readonly groups: readonly WantedGroup[];
}

/** `inScope(pattern)` says whether this host is selected by an inventory pattern. */
export function wantedOnHost(desired: DesiredState, inScope: (pattern: string) => boolean): WantedHost {
  const { spec } = desired;
  const prefix = spec.policy.rolePrefix;
  const groups: WantedGroup[] = [
    ...spec.groups
      .filter((g) => inScope(g.hosts))
      .map((g) => ({ name: g.name, email: g.email, sendas: g.sendas, role: false })),
    ...spec.roles
      .filter((r) => inScope(r.hosts))
      .map((r) => ({ name: prefix + r.name, email: r.email, sendas: [], role: true })),
  ];
  const groupHere = new Set(groups.map((g) => g.name.toUpperCase()));
  const usersHere = spec.users.filter((u) => inScope(u.hosts));
  const userHere = new Set(usersHere.map((u) => u.name.toUpperCase()));
  const adminRole = spec.policy.adminRole?.toUpperCase();
  const users = usersHere.map((u): WantedUser => {
    const roleGroups = u.roles.map(
      (r) => prefix + (spec.roles.find((x) => x.name.toUpperCase() === r.toUpperCase())?.name ?? r),
    );
    const explicit = u.admin === undefined ? undefined : ({ none: 0, admin: 1, system: 2 } as const)[u.admin];
    const byRole =
      adminRole !== undefined && u.roles.some((r) => r.toUpperCase() === adminRole) ? 1 : undefined;
    return {
      name: u.name,
      previousNames: u.previousNames,
      fullname: u.fullname ?? u.name,
      email: u.email ?? `${u.name}@${spec.policy.emailDomain}`,
      active: u.active,
      admin: explicit ?? byRole ?? (adminRole !== undefined ? 0 : undefined),
      adminByRole: explicit === undefined && byRole !== undefined,
      password: desired.passwords.get(u.name.toUpperCase()),
      quota: u.quota,
      features: u.features,
      groups: [
        ...u.groups.map((g) => spec.groups.find((x) => x.name.toUpperCase() === g.toUpperCase())?.name ?? g),
        ...roleGroups,
      ].filter((g) => groupHere.has(g.toUpperCase())),
      sendas: u.sendas.filter((s) => userHere.has(s.toUpperCase())),
    };
  });
  return {
    users,
    groups: groups.map((g) => ({ ...g, sendas: g.sendas.filter((s) => userHere.has(s.toUpperCase())) })),
  };
}
