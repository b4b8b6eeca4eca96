// A host's actual Zarafa state as zfleet reads it, in one canonical, sorted form: two reads of an
// unchanged host give the same bytes.
import type { Quota } from './parse-details.js';

export interface ActualUser {
  readonly name: string;
  readonly fullname: string;
  readonly email: string;
  readonly active: boolean;
  readonly admin: 0 | 1 | 2;
  readonly hidden: boolean;
  readonly features: { readonly enabled: readonly string[]; readonly disabled: readonly string[] };
  readonly quota: Quota;
  readonly groups: readonly string[];
  /** Users allowed to send as this user. */
  readonly sendas: readonly string[];
}

export interface ActualGroup {
  readonly name: string;
  readonly email: string;
  readonly members: readonly string[];
  readonly sendas: readonly string[];
}

export interface HostState {
  readonly host: string;
  readonly flavour: 'zarafa' | 'kopano';
  readonly users: readonly ActualUser[];
  readonly groups: readonly ActualGroup[];
}

/** Code-point order, independent of the machine's locale. */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (list: readonly string[]): string[] => [...list].sort(byCodePoint);

export function canonicalState(state: HostState): HostState {
  return {
    host: state.host,
    flavour: state.flavour,
    users: [...state.users]
      .sort((a, b) => byCodePoint(a.name, b.name))
      .map((u) => ({
        name: u.name,
        fullname: u.fullname,
        email: u.email,
        active: u.active,
        admin: u.admin,
        hidden: u.hidden,
        features: { enabled: sorted(u.features.enabled), disabled: sorted(u.features.disabled) },
        quota: { override: u.quota.override, warn: u.quota.warn, soft: u.quota.soft, hard: u.quota.hard },
        groups: sorted(u.groups),
        sendas: sorted(u.sendas),
      })),
    groups: [...state.groups]
      .sort((a, b) => byCodePoint(a.name, b.name))
      .map((g) => ({ name: g.name, email: g.email, members: sorted(g.members), sendas: sorted(g.sendas) })),
  };
}

/** The desired-state form of a host (see README, "Desired state"): what plan/apply would keep as it is. */
export function stateAsDesired(state: HostState): Record<string, unknown> {
  const c = canonicalState(state);
  return {
    version: 1,
    users: c.users.map((u) => ({
      name: u.name,
      fullname: u.fullname,
      email: u.email,
      ...(u.active ? {} : { active: false }),
      ...(u.admin ? { admin: u.admin === 2 ? 'system' : 'admin' } : {}),
      ...(u.groups.length ? { groups: u.groups } : {}),
      ...(u.sendas.length ? { sendas: u.sendas } : {}),
      ...(u.quota.override
        ? {
            quota: {
              warnMiB: u.quota.warn / 1048576,
              softMiB: u.quota.soft / 1048576,
              hardMiB: u.quota.hard / 1048576,
            },
          }
        : {}),
      features: { enabled: u.features.enabled, disabled: u.features.disabled },
    })),
    groups: c.groups.map((g) => ({
      name: g.name,
      ...(g.email ? { email: g.email } : {}),
      ...(g.sendas.length ? { sendas: g.sendas } : {}),
    })),
  };
}
